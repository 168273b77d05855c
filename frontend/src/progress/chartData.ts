// The progress endpoints' answers shaped into rows for the charts (one row per day or week,
// one column per series) and into sentences for people who do not see the charts.
import type { AdherenceSeries, ExerciseType, PainTrend, RangeOfMotionPoint, Side } from "../api/types";
import type { components } from "../api/schema";
import { BRAIN_GAME_LABELS, EXERCISE_LABELS } from "../ui/format";
import { EXERCISE_TYPES } from "../ui/vocabulary";

type BrainPoint = components["schemas"]["BrainPoint"];
type BrainGame = components["schemas"]["BrainGame"];

export interface Series {
  key: string;
  label: string;
}

export interface ChartRows {
  rows: Record<string, string | number | null>[];
  series: Series[];
}

const SIDE_SERIES: Record<Side | "unspecified", string> = {
  left: "Left side",
  right: "Right side",
  both: "Both sides",
  unspecified: "Side not recorded",
};

function round1(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}

/** The exercises that have data, in the app's usual order. */
export function exercisesWithData(points: RangeOfMotionPoint[]): ExerciseType[] {
  const present = new Set(points.map((point) => point.exercise_type));
  return EXERCISE_TYPES.filter((type) => present.has(type));
}

// The exercises that work the body part a diagnosis names, the most telling first.
const DIAGNOSIS_EXERCISES: [RegExp, ExerciseType[]][] = [
  [/shoulder|rotator|capsulitis/i, ["shoulder-flexion", "shoulder-abduction"]],
  [/elbow|bicep|upper limb|\barm\b/i, ["bicep-curl", "shoulder-flexion"]],
  [/knee|\bacl\b|menisc|patell/i, ["squat", "knee-raise"]],
  [/\bhip\b/i, ["knee-raise", "squat"]],
];

/** The sets of an exercise done on a side (any side when null). */
function setsOn(points: RangeOfMotionPoint[], exercise: ExerciseType, side: Side | null): number {
  return points
    .filter((point) => point.exercise_type === exercise && (side === null || point.side === side))
    .reduce((sum, point) => sum + point.sets, 0);
}

/** Where a patient's range-of-motion chart opens: the exercise for the body part the medical
 * record's diagnosis names, done on its affected side if it was; otherwise the exercise done most
 * on the affected side, or the first with data. The side is the record's affected side (the chart
 * shows it when that exercise has data for it). */
export function chartStartFromRecord(
  points: RangeOfMotionPoint[],
  record: { diagnosis: string; affected_side: Side | null } | undefined,
): { exercise: ExerciseType | undefined; side: Side | null } {
  const available = exercisesWithData(points);
  const affected = record?.affected_side ?? null;
  const named = DIAGNOSIS_EXERCISES.find(([pattern]) => record && pattern.test(record.diagnosis))?.[1] ?? [];
  const mostDone = record
    ? [...available].sort((a, b) => setsOn(points, b, affected) - setsOn(points, a, affected))
    : available;
  const exercise =
    named.find((type) => setsOn(points, type, affected) > 0) ??
    named.find((type) => available.includes(type)) ??
    mostDone[0];
  return { exercise, side: affected };
}

/** The sides an exercise has data for, in the usual order. */
export function sidesWithData(points: RangeOfMotionPoint[], exercise: ExerciseType): Side[] {
  const order: Side[] = ["left", "right", "both"];
  return order.filter((side) => setsOn(points, exercise, side) > 0);
}

/** Mean range of motion of one exercise per day or week, one series per side (``only`` that
 * side's when given). */
