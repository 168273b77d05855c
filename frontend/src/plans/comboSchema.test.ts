import type { Combo } from "../api/types";
import { comboBody, comboDefaults, comboSchema, newComboItem } from "./comboSchema";

const saved: Combo = {
  id: 3,
  name: "Knee basics",
  description: null,
  doctor: { id: 2, full_name: "Dr. Amara Okafor", role: "doctor" },
  created_at: "2026-11-01T10:00:00Z",
  items: [
    {
      id: 11,
      position: 1,
      exercise_code: "knee-raise",
      exercise_type: "knee-raise",
      recording: "camera",
      side: "left",
      sets: 2,
      reps: 12,
      rest_seconds: 30,
      target_rom_deg: null,
    },
    {
      id: 10,
      position: 0,
      exercise_code: "squat",
      exercise_type: "squat",
      recording: "camera",
      side: "both",
      sets: 3,
      reps: 10,
      rest_seconds: 60,
      target_rom_deg: 90,
    },
  ],
};

function messages(values: unknown): Record<string, string> {
  const result = comboSchema.safeParse(values);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((issue) => [issue.path.join("."), issue.message]));
}

describe("the combo builder's form", () => {
  it("accepts a complete routine", () => {
    expect(messages({ name: "Shoulder start", description: "", items: [newComboItem()] })).toEqual({});
  });

  it("says what is wrong, field by field", () => {
    const errors = messages({
      name: "  ",
      description: "",
      items: [{ ...newComboItem(), sets: 0, reps: 2.5, rest_seconds: Number.NaN, target_rom_deg: 200 }],
    });
    expect(errors).toEqual({
      name: "Give the routine a name.",
      "items.0.sets": "Use 1 to 20 sets.",
      "items.0.reps": "Use a whole number of reps.",
      "items.0.rest_seconds": "Enter the seconds of rest.",
      "items.0.target_rom_deg": "Use 1 to 180 degrees.",
    });
  });

  it("refuses a target of 0 degrees, which the counter cannot judge", () => {
    const errors = messages({ name: "Zero", description: "", items: [{ ...newComboItem(), target_rom_deg: 0 }] });
    expect(errors).toEqual({ "items.0.target_rom_deg": "Use 1 to 180 degrees." });
  });

  it("needs at least one exercise", () => {
    expect(messages({ name: "Empty", description: "", items: [] })).toEqual({ items: "Add at least one exercise." });
  });

  it("loads a saved routine in its order, with an empty box for no target", () => {
    const values = comboDefaults(saved);
    expect(values.items.map((item) => item.exercise_code)).toEqual(["squat", "knee-raise"]);
    expect(values.items[1]?.target_rom_deg).toBeNaN();
  });

  it("names a copy as one", () => {
    expect(comboDefaults(saved, true).name).toBe("Copy of Knee basics");
  });

  it("sends an empty target as null and an empty description as null", () => {
    const body = comboBody({ ...comboDefaults(saved), description: "  " });
    expect(body.description).toBeNull();
    expect(body.items[0]?.target_rom_deg).toBe(90);
    expect(body.items[1]?.target_rom_deg).toBeNull();
  });

  it("sends a library exercise by its code, without a target when the patient reports it", () => {
    const item = { ...newComboItem(), exercise_code: "heel-slide", target_rom_deg: 90 };
    const body = comboBody({ name: "Knee", description: "", items: [item] });
    expect(body.items[0]).toMatchObject({ exercise_code: "heel-slide", target_rom_deg: null });
  });
});
