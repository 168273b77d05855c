// The check before a set starts: is there light enough, can the camera see the joints the
// exercise needs, and is the patient at a distance where the model measures them well? One plain instruction at a time, the
// most important first, as a physiotherapist would say it.
import { EXERCISES, jointSetsFor, type ExerciseType, type Side } from "./exercises";
import { emptyPose, isVisible, LANDMARK, LANDMARK_COUNT, type Landmark, type Pose } from "./pose/landmarks";

export type CheckId = "light" | "person" | "joints" | "distance";

export interface SetupCheck {
  id: CheckId;
  label: string;
  ok: boolean;
}

export interface SetupAssessment {
  checks: SetupCheck[];
  /** Every check passed on this frame. */
  ok: boolean;
  /** What to do next, in one sentence. */
  instruction: string;
}

export interface FrameSize {
  width: number;
  height: number;
}

/** A landmark this close to the picture's edge is about to leave it. */
export const EDGE_MARGIN = 0.02;
/** Body size (torso length as a share of the picture's height) outside which the model
 * measures poorly: too small, the joints jitter; too large, the moving limb leaves the picture. */
export const MIN_BODY_SIZE = 0.1;
export const MAX_BODY_SIZE = 0.6;
/** Mean brightness (0..255) of the picture below which the pose model loses the patient. */
export const MIN_BRIGHTNESS = 40;
/** How long everything must stay right before the set may start. */
export const STEADY_MS = 1000;
/** A patient who moves (or a model that loses a wrist for a frame) is not sent back to the start
 * of the wait: over the last STEADY_WINDOW_MS, this share of frames passing is enough. */
export const STEADY_WINDOW_MS = 1500;
export const STEADY_SHARE = 0.7;
/** After this long without a passed check, the patient may start anyway (the set is marked). */
export const SETUP_PATIENCE_MS = 20_000;

const LABELS: Record<CheckId, string> = {
  light: "There is enough light",
  person: "You are in the picture",
  joints: "The joints we measure are in view",
  distance: "You are at a good distance",
};

function inPicture(landmark: Landmark | undefined): boolean {
  return (
    isVisible(landmark) &&
    landmark.x >= EDGE_MARGIN &&
    landmark.x <= 1 - EDGE_MARGIN &&
    landmark.y >= EDGE_MARGIN &&
    landmark.y <= 1 - EDGE_MARGIN
  );
}

// How a joint is named to the patient, and what to call both of them.
const JOINT_WORDS: Record<number, [one: string, both: string]> = {
  [LANDMARK.leftShoulder]: ["shoulder", "shoulders"],
  [LANDMARK.rightShoulder]: ["shoulder", "shoulders"],
  [LANDMARK.leftElbow]: ["elbow", "elbows"],
  [LANDMARK.rightElbow]: ["elbow", "elbows"],
  [LANDMARK.leftWrist]: ["hand", "hands"],
  [LANDMARK.rightWrist]: ["hand", "hands"],
  [LANDMARK.leftHip]: ["hip", "hips"],
  [LANDMARK.rightHip]: ["hip", "hips"],
  [LANDMARK.leftKnee]: ["knee", "knees"],
  [LANDMARK.rightKnee]: ["knee", "knees"],
  [LANDMARK.leftAnkle]: ["foot", "feet"],
  [LANDMARK.rightAnkle]: ["foot", "feet"],
};
// MediaPipe's left is the person's own left, whichever way they face.
const LEFT_SIDE = new Set<number>([
  LANDMARK.leftShoulder,
  LANDMARK.leftElbow,
  LANDMARK.leftWrist,
  LANDMARK.leftHip,
  LANDMARK.leftKnee,
  LANDMARK.leftAnkle,
]);
const OTHER_SIDE = (index: number) => (LEFT_SIDE.has(index) ? index + 1 : index - 1);

/** Where a joint that is not in the picture is, in the patient's words, with what to do. */
function whereMissing(landmark: Landmark | undefined, plural: boolean): { where: string; fix: string } {
  if (!isVisible(landmark)) {
    return { where: "out of view", fix: `Step back, or turn so the camera sees ${plural ? "them" : "it"}.` };
  }
  if (landmark.y > 1 - EDGE_MARGIN) return { where: "below the picture", fix: "Step back, or tilt the camera down." };
  if (landmark.y < EDGE_MARGIN) return { where: "above the picture", fix: "Step back, or tilt the camera up." };
  return { where: "at the edge of the picture", fix: "Move towards the middle of the picture." };
}

/** "Your left hand is below the picture. Step back, or tilt the camera down." for the first joint
 * of ``joints`` the camera cannot use; both sides named together when both are missing. */
