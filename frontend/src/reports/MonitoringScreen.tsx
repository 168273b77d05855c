// The doctor's monthly remote-monitoring report: per patient, the measured days in each 30-day
// period starting in the month (16 meet the threshold) and the minutes logged; CSV and PDF of
// the same rows for billing.
import { useState } from "react";

import type { components } from "../api/schema";
import { saveFile } from "../patients/ExportButtons";
import { Tag } from "../ui/Badge";
import { Button } from "../ui/Button";
import { ErrorMessage, QueryState } from "../ui/Feedback";
import { SelectField } from "../ui/fields";
import { formatDate } from "../ui/format";
import { PageHeader } from "../ui/PageHeader";
import { Table } from "../ui/Table";
import { monthLabel, recentMonths } from "./dates";
import { fetchMonitoringFile, useMonitoringReport } from "./queries";

type MonitoringPatient = components["schemas"]["MonitoringPatient"];

export function MonitoringScreen() {
  const months = recentMonths(13);
  const [month, setMonth] = useState(months[0] ?? "");
  const report = useMonitoringReport(month);
  const [pending, setPending] = useState<"csv" | "pdf" | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function download(kind: "csv" | "pdf") {
    setPending(kind);
    setError(null);
    try {
      saveFile(await fetchMonitoringFile(kind, month), `monitoring-${month}.${kind}`);
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(null);
    }
  }

  return (
    <>
      <PageHeader
        title="Monitoring report"
        subtitle="Days with measured exercise data per 30-day period, and your logged minutes"
        actions={
          <>
            <Button isPending={pending === "csv"} isDisabled={pending !== null} onPress={() => void download("csv")}>
              Download CSV
            </Button>
            <Button isPending={pending === "pdf"} isDisabled={pending !== null} onPress={() => void download("pdf")}>
              Download PDF
            </Button>
          </>
        }
      />
      <div className="stack">
        <SelectField
          label="Month"
          options={months.map((id) => ({ id, label: monthLabel(id) }))}
          value={month}
          onChange={setMonth}
        />
        {error !== null && <ErrorMessage error={error} title="The download failed." />}
        <p className="muted small" style={{ margin: 0 }}>
          Periods run 30 days from each patient&apos;s first measured day; a period is listed in the month it starts. 16
          or more measured days meet the remote-monitoring threshold.
        </p>
        <QueryState query={report} loadingLabel="Loading the report…" errorTitle="The report could not be loaded.">
          {(data) =>
            data.patients.length === 0 ? (
              <p>No patient was in your care this month.</p>
            ) : (
              <div>
                <Table aria-label={`Monitoring, ${monthLabel(data.month)}`}>
                  <thead>
                    <tr>
                      <th scope="col">Patient</th>
                      <th scope="col">30-day periods</th>
                      <th scope="col">Days in month</th>
                      <th scope="col">Minutes</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.patients.map((patient) => (
                      <tr key={patient.patient_id}>
                        <th scope="row">{patient.full_name}</th>
                        <td>
                          <Periods patient={patient} />
                        </td>
                        <td>{patient.days_measured_in_month}</td>
                        <td>{patient.minutes}</td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              </div>
            )
          }
        </QueryState>
      </div>
    </>
  );
}

function Periods({ patient }: { patient: MonitoringPatient }) {
  if (patient.periods.length === 0) return <span className="muted">No period starts this month</span>;
  return (
    <ul className="plain">
      {patient.periods.map((period) => (
        <li key={period.start}>
          {formatDate(period.start)} to {formatDate(period.end)}: {period.days_measured} days{" "}
          <Tag tone={period.meets_threshold ? "success" : "neutral"}>
            {period.meets_threshold ? "meets 16" : "below 16"}
          </Tag>
          {!period.complete && <span className="muted small"> (running)</span>}
        </li>
      ))}
    </ul>
  );
}
