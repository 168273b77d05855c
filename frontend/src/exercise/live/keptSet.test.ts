import { emptyPose, LANDMARK_COUNT } from "../pose/landmarks";
import { BYTES_PER_FRAME, MAX_FRAMES_PER_MESSAGE, packFrames, WORLD_BYTES_PER_FRAME } from "../pose/frames";
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
  world_landmarks: false,
};

const packed = (from: number, count: number) =>
  packFrames(
    Array.from({ length: count }, (_, index) => ({ timestamp: from + index, pose: emptyPose() })),
    false,
  );

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

  it("keeps a set with world landmarks whole, and resends it with its flag and its world values", () => {
    const worldSet = new KeptSet({ ...SET, world_landmarks: true }, "set-key-3");
    const world = Array.from({ length: LANDMARK_COUNT }, (_, index) => ({ x: index / 10, y: -index, z: 0.25 }));
    const frames = Array.from({ length: MAX_FRAMES_PER_MESSAGE + 2 }, (_, index) => ({
      timestamp: index,
      pose: emptyPose(),
      world,
    }));
    worldSet.keep(packFrames(frames.slice(0, 1), true));
    worldSet.keep(packFrames(frames.slice(1, MAX_FRAMES_PER_MESSAGE + 1), true));
    worldSet.keep(packFrames(frames.slice(MAX_FRAMES_PER_MESSAGE + 1), true));
    expect(worldSet.frames).toBe(MAX_FRAMES_PER_MESSAGE + 2);
    expect(worldSet.bytes).toBe((MAX_FRAMES_PER_MESSAGE + 2) * WORLD_BYTES_PER_FRAME);
    expect(worldSet.startMessage()).toMatchObject({ type: "start_set", set_key: "set-key-3", world_landmarks: true });
    const messages = worldSet.messages();
    expect(messages.map((message) => message.byteLength / WORLD_BYTES_PER_FRAME)).toEqual([MAX_FRAMES_PER_MESSAGE, 2]);
    const last = new Float32Array(messages[1]!);
    expect(last[232]).toBe(MAX_FRAMES_PER_MESSAGE + 1); // the second row's timestamp
    expect(Array.from(last.subarray(232 + 133 + 5 * 3, 232 + 133 + 6 * 3))).toEqual([0.5, -5, 0.25]);

    const body = worldSet.batchBody();
    expect(body.world_landmarks).toBe(true);
    expect(body.frames).toHaveLength(MAX_FRAMES_PER_MESSAGE + 2);
    expect(new Set(body.frames.map((row) => row.length))).toEqual(new Set([232]));
    expect(body.frames[7]![0]).toBe(7);
    expect(body.frames[7]!.slice(133 + 32 * 3)).toEqual([Math.fround(3.2), -32, 0.25]);
  });
});
