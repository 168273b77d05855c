// The exercises the camera screen can count, as the patient meets them: where to stand,
// and the joints the camera must see. The server's engine (exercise_logic/exercises.py) measures
// the same joints; this table only guides the patient into place.
import type { ExerciseType, Side } from "../ui/vocabulary";
import { LANDMARK } from "./pose/landmarks";

export type { ExerciseType, Side };

interface Sided {
  left: readonly number[];
  right: readonly number[];
}

export interface ExerciseInfo {
  type: ExerciseType;
  /** Where and how to stand, in one or two plain sentences. */
  placement: string;
  /** The joints the camera must see on the side being counted. */
  joints: Sided;
  /** True when the feet must be in view (whole-body exercises). */
  wholeBody: boolean;
}

const L = LANDMARK;
const ARM = {
  left: [L.leftShoulder, L.leftElbow, L.leftWrist],
  right: [L.rightShoulder, L.rightElbow, L.rightWrist],
};
// An arm raise measures the upper arm's angle from the trunk's long axis, at the shoulder. The hips are not
// needed: a patient seated and framed from the chest up is taken as sitting upright, the trunk
// straight down from the shoulder, as the server's engine does. Nor is the hand, so a hand that
// rests at the picture's bottom edge does not hold the patient up.
const SHOULDER_ANGLE = {
  left: [L.leftShoulder, L.leftElbow],
  right: [L.rightShoulder, L.rightElbow],
};
const LEG = {
  left: [L.leftShoulder, L.leftHip, L.leftKnee, L.leftAnkle],
  right: [L.rightShoulder, L.rightHip, L.rightKnee, L.rightAnkle],
};

export const EXERCISES: Readonly<Record<ExerciseType, ExerciseInfo>> = {
  "bicep-curl": {
    type: "bicep-curl",
    placement:
      "Stand or sit side-on to the camera with your arm by your side. Your shoulder, elbow and hand must be in view.",
    joints: ARM,
    wholeBody: false,
  },
  "shoulder-flexion": {
    type: "shoulder-flexion",
    placement:
      "Stand or sit side-on to the camera, arms by your sides, with room to raise your arm forward above your head. From the chest up is enough.",
    joints: SHOULDER_ANGLE,
    wholeBody: false,
  },
  "shoulder-abduction": {
    type: "shoulder-abduction",
    placement:
      "Stand or sit facing the camera with your arms by your sides, with room to raise your arm out to the side. From the chest up is enough.",
    joints: SHOULDER_ANGLE,
    wholeBody: false,
  },
  squat: {
    type: "squat",
    placement:
      "Stand side-on to the camera, feet hip-width apart, whole body in view from head to feet. Keep a chair nearby for balance.",
    joints: LEG,
    wholeBody: true,
  },
  "knee-raise": {
    type: "knee-raise",
    placement: "Stand side-on to the camera with your whole body in view, holding a chair or counter for balance.",
    joints: LEG,
    wholeBody: true,
  },
};

export function isExerciseType(value: string | null | undefined): value is ExerciseType {
  return value != null && Object.hasOwn(EXERCISES, value);
}

/** The joint sets to look for: the prescribed side, or either side when any will do. */
export function jointSetsFor(exercise: ExerciseType, side: Side | null): (readonly number[])[] {
  const { joints } = EXERCISES[exercise];
  if (side === "left") return [joints.left];
  if (side === "right") return [joints.right];
  return [joints.left, joints.right];
}

const PHASES: Record<string, string> = {
  flexing: "Curling up",
  extending: "Lowering",
  raising: "Raising",
  lowering: "Lowering",
  down: "Going down",
  up: "Coming up",
};

/** The engine's phase name ("flexing", "down"...) as words for the patient. */
export function phaseLabel(phase: string): string {
  return PHASES[phase] ?? phase.charAt(0).toUpperCase() + phase.slice(1);
}

/** A sentence from the engine's lower-case feedback ("keep your elbow still"). */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}
