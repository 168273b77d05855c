// A patient answers one due questionnaire: each item a radio group of large buttons (arrow keys
// move, screen readers hear a choice with its label and the scale's ends), grouped in fieldsets.
// Nothing is sent with an item unanswered: each missing one says so, and the first gets focus.
// The server scores and checks again (422 if anything is off).
import { type FormEvent, useState } from "react";

import type { Instrument, QuestionnaireResponse, QuestionnaireSchedule } from "../api/types";
import { ScaleField } from "../exercise/ScaleField";
import { Button } from "../ui/Button";
import { ErrorMessage } from "../ui/Feedback";
import { TextField } from "../ui/fields";
import { useAnswerQuestionnaire } from "./queries";

type Scale = Instrument["items"][number]["scale"];

function ends(scale: Scale): [string, string] {
  const low = scale.anchors.find((a) => a.value === scale.minimum)?.label ?? String(scale.minimum);
  const high = scale.anchors.find((a) => a.value === scale.maximum)?.label ?? String(scale.maximum);
  return [low, high];
}

interface Activity {
  name: string;
  value: number | undefined;
}

export function AnswerForm({
  instrument,
  schedule,
  patientId,
  onAnswered,
}: {
  instrument: Instrument;
  schedule: QuestionnaireSchedule;
  patientId: number;
  onAnswered: (response: QuestionnaireResponse) => void;
}) {
  const answer = useAnswerQuestionnaire(patientId);
  const [values, setValues] = useState<Record<string, number | undefined>>({});
  const [activities, setActivities] = useState<Activity[]>(() =>
    Array.from({ length: instrument.min_activities }, () => ({ name: "", value: undefined })),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const activityScale = instrument.activity_scale;

  function missing(): Record<string, string> {
    const found: Record<string, string> = {};
    if (activityScale) {
      activities.forEach((activity, index) => {
        if (!activity.name.trim()) found[`name${index}`] = "Name this activity.";
        if (activity.value === undefined) found[`value${index}`] = "Choose a number for this activity.";
      });
    } else {
      for (const item of instrument.items) {
        if (values[item.code] === undefined) found[item.code] = "Choose an answer.";
      }
    }
    return found;
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = missing();
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      // Radio groups take focus on their checked or first radio.
      const field = event.currentTarget.querySelector<HTMLElement>(`[data-answer="${first}"] input`);
      field?.focus();
      return;
    }
    answer.mutate(
      activityScale
        ? {
            schedule_id: schedule.id,
            activities: activities.map((a) => ({ name: a.name.trim(), value: a.value ?? null })),
          }
        : { schedule_id: schedule.id, answers: values as Record<string, number> },
      { onSuccess: onAnswered },
    );
  }

  const count = Object.keys(errors).length;
  const groups = [...new Set(instrument.items.map((item) => item.group ?? ""))];
  return (
    <form onSubmit={submit} noValidate className="stack" aria-label={instrument.name}>
      <p style={{ margin: 0 }}>{instrument.instructions}</p>
      {count > 0 && (
        <p role="alert" className="field-error">
          {count === 1 ? "One answer is missing." : `${count} answers are missing.`} Each is marked below.
        </p>
      )}
      {activityScale ? (
        <>
          {activities.map((activity, index) => (
            <fieldset key={index} className="card stack">
              <legend>Activity {index + 1}</legend>
              <div data-answer={`name${index}`}>
                <TextField
                  label={`Activity ${index + 1}: what is hard to do?`}
                  value={activity.name}
                  onChange={(name) => setActivities((all) => all.map((a, i) => (i === index ? { ...a, name } : a)))}
                  errorMessage={errors[`name${index}`]}
                />
              </div>
              <div data-answer={`value${index}`}>
                <ScaleField
                  label={`How well can you do activity ${index + 1} today?`}
                  min={activityScale.minimum}
                  max={activityScale.maximum}
                  lowLabel={ends(activityScale)[0]}
                  highLabel={ends(activityScale)[1]}
                  value={activity.value}
                  onChange={(value) => setActivities((all) => all.map((a, i) => (i === index ? { ...a, value } : a)))}
                  errorMessage={errors[`value${index}`]}
                />
              </div>
            </fieldset>
          ))}
          {activities.length < instrument.max_activities && (
            <Button onPress={() => setActivities((all) => [...all, { name: "", value: undefined }])}>
              Add an activity
            </Button>
          )}
        </>
      ) : (
        groups.map((group) => (
          <fieldset key={group} className="stack">
            <legend>{group ? `${group[0]?.toUpperCase()}${group.slice(1)}` : instrument.name}</legend>
            {instrument.items
              .filter((item) => (item.group ?? "") === group)
              .map((item) => (
                <div key={item.code} data-answer={item.code}>
                  <ScaleField
                    label={item.text}
                    min={item.scale.minimum}
                    max={item.scale.maximum}
                    lowLabel={ends(item.scale)[0]}
                    highLabel={ends(item.scale)[1]}
                    value={values[item.code]}
                    onChange={(value) => setValues((all) => ({ ...all, [item.code]: value }))}
                    errorMessage={errors[item.code]}
                  />
                </div>
              ))}
          </fieldset>
        ))
      )}
      {answer.error && <ErrorMessage error={answer.error} title="Your answers were not sent. They are still here." />}
      <div className="form-actions">
        <Button type="submit" variant="primary" isPending={answer.isPending}>
          Send answers
        </Button>
      </div>
    </form>
  );
}
