// How the clinic's values read on screen. Times arrive in UTC (ISO 8601) and are shown in the
// viewer's time zone (their account's: ui/timeZones.ts); plain dates ("2026-03-02") are calendar
// days and never shift.
import { viewerTimeZone } from "./timeZones";
import type { BrainGame, ExerciseType, NotificationKind, Side, UserRole, Weekday } from "./vocabulary";

export const browserLocale: string =
  typeof navigator !== "undefined" && navigator.language ? navigator.language : "en-GB";

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A Date for a plain calendar day at local midnight, or for a UTC timestamp. */
export function toDate(value: string): Date {
  if (DATE_ONLY.test(value)) {
    const [year, month, day] = value.split("-").map(Number) as [number, number, number];
    return new Date(year, month - 1, day);
  }
  return new Date(value);
}

/** An instant in the viewer's zone; a plain calendar day as that very day, in any zone. */
function format(value: string, options: Intl.DateTimeFormatOptions, locale: string): string {
  if (DATE_ONLY.test(value)) {
    const [year, month, day] = value.split("-").map(Number) as [number, number, number];
    return new Intl.DateTimeFormat(locale, { ...options, timeZone: "UTC" }).format(Date.UTC(year, month - 1, day));
  }
  return new Intl.DateTimeFormat(locale, { timeZone: viewerTimeZone(), ...options }).format(new Date(value));
}

export function formatDate(
  value: string | null | undefined,
  options: Intl.DateTimeFormatOptions = { day: "numeric", month: "short", year: "numeric" },
  locale = browserLocale,
): string {
  if (!value) return "—";
  return format(value, options, locale);
}

export function formatDateTime(value: string | null | undefined, locale = browserLocale): string {
  if (!value) return "—";
  return format(
    value,
    { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" },
    locale,
  );
}

export function formatTime(value: string | null | undefined, locale = browserLocale): string {
  if (!value) return "—";
  return format(value, { hour: "2-digit", minute: "2-digit" }, locale);
}

const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 7],
  ["week", 4.345],
  ["month", 12],
  ["year", Number.POSITIVE_INFINITY],
];

/** "5 minutes ago", "yesterday", "in 2 days". */
export function formatRelative(
  value: string | null | undefined,
  now: number = Date.now(),
  locale = browserLocale,
): string {
  if (!value) return "never";
  let amount = (toDate(value).getTime() - now) / 1000;
  const format = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(amount) < size) return format.format(Math.round(amount), unit);
    amount /= size;
  }
  return format.format(Math.round(amount), "year");
}

export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return "—";
  return `${Math.round(ratio * 100)}%`;
}

export function formatDegrees(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  return `${Math.round(value)}°`;
}

/** 286.2 -> "4 min 46 s"; 40 -> "40 s". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "—";
  const whole = Math.round(seconds);
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  if (minutes === 0) return `${rest} s`;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

/** Whole years between a birth date and a day (both "YYYY-MM-DD"). */
export function ageInYears(dateOfBirth: string, on: Date = new Date()): number {
  const born = toDate(dateOfBirth);
  let age = on.getFullYear() - born.getFullYear();
  const hadBirthday =
    on.getMonth() > born.getMonth() || (on.getMonth() === born.getMonth() && on.getDate() >= born.getDate());
  if (!hadBirthday) age -= 1;
  return age;
}

export const EXERCISE_LABELS: Record<ExerciseType, string> = {
  "bicep-curl": "Bicep curl",
  "shoulder-flexion": "Shoulder flexion",
  "shoulder-abduction": "Shoulder abduction",
  squat: "Squat",
  "knee-raise": "Knee raise",
};

export const SIDE_LABELS: Record<Side, string> = {
  left: "Left",
  right: "Right",
  both: "Both sides",
};

export const WEEKDAY_LABELS: Record<Weekday, string> = {
  monday: "Monday",
  tuesday: "Tuesday",
  wednesday: "Wednesday",
  thursday: "Thursday",
  friday: "Friday",
  saturday: "Saturday",
  sunday: "Sunday",
};

export const ROLE_LABELS: Record<UserRole, string> = {
  doctor: "Doctor",
  patient: "Patient",
  admin: "Administrator",
};

export const BRAIN_GAME_LABELS: Record<BrainGame, string> = {
  "memory-match": "Memory match",
  "reaction-time": "Reaction time",
  stroop: "Stroop",
  "sequence-recall": "Sequence recall",
};

export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  message: "Message",
  appointment_booked: "Appointment booked",
  appointment_moved: "Appointment moved",
  appointment_cancelled: "Appointment cancelled",
  week_plan: "Week plan",
  missed_session: "Missed session",
  reminder: "Reminder",
  general: "Notice",
};

export function exerciseLabel(type: ExerciseType): string {
  return EXERCISE_LABELS[type];
}

export function sideLabel(side: Side | null | undefined): string {
  return side ? SIDE_LABELS[side] : "—";
}

/** "Dr. Amara Okafor" -> "Dr. Amara Okafor"; first name for a friendly greeting. */
export function firstName(fullName: string): string {
  return fullName.replace(/^Dr\.?\s+/i, "").split(/\s+/)[0] ?? fullName;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The engine's doubt about a count, the same on the patient's screens and in the doctor's view:
 * "counted 12, 2 of them uncertain"; null when no rep is uncertain or the set was not rated
 * (stored before the engine rated its reps). An uncertain rep is still counted. */
export function uncertainWording(reps: number, uncertain: number | null | undefined): string | null {
  if (!uncertain) return null;
  if (uncertain === reps) return reps === 1 ? "counted 1, uncertain" : `counted ${reps}, all of them uncertain`;
  return `counted ${reps}, ${uncertain} of them uncertain`;
}