export function missingJointInstruction(pose: Pose, joints: readonly number[]): string | null {
  const missing = joints.find((index) => !inPicture(pose[index]));
  if (missing === undefined) return null;
  const [one, both] = JOINT_WORDS[missing] ?? ["body", "body"];
  const bothMissing = !inPicture(pose[OTHER_SIDE(missing)]);
  const { where, fix } = whereMissing(pose[missing], bothMissing);
  const subject = bothMissing ? `Your ${both} are` : `Your ${LEFT_SIDE.has(missing) ? "left" : "right"} ${one} is`;
  return `${subject} ${where}. ${fix}`;
}

function distancePx(a: Landmark | undefined, b: Landmark | undefined, frame: FrameSize): number {
  if (!isVisible(a) || !isVisible(b)) return 0;
  return Math.hypot((a.x - b.x) * frame.width, (a.y - b.y) * frame.height);
}

/** The distance between two landmarks the camera actually sees, 0 when either is only predicted
 * beyond the picture's edge (a seated patient's hips and knees below a chest-up picture). */
function seenDistancePx(a: Landmark | undefined, b: Landmark | undefined, frame: FrameSize): number {
  const inside = (landmark: Landmark) => landmark.x >= 0 && landmark.x <= 1 && landmark.y >= 0 && landmark.y <= 1;
  if (!isVisible(a) || !isVisible(b) || !inside(a) || !inside(b)) return 0;
  return Math.hypot((a.x - b.x) * frame.width, (a.y - b.y) * frame.height);
}

// Upper arm and thigh are each about 0.6 of the torso's length in adults.
const LIMB_TO_TORSO = 1 / 0.6;

/** The torso's length as a share of the picture's height, estimated from whatever is in view
 * (the torso itself, or an upper arm or a thigh); 0 when nothing usable is seen. */
export function bodySize(pose: Pose, frame: FrameSize): number {
  const L = LANDMARK;
  const at = (index: number) => pose[index];
  const estimates = [
    seenDistancePx(at(L.leftShoulder), at(L.leftHip), frame),
    seenDistancePx(at(L.rightShoulder), at(L.rightHip), frame),
    seenDistancePx(at(L.leftShoulder), at(L.leftElbow), frame) * LIMB_TO_TORSO,
    seenDistancePx(at(L.rightShoulder), at(L.rightElbow), frame) * LIMB_TO_TORSO,
    seenDistancePx(at(L.leftHip), at(L.leftKnee), frame) * LIMB_TO_TORSO,
    seenDistancePx(at(L.rightHip), at(L.rightKnee), frame) * LIMB_TO_TORSO,
  ];
  return Math.max(...estimates) / frame.height;
}

/** Where the visible body is, across the picture (0 left .. 1 right, as the camera sees it). */
function horizontalCentre(pose: Pose): number | null {
  const seen = pose.filter(isVisible);
  if (seen.length === 0) return null;
  return seen.reduce((sum, landmark) => sum + landmark.x, 0) / seen.length;
}

/** The camera sees the patient as someone facing them does: the picture's left edge is the
 * patient's right. Cut off on the left of the picture, they should move to their left. */
function sidewaysHint(pose: Pose): string | null {
  const centre = horizontalCentre(pose);
  if (centre === null) return null;
  if (centre < 0.25) return "Move a little to your left so you are in the middle of the picture.";
  if (centre > 0.75) return "Move a little to your right so you are in the middle of the picture.";
  return null;
}

/** Raising an arm forward or sideways needs an arm's length of picture above the shoulder: about
 * twice the upper arm (the hand may be out of the picture while it rests). */
function roomAboveShoulder(pose: Pose, joints: readonly number[], frame: FrameSize): boolean {
  const [shoulder, elbow] = joints.map((index) => pose[index]);
  if (!isVisible(shoulder)) return true;
  return shoulder.y * frame.height - 2 * distancePx(shoulder, elbow, frame) >= 0;
}

