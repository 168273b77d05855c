import type { Combo, WeekPlan } from "../api/types";
import {
  MAX_ROUTINES_PER_DAY,
  draftFromPlan,
  draftReducer,
  draftRoutineCount,
  draftToPut,
  draftsEqual,
  emptyDays,
} from "./weekPlanEditor";

function combo(id: number, name = `Routine ${id}`): Combo {
  return {
    id,
    name,
    description: null,
    doctor: { id: 2, full_name: "Dr. Amara Okafor", role: "doctor" },
    created_at: "2026-11-01T10:00:00Z",
    items: [],
  };
}

const plan: WeekPlan = {
  id: 9,
  patient_id: 5,
  doctor: { id: 2, full_name: "Dr. Amara Okafor", role: "doctor" },
  week_start: "2026-11-23",
  notes: "Slow and controlled.",
  created_at: "2026-11-22T10:00:00Z",
  days: [
    {
      weekday: "wednesday",
      items: [
        { id: 31, position: 1, combo: combo(4) },
        { id: 30, position: 0, combo: combo(7) },
      ],
    },
    { weekday: "monday", items: [{ id: 29, position: 0, combo: combo(4) }] },
  ],
};

describe("the week plan draft", () => {
  it("starts from a plan with each day's routines in their planned order", () => {
    const draft = draftFromPlan(plan);
    expect(draft.days.monday).toEqual([4]);
    expect(draft.days.wednesday).toEqual([7, 4]);
    expect(draft.days.sunday).toEqual([]);
    expect(draft.notes).toBe("Slow and controlled.");
  });

  it("starts empty without a plan", () => {
    expect(draftFromPlan(null)).toEqual({ days: emptyDays(), notes: "" });
  });

  it("adds, moves and removes routines on one day without touching the others", () => {
    let draft = draftFromPlan(plan);
    draft = draftReducer(draft, { type: "add", weekday: "wednesday", comboId: 12 });
    expect(draft.days.wednesday).toEqual([7, 4, 12]);
    draft = draftReducer(draft, { type: "move", weekday: "wednesday", index: 2, offset: -1 });
    expect(draft.days.wednesday).toEqual([7, 12, 4]);
    draft = draftReducer(draft, { type: "remove", weekday: "wednesday", index: 0 });
    expect(draft.days.wednesday).toEqual([12, 4]);
    expect(draft.days.monday).toEqual([4]);
  });

  it("ignores a move past either end", () => {
    const draft = draftFromPlan(plan);
    expect(draftReducer(draft, { type: "move", weekday: "wednesday", index: 0, offset: -1 })).toBe(draft);
    expect(draftReducer(draft, { type: "move", weekday: "wednesday", index: 1, offset: 1 })).toBe(draft);
  });

  it("holds at most the API's number of routines a day", () => {
    let draft = draftFromPlan(null);
    for (let i = 0; i < MAX_ROUTINES_PER_DAY + 3; i += 1) {
      draft = draftReducer(draft, { type: "add", weekday: "friday", comboId: i + 1 });
    }
    expect(draft.days.friday).toHaveLength(MAX_ROUTINES_PER_DAY);
  });

  it("counts the routines of the week", () => {
    const draft = draftReducer(draftFromPlan(plan), { type: "remove", weekday: "wednesday", index: 0 });
    expect(draftRoutineCount(draft)).toBe(2);
  });

  it("becomes the PUT body: planned days only, Monday first, blank notes as null", () => {
    let draft = draftFromPlan(plan);
    draft = draftReducer(draft, { type: "notes", notes: "   " });
    expect(draftToPut(draft)).toEqual({
      notes: null,
      days: [
        { weekday: "monday", combo_ids: [4] },
        { weekday: "wednesday", combo_ids: [7, 4] },
      ],
    });
  });

  it("tells an unchanged draft from a changed one", () => {
    const draft = draftFromPlan(plan);
    expect(draftsEqual(draft, draftFromPlan(plan))).toBe(true);
    expect(draftsEqual(draft, draftReducer(draft, { type: "remove", weekday: "monday", index: 0 }))).toBe(false);
  });
});
