// One instrument's scores over time, for the doctor and the patient: a line with the MCID
// marked as a band around the first score (a change out of the band is clinically important),
// a sentence that says what changed, and the numbers in a table.
import { Line, LineChart, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis, CartesianGrid } from "recharts";

import type { Instrument, QuestionnaireResponse } from "../api/types";
import { formatDate } from "../ui/format";
import { Table } from "../ui/Table";

function summary(instrument: Instrument, scores: QuestionnaireResponse[]): string {
  const [first, last] = [scores[0], scores[scores.length - 1]];
  if (!first || !last) return "No answers yet.";
  if (scores.length === 1) return `One answer: ${last.score} ${instrument.unit}.`;
  const change = Math.round((last.score - first.score) * 100) / 100;
  const better = instrument.direction === "higher_is_better" ? change > 0 : change < 0;
  const important = Math.abs(change) > instrument.mcid;
  const direction = change === 0 ? "unchanged" : important ? (better ? "better" : "worse") : "within the MCID";
  return `${scores.length} answers: ${first.score} to ${last.score} ${instrument.unit} (${change > 0 ? "+" : ""}${change}), ${direction}; MCID ${instrument.mcid}.`;
}

export function ScoreHistory({
  instrument,
  responses,
}: {
  instrument: Instrument;
  responses: QuestionnaireResponse[];
}) {
  const scores = responses.filter((r) => r.instrument === instrument.code).reverse(); // oldest first
  const text = summary(instrument, scores);
  const baseline = scores[0]?.score;
  const rows = scores.map((r) => ({ date: r.answered_at, score: r.score }));
  return (
    <section className="card stack" aria-label={`${instrument.name} scores`}>
      <h3 style={{ margin: 0 }}>{instrument.name}</h3>
      <p className="chart-summary">{text}</p>
      {rows.length > 0 && (
        <div className="chart" role="img" aria-label={`${instrument.name} scores over time. ${text}`}>
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={rows} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" stroke="#dde3e8" />
              <XAxis
                dataKey="date"
                tickFormatter={(v) => formatDate(String(v), { day: "numeric", month: "short" })}
                tick={{ fontSize: 12, fill: "#4a5663" }}
              />
              <YAxis
                domain={[instrument.score_min, instrument.score_max]}
                tick={{ fontSize: 12, fill: "#4a5663" }}
                width={40}
              />
              {baseline !== undefined && (
                <ReferenceArea
                  y1={Math.max(instrument.score_min, baseline - instrument.mcid)}
                  y2={Math.min(instrument.score_max, baseline + instrument.mcid)}
                  fill="var(--chart-2)"
                  fillOpacity={0.15}
                  label={{ value: `MCID ±${instrument.mcid}`, position: "insideTopRight", fontSize: 12 }}
                />
              )}
              <Tooltip labelFormatter={(v: unknown) => formatDate(typeof v === "string" ? v : "")} />
              <Line type="monotone" dataKey="score" name="Score" stroke="var(--chart-1)" strokeWidth={2} dot />
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
      {scores.length > 0 && (
        <div className="table-wrap">
          <Table aria-label={`${instrument.name} answers`}>
            <thead>
              <tr>
                <th scope="col">Answered</th>
                <th scope="col">Score ({instrument.unit})</th>
              </tr>
            </thead>
            <tbody>
              {[...scores].reverse().map((r) => (
                <tr key={r.id}>
                  <td>{formatDate(r.answered_at)}</td>
                  <td>{r.score}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      )}
    </section>
  );
}
