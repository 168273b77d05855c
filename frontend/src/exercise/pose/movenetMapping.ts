// MoveNet finds the 17 COCO keypoints; the app and the server speak MediaPipe's 33 landmarks.
// Each COCO keypoint goes to the MediaPipe landmark of the same body part; the 16 landmarks
// MoveNet does not have (inner and outer eyes, mouth, fingers, heels, feet) keep visibility 0.
import { emptyPose, LANDMARK, type Landmark, type LandmarkName } from "./landmarks";

/** One keypoint as @vladmandic/human reports it (only the fields used here). */
export interface MoveNetKeypoint {
  part: string;
  /** x and y normalised to the input image, 0..1. */
  positionRaw: readonly (number | undefined)[];
  score: number;
}

/** COCO part names (as @vladmandic/human spells them) to MediaPipe landmark names. */
export const MOVENET_TO_MEDIAPIPE: Readonly<Record<string, LandmarkName>> = {
  nose: "nose",
  leftEye: "leftEye",
  rightEye: "rightEye",
  leftEar: "leftEar",
  rightEar: "rightEar",
  leftShoulder: "leftShoulder",
  rightShoulder: "rightShoulder",
  leftElbow: "leftElbow",
  rightElbow: "rightElbow",
  leftWrist: "leftWrist",
  rightWrist: "rightWrist",
  leftHip: "leftHip",
  rightHip: "rightHip",
  leftKnee: "leftKnee",
  rightKnee: "rightKnee",
  leftAnkle: "leftAnkle",
  rightAnkle: "rightAnkle",
};

const clamp01 = (value: number) => Math.min(1, Math.max(0, value));

/** MoveNet's keypoints as a 33-landmark MediaPipe pose. MoveNet is 2D: z is 0. */
export function moveNetToPose(keypoints: readonly MoveNetKeypoint[]): Landmark[] {
  const pose = emptyPose();
  for (const keypoint of keypoints) {
    const name = MOVENET_TO_MEDIAPIPE[keypoint.part];
    const [x, y] = keypoint.positionRaw;
    if (name === undefined || x === undefined || y === undefined) continue;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    pose[LANDMARK[name]] = {
      x,
      y,
      z: 0,
      visibility: Number.isFinite(keypoint.score) ? clamp01(keypoint.score) : 0,
    };
  }
  return pose;
}
