import type { BodyRegion, ExerciseGoal, LibraryExercise } from "../api/types";
import { plural } from "../ui/format";

export const REGION_LABELS: Record<BodyRegion, string> = {
  shoulder: "Shoulder",
  elbow: "Elbow",
  hip: "Hip",
  knee: "Knee",
  ankle: "Ankle",
  spine: "Spine",
};

export const GOAL_LABELS: Record<ExerciseGoal, string> = {
  strength: "Strength",
  range_of_motion: "Range of motion",
  balance: "Balance",
};

export const RECORDING_LABELS: Record<LibraryExercise["recording"], string> = {
  camera: "Counted by the camera",
  self_report: "You enter sets and reps",
};

/** "3 sets × 10 reps, hold 3 s, rest 60 s". */
export function doseLabel(dose: LibraryExercise["dose"]): string {
  const hold = dose.hold_seconds ? `, hold ${dose.hold_seconds} s` : "";
  return `${plural(dose.sets, "set")} × ${plural(dose.reps, "rep")}${hold}, rest ${dose.rest_seconds} s`;
}
