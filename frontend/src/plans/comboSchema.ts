// The combo builder's form: limits as the API sets them (ComboCreate, ComboItemInput).
import { z } from "zod";

import type { Combo, ComboCreate } from "../api/types";
import { EXERCISE_TYPES, SIDES } from "../ui/vocabulary";

/** The camera counts these (the engine's five); the patient reports every other exercise. */
export function isCameraExercise(code: string): boolean {
  return (EXERCISE_TYPES as readonly string[]).includes(code);
}

export const MAX_COMBO_ITEMS = 30;

function wholeNumber(label: string, min: number, max: number) {
  return z
    .number({ error: `Enter the ${label}.` })
    .int(`Use a whole number of ${label}.`)
    .min(min, `Use ${min} to ${max} ${label}.`)
    .max(max, `Use ${min} to ${max} ${label}.`);
}

export const comboItemSchema = z.object({
  exercise_code: z.string({ error: "Choose an exercise." }).min(1, "Choose an exercise.").max(64),
  side: z.enum(SIDES),
  sets: wholeNumber("sets", 1, 20),
  reps: wholeNumber("reps", 1, 200),
  rest_seconds: wholeNumber("seconds of rest", 0, 900),
  // An empty box (NaN) means "no target".
  target_rom_deg: z.union([z.nan(), z.number().min(1, "Use 1 to 180 degrees.").max(180, "Use 1 to 180 degrees.")]),
});

export const comboSchema = z.object({
  name: z.string().trim().min(1, "Give the routine a name.").max(120, "Use at most 120 characters."),
  description: z.string().trim().max(10_000, "Use at most 10,000 characters."),
  items: z
    .array(comboItemSchema)
    .min(1, "Add at least one exercise.")
    .max(MAX_COMBO_ITEMS, `A routine holds at most ${MAX_COMBO_ITEMS} exercises.`),
});

export type ComboItemValues = z.infer<typeof comboItemSchema>;
export type ComboValues = z.infer<typeof comboSchema>;

export function newComboItem(): ComboItemValues {
  return {
    exercise_code: "shoulder-flexion",
    side: "both",
    sets: 3,
    reps: 10,
    rest_seconds: 60,
    target_rom_deg: Number.NaN,
  };
}

/** The form's values for a routine being edited, or copied ("Copy of ..."), or a blank one. */
export function comboDefaults(combo?: Combo, copy = false): ComboValues {
  if (!combo) return { name: "", description: "", items: [newComboItem()] };
  return {
    name: copy ? `Copy of ${combo.name}`.slice(0, 120) : combo.name,
    description: combo.description ?? "",
    items: [...combo.items]
      .sort((a, b) => a.position - b.position)
      .map((item) => ({
        exercise_code: item.exercise_code,
        side: item.side,
        sets: item.sets,
        reps: item.reps,
        rest_seconds: item.rest_seconds,
        target_rom_deg: item.target_rom_deg ?? Number.NaN,
      })),
  };
}

export function comboBody(values: ComboValues): ComboCreate {
  const description = values.description.trim();
  return {
    name: values.name.trim(),
    description: description === "" ? null : description,
    items: values.items.map((item) => ({
      exercise_code: item.exercise_code,
      side: item.side,
      sets: item.sets,
      reps: item.reps,
      rest_seconds: item.rest_seconds,
      // Only the camera measures a range of motion: a self-reported exercise has no target.
      target_rom_deg:
        Number.isNaN(item.target_rom_deg) || !isCameraExercise(item.exercise_code) ? null : item.target_rom_deg,
    })),
  };
}