export function rangeOfMotionRows(
  points: RangeOfMotionPoint[],
  exercise: ExerciseType,
  only: Side | null = null,
): ChartRows {
  const byDate = new Map<string, Record<string, string | number | null>>();
  const sides = new Set<string>();
  for (const point of points) {
    if (point.exercise_type !== exercise || point.mean_rom_deg === null) continue;
    if (only !== null && point.side !== only) continue;
    const side = point.side ?? "unspecified";
    sides.add(side);
    const row = byDate.get(point.bucket_start) ?? { date: point.bucket_start };
    row[side] = round1(point.mean_rom_deg);
    byDate.set(point.bucket_start, row);
  }
  const order: (Side | "unspecified")[] = ["left", "right", "both", "unspecified"];
  return {
    rows: [...byDate.values()].sort((a, b) => String(a.date).localeCompare(String(b.date))),
    series: order.filter((side) => sides.has(side)).map((side) => ({ key: side, label: SIDE_SERIES[side] })),
  };
}

/** "Shoulder flexion, right side: from 93° to 121° (+28°)." per series. */
export function rangeOfMotionSummary(chart: ChartRows, exercise: ExerciseType): string {
  if (chart.rows.length === 0) return `No ${EXERCISE_LABELS[exercise].toLowerCase()} recorded in this period.`;
  return chart.series
    .map((series) => {
      const values = chart.rows
        .map((row) => row[series.key])
        .filter((value): value is number => typeof value === "number");
      if (values.length === 0) return "";
      // The change of the figures shown, so that they add up ("from 53° to 81°" is +28°, even
      // when 52.6° to 81.4° is 28.8°).
      const first = Math.round(values[0]!);
      const last = Math.round(values.at(-1)!);
      const change = last - first;
      const sign = change > 0 ? "+" : "";
      return `${EXERCISE_LABELS[exercise]}, ${series.label.toLowerCase()}: from ${first}° to ${last}° (${sign}${change}°).`;
    })
    .filter(Boolean)
    .join(" ");
}

/** Adherence per ISO week in percent (null without a plan). */
export function adherenceRows(series: AdherenceSeries): ChartRows {
  return {
    rows: series.weeks.map((week) => ({
      date: week.week_start,
      adherence: week.adherence === null ? null : Math.round(week.adherence * 100),
      planned: week.planned,
      done: week.done,
    })),
    series: [{ key: "adherence", label: "Adherence" }],
  };
}

export function adherenceSummary(series: AdherenceSeries): string {
  const planned = series.weeks.filter((week) => week.adherence !== null);
  if (planned.length === 0) return "No week in this period had a plan.";
  const mean = planned.reduce((sum, week) => sum + (week.adherence ?? 0), 0) / planned.length;
  const latest = planned.at(-1);
  return `Average adherence ${Math.round(mean * 100)}% over ${planned.length} planned weeks; latest week ${Math.round((latest?.adherence ?? 0) * 100)}% (${latest?.done ?? 0} of ${latest?.planned ?? 0} routines).`;
}

export function painRows(trend: PainTrend): ChartRows {
  return {
    rows: trend.points.map((point) => ({
      date: point.bucket_start,
      mean: round1(point.mean_pain),
      max: point.max_pain,
      sessions: point.sessions,
    })),
    series: [
      { key: "mean", label: "Average pain" },
      { key: "max", label: "Worst pain" },
    ],
  };
}

export function painSummary(trend: PainTrend): string {
  const points = trend.points;
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return "No pain ratings in this period.";
  const worst = Math.max(...points.map((point) => point.max_pain));
  return `Average pain went from ${round1(first.mean_pain)} to ${round1(last.mean_pain)} out of 10; the worst rating was ${worst}.`;
}

/** Mean brain-game score per day or week, one series per game. */
export function brainRows(points: BrainPoint[]): ChartRows {
  const byDate = new Map<string, Record<string, string | number | null>>();
  const games = new Set<BrainGame>();
  for (const point of points) {
    games.add(point.game);
    const row = byDate.get(point.bucket_start) ?? { date: point.bucket_start };
    row[point.game] = round1(point.mean_score);
    byDate.set(point.bucket_start, row);
  }
  return {
    rows: [...byDate.values()].sort((a, b) => String(a.date).localeCompare(String(b.date))),
    series: (Object.keys(BRAIN_GAME_LABELS) as BrainGame[])
      .filter((game) => games.has(game))
      .map((game) => ({ key: game, label: BRAIN_GAME_LABELS[game] })),
  };
}
