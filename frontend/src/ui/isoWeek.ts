// ISO weeks (Monday to Sunday) on plain calendar dates ("2026-03-02"). The arithmetic runs in
// UTC so that daylight-saving changes never move a day.
import type { Weekday } from "../api/types";
import { wallClock } from "./timeZones";
import { WEEKDAYS } from "./vocabulary";

const DAY_MS = 86_400_000;

function toUtcMs(isoDate: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) throw new Error(`Not an ISO date: ${isoDate}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

function fromUtcMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The viewer's calendar day of a moment (default: now) in their zone, as "YYYY-MM-DD". */
export function localIsoDate(moment: Date = new Date()): string {
  return wallClock(moment).date;
}

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  return fromUtcMs(toUtcMs(value)) === value;
}

export function addDays(isoDate: string, days: number): string {
  return fromUtcMs(toUtcMs(isoDate) + days * DAY_MS);
}

export function addWeeks(isoDate: string, weeks: number): string {
  return addDays(isoDate, weeks * 7);
}

/** 0 for Monday ... 6 for Sunday. */
export function weekdayIndex(isoDate: string): number {
  return (new Date(toUtcMs(isoDate)).getUTCDay() + 6) % 7;
}

export function weekdayOf(isoDate: string): Weekday {
  return WEEKDAYS[weekdayIndex(isoDate)] as Weekday;
}

/** The Monday that starts the ISO week of a day. */
export function mondayOf(isoDate: string): string {
  return addDays(isoDate, -weekdayIndex(isoDate));
}

export function isMonday(isoDate: string): boolean {
  return isIsoDate(isoDate) && weekdayIndex(isoDate) === 0;
}

/** The seven days of the week that starts on `monday`. */
export function weekDays(monday: string): { weekday: Weekday; date: string }[] {
  return WEEKDAYS.map((weekday, index) => ({ weekday, date: addDays(monday, index) }));
}

/** ISO 8601 week number and week-year: the week with the year's first Thursday is week 1. */
export function isoWeek(isoDate: string): { year: number; week: number } {
  const thursday = toUtcMs(addDays(mondayOf(isoDate), 3));
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1;
  return { year, week };
}

/** "Week 48 · 23–29 Nov 2026" (or across months/years as needed). */
export function weekLabel(monday: string, locale?: string): string {
  const sunday = addDays(monday, 6);
  const { week } = isoWeek(monday);
  const format = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  const range = format.formatRange(new Date(toUtcMs(monday)), new Date(toUtcMs(sunday)));
  return `Week ${week} · ${range}`;
}
