// The live exercise stream's messages, both ways, as the server publishes them in its OpenAPI
// components (StreamClientMessage, StreamServerMessage; the protocol is described in
// backend/telerehab/live/stream.py). A server message is used only once the fields the app reads
// are there with the right types; anything else is dropped rather than trusted.
import type { components } from "../../api/schema";

type Schemas = components["schemas"];

export type SessionDetail = Schemas["SessionDetailRead"];
export type WorkoutSession = Schemas["WorkoutSessionRead"];
export type ClientMessage = Schemas["StreamClientMessage"];
export type ServerMessage = Schemas["StreamServerMessage"];
export type RepCompleted = Schemas["RepCompletedEvent"];
/** What the screen says of a set; the stream adds the key it keeps the set under. */
export type SetPrescription = Omit<Schemas["StreamStartSet"], "type" | "set_key">;

type Finish = Schemas["ExerciseSessionFinish"];
/** The patient's rating of a session: the app always asks for both scores. */
export interface Rating {
  pain_score: NonNullable<Finish["pain_score"]>;
  difficulty: NonNullable<Finish["difficulty"]>;
}

export function encode(message: ClientMessage): string {
  return JSON.stringify(message);
}

/** The server sends at most 120 fps and the engine wants a positive rate. */
export function streamFps(measured: number): number {
  if (!Number.isFinite(measured) || measured <= 0) return 30;
  return Math.min(120, Math.max(1, Math.round(measured * 10) / 10));
}

/** The camera picture's width over its height, as the server takes it (0.2 to 5); 1 (taken as
 * square) while the video has no size yet. */
export function pictureAspectRatio(size: { width: number; height: number } | null): number {
  if (!size || !(size.width > 0) || !(size.height > 0)) return 1;
  return Math.min(5, Math.max(0.2, size.width / size.height));
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);
const isString = (value: unknown): value is string => typeof value === "string";
const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);

/** Per message type, whether the fields the app reads are there. Keyed by every type the server
 * publishes, so a new message type fails the typecheck until it is handled here. */
const READABLE: Record<ServerMessage["type"], (message: Json) => boolean> = {
  ready: (m) => isNumber(m.session_id),
  set_started: (m) => isString(m.exercise),
  rep_completed: (m) =>
    isNumber(m.index) &&
    isNumber(m.range_of_motion_deg) &&
    (m.good === null || typeof m.good === "boolean") &&
    isStrings(m.form_flags),
  phase_changed: (m) => isString(m.phase),
  form_feedback: (m) => isString(m.message),
  out_of_view: (m) => isString(m.message) && isStrings(m.missing_joints),
  in_view: () => true,
  set_saved: (m) => isObject(m.detail) && (m.set_key === null || isString(m.set_key)),
  finished: (m) => isObject(m.session),
  error: (m) => isString(m.detail),
  pong: () => true,
};

const isServerType = (type: string): type is ServerMessage["type"] => Object.hasOwn(READABLE, type);

export function parseServerMessage(raw: string): ServerMessage | null {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isObject(data) || !isString(data.type) || !isServerType(data.type)) return null;
  return READABLE[data.type](data) ? (data as unknown as ServerMessage) : null;
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
