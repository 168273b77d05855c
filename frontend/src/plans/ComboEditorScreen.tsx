import { zodResolver } from "@hookform/resolvers/zod";
import { Form } from "react-aria-components";
import { useFieldArray, useForm } from "react-hook-form";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";

import { fieldErrors, isStatus, problemMessage } from "../api/client";
import type { Combo } from "../api/types";
import { useCurrentUser } from "../auth/AuthProvider";
import { NotFoundScreen } from "../layout/NotFoundScreen";
import { Button, LinkButton } from "../ui/Button";
import { ErrorMessage, Loading, Notice } from "../ui/Feedback";
import { FormNumberField, FormSelectField, FormTextField } from "../ui/formFields";
import { useExerciseName, useLibrary } from "../library/queries";
import { REGION_LABELS } from "../library/vocabulary";
import { EXERCISE_LABELS, SIDE_LABELS } from "../ui/format";
import { PageHeader } from "../ui/PageHeader";
import { applyServerErrors } from "../ui/serverErrors";
import { useUnsavedChanges } from "../ui/UnsavedChanges";
import { EXERCISE_TYPES, SIDES } from "../ui/vocabulary";
import { ExerciseList } from "./ExerciseList";
import {
  MAX_COMBO_ITEMS,
  comboBody,
  comboDefaults,
  comboSchema,
  isCameraExercise,
  newComboItem,
  type ComboValues,
} from "./comboSchema";
import { useCombo, useSaveCombo } from "./queries";

// Until the library is loaded, the camera's five (the routines written before the library).
const CAMERA_OPTIONS = EXERCISE_TYPES.map((type) => ({ id: type, label: EXERCISE_LABELS[type] }));

/** Every library exercise, grouped by body region; the camera's marked. */
function useExerciseOptions() {
  const library = useLibrary();
  if (!library.data) return CAMERA_OPTIONS;
  const regions = Object.keys(REGION_LABELS);
  return [...library.data.values()]
    .sort((a, b) => regions.indexOf(a.region) - regions.indexOf(b.region) || a.name.localeCompare(b.name))
    .map((exercise) => ({
      id: exercise.code,
      label: exercise.recording === "camera" ? `${exercise.name} (camera)` : exercise.name,
      group: REGION_LABELS[exercise.region],
    }));
}
const SIDE_OPTIONS = SIDES.map((side) => ({ id: side, label: SIDE_LABELS[side] }));

/** /routines/new (blank, or ?from=<id> to start from a copy) and /routines/<id> (edit). */
export function ComboEditorScreen() {
  const params = useParams();
  const [search] = useSearchParams();
  const user = useCurrentUser();
  const editId = params.comboId === undefined ? undefined : Number(params.comboId);
  const fromId = search.get("from") === null ? undefined : Number(search.get("from"));
  const sourceId = editId ?? fromId;
  const source = useCombo(sourceId);

  if (sourceId !== undefined && !(Number.isInteger(sourceId) && sourceId > 0)) return <NotFoundScreen />;
  if (sourceId !== undefined) {
    if (source.error && isStatus(source.error, 404)) return <NotFoundScreen />;
    if (source.error)
      return (
        <ErrorMessage
          error={source.error}
          title="The routine could not be loaded."
          onRetry={() => void source.refetch()}
        />
      );
    if (!source.data) return <Loading label="Loading the routine…" />;
  }
  const combo = source.data;
  if (editId !== undefined && combo && combo.doctor.id !== user.id) return <ReadOnlyCombo combo={combo} />;
  return <ComboEditor key={sourceId ?? "new"} combo={combo} editing={editId !== undefined} />;
}

function ReadOnlyCombo({ combo }: { combo: Combo }) {
  return (
    <>
      <PageHeader title={combo.name} subtitle={`A routine by ${combo.doctor.full_name}`} />
      <Notice title="Only its author can change this routine.">
        <p>Make a copy to adjust it for your patients.</p>
      </Notice>
      <div className="card">
        {combo.description && <p>{combo.description}</p>}
        <ExerciseList items={combo.items} />
        <div className="form-actions">
          <LinkButton to="/routines">Back to routines</LinkButton>
          <LinkButton to={`/routines/new?from=${combo.id}`} variant="primary">
            Make a copy
          </LinkButton>
        </div>
      </div>
    </>
  );
}

