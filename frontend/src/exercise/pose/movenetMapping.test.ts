import { LANDMARK, LANDMARK_COUNT } from "./landmarks";
import { MOVENET_TO_MEDIAPIPE, moveNetToPose } from "./movenetMapping";

const COCO = [
  "nose",
  "leftEye",
  "rightEye",
  "leftEar",
  "rightEar",
  "leftShoulder",
  "rightShoulder",
  "leftElbow",
  "rightElbow",
  "leftWrist",
  "rightWrist",
  "leftHip",
  "rightHip",
  "leftKnee",
  "rightKnee",
  "leftAnkle",
  "rightAnkle",
];

describe("moveNetToPose", () => {
  it("maps all 17 COCO keypoints onto MediaPipe's indices", () => {
    expect(Object.keys(MOVENET_TO_MEDIAPIPE)).toEqual(COCO);
    const pose = moveNetToPose(COCO.map((part, index) => ({ part, positionRaw: [index / 100, 0.5], score: 0.9 })));
    expect(pose).toHaveLength(LANDMARK_COUNT);
    expect(pose[LANDMARK.nose]).toEqual({ x: 0, y: 0.5, z: 0, visibility: 0.9 });
    expect(pose[LANDMARK.leftShoulder]?.x).toBeCloseTo(0.05);
    expect(pose[LANDMARK.rightElbow]?.x).toBeCloseTo(0.08);
    expect(pose[LANDMARK.leftEye]?.x).toBeCloseTo(0.01);
    expect(pose[LANDMARK.rightAnkle]?.x).toBeCloseTo(0.16);
  });

  it("leaves the landmarks MoveNet lacks unseen", () => {
    const pose = moveNetToPose(COCO.map((part) => ({ part, positionRaw: [0.5, 0.5], score: 1 })));
    const seen = pose.flatMap((landmark, index) => (landmark.visibility > 0 ? [index] : []));
    expect(seen).toEqual([0, 2, 5, 7, 8, 11, 12, 13, 14, 15, 16, 23, 24, 25, 26, 27, 28]);
    for (const missing of [LANDMARK.mouthLeft, LANDMARK.leftPinky, LANDMARK.leftHeel, LANDMARK.rightFootIndex]) {
      expect(pose[missing]).toEqual({ x: 0, y: 0, z: 0, visibility: 0 });
    }
  });

  it("ignores unknown parts and non-finite numbers, and clamps scores", () => {
    const pose = moveNetToPose([
      { part: "bodyCenter", positionRaw: [0.5, 0.5], score: 1 },
      { part: "leftWrist", positionRaw: [Number.NaN, 0.5], score: 1 },
      { part: "rightWrist", positionRaw: [0.4, 0.6], score: 1.3 },
      { part: "leftKnee", positionRaw: [0.4, 0.6], score: Number.NaN },
    ]);
    expect(pose.filter((landmark) => landmark.visibility > 0)).toHaveLength(1);
    expect(pose[LANDMARK.rightWrist]?.visibility).toBe(1);
    expect(pose[LANDMARK.leftWrist]?.visibility).toBe(0);
    expect(pose[LANDMARK.leftKnee]).toMatchObject({ x: 0.4, visibility: 0 });
  });
});
