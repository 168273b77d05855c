// The doctor's monitoring time on this patient: a start/stop timer or minutes typed in, each
// entry correctable and deletable. The timer runs in this page; nothing is stored until saved.
import { useEffect, useState } from "react";

import type { components } from "../api/schema";
import { RecordDownloads } from "../patients/ExportButtons";
import { Button } from "../ui/Button";
import { ConfirmDialog } from "../ui/Dialog";
import { ErrorMessage, ListState } from "../ui/Feedback";
import { NumberField, TextField } from "../ui/fields";
import { formatDateTime, plural } from "../ui/format";
import { ProgressReportPanel } from "./ProgressReportPanel";
import { useDeleteTimeEntry, useSaveTimeEntry, useTimeLog } from "./queries";

type TimeEntry = components["schemas"]["TimeEntryRead"];

function elapsedMinutes(since: number, now: number): number {
  return Math.max(1, Math.ceil((now - since) / 60_000));
}

export function TimeLogTab({ patientId }: { patientId: number }) {
  const log = useTimeLog(patientId);
  return (
    <div className="stack">
      <ProgressReportPanel patientId={patientId} />
      <RecordDownloads patientId={patientId} audience="doctor" />
      <section aria-labelledby="time-log-heading" className="stack">
        <h2 id="time-log-heading" style={{ margin: 0 }}>
          Monitoring time
        </h2>
        <p className="muted" style={{ margin: 0 }}>
          Your interactive time on this patient (reviewing data, calls, messages): it counts in your monthly monitoring
          report. Only you see your entries.
        </p>
        <div className="card">
          <EntryForm patientId={patientId} />
        </div>
        <ListState list={log} loadingLabel="Loading the time log…" emptyTitle="No time logged yet.">
          {(items) => (
            <ul className="plain stack" aria-label="Time log">
              {items.map((entry) => (
                <li key={entry.id}>
                  <EntryCard entry={entry} patientId={patientId} />
                </li>
              ))}
            </ul>
          )}
        </ListState>
      </section>
    </div>
  );
}

function EntryForm({ patientId, entry, onDone }: { patientId: number; entry?: TimeEntry; onDone?: () => void }) {
  const save = useSaveTimeEntry(patientId);
  const [minutes, setMinutes] = useState<number>(entry?.minutes ?? 10);
  const [activity, setActivity] = useState(entry?.activity ?? "");
  const [timerStart, setTimerStart] = useState<number | null>(null);
  const [startedAt, setStartedAt] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (timerStart === null) return;
    const tick = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(tick);
  }, [timerStart]);

  const valid = activity.trim().length > 0 && Number.isInteger(minutes) && minutes >= 1 && minutes <= 600;

  function submit() {
    if (!valid) return;
    const begun = startedAt ?? new Date(Date.now() - minutes * 60_000).toISOString();
    const body = entry ? { minutes, activity } : { started_at: begun, minutes, activity };
    save.mutate(
      { entryId: entry?.id, body },
      {
        onSuccess: () => {
          if (!entry) {
            setActivity("");
            setStartedAt(null);
          }
          onDone?.();
        },
      },
    );
  }

  return (
    <form
      className="stack"
      aria-label={entry ? "Correct the time entry" : "Log time"}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {save.error !== null && <ErrorMessage error={save.error} title="The time was not saved." />}
      {!entry && (
        <div className="row">
          {timerStart === null ? (
            <Button onPress={() => setTimerStart(Date.now())}>Start timer</Button>
          ) : (
            <>
              <span role="timer" aria-live="off">
                Timer: {plural(elapsedMinutes(timerStart, now), "minute")}
              </span>
              <Button
                onPress={() => {
                  setMinutes(elapsedMinutes(timerStart, Date.now()));
                  setStartedAt(new Date(timerStart).toISOString());
                  setTimerStart(null);
                }}
              >
                Stop timer
              </Button>
            </>
          )}
        </div>
      )}
      <div className="grid grid-2">
        <NumberField label="Minutes" value={minutes} minValue={1} maxValue={600} onChange={setMinutes} />
        <TextField label="Activity" value={activity} onChange={setActivity} maxLength={200} isRequired />
      </div>
      <div className="form-actions">
        {onDone && <Button onPress={onDone}>Cancel</Button>}
        <Button type="submit" variant="primary" isPending={save.isPending} isDisabled={!valid}>
          {entry ? "Save entry" : "Log time"}
        </Button>
      </div>
    </form>
  );
}

function EntryCard({ entry, patientId }: { entry: TimeEntry; patientId: number }) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const remove = useDeleteTimeEntry(patientId);
  const title = `${plural(entry.minutes, "minute")}, ${formatDateTime(entry.started_at)}`;
  return (
    <article className="card" aria-label={title}>
      <div className="card-header">
        <span>
          <span className="title">{title}</span>
          <span className="muted small" style={{ display: "block" }}>
            {entry.activity}
            {entry.updated_at && ` · corrected ${formatDateTime(entry.updated_at)}`}
          </span>
        </span>
        {!editing && (
          <span className="row">
            <Button size="small" onPress={() => setEditing(true)}>
              Edit
            </Button>
            <Button size="small" variant="danger" onPress={() => setConfirming(true)}>
              Delete
            </Button>
          </span>
        )}
      </div>
      {editing && <EntryForm patientId={patientId} entry={entry} onDone={() => setEditing(false)} />}
      <ConfirmDialog
        isOpen={confirming}
        onClose={() => {
          setConfirming(false);
          remove.reset();
        }}
        onConfirm={() => remove.mutate(entry.id, { onSuccess: () => setConfirming(false) })}
        title="Delete this time entry?"
        confirmLabel="Delete entry"
        isPending={remove.isPending}
        error={remove.error}
      >
        <p>The minutes no longer count in your monitoring report. The audit log keeps that it was deleted.</p>
      </ConfirmDialog>
    </article>
  );
}
