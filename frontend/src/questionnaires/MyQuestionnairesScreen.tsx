// The patient's questionnaires: the ones waiting for an answer (each opens its form), and the
// scores so far.
import { useState } from "react";

import type { QuestionnaireResponse, QuestionnaireSchedule } from "../api/types";
import { useCurrentUser } from "../auth/AuthProvider";
import { Button } from "../ui/Button";
import { ErrorMessage, ListState, Loading, Notice } from "../ui/Feedback";
import { formatDate } from "../ui/format";
import { PageHeader } from "../ui/PageHeader";
import { AnswerForm } from "./AnswerForm";
import { useInstruments, useQuestionnaireResponses, useQuestionnaireSchedules } from "./queries";
import { ScoreHistory } from "./ScoreHistory";

export function MyQuestionnairesScreen() {
  const user = useCurrentUser();
  const instruments = useInstruments();
  const schedules = useQuestionnaireSchedules(user.id);
  const responses = useQuestionnaireResponses(user.id);
  const [open, setOpen] = useState<QuestionnaireSchedule | null>(null);
  const [sent, setSent] = useState<QuestionnaireResponse | null>(null);
  const byCode = new Map((instruments.data ?? []).map((i) => [i.code, i]));
  const due = schedules.items.filter((s) => s.due_on);

  if (instruments.error)
    return <ErrorMessage error={instruments.error} title="The questionnaires could not be loaded." />;
  if (instruments.isPending) return <Loading label="Loading questionnaires…" page />;
  const openInstrument = open ? byCode.get(open.instrument) : undefined;
  return (
    <>
      <PageHeader title="Questionnaires" subtitle="How you are doing, in your own answers." />
      {sent && (
        <Notice tone="success" title="Thank you, your answers were sent.">
          Your score: {sent.score} {byCode.get(sent.instrument)?.unit}
        </Notice>
      )}
      {open && openInstrument ? (
        <section className="card stack" aria-labelledby="answering">
          <h2 id="answering" style={{ margin: 0 }}>
            {openInstrument.name}
          </h2>
          <AnswerForm
            instrument={openInstrument}
            schedule={open}
            patientId={user.id}
            onAnswered={(response) => {
              setSent(response);
              setOpen(null);
            }}
          />
          <Button onPress={() => setOpen(null)}>Not now</Button>
        </section>
      ) : (
        <section className="stack" aria-labelledby="waiting">
          <h2 id="waiting">Waiting for you</h2>
          <ListState list={{ ...schedules, items: due }} loadingLabel="Loading…" emptyTitle="Nothing to answer now.">
            {(items) => (
              <ul className="plain stack">
                {items.map((schedule) => (
                  <li
                    key={schedule.id}
                    className="card row"
                    style={{ justifyContent: "space-between", flexWrap: "wrap" }}
                  >
                    <span>
                      <strong>{byCode.get(schedule.instrument)?.name ?? schedule.instrument}</strong>
                      <span className="muted small" style={{ display: "block" }}>
                        Due since {formatDate(schedule.due_on ?? "")}
                      </span>
                    </span>
                    <Button
                      variant="primary"
                      onPress={() => {
                        setSent(null);
                        setOpen(schedule);
                      }}
                    >
                      Answer {byCode.get(schedule.instrument)?.name ?? "questionnaire"}
                    </Button>
                  </li>
                ))}
              </ul>
            )}
          </ListState>
        </section>
      )}
      <section className="stack" aria-labelledby="my-scores">
        <h2 id="my-scores">Your scores</h2>
        {[...new Set(responses.items.map((r) => r.instrument))].map((code) => {
          const instrument = byCode.get(code);
          return instrument ? <ScoreHistory key={code} instrument={instrument} responses={responses.items} /> : null;
        })}
        {responses.items.length === 0 && !responses.isPending && <p className="muted">No answers yet.</p>}
      </section>
    </>
  );
}
