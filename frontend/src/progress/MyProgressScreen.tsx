import { useCurrentUser } from "../auth/AuthProvider";
import { RecordDownloads } from "../patients/ExportButtons";
import { PageHeader } from "../ui/PageHeader";
import { ProgressCharts } from "./ProgressCharts";

export function MyProgressScreen() {
  const user = useCurrentUser();
  // The progress first: on a phone the downloads took the whole first screen.
  return (
    <>
      <PageHeader title="Progress" subtitle="How your movement, pain and routine have changed." />
      <ProgressCharts patientId={user.id} audience="patient" />
      <div style={{ marginTop: "var(--space-5)" }}>
        <RecordDownloads patientId={user.id} audience="patient" />
      </div>
    </>
  );
}
