import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";

import { api, unwrap } from "../api/client";
import { updateCurrentUser } from "../api/session";
import type { PatientDashboard, TodayItem, WeekProgress } from "../api/types";
import { useCurrentUser } from "../auth/AuthProvider";
import { SelfReportExercises } from "../library/SelfReportExercises";
import { ExerciseList } from "../plans/ExerciseList";
import { useTodayPlan } from "../plans/queries";
import { Tag } from "../ui/Badge";
import { Button, LinkButton } from "../ui/Button";
import { EmptyState, ErrorMessage, QueryState } from "../ui/Feedback";
import { firstName, formatDate, formatDateTime, plural } from "../ui/format";
import { PageHeader } from "../ui/PageHeader";
import { deviceTimeZone, isKnownTimeZone, zoneLabel, zoneNote } from "../ui/timeZones";
import { usePatientDashboard } from "./queries";

export function PatientTodayScreen() {
  const user = useCurrentUser();
  const today = useTodayPlan(user.id);
  const dashboard = usePatientDashboard();
  // "Today" is the patient's day in their account's zone, as the server counts it.
  const day = dashboard.data?.today ?? today.data?.date;
  return (
    <>
      <PageHeader
        title="Today"
        subtitle={`Hello ${firstName(user.full_name)}.${day ? ` ${formatDate(day, { weekday: "long", day: "numeric", month: "long" })}${zoneNote(user.time_zone)}.` : ""}`}
      />
      <div className="stack">
        <ZoneProposal />
        {dashboard.data && <TodaySummary dashboard={dashboard.data} />}
        {dashboard.data && <WeekCard week={dashboard.data.week} />}
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

/** The weekly streak and this week in one line, as the server counts them. */
function WeekCard({ week }: { week: WeekProgress }) {
  return (
    <section className="card" aria-labelledby="my-week-heading">
      <div className="card-header">
        <h2 id="my-week-heading">My week</h2>
        {week.streak_weeks > 0 && (
          <Tag tone="success">{week.streak_weeks === 1 ? "1 week" : `${week.streak_weeks} weeks`} in a row</Tag>
        )}
      </div>
      <p>{week.summary}.</p>
      <p className="muted small">
        {week.streak_weeks > 0
          ? "Weeks in a row with every planned day done. Weeks without a plan do not break it."
          : "Do every planned day of a week to start a streak. Weeks without a plan do not break it."}
      </p>
    </section>
  );
}

/** When the account's days count in another zone than this device's, offer the device's. */
function ZoneProposal() {
  const user = useCurrentUser();
  const device = deviceTimeZone();
  const [dismissed, setDismissed] = useState(false);
  const queryClient = useQueryClient();
  const adopt = useMutation({
    mutationFn: () => unwrap(api.PATCH("/api/v1/users/me", { body: { time_zone: device } })),
    onSuccess: (updated) => {
      updateCurrentUser(updated);
      void queryClient.invalidateQueries();
    },
  });
  if (dismissed || zoneNote(user.time_zone, device) === "" || !isKnownTimeZone(device)) return null;
  return (
    <div className="alert alert--info" role="region" aria-label="Time zone">
      <div className="alert-body">
        <p className="alert-title">Your days count in {zoneLabel(user.time_zone)}</p>
        <p>
          This device is set to {device}. Use it for your plan, your week and your reminders? You can change it on your{" "}
          <Link to="/account">account screen</Link>.
        </p>
        {adopt.error && <ErrorMessage error={adopt.error} title="The time zone was not changed." />}
        <div className="row">
          <Button size="small" variant="primary" isPending={adopt.isPending} onPress={() => adopt.mutate()}>
            Use {zoneLabel(device)}
          </Button>
          <Button size="small" onPress={() => setDismissed(true)}>
            Keep {zoneLabel(user.time_zone)}
          </Button>
        </div>
      </div>
    </div>
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
      {/* The camera counts its exercises in the exercise screen; the patient records the others here. */}
      {item.combo.items.some((exercise) => exercise.recording === "camera") && (
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
      )}
      <SelfReportExercises items={item.combo.items} weekPlanItemId={item.week_plan_item_id} />
    </section>
  );
}
