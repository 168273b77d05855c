import { TabPanel } from "react-aria-components";
import { useParams } from "react-router";

import { useCurrentUser } from "../auth/AuthProvider";
import { NotFoundScreen } from "../layout/NotFoundScreen";
import { MedicalRecordsTab } from "../patients/MedicalRecordsTab";
import { SessionsTab } from "../patients/SessionsTab";
import { WeekPlanTab } from "../plans/WeekPlanTab";
import { PageHeader } from "../ui/PageHeader";
import { isTabOf, RoutedTabs } from "../ui/RoutedTabs";

export const CARE_TABS = [
  { id: "plan", label: "Week plan" },
  { id: "sessions", label: "Sessions" },
  { id: "record", label: "Medical record" },
] as const;
/** The patient's own care, as their physiotherapist keeps it: the plan for this week and the
 * next, every past session with its counts and ranges, and the medical record (read only). */
export function MyCareScreen() {
  const user = useCurrentUser();
  const tab = useParams().tab ?? "plan";
  if (!isTabOf(CARE_TABS, tab)) return <NotFoundScreen />;
  return (
    <>
      <PageHeader title="My care" subtitle="Your plan, your past sessions and your medical record." />
      <RoutedTabs label="My care" tabs={CARE_TABS} selected={tab} pathOf={(id) => `/care/${id}`}>
        <TabPanel id="plan" className="tab-panel">
          <WeekPlanTab patientId={user.id} editable={false} />
        </TabPanel>
        <TabPanel id="sessions" className="tab-panel">
          <SessionsTab patientId={user.id} />
        </TabPanel>
        <TabPanel id="record" className="tab-panel">
          <MedicalRecordsTab patientId={user.id} editable={false} />
        </TabPanel>
      </RoutedTabs>
    </>
  );
}
