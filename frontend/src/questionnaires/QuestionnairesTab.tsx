// The doctor's view of a patient's outcome questionnaires: schedule one (once or every N weeks),
// see what is ordered and due, each instrument's trend with its MCID, and the scores as CSV.
import { type FormEvent, useState } from "react";

import { Button } from "../ui/Button";
import { DateField } from "../ui/DateFields";
import { ErrorMessage, ListState, Loading } from "../ui/Feedback";
import { NumberField, SelectField } from "../ui/fields";
import { formatDate } from "../ui/format";
import { saveFile } from "../patients/ExportButtons";
import {
  fetchScoresCsv,
  useInstruments,
  useQuestionnaireResponses,
  useQuestionnaireSchedules,
  useScheduleQuestionnaire,
} from "./queries";
import { ScoreHistory } from "./ScoreHistory";

const today = () => new Date().toISOString().slice(0, 10);

export function QuestionnairesTab({ patientId }: { patientId: number }) {
  const instruments = useInstruments();
  const schedules = useQuestionnaireSchedules(patientId);
  const responses = useQuestionnaireResponses(patientId);
  const [csvError, setCsvError] = useState<unknown>(null);
  if (instruments.error) return <ErrorMessage error={instruments.error} title="The catalogue could not be loaded." />;
  if (instruments.isPending) return <Loading label="Loading questionnaires…" />;
  const byCode = new Map(instruments.data.map((i) => [i.code, i]));
  const answered = [...new Set(responses.items.map((r) => r.instrument))];

  async function downloadCsv(code: string) {
    setCsvError(null);
    try {
      saveFile(await fetchScoresCsv(patientId, code), `patient-${patientId}-${code}-scores.csv`);
    } catch (failure) {
      setCsvError(failure);
    }
  }

  return (
    <section aria-labelledby="questionnaires-heading" className="stack">
      <h2 id="questionnaires-heading" style={{ margin: 0 }}>
        Questionnaires
      </h2>
      <div className="card">
        <ScheduleForm patientId={patientId} options={instruments.data.map((i) => ({ id: i.code, label: i.name }))} />
      </div>
      <h3 style={{ margin: 0 }}>Scheduled</h3>
      <ListState list={schedules} loadingLabel="Loading…" emptyTitle="No questionnaire scheduled yet.">
        {(items) => (
          <ul className="plain stack">
            {items.map((s) => (
              <li key={s.id} className="card">
                <strong>{byCode.get(s.instrument)?.name ?? s.instrument}</strong>
                <span className="muted small" style={{ display: "block" }}>
                  {s.every_weeks
                    ? `Every ${s.every_weeks} week(s) from ${formatDate(s.start_date)}`
                    : `Once, ${formatDate(s.start_date)}`}
                  {s.end_date ? ` until ${formatDate(s.end_date)}` : ""}
                  {s.due_on ? ` · due since ${formatDate(s.due_on)}` : " · nothing due"}
                </span>
              </li>
            ))}
          </ul>
        )}
      </ListState>
      <h3 style={{ margin: 0 }}>Scores</h3>
      {answered.length === 0 && !responses.isPending && <p className="muted">No answers yet.</p>}
      {csvError !== null && <ErrorMessage error={csvError} title="The download failed." />}
      {answered.map((code) => {
        const instrument = byCode.get(code);
        if (!instrument) return null;
        return (
          <div key={code} className="stack">
            <ScoreHistory instrument={instrument} responses={responses.items} />
            <div>
              <Button onPress={() => void downloadCsv(code)}>Download {instrument.name} scores (CSV)</Button>
            </div>
          </div>
        );
      })}
    </section>
  );
}

function ScheduleForm({ patientId, options }: { patientId: number; options: { id: string; label: string }[] }) {
  const schedule = useScheduleQuestionnaire(patientId);
  const [instrument, setInstrument] = useState<string | null>(null);
  const [start, setStart] = useState(today());
  const [everyWeeks, setEveryWeeks] = useState<number>(Number.NaN);
  const [error, setError] = useState<string | undefined>();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!instrument) {
      setError("Choose a questionnaire.");
      return;
    }
    setError(undefined);
    schedule.mutate({
      instrument,
      start_date: start,
      every_weeks: Number.isNaN(everyWeeks) ? null : everyWeeks,
    });
  }

  return (
    <form onSubmit={submit} noValidate className="stack" aria-label="Schedule a questionnaire">
      <SelectField
        label="Questionnaire"
        options={options}
        value={instrument}
        onChange={setInstrument}
        errorMessage={error}
      />
      <DateField label="First due on" value={start} onChange={setStart} />
      <NumberField
        label="Repeat every (weeks)"
        optional
        minValue={1}
        maxValue={52}
        value={everyWeeks}
        onChange={setEveryWeeks}
        description="Leave empty to ask once."
      />
      {schedule.error && <ErrorMessage error={schedule.error} title="The questionnaire was not scheduled." />}
      {schedule.isSuccess && <p role="status">Scheduled. The patient is notified when it is due.</p>}
      <div className="form-actions">
        <Button type="submit" variant="primary" isPending={schedule.isPending}>
          Schedule questionnaire
        </Button>
      </div>
    </form>
  );
}
