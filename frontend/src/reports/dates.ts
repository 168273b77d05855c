// Days and months as the report routes take them: UTC calendar days (YYYY-MM-DD), months YYYY-MM.

export function isoDay(day: Date): string {
  return day.toISOString().slice(0, 10);
}

/** The last `days` UTC days up to today, both ends included. */
export function lastDays(days: number, now: Date = new Date()): { from: string; to: string } {
  const start = new Date(now.getTime() - (days - 1) * 86_400_000);
  return { from: isoDay(start), to: isoDay(now) };
}

/** This month and the `count - 1` before it, newest first, as YYYY-MM. */
export function recentMonths(count: number, now: Date = new Date()): string[] {
  const months = [];
  for (let back = 0; back < count; back += 1) {
    const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
    months.push(first.toISOString().slice(0, 7));
  }
  return months;
}

/** "2026-11" as "November 2026". */
export function monthLabel(month: string, locale?: string): string {
  const [year, index] = month.split("-").map(Number);
  return new Date(Date.UTC(year ?? 2000, (index ?? 1) - 1, 1)).toLocaleDateString(locale, {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}
