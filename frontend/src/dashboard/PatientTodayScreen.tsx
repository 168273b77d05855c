import { Link } from "react-router";

import type { PatientDashboard, TodayItem } from "../api/types";
import { useCurrentUser } from "../auth/AuthProvider";
import { ExerciseList } from "../plans/ExerciseList";
import { useTodayPlan } from "../plans/queries";
import { Tag } from "../ui/Badge";
import { LinkButton } from "../ui/Button";
import { EmptyState, QueryState } from "../ui/Feedback";
import { firstName, formatDate, formatDateTime, plural } from "../ui/format";
import { PageHeader } from "../ui/PageHeader";
import { usePatientDashboard } from "./queries";

export function PatientTodayScreen() {
  const user = useCurrentUser();
  const today = useTodayPlan(user.id);
  const dashboard = usePatientDashboard();
  return (
    <>
      <PageHeader
        title="Today"
        subtitle={`Hello ${firstName(user.full_name)}. ${formatDate(new Date().toISOString(), { weekday: "long", day: "numeric", month: "long" })}.`}
      />
      <div className="stack">
        {dashboard.data && <TodaySummary dashboard={dashboard.data} />}
        <QueryState
          query={today}
          loadingLabel="Loading today's exercises…"
          errorTitle="Today's plan could not be loaded."
        >
          {(plan) =>
            plan.items.length === 0 ? (
              <div className="card">
                <EmptyState title="Nothing is planned for today.">
                  <p>Rest, or do a free exercise or a brain game if you feel like it.</p>
                  <div className="row" style={{ justifyContent: "center" }}>
                    <LinkButton to="/exercise" variant="primary" size="large">
                      Free exercise
                    </LinkButton>
                    <LinkButton to="/brain" size="large">
                      Play a brain game
                    </LinkButton>
                  </div>
                </EmptyState>
              </div>
            ) : (
              <>
                {plan.notes && (
                  <div className="alert alert--info">
                    <div className="alert-body">
                      <p className="alert-title">From your physiotherapist</p>
                      <p className="pre-wrap">{plan.notes}</p>
                    </div>
                  </div>
                )}
                <h2>Your routines for today</h2>
                {plan.items.map((item, index) => (
                  <RoutineCard key={item.week_plan_item_id} item={item} number={index + 1} />
                ))}
              </>
            )
          }
        </QueryState>
      </div>
    </>
  );
}

function TodaySummary({ dashboard }: { dashboard: PatientDashboard }) {
  const { plan, next_appointment: next, unread_messages: unread } = dashboard;
  return (
    <section className="grid grid-3" aria-label="Today at a glance">
      <div className="card stat">
        {plan.planned === 0 ? (
          <>
            <span className="value">Rest day</span>
            <span className="label">
              {plan.sessions > 0
                ? `No routines planned; ${plural(plan.sessions, "session")} done anyway`
                : "No routines planned for today"}
            </span>
          </>
        ) : (
          <>
            <span className="value">
              {plan.done} of {plan.planned}
            </span>
            <span className="label">
              today's routines done
              {/* A free exercise, or a routine done twice, is a workout beyond the plan. */}
              {plan.sessions > plan.done && ` · ${plural(plan.sessions - plan.done, "other workout")} today`}
            </span>
          </>
        )}
      </div>
      <div className="card stat">
        {next ? (
          <>
            <span className="value" style={{ fontSize: "1.25rem" }}>
              {formatDateTime(next.starts_at)}
            </span>
            <span className="label">
              Next appointment: {next.title} with {next.doctor.full_name}.{" "}
              <Link to="/appointments">All appointments</Link>
            </span>
          </>
        ) : (
          <>
            <span className="value" style={{ fontSize: "1.25rem" }}>
              No appointment
            </span>
            <span className="label">Nothing booked yet.</span>
          </>
        )}
      </div>
      <div className="card stat">
        <span className="value">{unread}</span>
        <span className="label">
          {unread === 1 ? "unread message" : "unread messages"} · <Link to="/messages">Read messages</Link>
        </span>
      </div>
    </section>
  );
}

function RoutineCard({ item, number }: { item: TodayItem; number: number }) {
  const headingId = `routine-${item.week_plan_item_id}`;
  return (
    <section className={item.done ? "card routine-card done" : "card routine-card"} aria-labelledby={headingId}>
      <div className="card-header">
        <div>
          <h3 id={headingId}>
            {number}. {item.combo.name}
          </h3>
          <span className="muted small">{plural(item.combo.items.length, "exercise")}</span>
        </div>
        {item.done ? <Tag tone="success">✓ Done today</Tag> : <Tag tone="info">To do</Tag>}
      </div>
      {item.combo.description && <p className="muted">{item.combo.description}</p>}
      <ExerciseList items={item.combo.items} />
      <div className="form-actions">
        <LinkButton
          to={`/exercise?item=${item.week_plan_item_id}`}
          variant={item.done ? "secondary" : "primary"}
          size="large"
          aria-describedby={headingId}
        >
          Start exercise
        </LinkButton>
      </div>
    </section>
  );
}
