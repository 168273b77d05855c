import type { RangeOfMotionPoint } from "../api/types";
import {
  adherenceRows,
  adherenceSummary,
  brainRows,
  chartStartFromRecord,
  exercisesWithData,
  painRows,
  painSummary,
  rangeOfMotionRows,
  rangeOfMotionSummary,
  sidesWithData,
} from "./chartData";
import { trendRange } from "./queries";

function rom(
  bucket: string,
  exercise: RangeOfMotionPoint["exercise_type"],
  side: RangeOfMotionPoint["side"],
  mean: number | null,
): RangeOfMotionPoint {
  return {
    bucket_start: bucket,
    exercise_type: exercise,
    side,
    mean_rom_deg: mean,
    max_rom_deg: mean,
    reps_done: 10,
    sets: 1,
  };
}

describe("range-of-motion chart data", () => {
  const points = [
    rom("2026-11-09", "squat", "right", 60.04),
    rom("2026-11-02", "squat", "right", 55),
    rom("2026-11-02", "squat", "left", 50),
    rom("2026-11-02", "knee-raise", "right", 80),
    rom("2026-11-16", "squat", null, 70),
    rom("2026-11-23", "squat", "left", null),
  ];

  it("lists the exercises that have data, in the usual order", () => {
    expect(exercisesWithData(points)).toEqual(["squat", "knee-raise"]);
  });

  it("makes one row per date, in date order, one column per side", () => {
    const chart = rangeOfMotionRows(points, "squat");
    expect(chart.rows).toEqual([
      { date: "2026-11-02", right: 55, left: 50 },
      { date: "2026-11-09", right: 60 },
      { date: "2026-11-16", unspecified: 70 },
    ]);
    expect(chart.series.map((series) => series.label)).toEqual(["Left side", "Right side", "Side not recorded"]);
  });

  it("says in words how each side changed", () => {
    const chart = rangeOfMotionRows(points, "squat");
    expect(rangeOfMotionSummary(chart, "squat")).toBe(
      "Squat, left side: from 50° to 50° (0°). Squat, right side: from 55° to 60° (+5°). Squat, side not recorded: from 70° to 70° (0°).",
    );
    expect(rangeOfMotionSummary(rangeOfMotionRows(points, "bicep-curl"), "bicep-curl")).toBe(
      "No bicep curl recorded in this period.",
    );
  });

  it("gives the change of the rounded figures it shows, so that they add up", () => {
    const rounding = [rom("2026-11-02", "knee-raise", "both", 52.6), rom("2026-11-30", "knee-raise", "both", 81.4)];
    expect(rangeOfMotionSummary(rangeOfMotionRows(rounding, "knee-raise"), "knee-raise")).toBe(
      "Knee raise, both sides: from 53° to 81° (+28°).",
    );
  });
});

describe("adherence chart data", () => {
  const series = {
    weeks: [
      { week_start: "2026-11-09", planned: 0, done: 1, adherence: null },
      { week_start: "2026-11-16", planned: 4, done: 4, adherence: 1 },
      { week_start: "2026-11-23", planned: 4, done: 1, adherence: 0.25 },
    ],
  };

  it("shows adherence in percent and keeps weeks without a plan empty", () => {
    expect(adherenceRows(series).rows.map((row) => row.adherence)).toEqual([null, 100, 25]);
  });

  it("averages the planned weeks only", () => {
    expect(adherenceSummary(series)).toBe(
      "Average adherence 63% over 2 planned weeks; latest week 25% (1 of 4 routines).",
    );
    expect(adherenceSummary({ weeks: [] })).toBe("No week in this period had a plan.");
  });
});

describe("pain chart data", () => {
  const trend = {
    bucket: "week" as const,
    period_start: "2026-11-01",
    period_end: "2026-11-25",
    points: [
      { bucket_start: "2026-11-02", mean_pain: 6.333, max_pain: 8, sessions: 3 },
      { bucket_start: "2026-11-09", mean_pain: 3, max_pain: 4, sessions: 2 },
    ],
  };

  it("rounds the mean to one decimal beside the worst rating", () => {
    expect(painRows(trend).rows[0]).toEqual({ date: "2026-11-02", mean: 6.3, max: 8, sessions: 3 });
  });

  it("summarises the trend and the worst rating", () => {
    expect(painSummary(trend)).toBe("Average pain went from 6.3 to 3 out of 10; the worst rating was 8.");
    expect(painSummary({ ...trend, points: [] })).toBe("No pain ratings in this period.");
  });
});

