import { Link } from "react-router";

import type { PatientProfile } from "../api/types";
import { useAdherence } from "../progress/queries";
import { AdherenceMeter } from "../ui/Badge";
import { ListState } from "../ui/Feedback";
import { ageInYears, formatDate, formatDateTime, sideLabel } from "../ui/format";
import { useMedicalRecords, useWorkoutSessions } from "./queries";
import { sessionSummary } from "./sessionSummary";

export function OverviewTab({ patient }: { patient: PatientProfile }) {
  const records = useMedicalRecords(patient.id);
  const sessions = useWorkoutSessions(patient.id);
  const adherence = useAdherence(patient.id, 2);
  const latest = records.items[0];
  const weeks = adherence.data?.weeks ?? [];
  const thisWeek = weeks.at(-1);
  const lastWeek = weeks.at(-2);

  return (
    <div className="grid grid-2">
      <section className="card" aria-labelledby="profile-heading">
        <h2 id="profile-heading">Profile</h2>
        <dl className="facts">
          <dt>Full name</dt>
          <dd>{patient.full_name}</dd>
          <dt>Date of birth</dt>
          <dd>
            {patient.date_of_birth
              ? `${formatDate(patient.date_of_birth)} (${ageInYears(patient.date_of_birth)} years)`
              : "Not given"}
          </dd>
          <dt>Email</dt>
          <dd>{patient.email ? <a href={`mailto:${patient.email}`}>{patient.email}</a> : "Not given"}</dd>
          <dt>Phone</dt>
          <dd>{patient.phone ? <a href={`tel:${patient.phone}`}>{patient.phone}</a> : "Not given"}</dd>
          <dt>Username</dt>
          <dd>{patient.username}</dd>
          <dt>Patient since</dt>
          <dd>{formatDate(patient.created_at)}</dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="diagnosis-heading">
        <div className="card-header">
          <h2 id="diagnosis-heading">Current diagnosis</h2>
          <Link to={`/patients/${patient.id}/records`}>All records</Link>
        </div>
        <ListState list={records} loadingLabel="Loading records…" emptyTitle="No medical record yet." loadMore={false}>
          {() =>
            latest && (
              <dl className="facts">
                <dt>Diagnosis</dt>
                <dd>{latest.diagnosis}</dd>
                <dt>Affected side</dt>
                <dd>{sideLabel(latest.affected_side)}</dd>
                <dt>Precautions</dt>
                <dd className="pre-wrap">{latest.precautions ?? "None recorded"}</dd>
                <dt>Goals</dt>
                <dd className="pre-wrap">{latest.goals ?? "None recorded"}</dd>
              </dl>
            )
          }
        </ListState>
      </section>

      <section className="card" aria-labelledby="adherence-heading">
        <h2 id="adherence-heading">Adherence</h2>
        <dl className="facts">
          <dt>This week so far</dt>
          <dd>
            <AdherenceMeter value={thisWeek?.adherence} label="Adherence this week" />
            {thisWeek && (
              <span className="muted small">
                {thisWeek.done} of {thisWeek.planned} routines
              </span>
            )}
          </dd>
          <dt>Last week</dt>
          <dd>
            <AdherenceMeter value={lastWeek?.adherence} label="Adherence last week" />
            {lastWeek && (
              <span className="muted small">
                {lastWeek.done} of {lastWeek.planned} routines
              </span>
            )}
          </dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="recent-sessions-heading">
        <div className="card-header">
          <h2 id="recent-sessions-heading">Recent sessions</h2>
          <Link to={`/patients/${patient.id}/sessions`}>All sessions</Link>
        </div>
        <ListState list={sessions} loadingLabel="Loading sessions…" emptyTitle="No sessions yet." loadMore={false}>
          {(items) => (
            <ul className="plain">
              {items.slice(0, 4).map((session) => (
                <li key={session.id} className="list-row">
                  <span className="grow">
                    <span className="title">{formatDateTime(session.started_at)}</span>
                    <span className="muted small" style={{ display: "block" }}>
                      {sessionSummary(session)}
                    </span>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </ListState>
      </section>
    </div>
  );
}
