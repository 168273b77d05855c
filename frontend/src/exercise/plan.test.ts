import type { Combo } from "../api/types";
import { freePlan, nextPosition, overallSetNumber, planFromCombo, totalSets } from "./plan";

const combo: Combo = {
  id: 7,
  name: "Full body starter",
  description: null,
  created_at: "2026-01-05T10:00:00Z",
  doctor: { id: 2, full_name: "Dr. Amara Okafor", username: "dr.okafor", role: "doctor" } as Combo["doctor"],
  items: [
    {
      id: 2,
      position: 1,
      exercise_code: "bicep-curl",
      exercise_type: "bicep-curl",
      recording: "camera",
      side: "right",
      sets: 1,
      reps: 12,
      rest_seconds: 30,
      target_rom_deg: 110,
    },
    {
      id: 1,
      position: 0,
      exercise_code: "squat",
      exercise_type: "squat",
      recording: "camera",
      side: "both",
      sets: 2,
      reps: 10,
      rest_seconds: 45,
      target_rom_deg: null,
    },
  ],
};

describe("session plans", () => {
  it("takes a routine's exercises in their order", () => {
    const plan = planFromCombo(combo, 99);
    expect(plan.title).toBe("Full body starter");
    expect(plan.weekPlanItemId).toBe(99);
    expect(plan.exercises.map((planned) => planned.exercise)).toEqual(["squat", "bicep-curl"]);
    expect(plan.exercises[1]).toEqual({
      exercise: "bicep-curl",
      side: "right",
      sets: 1,
      reps: 12,
      targetRomDeg: 110,
      restSeconds: 30,
    });
  });

  it("walks set by set, then exercise by exercise", () => {
    const plan = planFromCombo(combo, 99);
    expect(totalSets(plan)).toBe(3);
    const second = nextPosition(plan, { exerciseIndex: 0, setNumber: 1 });
    expect(second).toEqual({ exerciseIndex: 0, setNumber: 2 });
    const third = nextPosition(plan, second!);
    expect(third).toEqual({ exerciseIndex: 1, setNumber: 1 });
    expect(overallSetNumber(plan, third!)).toBe(3);
    expect(nextPosition(plan, third!)).toBeNull();
  });

  it("makes a free session of three sets of ten on either side", () => {
    const plan = freePlan("knee-raise", "Knee raise");
    expect(plan.weekPlanItemId).toBeNull();
    expect(plan.exercises).toEqual([
      { exercise: "knee-raise", side: null, sets: 3, reps: 10, targetRomDeg: null, restSeconds: 60 },
    ]);
  });
});
