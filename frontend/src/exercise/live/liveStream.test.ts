import { emptyPose, LANDMARK_COUNT } from "../pose/landmarks";
import { BYTES_PER_FRAME, MAX_FRAMES_PER_MESSAGE, WORLD_BYTES_PER_FRAME, WORLD_VALUES_PER_FRAME } from "../pose/frames";
import { FakeSocket } from "./fakeSocket";
import { LiveStream, type StreamStatus } from "./liveStream";
import type { ServerMessage, SetPrescription } from "./protocol";

const SET: SetPrescription = {
  exercise: "bicep-curl",
  side: null,
  reps_target: 10,
  target_rom_deg: null,
  fps: 15,
  aspect_ratio: 1,
  setup_skipped: false,
  world_landmarks: false,
};
const frame = (timestamp: number) => ({ timestamp, pose: emptyPose() });

function setup(overrides: { refresh?: () => Promise<boolean>; token?: string } = {}) {
  const sockets: FakeSocket[] = [];
  const messages: ServerMessage[] = [];
  const statuses: StreamStatus[] = [];
  const resumed = vi.fn();
  const unsaved: number[] = [];
  const stream = new LiveStream({
    url: "ws://test/stream",
    getToken: () => overrides.token ?? "token-1",
    refresh: overrides.refresh ?? (() => Promise.resolve(true)),
    onMessage: (message) => messages.push(message),
    onStatus: (status) => statuses.push(status),
    onSetResumed: resumed,
    onUnsavedSets: (count) => unsaved.push(count),
    createSocket: () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket;
    },
    maxAttempts: 3,
  });
  const last = () => sockets[sockets.length - 1]!;
  /** Connected, the server ready, a set started. */
  const inSet = () => {
    stream.connect();
    last().open();
    last().receive({ type: "ready", session_id: 4 });
    stream.startSet(SET);
  };
  /** After a drop: the stream's next attempt connects and the server is ready. */
  const back = async () => {
    await vi.advanceTimersByTimeAsync(500);
    last().open();
    last().receive({ type: "ready", session_id: 4 });
  };
  return { stream, sockets, messages, statuses, resumed, unsaved, last, inSet, back };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("LiveStream", () => {
  it("authenticates first, starts the set and sends frames as binary", () => {
    const { stream, last, messages } = setup();
    stream.connect();
    last().open();
    expect(last().texts()).toEqual([{ type: "auth", token: "token-1" }]);
    expect(last().binaryType).toBe("arraybuffer");
    stream.startSet(SET);
    stream.sendFrame(frame(1)); // waits: the server has not said ready
    last().receive({ type: "ready", session_id: 4 });
    expect(
      last()
        .texts()
        .map((message) => message.type),
    ).toEqual(["auth", "start_set"]);
    expect(last().frames()).toBe(1); // it waited for the stream: it goes out at once
    stream.sendFrame(frame(2)); // a second later: it would wait too long for a batch
    expect(last().frames()).toBe(2);
    expect(messages).toEqual([{ type: "ready", session_id: 4 }]);
  });

  it("keeps a set's first frames until it is given its address and the server is ready", () => {
    const sockets: FakeSocket[] = [];
    const stream = new LiveStream({
      getToken: () => "token-1",
      refresh: () => Promise.resolve(true),
      onMessage: () => undefined,
      onStatus: () => undefined,
      createSocket: () => {
        sockets.push(new FakeSocket());
        return sockets[sockets.length - 1]!;
      },
    });
    expect(() => stream.connect()).toThrow(/address/);
    stream.startSet(SET);
    stream.sendFrame(frame(1));
    stream.sendFrame(frame(2));
    stream.connect("ws://test/sessions/9/stream");
    sockets[0]!.open();
    sockets[0]!.receive({ type: "ready", session_id: 9 });
    expect(sockets[0]!.texts().map((message) => message.type)).toEqual(["auth", "start_set"]);
    expect(sockets[0]!.frames()).toBe(2);
  });

  it.each([
    [30, [3, 3, 3]],
    [15, [2, 2, 2, 2]],
    [10, [2, 1, 1, 1, 1, 1, 1]],
  ])("at %i frames/s sends frames %j to a message, holding none back past 70 ms", (fps, sizes) => {
    const { stream, last, inSet } = setup();
    inSet();
    const messageSizes = () =>
      last()
        .sent.filter((item): item is ArrayBuffer => typeof item !== "string")
        .map((item) => item.byteLength / BYTES_PER_FRAME);
    const count = sizes.reduce((sum, size) => sum + size, 0);
    // The first frame waits for the next, which tells how far apart frames come.
    for (let index = 0; index <= count; index += 1) stream.sendFrame(frame(index / fps));
    expect(messageSizes().slice(0, sizes.length)).toEqual(sizes);
    expect(last().timestamps().slice(0, count)).toEqual(
      Array.from({ length: count }, (_, index) => Math.fround(index / fps)),
    );
  });

  it("holds frames back while the network is slow and sends them together", () => {
    const { stream, last, inSet } = setup();
    inSet();
    last().bufferedAmount = 1_000_000;
    stream.sendFrame(frame(1));
    stream.sendFrame(frame(2));
    expect(last().frames()).toBe(0);
    last().bufferedAmount = 0;
    stream.sendFrame(frame(3));
    expect(last().sent.filter((item) => typeof item !== "string")).toHaveLength(1);
    expect(last().frames()).toBe(3);
  });

  it("reconnects after a drop and sends the set again from its first frame, under its key", async () => {
    const { stream, sockets, last, resumed, statuses, inSet } = setup();
    inSet();
    stream.sendFrame(frame(1));
    last().drop(1006);
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)?.state).toBe("reconnecting");
    stream.sendFrame(frame(2));
    stream.sendFrame(frame(3));
    await vi.advanceTimersByTimeAsync(500);
    expect(sockets).toHaveLength(2);
    last().open();
    last().receive({ type: "ready", session_id: 4 });
    expect(
      last()
        .texts()
        .map((message) => message.type),
    ).toEqual(["auth", "start_set"]);
    expect(last().setKeys()).toEqual(sockets[0]!.setKeys());
    expect(last().timestamps()).toEqual([1, 2, 3]);
    expect(resumed).toHaveBeenCalledTimes(1);
    expect(statuses.at(-1)).toEqual({ state: "open", attempt: 0, message: null });
  });

  it("sends a set with world landmarks in rows of 232, and again so after a drop", async () => {
    const { stream, sockets, last, back } = setup();
    stream.connect();
    last().open();
    last().receive({ type: "ready", session_id: 4 });
    stream.startSet({ ...SET, world_landmarks: true });
    // Landmark i of the frame at time t is at (t, i, -i) in the world.
    const worldFrame = (timestamp: number) => ({
      timestamp,
      pose: emptyPose(),
      world: Array.from({ length: LANDMARK_COUNT }, (_, index) => ({ x: timestamp, y: index, z: -index })),
    });
    stream.sendFrame(worldFrame(1));
    stream.sendFrame(worldFrame(2));
    const binaries = (socket: FakeSocket) =>
      socket.sent.filter((item): item is ArrayBuffer => typeof item !== "string");
    expect(binaries(last()).map((item) => item.byteLength)).toEqual([2 * WORLD_BYTES_PER_FRAME]);
    last().drop(1006);
    await vi.advanceTimersByTimeAsync(0);
    stream.sendFrame(worldFrame(3));
    await back();

    const resent = last();
    expect(resent.texts().find((message) => message.type === "start_set")).toMatchObject({
      set_key: sockets[0]!.setKeys()[0],
      world_landmarks: true,
    });
    const rows = binaries(resent).flatMap((item) => {
      expect(item.byteLength % WORLD_BYTES_PER_FRAME).toBe(0);
      const values = new Float32Array(item);
      return Array.from({ length: item.byteLength / WORLD_BYTES_PER_FRAME }, (_, row) =>
        values.subarray(row * WORLD_VALUES_PER_FRAME, (row + 1) * WORLD_VALUES_PER_FRAME),
      );
    });
    expect(rows.map((row) => row[0])).toEqual([1, 2, 3]);
    // Landmark 12's world X, Y, Z in each row: after the 133 picture numbers.
    expect(rows.map((row) => Array.from(row.subarray(133 + 12 * 3, 133 + 13 * 3)))).toEqual([
      [1, 12, -12],
      [2, 12, -12],
      [3, 12, -12],
    ]);
  });

  it("sends a set without world landmarks (MoveNet's) in rows of 133, with world_landmarks false", () => {
    const { stream, last, inSet } = setup();
    inSet();
    stream.sendFrame(frame(1));
    stream.sendFrame(frame(2));
    expect(
      last()
        .texts()
        .find((message) => message.type === "start_set"),
    ).toMatchObject({ world_landmarks: false });
    expect(
      last()
        .sent.filter((item): item is ArrayBuffer => typeof item !== "string")
        .map((item) => item.byteLength),
    ).toEqual([2 * BYTES_PER_FRAME]);
  });

  it("gives up after its attempts, and tries again when asked", async () => {
    const { stream, sockets, last, statuses } = setup();
    stream.connect();
    for (let attempt = 0; attempt < 4; attempt += 1) {
      last().drop(1006);
      await vi.advanceTimersByTimeAsync(10_000);
    }
    expect(sockets).toHaveLength(4);
    expect(statuses.at(-1)?.state).toBe("failed");
    expect(statuses.at(-1)?.message).toMatch(/check your internet connection/i);
    stream.retry();
    expect(sockets).toHaveLength(5);
  });

  it("refreshes the sign-in once on 4401, and stops for good on 4404", async () => {
    const refresh = vi.fn(() => Promise.resolve(true));
    const { stream, sockets, last, statuses } = setup({ refresh });
    stream.connect();
    last().drop(4401);
    await vi.advanceTimersByTimeAsync(1000);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(sockets).toHaveLength(2);
    last().drop(4404);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sockets).toHaveLength(2);
    expect(statuses.at(-1)).toMatchObject({ state: "failed", message: expect.stringMatching(/could not be found/) });
  });

  it("ends a set with the stored detail, and finishes with the session", async () => {
    const { stream, last, inSet } = setup();
    inSet();
    stream.sendFrame(frame(1));
    const saved = stream.endSet();
    expect(last().texts().at(-1)).toEqual({ type: "end_set" });
    last().receive({ type: "set_saved", set_key: last().setKeys()[0], frames: 1, detail: { reps_done: 4 } });
    await expect(saved).resolves.toMatchObject({ reps_done: 4 });
    expect(stream.keptFrames()).toEqual({ frames: 0, bytes: 0 });
    stream.sendFrame(frame(2)); // between sets: not sent
    expect(last().frames()).toBe(1);

    const finished = stream.finish({ pain_score: 2, difficulty: 5 });
    expect(last().texts().at(-1)).toEqual({ type: "finish", pain_score: 2, difficulty: 5 });
    last().receive({ type: "finished", session: { id: 4 } });
    await expect(finished).resolves.toEqual({ id: 4 });
    last().drop(1000);
    await vi.advanceTimersByTimeAsync(10_000);
  });

  it("sends an ended set again when its answer was lost, and resolves with it then", async () => {
    const { stream, sockets, last, inSet, back } = setup();
    inSet();
    stream.sendFrame(frame(1));
    stream.sendFrame(frame(2));
    const saved = stream.endSet();
    last().drop(1006); // the worker died: it had not stored the set
    await back();
    expect(
      last()
        .texts()
        .map((message) => message.type),
    ).toEqual(["auth", "start_set", "end_set"]);
    expect(last().setKeys()).toEqual(sockets[0]!.setKeys());
    expect(last().timestamps()).toEqual([1, 2]);
    last().receive({ type: "set_saved", set_key: last().setKeys()[0], frames: 2, detail: { reps_done: 3 } });
    await expect(saved).resolves.toMatchObject({ reps_done: 3 });
    expect(stream.keptFrames().frames).toBe(0);
  });

  it("answers an end of set with null when the server does not store it in time, and keeps it", async () => {
    const { stream, last, inSet } = setup();
    inSet();
    stream.sendFrame(frame(1));
    const saved = stream.endSet();
    last().drop(1006);
    await vi.advanceTimersByTimeAsync(20_000);
    await expect(saved).resolves.toBeNull();
    expect(stream.keptFrames().frames).toBe(1);
  });

  it("sends every set not yet stored again, in order, and shows only the screen's set", async () => {
    const { stream, last, messages, unsaved, inSet, back } = setup();
    inSet();
    stream.sendFrame(frame(1));
    void stream.endSet();
    last().drop(1006);
    stream.startSet({ ...SET, exercise: "squat" });
    stream.sendFrame(frame(5));
    await back();
    expect(
      last()
        .texts()
        .map((message) => message.type),
    ).toEqual(["auth", "start_set", "end_set", "start_set"]);
    expect(last().timestamps()).toEqual([1, 5]);
    const [first, second] = last().setKeys();
    const repOf = (index: number) => ({
      type: "rep_completed",
      time: 1,
      index,
      start_time: 0,
      end_time: 1,
      range_of_motion_deg: 90,
      peak_angle_deg: 150,
      min_angle_deg: 60,
      duration_s: 1,
      side: "right",
      form_flags: [],
      confidence: 1,
      confidence_band: "high",
      good: null,
    });
    messages.length = 0;
    // The first set, counted again: none of it reaches the screen, which is on the second.
    last().receive({ type: "set_started", exercise: "bicep-curl", set_key: first });
    last().receive(repOf(1));
    last().receive({ type: "set_saved", set_key: first, frames: 1, detail: { reps_done: 1 } });
    expect(messages).toEqual([]);
    last().receive({ type: "set_started", exercise: "squat", set_key: second });
    last().receive(repOf(1));
    expect(messages.map((message) => message.type)).toEqual(["set_started", "rep_completed"]);
    expect(stream.keptFrames().frames).toBe(1);
    last().receive({ type: "set_saved", set_key: second, frames: 1, detail: { reps_done: 1 } });
    expect(stream.keptFrames().frames).toBe(0);
    // The screen is told how many sets leaving would lose, the one stored off screen included.
    expect(unsaved).toEqual([1, 2, 1, 0]);
  });

  it("keeps frames packed, 532 bytes each, and packs those of an offline stream a message at a time", async () => {
    const { stream, last, inSet, back } = setup();
    inSet();
    for (let index = 0; index < 1800; index += 1) stream.sendFrame(frame(index / 30)); // a minute
    expect(stream.keptFrames()).toEqual({ frames: 1800, bytes: 1800 * BYTES_PER_FRAME });
    expect(1800 * BYTES_PER_FRAME).toBe(957_600); // about 0.91 MiB a minute at 30 fps
    last().drop(1006);
    for (let index = 1800; index < 2500; index += 1) stream.sendFrame(frame(index / 30));
    expect(stream.keptFrames().frames).toBe(2500);
    await back();
    const sizes = last()
      .sent.filter((item): item is ArrayBuffer => typeof item !== "string")
      .map((item) => item.byteLength / BYTES_PER_FRAME);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_FRAMES_PER_MESSAGE);
    expect(last().timestamps()).toEqual(Array.from({ length: 2500 }, (_, index) => Math.fround(index / 30)));
  });

  it("refuses to finish over a closed connection, so the caller uses REST", async () => {
    const { stream } = setup();
    stream.connect();
    await expect(stream.finish({ pain_score: 0, difficulty: 1 })).rejects.toThrow();
  });

  it("closes cleanly without reconnecting", async () => {
    const { stream, sockets, last } = setup();
    stream.connect();
    last().open();
    stream.close();
    expect(last().closedWith).toBe(1000);
    last().drop(1006);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sockets).toHaveLength(1);
  });
});
