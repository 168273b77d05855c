import { describe, expect, it } from "vitest";

import { exerciseName } from "./queries";
import { selfReportSchema, totalReps } from "./selfReportSchema";

describe("a self-reported exercise's form", () => {
  const valid = { reps: [{ done: 10 }, { done: 0 }], pain_score: 0, difficulty: 1 };

  it("takes reps of 0 to 200 a set, with both ratings", () => {
    expect(selfReportSchema.safeParse(valid).success).toBe(true);
    expect(totalReps(valid)).toBe(10);
  });

  it("refuses what the server would refuse", () => {
    for (const change of [
      { reps: [] },
      { reps: [{ done: 201 }] },
      { reps: [{ done: -1 }] },
      { reps: [{ done: 2.5 }] },
      { reps: Array.from({ length: 21 }, () => ({ done: 1 })) },
      { pain_score: undefined },
      { difficulty: 0 },
    ]) {
      expect(selfReportSchema.safeParse({ ...valid, ...change }).success).toBe(false);
    }
  });
});

describe("an exercise's name", () => {
  it("comes from the library, else the camera's label, else the code made readable", () => {
    const library = new Map([["quad-set", { name: "Thigh tightening" }]]) as unknown as Parameters<
      typeof exerciseName
    >[1];
    expect(exerciseName("quad-set", library)).toBe("Thigh tightening");
    expect(exerciseName("bicep-curl")).toBe("Bicep curl");
    expect(exerciseName("heel-slide")).toBe("Heel slide");
  });
});
