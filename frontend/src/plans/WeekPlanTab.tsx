import { useMemo, useReducer, useState } from "react";

import type { Combo, WeekPlan, Weekday } from "../api/types";
import { useCurrentUser } from "../auth/AuthProvider";
import { Button } from "../ui/Button";
import { ConfirmDialog } from "../ui/Dialog";
import { EmptyState, ErrorMessage, Loading, Notice } from "../ui/Feedback";
import { SelectField, TextField } from "../ui/fields";
import { formatDate, plural, WEEKDAY_LABELS } from "../ui/format";
import { ExerciseList } from "./ExerciseList";
import { useUnsavedChanges } from "../ui/UnsavedChanges";
import { WeekGrid } from "../ui/WeekGrid";
import { useSelectedWeek, WeekNavigator } from "../ui/WeekNavigator";
import { useAllCombos, useDeleteWeekPlan, useSaveWeekPlan, useWeekPlan } from "./queries";
import {
  MAX_ROUTINES_PER_DAY,
  draftFromPlan,
  draftReducer,
  draftRoutineCount,
  draftToPut,
  draftsEqual,
} from "./weekPlanEditor";

/** A patient's plan, week by week. The doctor edits it here; the patient (``editable`` false)
 * reads it, each routine with its exercises and doses. */
export function WeekPlanTab({ patientId, editable = true }: { patientId: number; editable?: boolean }) {
  const [monday, setMonday] = useSelectedWeek();
  const [editing, setEditing] = useState(false);
  const plan = useWeekPlan(patientId, monday);

  return (
    <section aria-labelledby="plan-heading" className="stack">
      <h2 id="plan-heading" className="visually-hidden">
        Week plan
      </h2>
      <WeekNavigator monday={monday} onChange={setMonday} isDisabled={editing} />
      {editing && (
        <p className="muted small" style={{ margin: 0 }}>
          Save or cancel your changes to see another week.
        </p>
      )}
      {plan.error ? (
        <ErrorMessage error={plan.error} title="The plan could not be loaded." onRetry={() => void plan.refetch()} />
      ) : plan.data === undefined ? (
        <Loading label="Loading the plan…" />
      ) : editing ? (
        <WeekPlanEditor
          key={`${monday}-${plan.data?.id ?? "new"}`}
          patientId={patientId}
          monday={monday}
          plan={plan.data}
          onDone={() => setEditing(false)}
        />
      ) : editable ? (
        <WeekPlanView patientId={patientId} monday={monday} plan={plan.data} onEdit={() => setEditing(true)} />
      ) : (
        <PlannedWeek monday={monday} plan={plan.data} />
      )}
    </section>
  );
}

function PlannedWeek({ monday, plan }: { monday: string; plan: WeekPlan | null }) {
  if (!plan) {
    return (
      <div className="card">
        <EmptyState title="No plan for this week yet.">
          <p>Your physiotherapist has not planned this week. Ask them in Messages if you expected one.</p>
        </EmptyState>
      </div>
    );
  }
  return (
    <>
      <span className="muted">
        Planned by {plan.doctor.full_name}, written {formatDate(plan.created_at)}.
      </span>
      {plan.notes && (
        <Notice title="From your physiotherapist">
          <p className="pre-wrap">{plan.notes}</p>
        </Notice>
      )}
      <WeekGrid monday={monday} label="Your week plan" rows>
        {(weekday) => {
          const day = plan.days.find((entry) => entry.weekday === weekday);
          return !day || day.items.length === 0 ? (
            <span className="muted small">Rest day</span>
          ) : (
            <ul className="plain stack">
              {[...day.items]
                .sort((a, b) => a.position - b.position)
                .map((item) => (
                  <li key={item.id}>
                    <strong>{item.combo.name}</strong>
                    <ExerciseList items={item.combo.items} />
                  </li>
                ))}
            </ul>
          );
        }}
      </WeekGrid>
    </>
  );
}

