import { emptyPose, LANDMARK } from "./landmarks";
import { BYTES_PER_FRAME, chunkFrames, MAX_FRAMES_PER_MESSAGE, packFrames, VALUES_PER_FRAME } from "./frames";

function poseWith(x: number) {
  const pose = emptyPose();
  pose[LANDMARK.rightElbow] = { x, y: 0.25, z: -0.5, visibility: 0.75 };
  return pose;
}

describe("packFrames", () => {
  it("writes rows of 133 little-endian float32s: timestamp, then x, y, z, visibility", () => {
    expect(VALUES_PER_FRAME).toBe(133);
    const buffer = packFrames([
      { timestamp: 1.5, pose: poseWith(0.5) },
      { timestamp: 1.75, pose: poseWith(0.125) },
    ]);
    expect(buffer.byteLength).toBe(2 * BYTES_PER_FRAME);
    const view = new DataView(buffer);
    const value = (row: number, column: number) => view.getFloat32((row * VALUES_PER_FRAME + column) * 4, true);
    expect(value(0, 0)).toBe(1.5);
    const elbow = 1 + LANDMARK.rightElbow * 4;
    expect([value(0, elbow), value(0, elbow + 1), value(0, elbow + 2), value(0, elbow + 3)]).toEqual([
      0.5, 0.25, -0.5, 0.75,
    ]);
    expect(value(1, 0)).toBe(1.75);
    expect(value(1, elbow)).toBe(0.125);
    expect(value(1, 1)).toBe(0); // the nose: unseen
  });

  it("sends a landmark with a bad number as unseen, and clamps visibility", () => {
    const pose = emptyPose();
    pose[0] = { x: Number.NaN, y: 0.5, z: 0, visibility: 1 };
    pose[1] = { x: 0.5, y: 0.5, z: 0, visibility: 1.5 };
    const view = new DataView(packFrames([{ timestamp: 0, pose }]));
    expect(view.getFloat32(4 * 1, true)).toBe(0);
    expect(view.getFloat32(4 * 4, true)).toBe(0);
    expect(view.getFloat32(4 * 8, true)).toBe(1);
  });

  it("refuses more frames than the server takes in one message", () => {
    const frames = Array.from({ length: MAX_FRAMES_PER_MESSAGE + 1 }, (_, index) => ({
      timestamp: index,
      pose: emptyPose(),
    }));
    expect(() => packFrames(frames)).toThrow(RangeError);
    const messages = chunkFrames(frames);
    expect(messages.map((message) => message.byteLength / BYTES_PER_FRAME)).toEqual([MAX_FRAMES_PER_MESSAGE, 1]);
    expect(new DataView(messages[1]!).getFloat32(0, true)).toBe(MAX_FRAMES_PER_MESSAGE);
  });
});
