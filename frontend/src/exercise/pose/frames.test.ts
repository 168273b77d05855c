import { emptyPose, LANDMARK, LANDMARK_COUNT, type WorldPoint } from "./landmarks";
import {
  BYTES_PER_FRAME,
  chunkFrames,
  MAX_FRAMES_PER_MESSAGE,
  packFrames,
  VALUES_PER_FRAME,
  WORLD_BYTES_PER_FRAME,
  WORLD_VALUES_PER_FRAME,
} from "./frames";

function poseWith(x: number) {
  const pose = emptyPose();
  pose[LANDMARK.rightElbow] = { x, y: 0.25, z: -0.5, visibility: 0.75 };
  return pose;
}

describe("packFrames", () => {
  it("writes rows of 133 little-endian float32s: timestamp, then x, y, z, visibility", () => {
    expect(VALUES_PER_FRAME).toBe(133);
    const buffer = packFrames(
      [
        { timestamp: 1.5, pose: poseWith(0.5) },
        { timestamp: 1.75, pose: poseWith(0.125) },
      ],
      false,
    );
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
    const view = new DataView(packFrames([{ timestamp: 0, pose }], false));
    expect(view.getFloat32(4 * 1, true)).toBe(0);
    expect(view.getFloat32(4 * 4, true)).toBe(0);
    expect(view.getFloat32(4 * 8, true)).toBe(1);
  });

  /** World landmarks that differ from one landmark to the next: landmark i at (i, 0.5 - i/4, i/8 + 1). */
  const world = (): WorldPoint[] =>
    Array.from({ length: LANDMARK_COUNT }, (_, index) => ({ x: index, y: 0.5 - index / 4, z: index / 8 + 1 }));

  it("writes rows of 232 for a set with world landmarks: the 133, then X, Y, Z of each landmark", () => {
    expect(WORLD_VALUES_PER_FRAME).toBe(232);
    const buffer = packFrames(
      [
        { timestamp: 2.5, pose: poseWith(0.5), world: world() },
        { timestamp: 2.75, pose: poseWith(0.125), world: world().map((p) => ({ ...p, x: -p.x })) },
      ],
      true,
    );
    expect(buffer.byteLength).toBe(2 * WORLD_BYTES_PER_FRAME);
    const view = new DataView(buffer);
    const value = (row: number, column: number) => view.getFloat32((row * WORLD_VALUES_PER_FRAME + column) * 4, true);
    expect(value(0, 0)).toBe(2.5);
    const elbow = 1 + LANDMARK.rightElbow * 4;
    expect([value(0, elbow), value(0, elbow + 1), value(0, elbow + 2), value(0, elbow + 3)]).toEqual([
      0.5, 0.25, -0.5, 0.75,
    ]);
    const worldAt = (row: number, index: number) => [0, 1, 2].map((axis) => value(row, 133 + index * 3 + axis));
    expect(worldAt(0, 0)).toEqual([0, 0.5, 1]);
    expect(worldAt(0, LANDMARK.rightElbow)).toEqual([14, -3, 2.75]);
    expect(worldAt(0, 32)).toEqual([32, -7.5, 5]);
    expect(value(0, 231)).toBe(5); // the last number of the row: Z32
    expect(value(1, 0)).toBe(2.75); // the next row starts right after
    expect(value(1, elbow)).toBe(0.125);
    expect(worldAt(1, LANDMARK.rightElbow)).toEqual([-14, -3, 2.75]);
  });

  it("sends a world number that is not finite as 0, and a frame without world landmarks as zeros", () => {
    const points = world();
    points[LANDMARK.leftWrist] = { x: Number.NaN, y: Number.POSITIVE_INFINITY, z: 0.5 };
    const view = new DataView(
      packFrames(
        [
          { timestamp: 0, pose: emptyPose(), world: points },
          { timestamp: 1, pose: poseWith(0.5) },
        ],
        true,
      ),
    );
    const value = (row: number, column: number) => view.getFloat32((row * WORLD_VALUES_PER_FRAME + column) * 4, true);
    const wrist = 133 + LANDMARK.leftWrist * 3;
    expect([value(0, wrist), value(0, wrist + 1), value(0, wrist + 2)]).toEqual([0, 0, 0.5]);
    expect(value(0, wrist + 3)).toBe(16); // the next landmark is untouched
    expect(Array.from({ length: 99 }, (_, index) => value(1, 133 + index))).toEqual(Array(99).fill(0));
    expect(value(1, 1 + LANDMARK.rightElbow * 4)).toBe(0.5);
  });

  it("leaves the world landmarks out of a set without them (MoveNet's): rows of 133", () => {
    const buffer = packFrames([{ timestamp: 3, pose: poseWith(0.5), world: world() }], false);
    expect(buffer.byteLength).toBe(BYTES_PER_FRAME);
    expect(new DataView(buffer).getFloat32((1 + LANDMARK.rightElbow * 4) * 4, true)).toBe(0.5);
    const messages = chunkFrames([{ timestamp: 3, pose: poseWith(0.5), world: world() }], true);
    expect(messages.map((message) => message.byteLength)).toEqual([WORLD_BYTES_PER_FRAME]);
  });

  it("refuses more frames than the server takes in one message", () => {
    const frames = Array.from({ length: MAX_FRAMES_PER_MESSAGE + 1 }, (_, index) => ({
      timestamp: index,
      pose: emptyPose(),
    }));
    expect(() => packFrames(frames, false)).toThrow(RangeError);
    const messages = chunkFrames(frames, false);
    expect(messages.map((message) => message.byteLength / BYTES_PER_FRAME)).toEqual([MAX_FRAMES_PER_MESSAGE, 1]);
    expect(new DataView(messages[1]!).getFloat32(0, true)).toBe(MAX_FRAMES_PER_MESSAGE);
  });
});
