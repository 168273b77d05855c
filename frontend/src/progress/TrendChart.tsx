import { Button as AriaButton, Disclosure, DisclosurePanel, Heading } from "react-aria-components";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

import { formatDate } from "../ui/format";
import type { ChartRows } from "./chartData";
import { Table } from "../ui/Table";

const COLORS = ["var(--chart-1)", "var(--chart-2)", "var(--chart-3)", "var(--chart-4)", "var(--chart-5)"];
// Different dash patterns too, so the lines differ without colour.
const DASHES = [undefined, "6 3", "2 3", "10 4 2 4", "1 1"];

const shortDate = (value: unknown) => formatDate(String(value), { day: "numeric", month: "short" });

/** A line or bar chart over time, with a sentence that says what it shows and the numbers
 * behind it in a table (for screen readers and for anyone who wants them). */
export function TrendChart({
  chart,
  kind = "line",
  unit,
  yDomain,
  summary,
  label,
}: {
  chart: ChartRows;
  kind?: "line" | "bar";
  unit: string;
  yDomain?: [number, number];
  summary: string;
  label: string;
}) {
  const formatValue = (value: unknown) =>
    typeof value === "number" || typeof value === "string" ? `${value}${unit}` : "—";
  const axes = (
    <>
      <CartesianGrid strokeDasharray="3 3" stroke="#dde3e8" />
      <XAxis dataKey="date" tickFormatter={shortDate} tick={{ fontSize: 12, fill: "#4a5663" }} minTickGap={16} />
      <YAxis domain={yDomain ?? ["auto", "auto"]} tick={{ fontSize: 12, fill: "#4a5663" }} unit={unit} width={56} />
      <Tooltip labelFormatter={shortDate} formatter={(value) => formatValue(value)} />
      {chart.series.length > 1 && <Legend />}
    </>
  );
  return (
    <div>
      <p className="chart-summary">{summary}</p>
      {chart.rows.length > 0 && (
        <>
          <div className="chart" role="img" aria-label={`${label}. ${summary}`}>
            <ResponsiveContainer width="100%" height="100%">
              {kind === "bar" ? (
                <BarChart data={chart.rows} accessibilityLayer={false}>
                  {axes}
                  {chart.series.map((series, index) => (
                    <Bar
                      key={series.key}
                      dataKey={series.key}
                      name={series.label}
                      fill={COLORS[index % COLORS.length]}
                      radius={[4, 4, 0, 0]}
                    />
                  ))}
                </BarChart>
              ) : (
                <LineChart data={chart.rows} accessibilityLayer={false}>
                  {axes}
                  {chart.series.map((series, index) => (
                    <Line
                      key={series.key}
                      type="monotone"
                      dataKey={series.key}
                      name={series.label}
                      stroke={COLORS[index % COLORS.length]}
                      strokeDasharray={DASHES[index % DASHES.length]}
                      strokeWidth={2.5}
                      dot={{ r: 3 }}
                      connectNulls
                    />
                  ))}
                </LineChart>
              )}
            </ResponsiveContainer>
          </div>
          <Disclosure className="chart-table">
            {({ isExpanded }) => (
              <>
                <Heading level={4} style={{ margin: 0 }}>
                  <AriaButton slot="trigger" className="button button--quiet button--small">
                    {isExpanded ? "Hide the numbers" : "Show the numbers"}
                  </AriaButton>
                </Heading>
                <DisclosurePanel>
                  <div className="table-wrap">
                    <Table>
                      <caption className="visually-hidden">{label}</caption>
                      <thead>
                        <tr>
                          <th scope="col">Date</th>
                          {chart.series.map((series) => (
                            <th key={series.key} scope="col" className="numeric">
                              {series.label}
                            </th>
                          ))}
                        </tr>
                      </thead>
                      <tbody>
                        {chart.rows.map((row) => (
                          <tr key={String(row.date)}>
                            <th scope="row">{formatDate(String(row.date))}</th>
                            {chart.series.map((series) => (
                              <td key={series.key} className="numeric">
                                {formatValue(row[series.key])}
                              </td>
                            ))}
                          </tr>
                        ))}
                      </tbody>
                    </Table>
                  </div>
                </DisclosurePanel>
              </>
            )}
          </Disclosure>
        </>
      )}
    </div>
  );
}
