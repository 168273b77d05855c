import {
  closeMessage,
  closeVerdict,
  encode,
  parseServerMessage,
  reconnectDelayMs,
  pictureAspectRatio,
  streamFps,
  streamUrl,
} from "./protocol";

describe("live protocol", () => {
  it("parses the engine's events", () => {
    const events = [
      '{"type":"rep_completed","time":3.2,"index":2,"start_time":1,"end_time":3.2,"range_of_motion_deg":104.5,"peak_angle_deg":160,"min_angle_deg":55,"duration_s":2.2,"side":"right","form_flags":["moving_elbow"],"confidence":0.8,"good":true}',
      '{"type":"phase_changed","time":1,"phase":"flexing"}',
      '{"type":"out_of_view","time":1,"message":"step into view","missing_joints":["left_wrist"]}',
      '{"type":"ready","session_id":12}',
    ];
    for (const raw of events) expect(parseServerMessage(raw)).toEqual(JSON.parse(raw));
    expect(
      parseServerMessage('{"type":"set_saved","set_key":"k-1","frames":9,"detail":{"reps_done":4}}'),
    ).toMatchObject({
      type: "set_saved",
      set_key: "k-1",
      detail: { reps_done: 4 },
    });
    expect(parseServerMessage('{"type":"set_saved","set_key":7,"detail":{"reps_done":4}}')).toBeNull();
  });

  it("drops what it does not understand", () => {
    expect(parseServerMessage("not json")).toBeNull();
    expect(parseServerMessage('["rep_completed"]')).toBeNull();
    expect(parseServerMessage('{"type":"rep_completed","index":"two"}')).toBeNull();
    expect(parseServerMessage('{"type":"surprise"}')).toBeNull();
    expect(parseServerMessage('{"type":"ready"}')).toBeNull();
    expect(
      parseServerMessage('{"type":"out_of_view","message":"step into view","missing_joints":"left_wrist"}'),
    ).toBeNull();
    // A type named like an object's own property is no message either.
    expect(parseServerMessage('{"type":"constructor"}')).toBeNull();
  });

  it("encodes messages as the server expects them", () => {
    expect(JSON.parse(encode({ type: "auth", token: "abc" }))).toEqual({ type: "auth", token: "abc" });
    expect(
      JSON.parse(
        encode({
          type: "start_set",
          exercise: "squat",
          side: null,
          reps_target: 10,
          target_rom_deg: null,
          fps: 14.2,
          aspect_ratio: 0.5625,
          setup_skipped: false,
          world_landmarks: true,
        }),
      ),
    ).toEqual({
      type: "start_set",
      exercise: "squat",
      side: null,
      reps_target: 10,
      target_rom_deg: null,
      fps: 14.2,
      aspect_ratio: 0.5625,
      setup_skipped: false,
      world_landmarks: true,
    });
  });

  it("knows which closes are worth a reconnection", () => {
    expect(closeVerdict(1000)).toBe("done");
    expect(closeVerdict(1006)).toBe("reconnect");
    expect(closeVerdict(1011)).toBe("reconnect");
    expect(closeVerdict(4401)).toBe("reauthenticate");
    expect(closeVerdict(4404)).toBe("give-up");
    expect(closeVerdict(4409)).toBe("give-up");
    // Replaced by another tab: reconnecting would take the session back and start a tug of war.
    expect(closeVerdict(4000)).toBe("give-up");
    expect(closeMessage(4000)).toMatch(/another window or tab/);
  });

  it("backs off between reconnections up to 8 seconds", () => {
    expect([1, 2, 3, 4, 5, 9].map(reconnectDelayMs)).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
  });

  it("sends a frame rate the server accepts", () => {
    expect(streamFps(13.37)).toBe(13.4);
    expect(streamFps(0)).toBe(30);
    expect(streamFps(0.2)).toBe(1);
    expect(streamFps(500)).toBe(120);
  });

  it("tells the picture's shape as width over height, bounded, and square before it is known", () => {
    expect(pictureAspectRatio({ width: 406, height: 720 })).toBeCloseTo(0.564, 3);
    expect(pictureAspectRatio({ width: 1280, height: 720 })).toBeCloseTo(1.778, 3);
    expect(pictureAspectRatio({ width: 0, height: 0 })).toBe(1);
    expect(pictureAspectRatio(null)).toBe(1);
    expect(pictureAspectRatio({ width: 100, height: 1 })).toBe(5);
  });

  it("builds the stream's address on this origin", () => {
    expect(streamUrl({ protocol: "https:", host: "clinic.example" }, 4)).toBe(
      "wss://clinic.example/api/v1/exercise-sessions/4/stream",
    );
    expect(streamUrl({ protocol: "http:", host: "127.0.0.1:8000" }, 4)).toBe(
      "ws://127.0.0.1:8000/api/v1/exercise-sessions/4/stream",
    );
  });
});
