// The check before a set starts: can the camera see the joints the exercise needs, and is the
// patient at a distance where the model measures them well? One plain instruction at a time, the
// most important first, as a physiotherapist would say it.
import { EXERCISES, jointSetsFor, type ExerciseType, type Side } from "./exercises";
import { isVisible, LANDMARK, type Landmark, type Pose } from "./pose/landmarks";

export type CheckId = "person" | "joints" | "distance";

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
/** How long everything must stay right before the set may start. */
export const STEADY_MS = 1000;

const LABELS: Record<CheckId, string> = {
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

function distancePx(a: Landmark | undefined, b: Landmark | undefined, frame: FrameSize): number {
  if (!isVisible(a) || !isVisible(b)) return 0;
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
    distancePx(at(L.leftShoulder), at(L.leftHip), frame),
    distancePx(at(L.rightShoulder), at(L.rightHip), frame),
    distancePx(at(L.leftShoulder), at(L.leftElbow), frame) * LIMB_TO_TORSO,
    distancePx(at(L.rightShoulder), at(L.rightElbow), frame) * LIMB_TO_TORSO,
    distancePx(at(L.leftHip), at(L.leftKnee), frame) * LIMB_TO_TORSO,
    distancePx(at(L.rightHip), at(L.rightKnee), frame) * LIMB_TO_TORSO,
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

/** Raising an arm forward or sideways needs an arm's length of picture above the shoulder. */
function roomAboveShoulder(pose: Pose, joints: readonly number[], frame: FrameSize): boolean {
  const [, shoulder, elbow, wrist] = joints.map((index) => pose[index]);
  if (!isVisible(shoulder)) return true;
  const arm = distancePx(shoulder, elbow, frame) + distancePx(elbow, wrist, frame);
  return shoulder.y * frame.height - arm >= 0;
}

export function assessSetup(
  pose: Pose | null,
  exercise: ExerciseType,
  side: Side | null,
  frame: FrameSize,
): SetupAssessment {
  const info = EXERCISES[exercise];
  const result = (failing: CheckId | null, instruction: string): SetupAssessment => {
    const order: CheckId[] = ["person", "joints", "distance"];
    const failedAt = failing === null ? order.length : order.indexOf(failing);
    return {
      checks: order.map((id, index) => ({ id, label: LABELS[id], ok: index < failedAt })),
      ok: failing === null,
      instruction,
    };
  };

  if (!pose || !pose.some(isVisible)) {
    return result("person", "We cannot see you yet. Stand in front of the camera.");
  }

  const jointSets = jointSetsFor(exercise, side);
  const visibleSet = jointSets.find((joints) => joints.every((index) => inPicture(pose[index])));
  if (!visibleSet) {
    const hint = sidewaysHint(pose);
    if (hint) return result("joints", hint);
    if (info.wholeBody) {
      return result("joints", "Step back so your whole body is in view, down to your feet.");
    }
    const which = side === "left" || side === "right" ? `${side} ` : "";
    return result("joints", `Step back a little so your whole ${which}arm is in view.`);
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
  return result(null, "That's it. Hold still for a moment.");
}

export interface SteadyState {
  /** When the checks started passing without a break (ms), null while they fail. */
  okSince: number | null;
  ready: boolean;
}

export const NOT_STEADY: SteadyState = { okSince: null, ready: false };

/** Ready once the checks have passed for STEADY_MS without a break; any failing frame starts
 * the wait over, so a patient still walking into place is not started too early. */
export function trackSteadiness(previous: SteadyState, ok: boolean, nowMs: number): SteadyState {
  if (!ok) return NOT_STEADY;
  const okSince = previous.okSince ?? nowMs;
  return { okSince, ready: nowMs - okSince >= STEADY_MS };
}
