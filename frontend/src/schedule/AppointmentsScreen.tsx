import { useMemo, useState } from "react";

import type { Schedule } from "../api/types";
import { Button } from "../ui/Button";
import { ConfirmDialog } from "../ui/Dialog";
import { EmptyState, ErrorMessage, Loading } from "../ui/Feedback";
import { formatDate, formatTime } from "../ui/format";
import { PageHeader } from "../ui/PageHeader";
import { useChangeAppointmentStatus, useSchedules } from "./queries";
import { StatusTag } from "./StatusTag";

// Past appointments shown: the last half year.
const PAST_DAYS = 183;

export function AppointmentsScreen() {
  // Fixed for the screen's life, so the query key stays the same between renders.
  const [now] = useState(() => new Date());
  const upcoming = useSchedules({ from: now.toISOString() });
  const past = useSchedules({
    from: new Date(now.getTime() - PAST_DAYS * 86_400_000).toISOString(),
    to: now.toISOString(),
  });
  const pastNewestFirst = useMemo(() => [...(past.data ?? [])].reverse(), [past.data]);
  // A cancelled appointment is not coming up; it is listed apart, so a cancellation is not missed.
  const coming = useMemo(() => upcoming.data?.filter((schedule) => schedule.status !== "cancelled"), [upcoming.data]);
  const cancelled = useMemo(
    () => upcoming.data?.filter((schedule) => schedule.status === "cancelled") ?? [],
    [upcoming.data],
  );

  return (
    <>
      <PageHeader title="Appointments" subtitle="Your appointments with your physiotherapist, in your local time." />
      <section className="card" aria-labelledby="upcoming-heading">
        <h2 id="upcoming-heading">Coming up</h2>
        {upcoming.error ? (
          <ErrorMessage
            error={upcoming.error}
            title="Your appointments could not be loaded."
            onRetry={() => void upcoming.refetch()}
          />
        ) : !coming ? (
          <Loading label="Loading appointments…" />
        ) : coming.length === 0 ? (
          <EmptyState title="No appointments booked.">
            <p>Your physiotherapist books appointments with you. You can ask for one in Messages.</p>
          </EmptyState>
        ) : (
          <ul className="plain">
            {coming.map((schedule) => (
              <AppointmentRow key={schedule.id} schedule={schedule} canCancel={schedule.status === "scheduled"} />
            ))}
          </ul>
        )}
      </section>
      {cancelled.length > 0 && (
        <section className="card" aria-labelledby="cancelled-heading">
          <h2 id="cancelled-heading">Cancelled</h2>
          <ul className="plain">
            {cancelled.map((schedule) => (
              <AppointmentRow key={schedule.id} schedule={schedule} canCancel={false} />
            ))}
          </ul>
        </section>
      )}
      <section className="card" aria-labelledby="past-heading">
        <h2 id="past-heading">Earlier</h2>
        {past.error ? (
          <ErrorMessage error={past.error} onRetry={() => void past.refetch()} />
        ) : !past.data ? (
          <Loading label="Loading earlier appointments…" />
        ) : pastNewestFirst.length === 0 ? (
          <EmptyState title="No earlier appointments." />
        ) : (
          <ul className="plain">
            {pastNewestFirst.map((schedule) => (
              <AppointmentRow key={schedule.id} schedule={schedule} canCancel={false} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function AppointmentRow({ schedule, canCancel }: { schedule: Schedule; canCancel: boolean }) {
  const [confirming, setConfirming] = useState(false);
  const cancel = useChangeAppointmentStatus();
  const when = `${formatDate(schedule.starts_at, { weekday: "long", day: "numeric", month: "long" })}, ${formatTime(schedule.starts_at)}–${formatTime(schedule.ends_at)}`;
  return (
    <li className="list-row appointment-row">
      <div className="grow">
        <div className="title">{when}</div>
        <div className="muted">
          {schedule.title} with {schedule.doctor.full_name}
        </div>
        {schedule.notes && <div className="small pre-wrap">{schedule.notes}</div>}
      </div>
      <StatusTag status={schedule.status} />
      {canCancel && (
        <Button variant="danger" onPress={() => setConfirming(true)} aria-label={`Cancel the appointment on ${when}`}>
          Cancel
        </Button>
      )}
      <ConfirmDialog
        isOpen={confirming}
        onClose={() => {
          setConfirming(false);
          cancel.reset();
        }}
        onConfirm={() => cancel.mutate({ id: schedule.id, to: "cancelled" }, { onSuccess: () => setConfirming(false) })}
        title="Cancel this appointment?"
        confirmLabel="Cancel appointment"
        cancelLabel="Keep appointment"
        isPending={cancel.isPending}
        error={cancel.error}
      >
        <p>
          {schedule.title} with {schedule.doctor.full_name}, {when}. Your physiotherapist will be told.
        </p>
      </ConfirmDialog>
    </li>
  );
}
