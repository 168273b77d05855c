// The week plan editor's draft: which routines, in which order, on which weekday. A reducer, so
// every change is a plain function of the previous state (and testable without a screen).
import type { WeekPlan, WeekPlanPut, Weekday } from "../api/types";
import { WEEKDAYS } from "../ui/vocabulary";

export const MAX_ROUTINES_PER_DAY = 10;

export interface DraftPlan {
  days: Record<Weekday, number[]>;
  notes: string;
}

export type DraftAction =
  | { type: "add"; weekday: Weekday; comboId: number }
  | { type: "remove"; weekday: Weekday; index: number }
  | { type: "move"; weekday: Weekday; index: number; offset: -1 | 1 }
  | { type: "notes"; notes: string }
  | { type: "reset"; draft: DraftPlan };

export function emptyDays(): Record<Weekday, number[]> {
  return Object.fromEntries(WEEKDAYS.map((day) => [day, []])) as unknown as Record<Weekday, number[]>;
}

export function draftFromPlan(plan: WeekPlan | null | undefined): DraftPlan {
  const days = emptyDays();
  for (const day of plan?.days ?? []) {
    days[day.weekday] = [...day.items].sort((a, b) => a.position - b.position).map((item) => item.combo.id);
  }
  return { days, notes: plan?.notes ?? "" };
}

function withDay(draft: DraftPlan, weekday: Weekday, ids: number[]): DraftPlan {
  return { ...draft, days: { ...draft.days, [weekday]: ids } };
}

export function draftReducer(draft: DraftPlan, action: DraftAction): DraftPlan {
  switch (action.type) {
    case "add": {
      const ids = draft.days[action.weekday];
      if (ids.length >= MAX_ROUTINES_PER_DAY) return draft;
      return withDay(draft, action.weekday, [...ids, action.comboId]);
    }
    case "remove":
      return withDay(
        draft,
        action.weekday,
        draft.days[action.weekday].filter((_, index) => index !== action.index),
      );
    case "move": {
      const ids = [...draft.days[action.weekday]];
      const target = action.index + action.offset;
      if (target < 0 || target >= ids.length) return draft;
      [ids[action.index], ids[target]] = [ids[target] as number, ids[action.index] as number];
      return withDay(draft, action.weekday, ids);
    }
    case "notes":
      return { ...draft, notes: action.notes };
    case "reset":
      return action.draft;
  }
}

/** The PUT body: days with something planned, Monday first; empty notes left out. */
export function draftToPut(draft: DraftPlan): WeekPlanPut {
  const notes = draft.notes.trim();
  return {
    notes: notes === "" ? null : notes,
    days: WEEKDAYS.filter((day) => draft.days[day].length > 0).map((day) => ({
      weekday: day,
      combo_ids: [...draft.days[day]],
    })),
  };
}

export function draftRoutineCount(draft: DraftPlan): number {
  return WEEKDAYS.reduce((sum, day) => sum + draft.days[day].length, 0);
}

export function draftsEqual(a: DraftPlan, b: DraftPlan): boolean {
  return JSON.stringify(draftToPut(a)) === JSON.stringify(draftToPut(b));
}