function WeekPlanView({
  patientId,
  monday,
  plan,
  onEdit,
}: {
  patientId: number;
  monday: string;
  plan: WeekPlan | null;
  onEdit: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const remove = useDeleteWeekPlan(patientId);
  if (!plan) {
    return (
      <div className="card">
        <EmptyState title="No plan for this week.">
          <Button variant="primary" onPress={onEdit}>
            Create a plan for this week
          </Button>
        </EmptyState>
      </div>
    );
  }
  const draft = draftFromPlan(plan);
  const combos = new Map(plan.days.flatMap((day) => day.items.map((item) => [item.combo.id, item.combo] as const)));
  return (
    <>
      <div className="row-between">
        <span className="muted">
          {plural(draftRoutineCount(draft), "routine")} planned by {plan.doctor.full_name}, written{" "}
          {formatDate(plan.created_at)}.
        </span>
        <span className="row">
          <Button variant="primary" onPress={onEdit}>
            Edit plan
          </Button>
          <Button variant="danger" onPress={() => setConfirming(true)}>
            Delete plan
          </Button>
        </span>
      </div>
      {plan.notes && (
        <Notice title="Notes for the patient">
          <p className="pre-wrap">{plan.notes}</p>
        </Notice>
      )}
      <WeekGrid monday={monday} label="Week plan">
        {(weekday) =>
          draft.days[weekday].length === 0 ? (
            <span className="muted small">Rest day</span>
          ) : (
            <ul className="plain stack" style={{ gap: 6 }}>
              {draft.days[weekday].map((comboId, index) => (
                <li key={`${comboId}-${index}`} className="plan-chip">
                  {combos.get(comboId)?.name ?? `Routine ${comboId}`}
                  <span className="muted small" style={{ display: "block", fontWeight: 400 }}>
                    {plural(combos.get(comboId)?.items.length ?? 0, "exercise")}
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </WeekGrid>
      <ConfirmDialog
        isOpen={confirming}
        onClose={() => {
          setConfirming(false);
          remove.reset();
        }}
        onConfirm={() => remove.mutate(plan.id, { onSuccess: () => setConfirming(false) })}
        title="Delete this week's plan?"
        confirmLabel="Delete plan"
        isPending={remove.isPending}
        error={remove.error}
      >
        <p>
          The patient will no longer see these routines. Workouts already done this week are kept, no longer linked to
          the plan.
        </p>
      </ConfirmDialog>
    </>
  );
}

export function WeekPlanEditor({
  patientId,
  monday,
  plan,
  onDone,
}: {
  patientId: number;
  monday: string;
  plan: WeekPlan | null;
  onDone: () => void;
}) {
  const initial = useMemo(() => draftFromPlan(plan), [plan]);
  const [draft, dispatch] = useReducer(draftReducer, initial);
  const combos = useAllCombos();
  const user = useCurrentUser();
  const save = useSaveWeekPlan(patientId, monday);
  useUnsavedChanges(!draftsEqual(draft, initial), "this week's plan");
  const [confirmingEmpty, setConfirmingEmpty] = useState(false);
  const saveDraft = () => save.mutate(draftToPut(draft), { onSuccess: onDone });

  const byId = useMemo(() => {
    const map = new Map<number, Combo>();
    for (const day of plan?.days ?? []) for (const item of day.items) map.set(item.combo.id, item.combo);
    for (const combo of combos.data ?? []) map.set(combo.id, combo);
    return map;
  }, [plan, combos.data]);
  // Grouped by author, the caller's own first, instead of each name once per doctor.
  const options = [...(combos.data ?? [])]
    .sort((a, b) => Number(b.doctor.id === user.id) - Number(a.doctor.id === user.id))
    .map((combo) => ({
      id: combo.id,
      label: combo.name,
      group: combo.doctor.id === user.id ? "Your routines" : `By ${combo.doctor.full_name}`,
    }));

  return (
    <div className="stack">
      {combos.error && (
        <ErrorMessage
          error={combos.error}
          title="The routines could not be loaded."
          onRetry={() => void combos.refetch()}
        />
      )}
      <WeekGrid monday={monday} label="Week plan editor" rows>
        {(weekday) => (
          <DayEditor
            weekday={weekday}
            comboIds={draft.days[weekday]}
            byId={byId}
            options={options}
            isLoadingOptions={combos.isPending}
            dispatch={dispatch}
          />
        )}
      </WeekGrid>
      <TextField
        label="Notes for the patient"
        optional
        multiline
        rows={3}
        value={draft.notes}
        onChange={(notes) => dispatch({ type: "notes", notes })}
        description="Shown to the patient with the day's routines."
      />
      {save.error && <ErrorMessage error={save.error} title="The plan was not saved. Your changes are still here." />}
      <div className="form-actions">
        <Button onPress={onDone} isDisabled={save.isPending}>
          Cancel
        </Button>
        <Button
          variant="primary"
          isPending={save.isPending}
          // An existing plan saved unchanged would only notify the patient for nothing.
          isDisabled={plan !== null && draftsEqual(draft, initial)}
          // A week with no routines at all is more often a slip than a plan: ask first.
          onPress={() => (draftRoutineCount(draft) === 0 ? setConfirmingEmpty(true) : saveDraft())}
        >
          Save plan
        </Button>
      </div>
      <ConfirmDialog
        isOpen={confirmingEmpty}
        onClose={() => setConfirmingEmpty(false)}
        onConfirm={() => {
          setConfirmingEmpty(false);
          saveDraft();
        }}
        title="Save a week with no routines?"
        confirmLabel="Save an empty week"
        cancelLabel="Go back and add routines"
        tone="primary"
      >
        <p>The patient will see every day of this week as a rest day.</p>
      </ConfirmDialog>
    </div>
  );
}

function DayEditor({
  weekday,
  comboIds,
  byId,
  options,
  isLoadingOptions,
  dispatch,
}: {
  weekday: Weekday;
  comboIds: number[];
  byId: Map<number, Combo>;
  options: { id: number; label: string }[];
  isLoadingOptions: boolean;
  dispatch: React.Dispatch<Parameters<typeof draftReducer>[1]>;
}) {
  const day = WEEKDAY_LABELS[weekday];
  return (
    <>
      <ul className="plain stack" style={{ gap: 6 }}>
        {comboIds.map((comboId, index) => {
          const name = byId.get(comboId)?.name ?? `Routine ${comboId}`;
          return (
            <li key={`${comboId}-${index}`} className="plan-chip">
              {name}
              <span className="chip-actions">
                <Button
                  size="small"
                  variant="quiet"
                  aria-label={`Move ${name} earlier on ${day}`}
                  isDisabled={index === 0}
                  onPress={() => dispatch({ type: "move", weekday, index, offset: -1 })}
                >
                  ↑
                </Button>
                <Button
                  size="small"
                  variant="quiet"
                  aria-label={`Move ${name} later on ${day}`}
                  isDisabled={index === comboIds.length - 1}
                  onPress={() => dispatch({ type: "move", weekday, index, offset: 1 })}
                >
                  ↓
                </Button>
                <Button
                  size="small"
                  variant="quiet"
                  aria-label={`Remove ${name} from ${day}`}
                  onPress={() => dispatch({ type: "remove", weekday, index })}
                >
                  ✕
                </Button>
              </span>
            </li>
          );
        })}
      </ul>
      {comboIds.length < MAX_ROUTINES_PER_DAY ? (
        <SelectField
          label={`Add to ${day}`}
          className="add-routine"
          options={options}
          value={null}
          placeholder={isLoadingOptions ? "Loading…" : "Add a routine…"}
          isDisabled={isLoadingOptions}
          onChange={(comboId) => dispatch({ type: "add", weekday, comboId })}
        />
      ) : (
        <span className="muted small">{MAX_ROUTINES_PER_DAY} routines at most.</span>
      )}
    </>
  );
}
