import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useFieldArray, useForm } from "react-hook-form";

import { problemMessage } from "../api/client";
import type { ComboItem, LibraryExercise } from "../api/types";
import { newClientKey } from "../exercise/queries";
import { RatingFields } from "../exercise/RatingFields";
import { Button } from "../ui/Button";
import { FormNumberField } from "../ui/formFields";
import { plural } from "../ui/format";
import { useSelfReport } from "./queries";
import { selfReportSchema, type SelfReportValues, totalReps } from "./selfReportSchema";

interface Props {
  exercise: LibraryExercise;
  item: ComboItem;
  weekPlanItemId: number;
}

/** Sets and reps of a self-reported exercise of today's routine, with pain and difficulty. */
export function SelfReportForm({ exercise, item, weekPlanItemId }: Props) {
  const [clientKey, setClientKey] = useState(newClientKey);
  const [saved, setSaved] = useState<string | null>(null);
  const report = useSelfReport();
  const form = useForm<SelfReportValues>({
    resolver: zodResolver(selfReportSchema),
    defaultValues: {
      reps: Array.from({ length: item.sets }, () => ({ done: item.reps })),
      pain_score: undefined,
      difficulty: undefined,
    },
  });
  const sets = useFieldArray({ control: form.control, name: "reps" });
  const headingId = `self-report-${item.id}`;

  const submit = (values: SelfReportValues) =>
    report.mutate(
      {
        exercise_code: exercise.code,
        week_plan_item_id: weekPlanItemId,
        side: item.side,
        reps_per_set: values.reps.map((set) => set.done),
        pain_score: values.pain_score,
        difficulty: values.difficulty,
        client_key: clientKey,
      },
      {
        onSuccess: () => {
          setSaved(
            `${exercise.name} recorded: ${plural(totalReps(values), "rep")} in ${plural(values.reps.length, "set")}.`,
          );
          setClientKey(newClientKey()); // a new report next time
        },
      },
    );

  return (
    <form
      className="stack self-report"
      aria-labelledby={headingId}
      onSubmit={(event) => void form.handleSubmit(submit)(event)}
      noValidate
    >
      <h4 id={headingId}>Record {exercise.name}</h4>
      <p className="muted small">
        Planned: {plural(item.sets, "set")} of {plural(item.reps, "rep")}. Enter what you did.
      </p>
      <div className="set-fields">
        {sets.fields.map((field, index) => (
          <FormNumberField
            key={field.id}
            control={form.control}
            name={`reps.${index}.done`}
            label={`Set ${index + 1}: reps`}
            minValue={0}
            maxValue={200}
          />
        ))}
      </div>
      <div className="row">
        <Button size="small" isDisabled={sets.fields.length >= 20} onPress={() => sets.append({ done: item.reps })}>
          Add a set
        </Button>
        <Button size="small" isDisabled={sets.fields.length <= 1} onPress={() => sets.remove(sets.fields.length - 1)}>
          Remove the last set
        </Button>
      </div>
      <RatingFields control={form.control} isDisabled={report.isPending} />
      {report.error && (
        <div className="alert alert--error" role="alert">
          <div className="alert-body">
            <p className="alert-title">Not saved yet.</p>
            <p>{problemMessage(report.error)} Your answers are kept: press Save to try again.</p>
          </div>
        </div>
      )}
      {saved && (
        <p className="alert alert--success" role="status">
          {saved}
        </p>
      )}
      <div className="form-actions">
        <Button type="submit" variant="primary" isPending={report.isPending}>
          Save {exercise.name}
        </Button>
      </div>
    </form>
  );
}
