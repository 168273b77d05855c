import { useCurrentUser } from "../auth/AuthProvider";
import { ExportButtons } from "../patients/ExportButtons";
import { PageHeader } from "../ui/PageHeader";
import { ProgressCharts } from "./ProgressCharts";

export function MyProgressScreen() {
  const user = useCurrentUser();
  return (
    <>
      <PageHeader
        title="Progress"
        subtitle="How your movement, pain and routine have changed."
        actions={<ExportButtons patientId={user.id} />}
      />
      <ProgressCharts patientId={user.id} audience="patient" />
    </>
  );
}
