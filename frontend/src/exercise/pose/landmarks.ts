// The one landmark format of the app: MediaPipe Pose's 33 landmarks, in MediaPipe's order, each
// with x and y normalised to the image (0..1, y growing downward), a depth z, and a visibility
// (0..1). A landmark the model in use does not detect has visibility 0, so the server's exercise
// engine treats both pose models alike.

export interface Landmark {
  x: number;
  y: number;
  z: number;
  visibility: number;
}

/** Always 33 landmarks long, in MediaPipe's order. */
export type Pose = readonly Landmark[];

/** A landmark in the world rather than on the picture: MediaPipe's world landmarks, in metres
 * about the hips' midpoint, which the camera's perspective does not distort. Only MediaPipe
 * gives them; whether the joint was seen is the picture landmark's visibility to say. */
export interface WorldPoint {
  x: number;
  y: number;
  z: number;
}

export const LANDMARK_COUNT = 33;

/** The server counts a landmark as seen from this visibility on (exercise_logic/landmarks.py). */
export const VISIBILITY_THRESHOLD = 0.5;

export const LANDMARK = {
  nose: 0,
  leftEyeInner: 1,
  leftEye: 2,
  leftEyeOuter: 3,
  rightEyeInner: 4,
  rightEye: 5,
  rightEyeOuter: 6,
  leftEar: 7,
  rightEar: 8,
  mouthLeft: 9,
  mouthRight: 10,
  leftShoulder: 11,
  rightShoulder: 12,
  leftElbow: 13,
  rightElbow: 14,
  leftWrist: 15,
  rightWrist: 16,
  leftPinky: 17,
  rightPinky: 18,
  leftIndex: 19,
  rightIndex: 20,
  leftThumb: 21,
  rightThumb: 22,
  leftHip: 23,
  rightHip: 24,
  leftKnee: 25,
  rightKnee: 26,
  leftAnkle: 27,
  rightAnkle: 28,
  leftHeel: 29,
  rightHeel: 30,
  leftFootIndex: 31,
  rightFootIndex: 32,
} as const;

export type LandmarkName = keyof typeof LANDMARK;

/** The bones drawn over the camera preview: limbs and trunk (the face is left out on purpose,
 * it only clutters the picture and the exercises do not use it). */
export const SKELETON: readonly (readonly [number, number])[] = [
  [LANDMARK.leftShoulder, LANDMARK.rightShoulder],
  [LANDMARK.leftShoulder, LANDMARK.leftElbow],
  [LANDMARK.leftElbow, LANDMARK.leftWrist],
  [LANDMARK.rightShoulder, LANDMARK.rightElbow],
  [LANDMARK.rightElbow, LANDMARK.rightWrist],
  [LANDMARK.leftShoulder, LANDMARK.leftHip],
  [LANDMARK.rightShoulder, LANDMARK.rightHip],
  [LANDMARK.leftHip, LANDMARK.rightHip],
  [LANDMARK.leftHip, LANDMARK.leftKnee],
  [LANDMARK.leftKnee, LANDMARK.leftAnkle],
  [LANDMARK.rightHip, LANDMARK.rightKnee],
  [LANDMARK.rightKnee, LANDMARK.rightAnkle],
  [LANDMARK.leftAnkle, LANDMARK.leftHeel],
  [LANDMARK.leftHeel, LANDMARK.leftFootIndex],
  [LANDMARK.rightAnkle, LANDMARK.rightHeel],
  [LANDMARK.rightHeel, LANDMARK.rightFootIndex],
];

const UNSEEN: Landmark = Object.freeze({ x: 0, y: 0, z: 0, visibility: 0 });

/** A pose where nothing is seen: every landmark at the origin with visibility 0. */
export function emptyPose(): Landmark[] {
  return Array.from({ length: LANDMARK_COUNT }, () => ({ ...UNSEEN }));
}

export function isVisible(landmark: Landmark | undefined): landmark is Landmark {
  return landmark !== undefined && landmark.visibility >= VISIBILITY_THRESHOLD;
}

/** "left elbow" for the UI, out of a landmark index. */
export function landmarkLabel(index: number): string {
  const entry = Object.entries(LANDMARK).find(([, value]) => value === index);
  if (!entry) return `landmark ${index}`;
  return entry[0].replace(/([A-Z])/g, " $1").toLowerCase();
}
