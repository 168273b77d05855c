// The progress report for a referrer or an insurer: the doctor picks the period (the last 30
// days by default) and downloads the PDF, fetched through the API client (the token lives in
// memory, so a plain link could not carry it).
import { useState } from "react";

import { saveFile } from "../patients/ExportButtons";
import { Button } from "../ui/Button";
import { DateField } from "../ui/DateFields";
import { ErrorMessage } from "../ui/Feedback";
import { lastDays } from "./dates";
import { fetchProgressReport } from "./queries";

export function ProgressReportPanel({ patientId }: { patientId: number }) {
  const [period, setPeriod] = useState(() => lastDays(30));
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const reversed = Boolean(period.from && period.to && period.from > period.to);

  async function download() {
    setPending(true);
    setError(null);
    try {
      const blob = await fetchProgressReport(patientId, period.from, period.to);
      saveFile(blob, `patient-${patientId}-report-${period.from}-${period.to}.pdf`);
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  }

  return (
    <section className="card stack" aria-labelledby="report-heading">
      <h2 id="report-heading" style={{ margin: 0 }}>
        Progress report
      </h2>
      <p className="muted" style={{ margin: 0 }}>
        A PDF for a referrer or an insurer: diagnosis and goals, adherence, range of motion and pain charts, the
        sessions and clinical notes of the period.
      </p>
      <div className="grid grid-2">
        <DateField
          label="From"
          value={period.from}
          allow="past"
          onChange={(from) => setPeriod((current) => ({ ...current, from }))}
        />
        <DateField
          label="To"
          value={period.to}
          allow="past"
          onChange={(to) => setPeriod((current) => ({ ...current, to }))}
          errorMessage={reversed ? "The end must not be before the start." : undefined}
        />
      </div>
      <div className="form-actions">
        <Button
          variant="primary"
          isPending={pending}
          isDisabled={pending || reversed || !period.from || !period.to}
          onPress={() => void download()}
        >
          Download progress report
        </Button>
      </div>
      {error !== null && <ErrorMessage error={error} title="The report could not be made." />}
    </section>
  );
}