function ComboEditor({ combo, editing }: { combo: Combo | undefined; editing: boolean }) {
  const navigate = useNavigate();
  const save = useSaveCombo(editing ? combo?.id : undefined);
  const exerciseName = useExerciseName();
  const exerciseOptions = useExerciseOptions();
  const form = useForm<ComboValues>({
    resolver: zodResolver(comboSchema),
    defaultValues: comboDefaults(combo, !editing),
  });
  const items = useFieldArray({ control: form.control, name: "items" });
  const itemsError = form.formState.errors.items?.root?.message ?? form.formState.errors.items?.message;
  const unsaved = useUnsavedChanges(form.formState.isDirty, "this routine");

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const saved = await save.mutateAsync(comboBody(values));
      unsaved.release();
      void navigate("/routines", { state: { saved: saved.name } });
    } catch (error) {
      applyServerErrors(form, fieldErrors(error));
      if (isStatus(error, 409)) form.setError("name", { type: "server", message: problemMessage(error) });
    }
  });

  const title = editing ? `Edit “${combo?.name ?? "routine"}”` : "New routine";
  return (
    <>
      <PageHeader
        title={title}
        subtitle="The exercises are done in this order. Week plans that use the routine follow your changes."
      />
      {save.error && (
        <ErrorMessage error={save.error} title="The routine was not saved. Your changes are still here." />
      )}
      <Form
        onSubmit={(event) => {
          event.preventDefault();
          void onSubmit();
        }}
        validationBehavior="aria"
        className="stack"
      >
        <div className="card">
          <div className="form-grid">
            <FormTextField control={form.control} name="name" label="Name" autoFocus={!editing} className="span-all" />
            <FormTextField
              control={form.control}
              name="description"
              label="Description"
              optional
              multiline
              rows={2}
              className="span-all"
            />
          </div>
        </div>
        <section className="card" aria-labelledby="items-heading">
          <div className="card-header">
            <h2 id="items-heading">Exercises</h2>
            <span className="muted small">
              {items.fields.length} of at most {MAX_COMBO_ITEMS}
            </span>
          </div>
          {itemsError && (
            <p className="field-error" role="alert">
              {itemsError}
            </p>
          )}
          <ol className="plain">
            {items.fields.map((field, index) => {
              const label = exerciseName(form.watch(`items.${index}.exercise_code`));
              const where = `exercise ${index + 1} (${label})`;
              return (
                <li key={field.id} className="combo-item" aria-label={`Exercise ${index + 1}: ${label}`}>
                  <span className="position" aria-hidden="true">
                    {index + 1}
                  </span>
                  <FormSelectField
                    control={form.control}
                    name={`items.${index}.exercise_code`}
                    label="Exercise"
                    options={exerciseOptions}
                  />
                  <FormSelectField
                    control={form.control}
                    name={`items.${index}.side`}
                    label="Side"
                    options={SIDE_OPTIONS}
                  />
                  <FormNumberField
                    control={form.control}
                    name={`items.${index}.sets`}
                    label="Sets"
                    minValue={1}
                    maxValue={20}
                  />
                  <FormNumberField
                    control={form.control}
                    name={`items.${index}.reps`}
                    label="Reps"
                    minValue={1}
                    maxValue={200}
                  />
                  <FormNumberField
                    control={form.control}
                    name={`items.${index}.rest_seconds`}
                    label="Rest"
                    unit="s"
                    minValue={0}
                    maxValue={900}
                    step={5}
                  />
                  {/* Only the camera measures a range of motion; the patient reports sets and reps. */}
                  {isCameraExercise(form.watch(`items.${index}.exercise_code`)) ? (
                    <FormNumberField
                      control={form.control}
                      name={`items.${index}.target_rom_deg`}
                      label="Target"
                      unit="°"
                      description="Range of motion to aim for; empty for none."
                      minValue={0}
                      maxValue={180}
                      step={5}
                    />
                  ) : (
                    <p className="muted small">The patient enters the sets and reps done.</p>
                  )}
                  <div className="item-actions">
                    <Button
                      size="small"
                      isDisabled={index === 0}
                      onPress={() => items.move(index, index - 1)}
                      aria-label={`Move ${where} up`}
                    >
                      ↑ Up
                    </Button>
                    <Button
                      size="small"
                      isDisabled={index === items.fields.length - 1}
                      onPress={() => items.move(index, index + 1)}
                      aria-label={`Move ${where} down`}
                    >
                      ↓ Down
                    </Button>
                    <Button
                      size="small"
                      variant="danger"
                      isDisabled={items.fields.length === 1}
                      onPress={() => items.remove(index)}
                      aria-label={`Remove ${where}`}
                    >
                      Remove
                    </Button>
                  </div>
                </li>
              );
            })}
          </ol>
          <div className="form-actions" style={{ justifyContent: "flex-start" }}>
            <Button isDisabled={items.fields.length >= MAX_COMBO_ITEMS} onPress={() => items.append(newComboItem())}>
              + Add exercise
            </Button>
          </div>
        </section>
        <div className="form-actions">
          <Link to="/routines" className="button button--secondary">
            Cancel
          </Link>
          <Button type="submit" variant="primary" isPending={save.isPending}>
            {editing ? "Save routine" : "Create routine"}
          </Button>
        </div>
      </Form>
    </>
  );
}