describe("brain game chart data", () => {
  it("makes one column per game that was played", () => {
    const chart = brainRows([
      {
        bucket_start: "2026-11-02",
        game: "stroop",
        mean_score: 80,
        mean_accuracy: 0.8,
        mean_reaction_ms: 700,
        max_level: 2,
        sessions: 1,
      },
      {
        bucket_start: "2026-11-02",
        game: "memory-match",
        mean_score: 100,
        mean_accuracy: 1,
        mean_reaction_ms: null,
        max_level: 3,
        sessions: 2,
      },
    ]);
    expect(chart.rows).toEqual([{ date: "2026-11-02", stroop: 80, "memory-match": 100 }]);
    expect(chart.series.map((series) => series.key)).toEqual(["memory-match", "stroop"]);
  });
});

describe("the period of the charts", () => {
  it("covers whole weeks up to today, by day when short and by week when long", () => {
    expect(trendRange(4, "2026-11-25")).toEqual({ from: "2026-10-29", to: "2026-11-25", bucket: "day" });
    expect(trendRange(12, "2026-11-25")).toEqual({ from: "2026-09-03", to: "2026-11-25", bucket: "week" });
  });
});

describe("where the range-of-motion chart opens", () => {
  const points = [
    rom("2026-11-02", "bicep-curl", "left", 90),
    rom("2026-11-02", "bicep-curl", "left", 95),
    rom("2026-11-02", "shoulder-flexion", "left", 100),
    rom("2026-11-02", "shoulder-flexion", "right", 120),
    rom("2026-11-09", "shoulder-abduction", "right", 110),
    rom("2026-11-09", "squat", "both", 70),
  ];

  it("opens on the exercise for the diagnosed body part and the affected side", () => {
    const rotatorCuff = { diagnosis: "Rotator cuff repair, 6 weeks post-op", affected_side: "right" as const };
    expect(chartStartFromRecord(points, rotatorCuff)).toEqual({ exercise: "shoulder-flexion", side: "right" });
    const frozen = { diagnosis: "Frozen shoulder (adhesive capsulitis)", affected_side: "left" as const };
    expect(chartStartFromRecord(points, frozen)).toEqual({ exercise: "shoulder-flexion", side: "left" });
    const knee = { diagnosis: "Total knee replacement rehabilitation", affected_side: "left" as const };
    expect(chartStartFromRecord(points, knee).exercise).toBe("squat");
  });

  it("prefers the diagnosis' exercise that was done on the affected side", () => {
    const onlyAbduction = points.filter((point) => point.exercise_type !== "shoulder-flexion");
    const record = { diagnosis: "Rotator cuff tear", affected_side: "right" as const };
    expect(chartStartFromRecord(onlyAbduction, record).exercise).toBe("shoulder-abduction");
  });

  it("without a telling diagnosis, opens on the exercise done most on the affected side", () => {
    const record = { diagnosis: "General deconditioning", affected_side: "left" as const };
    expect(chartStartFromRecord(points, record)).toEqual({ exercise: "bicep-curl", side: "left" });
    // No record: the first exercise with data, in the app's usual order, as before.
    expect(chartStartFromRecord(points, undefined)).toEqual({ exercise: "shoulder-flexion", side: null });
    expect(chartStartFromRecord([], record)).toEqual({ exercise: undefined, side: "left" });
  });

  it("draws one side only when asked", () => {
    expect(sidesWithData(points, "shoulder-flexion")).toEqual(["left", "right"]);
    const right = rangeOfMotionRows(points, "shoulder-flexion", "right");
    expect(right.series.map((series) => series.key)).toEqual(["right"]);
    expect(right.rows).toEqual([{ date: "2026-11-02", right: 120 }]);
    expect(rangeOfMotionRows(points, "shoulder-flexion").series).toHaveLength(2);
  });
});
