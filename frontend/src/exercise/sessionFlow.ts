// The exercise session as a state machine, from the first set's setup to the summary. Pure: the
// screen dispatches what happened (a button, a server message, a saved set) and renders the
// state, so every step can be tested without a camera or a server.
import { sentence, type ExerciseType } from "./exercises";
import type { ServerMessage, SessionDetail, WorkoutSession } from "./live/protocol";
import { landmarkLabel, LANDMARK, type LandmarkName } from "./pose/landmarks";
import { FIRST_POSITION, nextPosition, plannedAt, type PlanPosition, type SessionPlan } from "./plan";

export type Stage =
  | "setup" // camera, pose model and framing check for the exercise at `position`
  | "countdown"
  | "active"
  | "saving" // the set is over; the server is storing it
  | "rest" // between sets
  | "rating"
  | "finishing"
  | "summary";

export interface SetOutcome {
  position: PlanPosition;
  exercise: ExerciseType;
  reps: number;
  repsTarget: number;
  romMeanDeg: number | null;
  /** Why the saved count differs from the one shown during the set (null when it does not). */
  countNote: string | null;
  /** Reps counted but flagged uncertain by the engine (null: not known, e.g. connection lost). */
  uncertainReps: number | null;
}

export interface LastRep {
  romDeg: number;
  good: boolean | null;
}

export interface FlowState {
  plan: SessionPlan;
  stage: Stage;
  position: PlanPosition;
  /** Reps counted live in this set. */
  reps: number;
  /** Of those, the reps the engine flagged uncertain as it counted them. */
  uncertainReps: number;
  /** Reps already shown when the connection came back: the server counts the set again from its
   * first frame, and its rep events up to this index repeat ones shown. */
  repsReplayed: number;
  phase: string | null;
  feedback: string | null;
  /** What to do while the needed joints are out of view; null while they are seen. */
  outOfView: string | null;
  /** The server's word on a saved count that differs from the live one (set_saved). */
  countNote: string | null;
  lastRep: LastRep | null;
  sets: SetOutcome[];
  finishError: string | null;
  session: WorkoutSession | null;
}

export type FlowEvent =
  | { type: "start" }
  | { type: "countdown-done" }
  | { type: "start-failed" }
  | { type: "server"; message: ServerMessage }
  | { type: "set-resumed" }
  | { type: "end-set" }
  | {
      type: "set-saved";
      /** The set as stored; null when the server has not said so in time. */
      detail: SessionDetail | null;
    }
  | { type: "next-set" }
  | { type: "finish-early" }
  | { type: "submit-rating" }
  | { type: "finish-failed"; message: string }
  | { type: "finished"; session: WorkoutSession };

const FRESH_SET = {
  reps: 0,
  uncertainReps: 0,
  repsReplayed: 0,
  phase: null,
  feedback: null,
  outOfView: null,
  countNote: null,
  lastRep: null,
} satisfies Partial<FlowState>;

export function initialFlow(plan: SessionPlan): FlowState {
  return {
    plan,
    stage: "setup",
    position: FIRST_POSITION,
    ...FRESH_SET,
    sets: [],
    finishError: null,
    session: null,
  };
}

const JOINT_NAMES = new Set(Object.keys(LANDMARK));

/** "right_elbow" (the server's joint names) as "right elbow". */
function jointWords(name: string): string {
  const camel = name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
  return JOINT_NAMES.has(camel) ? landmarkLabel(LANDMARK[camel as LandmarkName]) : name.replace(/_/g, " ");
}

