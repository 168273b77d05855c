import { useCurrentUser } from "../auth/AuthProvider";
import { PageHeader } from "../ui/PageHeader";
import { ProgressCharts } from "./ProgressCharts";

export function MyProgressScreen() {
  const user = useCurrentUser();
  return (
    <>
      <PageHeader title="Progress" subtitle="How your movement, pain and routine have changed." />
      <ProgressCharts patientId={user.id} audience="patient" />
    </>
  );
}
