// The live exercise stream's messages (backend/telerehab/routers/exercise_sessions.py): what the
// app sends, and the server's answers parsed into a typed union. Anything unexpected from the
// server is dropped rather than trusted.
import type { components } from "../../api/schema";
import type { ExerciseType, Side } from "../exercises";

export type SessionDetail = components["schemas"]["SessionDetailRead"];
export type WorkoutSession = components["schemas"]["WorkoutSessionRead"];

export interface SetPrescription {
  exercise: ExerciseType;
  side: Side | null;
  reps_target: number | null;
  target_rom_deg: number | null;
  fps: number;
}

export interface Rating {
  pain_score: number;
  difficulty: number;
}

export type ClientMessage =
  | { type: "auth"; token: string }
  | ({ type: "start_set" } & SetPrescription)
  | { type: "end_set" }
  | ({ type: "finish" } & Rating)
  | { type: "ping" };

export interface RepCompleted {
  type: "rep_completed";
  index: number;
  range_of_motion_deg: number;
  good: boolean | null;
  form_flags: string[];
  side: Side;
}

export type ServerMessage =
  | { type: "ready"; session_id: number }
  | { type: "set_started"; exercise: string }
  | RepCompleted
  | { type: "phase_changed"; phase: string }
  | { type: "form_feedback"; code: string; message: string }
  | { type: "out_of_view"; message: string; missing_joints: string[] }
  | { type: "in_view" }
  | { type: "set_saved"; detail: SessionDetail | null }
  | { type: "finished"; session: WorkoutSession }
  | { type: "error"; detail: string }
  | { type: "pong" };

export function encode(message: ClientMessage): string {
  return JSON.stringify(message);
}

/** The server sends at most 120 fps and the engine wants a positive rate. */
export function streamFps(measured: number): number {
  if (!Number.isFinite(measured) || measured <= 0) return 30;
  return Math.min(120, Math.max(1, Math.round(measured * 10) / 10));
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isNumber = (value: unknown): value is number =>
  typeof value === "number" && Number.isFinite(value);
const isString = (value: unknown): value is string => typeof value === "string";
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter(isString) : [];

export function parseServerMessage(raw: string): ServerMessage | null {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isObject(data) || !isString(data.type)) return null;
  switch (data.type) {
    case "ready":
      return isNumber(data.session_id) ? { type: "ready", session_id: data.session_id } : null;
    case "set_started":
      return { type: "set_started", exercise: isString(data.exercise) ? data.exercise : "" };
    case "rep_completed":
      if (!isNumber(data.index) || !isNumber(data.range_of_motion_deg)) return null;
      return {
        type: "rep_completed",
        index: data.index,
        range_of_motion_deg: data.range_of_motion_deg,
        good: typeof data.good === "boolean" ? data.good : null,
        form_flags: strings(data.form_flags),
        side: data.side === "left" || data.side === "right" ? data.side : "both",
      };
    case "phase_changed":
      return isString(data.phase) ? { type: "phase_changed", phase: data.phase } : null;
    case "form_feedback":
      return isString(data.message)
        ? { type: "form_feedback", code: isString(data.code) ? data.code : "", message: data.message }
        : null;
    case "out_of_view":
      return {
        type: "out_of_view",
        message: isString(data.message) ? data.message : "step into view",
        missing_joints: strings(data.missing_joints),
      };
    case "in_view":
      return { type: "in_view" };
    case "set_saved":
      return { type: "set_saved", detail: isObject(data.detail) ? (data.detail as SessionDetail) : null };
    case "finished":
      return isObject(data.session)
        ? { type: "finished", session: data.session as unknown as WorkoutSession }
        : null;
    case "error":
      return { type: "error", detail: isString(data.detail) ? data.detail : "Unknown error" };
    case "pong":
      return { type: "pong" };
    default:
      return null;
  }
}

/** Close codes the server ends a stream with, and whether trying again can help. */
export type CloseVerdict = "done" | "reauthenticate" | "reconnect" | "give-up";

export function closeVerdict(code: number): CloseVerdict {
  switch (code) {
    case 1000:
      return "done";
    case 4401:
      return "reauthenticate";
    case 4000: // a newer window took over this session: reconnecting would take it back
    case 4403:
    case 4404:
    case 4409:
      return "give-up";
    default:
      return "reconnect";
  }
}

export function closeMessage(code: number): string {
  switch (code) {
    case 4401:
      return "Your sign-in has expired. Sign in again, then start the exercise again.";
    case 4403:
      return "Only a patient account can record exercises.";
    case 4404:
      return "This exercise session could not be found. Go back to Today and start again.";
    case 4409:
      return "This exercise session is already finished.";
    case 4000:
      return "This exercise continued in another window or tab. The reps counted here are saved.";
    default:
      return "The connection to the clinic was lost.";
  }
}

/** Waits between reconnection attempts: quick at first, then every 8 seconds. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(8000, 500 * 2 ** Math.max(0, attempt - 1));
}

export function streamUrl(location: Pick<Location, "protocol" | "host">, sessionId: number): string {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${location.host}/api/v1/exercise-sessions/${sessionId}/stream`;
}
