import { useState } from "react";
import { Button as AriaButton } from "react-aria-components";
import { useSearchParams } from "react-router";

import type { Schedule } from "../api/types";
import { Button } from "../ui/Button";
import { ErrorMessage, Loading, Notice } from "../ui/Feedback";
import { formatDate, formatTime } from "../ui/format";
import { PageHeader } from "../ui/PageHeader";
import { WeekGrid } from "../ui/WeekGrid";
import { useSelectedWeek, WeekNavigator } from "../ui/WeekNavigator";
import { localIsoDate, mondayOf } from "../ui/isoWeek";
import { AppointmentDetailsDialog, AppointmentFormDialog } from "./AppointmentDialogs";
import { byLocalDay, nextFullHour, weekBounds } from "./appointmentTimes";
import { useSchedules } from "./queries";
import { statusLabel } from "./StatusTag";

/** Over, and still neither held nor missed: the doctor is asked to say which. */
function needsOutcome(schedule: Schedule): boolean {
  return schedule.status === "scheduled" && new Date(schedule.ends_at).getTime() <= Date.now();
}

function appointmentState(schedule: Schedule): string {
  return needsOutcome(schedule) ? "held or missed?" : statusLabel(schedule.status);
}

type Dialog =
  | { kind: "book"; patientId?: number; date?: string }
  | { kind: "details"; schedule: Schedule }
  | { kind: "reschedule"; schedule: Schedule };

export function ScheduleScreen() {
  const [monday, setMonday] = useSelectedWeek();
  const [params, setParams] = useSearchParams();
  const schedules = useSchedules(weekBounds(monday));
  const bookFor = Number(params.get("book"));
  const [dialog, setDialog] = useState<Dialog | null>(() =>
    Number.isInteger(bookFor) && bookFor > 0 ? { kind: "book", patientId: bookFor } : null,
  );
  const [saved, setSaved] = useState<{ schedule: Schedule; verb: string } | null>(null);
  // The week of what was just booked or moved, wherever it lies, and a word that it is done.
  const showSaved = (verb: string) => (schedule: Schedule) => {
    setMonday(mondayOf(localIsoDate(new Date(schedule.starts_at))));
    setSaved({ schedule, verb });
  };

  const close = () => {
    setDialog(null);
    if (params.has("book")) {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          next.delete("book");
          return next;
        },
        { replace: true },
      );
    }
  };

  const days = byLocalDay(schedules.data ?? []);
  const upcoming = nextFullHour();
  const today = localIsoDate();

  return (
    <>
      <PageHeader
        title="Schedule"
        subtitle="Your appointments, in your local time."
        actions={
          <Button variant="primary" onPress={() => setDialog({ kind: "book" })}>
            Book appointment
          </Button>
        }
      />
      <div className="stack">
        {saved && (
          <Notice tone="success" title={`${saved.verb}: ${saved.schedule.patient.full_name}, ${saved.schedule.title}`}>
            {formatDate(saved.schedule.starts_at, { weekday: "long", day: "numeric", month: "long" })},{" "}
            {formatTime(saved.schedule.starts_at)}–{formatTime(saved.schedule.ends_at)}. The patient has been told.
          </Notice>
        )}
        <WeekNavigator
          monday={monday}
          onChange={(next) => {
            setSaved(null);
            setMonday(next);
          }}
        />
        {schedules.error ? (
          <ErrorMessage
            error={schedules.error}
            title="The schedule could not be loaded."
            onRetry={() => void schedules.refetch()}
          />
        ) : schedules.isPending ? (
          <Loading label="Loading appointments…" />
        ) : (
          <WeekGrid monday={monday} label="Appointments this week">
            {(_weekday, date) => (
              <>
                {(days.get(date) ?? []).length === 0 ? (
                  <span className="muted small">No appointments</span>
                ) : (
                  <ul className="plain stack" style={{ gap: 6 }}>
                    {(days.get(date) ?? []).map((schedule) => (
                      <li key={schedule.id}>
                        <AriaButton
                          className={`appointment ${schedule.status}`}
                          onPress={() => setDialog({ kind: "details", schedule })}
                          aria-label={`${formatTime(schedule.starts_at)} to ${formatTime(schedule.ends_at)}, ${schedule.patient.full_name}, ${schedule.title}, ${appointmentState(schedule)}`}
                        >
                          <span className="time">
                            {formatTime(schedule.starts_at)}–{formatTime(schedule.ends_at)}
                          </span>
                          <span className="who">{schedule.patient.full_name}</span>
                          <span className="what">
                            {schedule.title}
                            {(schedule.status !== "scheduled" || needsOutcome(schedule)) &&
                              ` · ${appointmentState(schedule)}`}
                          </span>
                        </AriaButton>
                      </li>
                    ))}
                  </ul>
                )}
                {date >= today && (
                  <Button
                    size="small"
                    variant="quiet"
                    className="add-on-day"
                    onPress={() => setDialog({ kind: "book", date })}
                    aria-label={`Book an appointment on ${formatDate(date, { weekday: "long", day: "numeric", month: "long" })}`}
                  >
                    + Book
                  </Button>
                )}
              </>
            )}
          </WeekGrid>
        )}
      </div>
      {dialog?.kind === "book" && (
        <AppointmentFormDialog
          defaults={{
            patientId: dialog.patientId,
            date: dialog.date && dialog.date !== today ? dialog.date : upcoming.date,
            time: dialog.date && dialog.date !== today ? "09:00" : upcoming.time,
          }}
          known={schedules.data ?? []}
          onClose={close}
          onSaved={showSaved("Booked")}
        />
      )}
      {dialog?.kind === "details" && (
        <AppointmentDetailsDialog
          schedule={dialog.schedule}
          onClose={close}
          onReschedule={() => setDialog({ kind: "reschedule", schedule: dialog.schedule })}
        />
      )}
      {dialog?.kind === "reschedule" && (
        <AppointmentFormDialog
          schedule={dialog.schedule}
          defaults={{ date: upcoming.date, time: upcoming.time }}
          known={schedules.data ?? []}
          onClose={close}
          onSaved={showSaved("Moved")}
        />
      )}
    </>
  );
}
