import { z } from "zod";

import type { MedicalRecord, MedicalRecordCreate } from "../api/types";

const LONG_TEXT_MAX = 10_000;
const longText = z
  .string()
  .trim()
  .max(LONG_TEXT_MAX, `Use at most ${LONG_TEXT_MAX.toLocaleString("en")} characters.`);

export const medicalRecordSchema = z.object({
  diagnosis: z.string().trim().min(1, "Enter the diagnosis.").max(500, "Use at most 500 characters."),
  affected_side: z.enum(["", "left", "right", "both"]),
  precautions: longText,
  goals: longText,
  notes: longText,
});
export type MedicalRecordValues = z.infer<typeof medicalRecordSchema>;

export function medicalRecordDefaults(record?: MedicalRecord): MedicalRecordValues {
  return {
    diagnosis: record?.diagnosis ?? "",
    affected_side: record?.affected_side ?? "",
    precautions: record?.precautions ?? "",
    goals: record?.goals ?? "",
    notes: record?.notes ?? "",
  };
}

/** Empty boxes become null: on a new record "not recorded", on an edit "cleared". */
export function medicalRecordBody(values: MedicalRecordValues): MedicalRecordCreate {
  const orNull = (text: string) => (text.trim() === "" ? null : text.trim());
  return {
    diagnosis: values.diagnosis.trim(),
    affected_side: values.affected_side === "" ? null : values.affected_side,
    precautions: orNull(values.precautions),
    goals: orNull(values.goals),
    notes: orNull(values.notes),
  };
}

export const noteSchema = z.object({
  body: z
    .string()
    .trim()
    .min(1, "Write something first.")
    .max(LONG_TEXT_MAX, `Use at most ${LONG_TEXT_MAX.toLocaleString("en")} characters.`),
});
export type NoteValues = z.infer<typeof noteSchema>;
