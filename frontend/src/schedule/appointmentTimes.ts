// Appointments are stored in UTC; people book them in their own local time (their account's
// zone). These helpers turn the form's local day and clock time into UTC instants and back, and
// find clashes.
import type { Schedule } from "../api/types";
import { addDays } from "../ui/isoWeek";
import { fromWallClock, wallClock } from "../ui/timeZones";

export interface Slot {
  starts_at: string;
  ends_at: string;
}

export const DURATION_OPTIONS = [15, 30, 45, 60, 90, 120].map((minutes) => ({
  id: minutes,
  label: minutes < 60 ? `${minutes} minutes` : minutes === 60 ? "1 hour" : `${minutes / 60} hours`,
}));

/** A local calendar day and clock time ("2026-03-02", "14:30") as a UTC ISO instant. */
export function localToUtcIso(date: string, time: string): string {
  return new Date(fromWallClock(date, time)).toISOString();
}

export function addMinutes(isoInstant: string, minutes: number): string {
  return new Date(new Date(isoInstant).getTime() + minutes * 60_000).toISOString();
}

/** The local day and clock time of a UTC instant. */
export function utcToLocal(isoInstant: string): { date: string; time: string } {
  const { date, time } = wallClock(new Date(isoInstant));
  return { date, time };
}

export function durationMinutes(schedule: Pick<Schedule, "starts_at" | "ends_at">): number {
  return Math.round((new Date(schedule.ends_at).getTime() - new Date(schedule.starts_at).getTime()) / 60_000);
}

/** The UTC bounds of a local week, for GET /schedules?from=&to=. */
export function weekBounds(monday: string): { from: string; to: string } {
  return { from: localToUtcIso(monday, "00:00"), to: localToUtcIso(addDays(monday, 7), "00:00") };
}

/** Appointments by the local day they start on, each day in time order. */
export function byLocalDay(schedules: Schedule[]): Map<string, Schedule[]> {
  const days = new Map<string, Schedule[]>();
  for (const schedule of [...schedules].sort((a, b) => a.starts_at.localeCompare(b.starts_at))) {
    const day = utcToLocal(schedule.starts_at).date;
    days.set(day, [...(days.get(day) ?? []), schedule]);
  }
  return days;
}

/** The first appointment (not cancelled, not the one being moved) that overlaps [start, end). */
export function findClash(
  schedules: Schedule[],
  startsAt: string,
  endsAt: string,
  ignoreId?: number,
): Schedule | undefined {
  const start = new Date(startsAt).getTime();
  const end = new Date(endsAt).getTime();
  return schedules.find(
    (schedule) =>
      schedule.id !== ignoreId &&
      schedule.status !== "cancelled" &&
      new Date(schedule.starts_at).getTime() < end &&
      new Date(schedule.ends_at).getTime() > start,
  );
}

/** The next whole hour from now, as the local day and time a new booking starts with. */
export function nextFullHour(now: Date = new Date()): { date: string; time: string } {
  const { date, hour } = wallClock(now);
  const thisHour = fromWallClock(date, `${String(hour).padStart(2, "0")}:00`);
  return utcToLocal(new Date(thisHour + 3_600_000).toISOString());
}
