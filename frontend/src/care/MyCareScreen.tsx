import type { Key } from "react";
import { Tab, TabList, TabPanel, Tabs } from "react-aria-components";
import { useNavigate, useParams } from "react-router";

import { useCurrentUser } from "../auth/AuthProvider";
import { NotFoundScreen } from "../layout/NotFoundScreen";
import { MedicalRecordsTab } from "../patients/MedicalRecordsTab";
import { SessionsTab } from "../patients/SessionsTab";
import { WeekPlanTab } from "../plans/WeekPlanTab";
import { PageHeader } from "../ui/PageHeader";

export const CARE_TABS = [
  { id: "plan", label: "Week plan" },
  { id: "sessions", label: "Sessions" },
  { id: "record", label: "Medical record" },
] as const;
type CareTab = (typeof CARE_TABS)[number]["id"];

function isCareTab(value: string): value is CareTab {
  return CARE_TABS.some((tab) => tab.id === value);
}

/** The patient's own care, as their physiotherapist keeps it: the plan for this week and the
 * next, every past session with its counts and ranges, and the medical record (read only). */
export function MyCareScreen() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const tab = useParams().tab ?? "plan";
  if (!isCareTab(tab)) return <NotFoundScreen />;
  return (
    <>
      <PageHeader title="My care" subtitle="Your plan, your past sessions and your medical record." />
      <Tabs
        selectedKey={tab}
        onSelectionChange={(key: Key) => {
          void navigate(`/care/${String(key)}`, { replace: true });
        }}
      >
        <TabList aria-label="My care" className="tab-list">
          {CARE_TABS.map((item) => (
            <Tab key={item.id} id={item.id} className="tab">
              {item.label}
            </Tab>
          ))}
        </TabList>
        <TabPanel id="plan" className="tab-panel">
          <WeekPlanTab patientId={user.id} editable={false} />
        </TabPanel>
        <TabPanel id="sessions" className="tab-panel">
          <SessionsTab patientId={user.id} />
        </TabPanel>
        <TabPanel id="record" className="tab-panel">
          <MedicalRecordsTab patientId={user.id} editable={false} />
        </TabPanel>
      </Tabs>
    </>
  );
}
