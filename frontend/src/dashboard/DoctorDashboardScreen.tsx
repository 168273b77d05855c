import { Link } from "react-router";

import type { DoctorDashboard } from "../api/types";
import { useCurrentUser } from "../auth/AuthProvider";
import { useUnreadMessages } from "../messages/queries";
import { Avatar, Tag } from "../ui/Badge";
import { LinkButton } from "../ui/Button";
import { EmptyState, ListState, QueryState } from "../ui/Feedback";
import { formatDate, formatDateTime, formatRelative, formatTime, plural } from "../ui/format";
import { PageHeader } from "../ui/PageHeader";
import { viewerTimeZone, wallClock, zoneLabel, zoneNote } from "../ui/timeZones";
import { StatusTag } from "../schedule/StatusTag";
import { describeActivity } from "./activity";
import { attentionSignals } from "./attention";
import { useDoctorDashboard, useRecentActivity } from "./queries";

function greeting(now: Date): string {
  const { hour } = wallClock(now);
  return hour < 12 ? "Good morning" : hour < 18 ? "Good afternoon" : "Good evening";
}

export function DoctorDashboardScreen() {
  const user = useCurrentUser();
  const dashboard = useDoctorDashboard();
  const unread = useUnreadMessages();
  return (
    <>
      <PageHeader
        title="Dashboard"
        subtitle={`${greeting(new Date())}, ${user.full_name}. ${formatDate(new Date().toISOString(), { weekday: "long", day: "numeric", month: "long" })}.`}
      />
      <div className="stack">
        <QueryState
          query={dashboard}
          loadingLabel="Loading your dashboard…"
          errorTitle="The dashboard could not be loaded."
        >
          {(data) => (
            <>
              <section className="grid grid-3" aria-label="At a glance">
                <div className="card stat">
                  <span className="value">{data.appointments_today_total}</span>
                  <span className="label">appointments today</span>
                </div>
                <div className="card stat">
                  <span className="value">{data.needs_attention_total}</span>
                  <span className="label">patients need attention</span>
                </div>
                <div className="card stat">
                  <span className="value">{unread.data ?? "–"}</span>
                  <span className="label">unread messages</span>
                </div>
              </section>
              <div className="grid grid-2">
                <TodaysAppointments dashboard={data} />
                <NeedsAttention dashboard={data} />
              </div>
            </>
          )}
        </QueryState>
        <RecentActivity />
      </div>
    </>
  );
}

function TodaysAppointments({ dashboard }: { dashboard: DoctorDashboard }) {
  const zone = useCurrentUser().time_zone;
  return (
    <section className="card" aria-labelledby="today-appointments">
      <div className="card-header">
        <h2 id="today-appointments">Today's appointments</h2>
        <LinkButton to="/schedule" variant="quiet" size="small">
          Open schedule
        </LinkButton>
      </div>
      {zoneNote(zone) && (
        <p className="muted small">
          Today is {formatDate(dashboard.today, { weekday: "long", day: "numeric", month: "long" })}
          {zoneNote(zone)}; times are in {zoneLabel(viewerTimeZone())}.
        </p>
      )}
      {dashboard.appointments_today.length === 0 ? (
        <EmptyState title="No appointments today." />
      ) : (
        <ul className="plain">
          {dashboard.appointments_today.map((appointment) => (
            <li key={appointment.id} className="list-row">
              <span className="nowrap title">
                {formatTime(appointment.starts_at)}–{formatTime(appointment.ends_at)}
              </span>
              <span className="grow">
                <Link to={`/patients/${appointment.patient.id}`}>{appointment.patient.full_name}</Link>
                <span className="muted"> · {appointment.title}</span>
              </span>
              <StatusTag status={appointment.status} />
            </li>
          ))}
        </ul>
      )}
      {dashboard.appointments_today_total > dashboard.appointments_today.length && (
        <p className="muted small">
          And {dashboard.appointments_today_total - dashboard.appointments_today.length} more in the schedule.
        </p>
      )}
    </section>
  );
}

function NeedsAttention({ dashboard }: { dashboard: DoctorDashboard }) {
  const viewer = useCurrentUser().time_zone;
  return (
    <section className="card" aria-labelledby="needs-attention">
      <div className="card-header">
        <h2 id="needs-attention">Patients needing attention</h2>
      </div>
      <p className="muted small">Missed days and weeks are counted in each patient's own time zone.</p>
      {dashboard.needs_attention.length === 0 ? (
        <EmptyState title="Everyone is on track.">
          <p>No missed sessions, high pain or drops in adherence.</p>
        </EmptyState>
      ) : (
        <ul className="plain">
          {dashboard.needs_attention.map((attention) => (
            <li key={attention.patient.id} className="list-row">
              <Avatar name={attention.patient.full_name} />
              <div className="grow">
                <Link className="title" to={`/patients/${attention.patient.id}`}>
                  {attention.patient.full_name}
                </Link>
                <div className="row" style={{ marginTop: 4 }}>
                  {attentionSignals(attention).map((signal) => (
                    <span key={signal.label} title={signal.detail}>
                      <Tag tone={signal.tone}>{signal.label}</Tag>
                      <span className="visually-hidden">: {signal.detail}</span>
                    </span>
                  ))}
                </div>
                <p className="muted small" style={{ margin: "4px 0 0" }}>
                  Last session {formatRelative(attention.last_session_at)}
                  {zoneNote(attention.time_zone, viewer) && ` · their days count in ${zoneLabel(attention.time_zone)}`}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
      {dashboard.needs_attention_total > dashboard.needs_attention.length && (
        <p className="muted small">
          {plural(dashboard.needs_attention_total - dashboard.needs_attention.length, "more patient")} not shown.
        </p>
      )}
    </section>
  );
}

function RecentActivity() {
  const activity = useRecentActivity();
  return (
    <section className="card" aria-labelledby="recent-activity">
      <div className="card-header">
        <h2 id="recent-activity">Recent activity</h2>
      </div>
      <ListState
        list={activity}
        loadingLabel="Loading recent activity…"
        errorTitle="Recent activity could not be loaded."
        emptyTitle="No sessions yet."
      >
        {(items) => (
          <ul className="plain">
            {items.map((item) => {
              const { what, details } = describeActivity(item);
              return (
                <li key={`${item.kind}-${item.id}`} className="list-row">
                  <Avatar name={item.patient.full_name} />
                  <div className="grow">
                    <Link
                      className="title"
                      to={`/patients/${item.patient.id}/${item.kind === "workout" ? "sessions" : "progress"}`}
                    >
                      {item.patient.full_name}
                    </Link>
                    <span className="muted"> · {what}</span>
                    {details.length > 0 && <div className="small muted">{details.join(" · ")}</div>}
                  </div>
                  <time
                    className="muted small nowrap"
                    dateTime={item.started_at}
                    title={formatDateTime(item.started_at)}
                  >
                    {formatRelative(item.started_at)}
                  </time>
                </li>
              );
            })}
          </ul>
        )}
      </ListState>
    </section>
  );
}
