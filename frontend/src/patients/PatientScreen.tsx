import { TabPanel } from "react-aria-components";
import { useParams } from "react-router";

import { isStatus } from "../api/client";
import { WeekPlanTab } from "../plans/WeekPlanTab";
import { QuestionnairesTab } from "../questionnaires/QuestionnairesTab";
import { ProgressCharts } from "../progress/ProgressCharts";
import { ProgressionTab } from "../progression/ProgressionTab";
import { TimeLogTab } from "../reports/TimeLogTab";
import { LinkButton } from "../ui/Button";
import { ErrorMessage, Loading } from "../ui/Feedback";
import { ageInYears } from "../ui/format";
import { PageHeader } from "../ui/PageHeader";
import { isTabOf, RoutedTabs } from "../ui/RoutedTabs";
import { NotFoundScreen } from "../layout/NotFoundScreen";
import { ClinicalNotesTab } from "./ClinicalNotesTab";
import { MedicalRecordsTab } from "./MedicalRecordsTab";
import { OverviewTab } from "./OverviewTab";
import { usePatient } from "./queries";
import { SessionsTab } from "./SessionsTab";

export const PATIENT_TABS = [
  { id: "overview", label: "Overview" },
  { id: "records", label: "Medical records" },
  { id: "notes", label: "Clinical notes" },
  { id: "plan", label: "Week plan" },
  { id: "sessions", label: "Sessions" },
  { id: "progress", label: "Progress" },
  { id: "progression", label: "Progression" },
  { id: "questionnaires", label: "Questionnaires" },
  { id: "reports", label: "Reports and time" },
] as const;

export function PatientScreen() {
  const params = useParams();
  const patientId = Number(params.patientId);
  const tab = params.tab ?? "overview";
  const patient = usePatient(patientId);

  if (!Number.isInteger(patientId) || patientId < 1 || !isTabOf(PATIENT_TABS, tab)) return <NotFoundScreen />;
  if (patient.error && isStatus(patient.error, 404)) return <NotFoundScreen />;

  const profile = patient.data;
  return (
    <>
      <PageHeader
        title={profile?.full_name ?? "Patient"}
        subtitle={
          profile &&
          [
            profile.date_of_birth ? `${ageInYears(profile.date_of_birth)} years` : null,
            `username ${profile.username}`,
            profile.is_active ? null : "account disabled",
          ]
            .filter(Boolean)
            .join(" · ")
        }
        actions={
          profile && (
            <>
              <LinkButton to={`/messages/${patientId}`}>Send a message</LinkButton>
              <LinkButton to={`/schedule?book=${patientId}`} variant="primary">
                Book appointment
              </LinkButton>
            </>
          )
        }
      />
      {patient.error ? (
        <ErrorMessage
          error={patient.error}
          title="This patient could not be loaded."
          onRetry={() => void patient.refetch()}
        />
      ) : !profile ? (
        <Loading label="Loading the patient…" />
      ) : (
        <RoutedTabs
          label="Patient record"
          tabs={PATIENT_TABS}
          selected={tab}
          pathOf={(id) => `/patients/${patientId}/${id}`}
        >
          <TabPanel id="overview" className="tab-panel">
            <OverviewTab patient={profile} />
          </TabPanel>
          <TabPanel id="records" className="tab-panel">
            <MedicalRecordsTab patientId={patientId} />
          </TabPanel>
          <TabPanel id="notes" className="tab-panel">
            <ClinicalNotesTab patientId={patientId} />
          </TabPanel>
          <TabPanel id="plan" className="tab-panel">
            <WeekPlanTab patientId={patientId} />
          </TabPanel>
          <TabPanel id="sessions" className="tab-panel">
            <SessionsTab patientId={patientId} />
          </TabPanel>
          <TabPanel id="progress" className="tab-panel">
            <ProgressCharts patientId={patientId} />
          </TabPanel>
          <TabPanel id="progression" className="tab-panel">
            <ProgressionTab patientId={patientId} />
          </TabPanel>
          <TabPanel id="questionnaires" className="tab-panel">
            <QuestionnairesTab patientId={patientId} />
          </TabPanel>
          <TabPanel id="reports" className="tab-panel">
            <TimeLogTab patientId={patientId} />
          </TabPanel>
        </RoutedTabs>
      )}
    </>
  );
}
