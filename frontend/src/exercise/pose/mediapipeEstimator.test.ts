import type { Results } from "@mediapipe/pose";

import { estimateOf } from "./mediapipeEstimator";

const results = (fields: Partial<Results>) => fields as Results;

describe("estimateOf", () => {
  it("keeps MediaPipe's world landmarks with the pose, as MediaPipe gives them", () => {
    const estimate = estimateOf(
      results({
        poseLandmarks: [
          { x: 0.5, y: 0.25, z: -0.1, visibility: 0.9 },
          { x: 0.4, y: 0.3, z: 0 },
        ],
        poseWorldLandmarks: [
          { x: 0.12, y: -0.5, z: 0.03, visibility: 0.9 },
          { x: -0.2, y: 0.4, z: 1.5 },
        ],
      }),
    );
    expect(estimate).toEqual({
      pose: [
        { x: 0.5, y: 0.25, z: -0.1, visibility: 0.9 },
        { x: 0.4, y: 0.3, z: 0, visibility: 0 },
      ],
      world: [
        { x: 0.12, y: -0.5, z: 0.03 },
        { x: -0.2, y: 0.4, z: 1.5 },
      ],
    });
  });

  it("gives no pose when no person is found, and a pose without world landmarks if they are missing", () => {
    expect(estimateOf(results({}))).toBeNull();
    const estimate = estimateOf(results({ poseLandmarks: [{ x: 0.5, y: 0.5, z: 0, visibility: 1 }] }));
    expect(estimate?.pose).toHaveLength(1);
    expect(estimate?.world).toBeUndefined();
  });
});
