// What the patient is asked to do in one session, in the order it is done: a planned routine
// (a week plan item: its combo's exercises, each for some sets of some reps) or one exercise
// chosen freely. The screen walks through it set by set.
import type { Combo } from "../api/types";
import type { ExerciseType, Side } from "./exercises";

export interface PlannedExercise {
  exercise: ExerciseType;
  side: Side | null;
  sets: number;
  reps: number;
  targetRomDeg: number | null;
  restSeconds: number;
}

export interface SessionPlan {
  title: string;
  weekPlanItemId: number | null;
  exercises: PlannedExercise[];
}

/** Where in the plan the patient is: which exercise, which set of it (1-based). */
export interface PlanPosition {
  exerciseIndex: number;
  setNumber: number;
}

export const FIRST_POSITION: PlanPosition = { exerciseIndex: 0, setNumber: 1 };

/** A free session: three sets of ten, on whichever side moves, a minute's rest between. */
export const FREE_SETS = 3;
export const FREE_REPS = 10;
export const FREE_REST_SECONDS = 60;

export function planFromCombo(combo: Combo, weekPlanItemId: number): SessionPlan {
  return {
    title: combo.name,
    weekPlanItemId,
    // The camera's exercises; the patient records the self-reported ones from Today.
    exercises: [...combo.items]
      .sort((a, b) => a.position - b.position)
      .flatMap((item) => (item.exercise_type === null ? [] : [{ ...item, exercise_type: item.exercise_type }]))
      .map((item) => ({
        exercise: item.exercise_type,
        side: item.side,
        sets: item.sets,
        reps: item.reps,
        targetRomDeg: item.target_rom_deg,
        restSeconds: item.rest_seconds,
      })),
  };
}

export function freePlan(exercise: ExerciseType, title: string): SessionPlan {
  return {
    title,
    weekPlanItemId: null,
    exercises: [
      {
        exercise,
        side: null,
        sets: FREE_SETS,
        reps: FREE_REPS,
        targetRomDeg: null,
        restSeconds: FREE_REST_SECONDS,
      },
    ],
  };
}

export function plannedAt(plan: SessionPlan, position: PlanPosition): PlannedExercise {
  const planned = plan.exercises[position.exerciseIndex];
  if (!planned) throw new RangeError(`No exercise ${position.exerciseIndex} in the plan`);
  return planned;
}

/** The set after this one, or null when this was the last. */
export function nextPosition(plan: SessionPlan, position: PlanPosition): PlanPosition | null {
  const planned = plan.exercises[position.exerciseIndex];
  if (planned && position.setNumber < planned.sets) {
    return { exerciseIndex: position.exerciseIndex, setNumber: position.setNumber + 1 };
  }
  const nextIndex = position.exerciseIndex + 1;
  return nextIndex < plan.exercises.length ? { exerciseIndex: nextIndex, setNumber: 1 } : null;
}

export function totalSets(plan: SessionPlan): number {
  return plan.exercises.reduce((sum, planned) => sum + planned.sets, 0);
}

/** 1-based number of this set across the whole session ("set 4 of 7"). */
export function overallSetNumber(plan: SessionPlan, position: PlanPosition): number {
  const before = plan.exercises.slice(0, position.exerciseIndex).reduce((sum, planned) => sum + planned.sets, 0);
  return before + position.setNumber;
}
