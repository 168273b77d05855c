import type { MedicalRecord } from "../api/types";
import { medicalRecordBody, medicalRecordDefaults, medicalRecordSchema, noteSchema } from "./schemas";

const record: MedicalRecord = {
  id: 3,
  patient_id: 5,
  doctor_id: 2,
  diagnosis: "ACL reconstruction",
  affected_side: "left",
  precautions: null,
  goals: "Climb stairs",
  notes: null,
  created_at: "2026-11-01T09:00:00Z",
  updated_at: null,
};

describe("the medical record form", () => {
  it("starts from the record, with empty boxes for what was not recorded", () => {
    expect(medicalRecordDefaults(record)).toEqual({
      diagnosis: "ACL reconstruction",
      affected_side: "left",
      precautions: "",
      goals: "Climb stairs",
      notes: "",
    });
    expect(medicalRecordDefaults().affected_side).toBe("");
  });

  it("sends trimmed text, and null for an empty box or an unspecified side", () => {
    expect(
      medicalRecordBody({
        diagnosis: "  Frozen shoulder ",
        affected_side: "",
        precautions: "   ",
        goals: " Reach up ",
        notes: "",
      }),
    ).toEqual({ diagnosis: "Frozen shoulder", affected_side: null, precautions: null, goals: "Reach up", notes: null });
  });

  it("asks for a diagnosis, and refuses a blank note", () => {
    const blank = medicalRecordSchema.safeParse({ ...medicalRecordDefaults(), diagnosis: "   " });
    expect(blank.error?.issues.map((issue) => issue.message)).toEqual(["Enter the diagnosis."]);
    expect(noteSchema.safeParse({ body: " \n " }).error?.issues[0]?.message).toBe("Write something first.");
    expect(noteSchema.safeParse({ body: "Walks without crutches." }).success).toBe(true);
  });
});