export function assessSetup(
  pose: Pose | null,
  exercise: ExerciseType,
  side: Side | null,
  frame: FrameSize,
  /** The picture's mean brightness (``pictureBrightness``), null while not measured. */
  brightness: number | null = null,
): SetupAssessment {
  const info = EXERCISES[exercise];
  const result = (failing: CheckId | null, instruction: string): SetupAssessment => {
    const order: CheckId[] = ["light", "person", "joints", "distance"];
    const failedAt = failing === null ? order.length : order.indexOf(failing);
    return {
      checks: order.map((id, index) => ({ id, label: LABELS[id], ok: index < failedAt })),
      ok: failing === null,
      instruction,
    };
  };

  if (brightness !== null && brightness < MIN_BRIGHTNESS) {
    return result("light", "The picture is too dark. Turn on a light, or face a window.");
  }
  if (!pose || !pose.some(isVisible)) {
    return result("person", "We cannot see you yet. Stand in front of the camera.");
  }

  const jointSets = jointSetsFor(exercise, side);
  const visibleSet = jointSets.find((joints) => joints.every((index) => inPicture(pose[index])));
  if (!visibleSet) {
    const hint = sidewaysHint(pose);
    if (hint) return result("joints", hint);
    // The side that is nearest to ready is the one to talk about.
    const missingCount = (joints: readonly number[]) => joints.filter((index) => !inPicture(pose[index])).length;
    const closest = jointSets.reduce((best, joints) => (missingCount(joints) < missingCount(best) ? joints : best));
    return result("joints", missingJointInstruction(pose, closest) ?? "Step back a little.");
  }

  const size = bodySize(pose, frame);
  if (size < MIN_BODY_SIZE) {
    return result("distance", "Come a little closer to the camera.");
  }
  if (size > MAX_BODY_SIZE && !info.wholeBody) {
    return result("distance", "Step back a little: you are too close to the camera.");
  }
  const raisesArm = exercise === "shoulder-flexion" || exercise === "shoulder-abduction";
  if (raisesArm && !roomAboveShoulder(pose, visibleSet, frame)) {
    return result("distance", "Step back a little so your raised arm stays in the picture.");
  }
  return result(null, "That's it. Stay there a moment.");
}

/** During a set the server says a joint is out of view only once it has been gone this long
 * (exercise_logic/view.py, OUT_OF_VIEW_AFTER_S), and bridges shorter losses. The setup check
 * forgives the same: a hand the pose model loses at the top of each curl is still in view. */
export const LOST_JOINT_GRACE_MS = 1000;

export interface HeldPose {
  /** The frame's pose, with each joint lost for less than LOST_JOINT_GRACE_MS where it was last seen. */
  pose: Pose;
  /** When each landmark was last seen (ms), -Infinity if never. */
  seenAt: readonly number[];
}

export const NOTHING_HELD: HeldPose = { pose: emptyPose(), seenAt: Array<number>(LANDMARK_COUNT).fill(-Infinity) };

/** The pose the setup check judges: ``pose`` (null when nobody is detected), with every joint the
 * model lost less than LOST_JOINT_GRACE_MS ago held where it was last seen, so a joint whose
 * confidence flickers does not flip the checklist twice a second. */
export function holdBrieflyLostJoints(previous: HeldPose, pose: Pose | null, nowMs: number): HeldPose {
  const current = pose ?? emptyPose();
  const seenAt = current.map((landmark, index) => (isVisible(landmark) ? nowMs : previous.seenAt[index]!));
  const held = current.map((landmark, index) =>
    !isVisible(landmark) && nowMs - seenAt[index]! < LOST_JOINT_GRACE_MS ? previous.pose[index]! : landmark,
  );
  return { pose: held, seenAt };
}

export interface SteadyState {
  /** The last STEADY_WINDOW_MS of frames: when, and whether the checks passed. */
  recent: readonly { at: number; ok: boolean }[];
  /** Since when the checks have mostly passed (ms), null while they mostly fail. */
  okSince: number | null;
  ready: boolean;
}

export const NOT_STEADY: SteadyState = { recent: [], okSince: null, ready: false };

/** Ready once the checks have mostly passed (STEADY_SHARE of the frames) for STEADY_MS. A patient
 * still walking into place is not started too early, and one who keeps moving a little, or a
 * joint the model loses for a frame, does not start the wait over. */
export function trackSteadiness(previous: SteadyState, ok: boolean, nowMs: number): SteadyState {
  const recent = [...previous.recent.filter((frame) => nowMs - frame.at < STEADY_WINDOW_MS), { at: nowMs, ok }];
  const mostlyOk = recent.filter((frame) => frame.ok).length >= STEADY_SHARE * recent.length;
  if (!mostlyOk) return { recent, okSince: null, ready: false };
  const okSince = previous.okSince ?? (ok ? nowMs : null);
  return { recent, okSince, ready: okSince !== null && nowMs - okSince >= STEADY_MS };
}

/** Mean brightness (0..255) of RGBA pixels, as the eye weighs the colours. */
export function pictureBrightness(pixels: ArrayLike<number>): number {
  let sum = 0;
  let count = 0;
  for (let index = 0; index + 2 < pixels.length; index += 4) {
    sum += 0.299 * (pixels[index] ?? 0) + 0.587 * (pixels[index + 1] ?? 0) + 0.114 * (pixels[index + 2] ?? 0);
    count += 1;
  }
  return count === 0 ? 0 : sum / count;
}
