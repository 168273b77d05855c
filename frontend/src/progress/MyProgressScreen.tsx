import { useCurrentUser } from "../auth/AuthProvider";
import { ExportButtons } from "../patients/ExportButtons";
import { PageHeader } from "../ui/PageHeader";
import { ProgressCharts } from "./ProgressCharts";

export function MyProgressScreen() {
  const user = useCurrentUser();
  // The progress first: on a phone the downloads took the whole first screen.
  return (
    <>
      <PageHeader title="Progress" subtitle="How your movement, pain and routine have changed." />
      <ProgressCharts patientId={user.id} audience="patient" />
      <section className="card stack" aria-labelledby="my-records" style={{ marginTop: "var(--space-5)" }}>
        <h2 id="my-records" style={{ margin: 0 }}>
          Your records
        </h2>
        <p className="muted">
          Print your home programme, keep your sessions as a spreadsheet, or take your record to another clinic (FHIR, a
          format health systems read).
        </p>
        <div className="row">
          <ExportButtons patientId={user.id} />
        </div>
      </section>
    </>
  );
}
