import { emptyPose } from "../pose/landmarks";
import { BYTES_PER_FRAME, MAX_FRAMES_PER_MESSAGE, packFrames } from "../pose/frames";
import { KeptSet, MAX_BATCH_FRAMES, MAX_KEPT_FRAMES } from "./keptSet";
import type { SetPrescription } from "./protocol";

const SET: SetPrescription = {
  exercise: "squat",
  side: null,
  reps_target: 10,
  target_rom_deg: null,
  fps: 30,
  aspect_ratio: 1,
  setup_skipped: false,
};

const packed = (from: number, count: number) =>
  packFrames(Array.from({ length: count }, (_, index) => ({ timestamp: from + index, pose: emptyPose() })));

const timestamps = (messages: ArrayBuffer[]) =>
  messages.flatMap((message) => {
    const values = new Float32Array(message);
    return Array.from({ length: message.byteLength / BYTES_PER_FRAME }, (_, row) => values[row * 133]!);
  });

describe("KeptSet", () => {
  it("keeps what it is given, in order, in messages the server takes", () => {
    const set = new KeptSet(SET, "set-key-1");
    set.keep(packed(0, 1));
    set.keep(packed(1, 250));
    set.keep(packed(251, 100));
    expect(set.frames).toBe(351);
    expect(set.bytes).toBe(351 * BYTES_PER_FRAME);
    const messages = set.messages();
    expect(messages.map((message) => message.byteLength / BYTES_PER_FRAME)).toEqual([MAX_FRAMES_PER_MESSAGE, 51]);
    expect(timestamps(messages)).toEqual(Array.from({ length: 351 }, (_, index) => index));
    expect(set.startMessage()).toEqual({ type: "start_set", ...SET, set_key: "set-key-1" });
  });

  it("keeps a copy: a message sent and reused does not change the set", () => {
    const set = new KeptSet(SET);
    const message = packed(7, 2);
    set.keep(message);
    new Float32Array(message).fill(0);
    expect(timestamps(set.messages())).toEqual([7, 8]);
  });

  it("gives every set a key of its own that the server takes", () => {
    const keys = new Set([new KeptSet(SET).key, new KeptSet(SET).key]);
    expect(keys.size).toBe(2);
    for (const key of keys) expect(key).toMatch(/^[\w-]{8,64}$/);
  });

  it("keeps at most ten minutes at 30 fps: past that, its last ten minutes", () => {
    const set = new KeptSet(SET);
    for (let from = 0; from < MAX_KEPT_FRAMES + 2 * MAX_FRAMES_PER_MESSAGE; from += MAX_FRAMES_PER_MESSAGE) {
      set.keep(packed(from, MAX_FRAMES_PER_MESSAGE));
    }
    expect(set.frames).toBe(MAX_KEPT_FRAMES);
    expect(set.bytes).toBe(MAX_KEPT_FRAMES * BYTES_PER_FRAME); // about 9.1 MiB
    expect(timestamps(set.messages())[0]).toBe(2 * MAX_FRAMES_PER_MESSAGE);
  });

  it("makes itself one request to the batch endpoint: its key and its last 3 minutes as rows", () => {
    const set = new KeptSet(SET, "set-key-2");
    set.keep(packed(0, 2));
    const body = set.batchBody();
    expect(body).toMatchObject({ ...SET, set_key: "set-key-2" });
    expect(body.frames).toHaveLength(2);
    expect(body.frames.map((row) => row.length)).toEqual([133, 133]);
    expect(body.frames.map((row) => row[0])).toEqual([0, 1]);
    for (let from = 2; from < MAX_BATCH_FRAMES + 10; from += MAX_FRAMES_PER_MESSAGE) {
      set.keep(packed(from, MAX_FRAMES_PER_MESSAGE));
    }
    const long = set.batchBody().frames;
    expect(long).toHaveLength(MAX_BATCH_FRAMES);
    expect(long.at(-1)![0]).toBe(set.frames - 1);
  });
});