export function outOfViewInstruction(missingJoints: readonly string[]): string {
  if (missingJoints.length === 0) return "Step back into view of the camera.";
  const words = missingJoints.map(jointWords);
  const list = words.length === 1 ? words[0] : `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
  return `Step back into view: the camera cannot see your ${list}.`;
}

function onServerMessage(state: FlowState, message: ServerMessage): FlowState {
  if (state.stage !== "active" && state.stage !== "saving") return state;
  switch (message.type) {
    case "rep_completed":
      if (message.index <= state.repsReplayed) return state; // shown before the reconnection
      return {
        ...state,
        reps: state.reps + 1,
        uncertainReps: state.uncertainReps + (message.confidence_band === "uncertain" ? 1 : 0),
        lastRep: { romDeg: message.range_of_motion_deg, good: message.good },
      };
    case "phase_changed":
      return { ...state, phase: message.phase };
    case "form_feedback":
      return { ...state, feedback: sentence(message.message) };
    case "out_of_view":
      return { ...state, outOfView: outOfViewInstruction(message.missing_joints) };
    case "in_view":
      return { ...state, outOfView: null };
    case "set_saved":
      return { ...state, countNote: message.count_note ?? null };
    default:
      return state;
  }
}

export function flowReducer(state: FlowState, event: FlowEvent): FlowState {
  switch (event.type) {
    case "start":
      return state.stage === "setup" || state.stage === "rest" ? { ...state, stage: "countdown" } : state;
    case "countdown-done":
      return state.stage === "countdown" ? { ...state, ...FRESH_SET, stage: "active" } : state;
    case "start-failed":
      // The session could not be opened on the server: back to the setup, which says why.
      return state.stage === "countdown" || state.stage === "active"
        ? { ...state, ...FRESH_SET, stage: "setup" }
        : state;
    case "server":
      return onServerMessage(state, event.message);
    case "set-resumed":
      // The set is counted again from its first frame: the live count goes on from where it was.
      return state.stage === "active" || state.stage === "saving" ? { ...state, repsReplayed: state.reps } : state;
    case "end-set":
      return state.stage === "active" ? { ...state, stage: "saving" } : state;
    case "set-saved": {
      if (state.stage !== "saving") return state;
      const planned = plannedAt(state.plan, state.position);
      const outcome: SetOutcome = {
        position: state.position,
        exercise: planned.exercise,
        reps: event.detail?.reps_done ?? state.reps,
        repsTarget: planned.reps,
        romMeanDeg: event.detail?.rom_mean_deg ?? null,
        countNote: state.countNote,
        uncertainReps: event.detail ? event.detail.uncertain_reps : state.uncertainReps,
      };
      const reps = outcome.reps;
      const more = nextPosition(state.plan, state.position) !== null;
      return { ...state, reps, sets: [...state.sets, outcome], stage: more ? "rest" : "rating" };
    }
    case "next-set": {
      if (state.stage !== "rest") return state;
      const next = nextPosition(state.plan, state.position);
      if (!next) return { ...state, stage: "rating" };
      const sameExercise = next.exerciseIndex === state.position.exerciseIndex;
      // A new exercise needs other joints in view: check the framing again.
      return { ...state, ...FRESH_SET, position: next, stage: sameExercise ? "countdown" : "setup" };
    }
    case "finish-early":
      return state.sets.length > 0 && (state.stage === "rest" || state.stage === "setup")
        ? { ...state, stage: "rating" }
        : state;
    case "submit-rating":
      return state.stage === "rating" ? { ...state, stage: "finishing", finishError: null } : state;
    case "finish-failed":
      return state.stage === "finishing" ? { ...state, stage: "rating", finishError: event.message } : state;
    case "finished":
      return { ...state, stage: "summary", session: event.session, finishError: null };
  }
}

/** Share of the rep goal reached, 0..1, for the progress bar. */
export function repProgress(reps: number, target: number): number {
  if (target <= 0) return 0;
  return Math.min(1, reps / target);
}

/** What leaving the screen now would lose, in the words of the question asked before it goes;
 * null when nothing would be. ``unsavedSets``: sets the server has not stored yet (the one in
 * progress among them; more while the connection is down). */
export function unsavedWork(stage: Stage, unsavedSets: number): string | null {
  if (stage === "active" || stage === "saving") {
    return "Your set is not saved yet. End it first, or it may be lost.";
  }
  if (unsavedSets === 0) return null;
  const sets = unsavedSets === 1 ? "Your last set has" : `${unsavedSets} of your sets have`;
  const them = unsavedSets === 1 ? "it" : "them";
  return `${sets} not reached the clinic yet; the app sends ${them} once the connection is back. If you leave now, ${unsavedSets === 1 ? "it is" : "they are"} lost.`;
}
