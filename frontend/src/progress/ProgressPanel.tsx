import { useState } from "react";

import type { ExerciseType, Side } from "../api/types";
import { useMedicalRecords } from "../patients/queries";
import { QueryState } from "../ui/Feedback";
import { SelectField } from "../ui/fields";
import { EXERCISE_LABELS, sideLabel } from "../ui/format";
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
import { type TrendRange, trendRange, useAdherence, useBrainTrend, usePain, useRangeOfMotion } from "./queries";
import { TrendChart } from "./TrendChart";

const PERIODS = [
  { id: 4, label: "Last 4 weeks" },
  { id: 12, label: "Last 12 weeks" },
  { id: 26, label: "Last 26 weeks" },
];

/** Range of motion, adherence, pain and brain games of one patient over a chosen period. */
function ProgressPanel({ patientId, audience = "doctor" }: { patientId: number; audience?: "doctor" | "patient" }) {
  const [weeks, setWeeks] = useState(12);
  const range = trendRange(weeks);
  const yours = audience === "patient";
  return (
    <div className="stack">
      <div className="toolbar" style={{ marginBottom: 0 }}>
        <SelectField label="Period" options={PERIODS} value={weeks} onChange={setWeeks} className="period-select" />
      </div>
      <div className="grid grid-2">
        <RangeOfMotionCard patientId={patientId} range={range} yours={yours} />
        <AdherenceCard patientId={patientId} weeks={weeks} yours={yours} />
        <PainCard patientId={patientId} range={range} />
        <BrainCard patientId={patientId} range={range} />
      </div>
    </div>
  );
}

const ALL_SIDES = "all";

function RangeOfMotionCard({ patientId, range, yours }: { patientId: number; range: TrendRange; yours: boolean }) {
  const trend = useRangeOfMotion(patientId, range);
  // The chart opens on the exercise and the affected side of the latest medical record.
  const records = useMedicalRecords(patientId);
  const [chosen, setChosen] = useState<ExerciseType | null>(null);
  const [chosenSide, setChosenSide] = useState<Side | typeof ALL_SIDES | null>(null);
  const points = trend.data?.points ?? [];
  const available = exercisesWithData(points);
  const start = chartStartFromRecord(points, records.items[0]);
  const exercise = chosen && available.includes(chosen) ? chosen : start.exercise;
  const sides = exercise === undefined ? [] : sidesWithData(points, exercise);
  const sideChoice =
    chosenSide !== null && (chosenSide === ALL_SIDES || sides.includes(chosenSide))
      ? chosenSide
      : start.side !== null && sides.includes(start.side)
        ? start.side
        : ALL_SIDES;
  const side = sideChoice === ALL_SIDES ? null : sideChoice;
  return (
    <section className="card chart-card" aria-labelledby="rom-heading">
      <div className="card-header">
        <h2 id="rom-heading">Range of motion</h2>
      </div>
      <p className="muted small">
        {yours ? "How far you moved" : "Mean range per session"}, in degrees
        {range.bucket === "week" ? ", by week" : ", by day"}.
      </p>
      <QueryState
        query={trend}
        loadingLabel="Loading range of motion…"
        errorTitle="Range of motion could not be loaded."
      >
        {(data) =>
          exercise === undefined ? (
            <p className="muted">No exercises recorded in this period.</p>
          ) : (
            <>
              <div className="toolbar" style={{ marginBottom: 0 }}>
                <SelectField
                  label="Exercise"
                  options={available.map((type) => ({ id: type, label: EXERCISE_LABELS[type] }))}
                  value={exercise}
                  onChange={setChosen}
                />
                {sides.length > 1 && (
                  <SelectField
                    label="Side"
                    options={[
                      { id: ALL_SIDES, label: "All sides" },
                      ...sides.map((id) => ({ id, label: sideLabel(id) })),
                    ]}
                    value={sideChoice}
                    onChange={setChosenSide}
                  />
                )}
              </div>
              <TrendChart
                label={`Range of motion, ${EXERCISE_LABELS[exercise]}`}
                chart={rangeOfMotionRows(data.points, exercise, side)}
                summary={rangeOfMotionSummary(rangeOfMotionRows(data.points, exercise, side), exercise)}
                unit="°"
              />
            </>
          )
        }
      </QueryState>
    </section>
  );
}

function AdherenceCard({ patientId, weeks, yours }: { patientId: number; weeks: number; yours: boolean }) {
  const adherence = useAdherence(patientId, weeks);
  return (
    <section className="card chart-card" aria-labelledby="adherence-chart-heading">
      <h2 id="adherence-chart-heading">Adherence</h2>
      <p className="muted small">{yours ? "Routines you did" : "Routines done"} out of those planned, per week.</p>
      <QueryState query={adherence} loadingLabel="Loading adherence…" errorTitle="Adherence could not be loaded.">
        {(data) => (
          <TrendChart
            label="Adherence per week"
            chart={adherenceRows(data)}
            summary={adherenceSummary(data)}
            unit="%"
            yDomain={[0, 100]}
            kind="bar"
          />
        )}
      </QueryState>
    </section>
  );
}

function PainCard({ patientId, range }: { patientId: number; range: TrendRange }) {
  const pain = usePain(patientId, range);
  return (
    <section className="card chart-card" aria-labelledby="pain-heading">
      <h2 id="pain-heading">Pain</h2>
      <p className="muted small">Pain rated after each session, 0 (none) to 10 (worst).</p>
      <QueryState query={pain} loadingLabel="Loading pain ratings…" errorTitle="Pain ratings could not be loaded.">
        {(data) => (
          <TrendChart
            label="Pain after sessions"
            chart={painRows(data)}
            summary={painSummary(data)}
            unit=""
            yDomain={[0, 10]}
          />
        )}
      </QueryState>
    </section>
  );
}

function BrainCard({ patientId, range }: { patientId: number; range: TrendRange }) {
  const brain = useBrainTrend(patientId, range);
  return (
    <section className="card chart-card" aria-labelledby="brain-heading">
      <h2 id="brain-heading">Brain games</h2>
      <p className="muted small">Average score per game.</p>
      <QueryState
        query={brain}
        loadingLabel="Loading brain games…"
        errorTitle="Brain game results could not be loaded."
      >
        {(data) => {
          const chart = brainRows(data.points);
          return (
            <TrendChart
              label="Brain game scores"
              chart={chart}
              summary={
                chart.rows.length === 0
                  ? "No brain games played in this period."
                  : `${chart.series.map((series) => series.label).join(", ")}: average score per ${range.bucket}.`
              }
              unit=""
            />
          );
        }}
      </QueryState>
    </section>
  );
}

export default ProgressPanel;
