// The clinic's enumerations, from the generated schema, with their values in a fixed order for
// pickers.
import type { components } from "../api/schema";

type Schemas = components["schemas"];
export type ExerciseType = Schemas["ExerciseType"];
export type Side = Schemas["Side"];
export type Weekday = Schemas["Weekday"];
export type UserRole = Schemas["UserRole"];
export type BrainGame = Schemas["BrainGame"];
export type NotificationKind = Schemas["NotificationKind"];

export const EXERCISE_TYPES = [
  "shoulder-flexion",
  "shoulder-abduction",
  "bicep-curl",
  "squat",
  "knee-raise",
] as const satisfies readonly ExerciseType[];
export const SIDES = ["both", "left", "right"] as const satisfies readonly Side[];
export const WEEKDAYS = [
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
] as const satisfies readonly Weekday[];
