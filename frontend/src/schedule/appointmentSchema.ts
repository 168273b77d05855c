import { z } from "zod";

import type { Schedule } from "../api/types";
import { addMinutes, durationMinutes, localToUtcIso, type Slot, utcToLocal } from "./appointmentTimes";

const appointmentFields = z.object({
  patient_id: z.number({ error: "Choose the patient." }).int().positive("Choose the patient."),
  title: z.string().trim().min(1, "Give the appointment a title.").max(200, "Use at most 200 characters."),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Enter the day."),
  time: z.string().regex(/^\d{2}:\d{2}$/, "Enter the start time."),
  duration: z.number({ error: "Choose how long it lasts." }).int().min(5).max(720),
  notes: z.string().trim().max(10_000, "Use at most 10,000 characters."),
});
export type AppointmentValues = z.infer<typeof appointmentFields>;

/** A booking must start in the future; an appointment being edited may keep its start even
 * when that has passed (it is under way), as the API allows. */
export function appointmentSchema(originalStartsAt?: string) {
  return appointmentFields.refine(
    (values) => {
      const startsAt = localToUtcIso(values.date, values.time);
      if (originalStartsAt && new Date(startsAt).getTime() === new Date(originalStartsAt).getTime()) return true;
      return new Date(startsAt).getTime() > Date.now();
    },
    { message: "Choose a time in the future.", path: ["time"] },
  );
}

export function appointmentDefaults(
  schedule: Schedule | undefined,
  fallback: { patientId?: number; date: string; time: string },
): AppointmentValues {
  if (schedule) {
    const { date, time } = utcToLocal(schedule.starts_at);
    return {
      patient_id: schedule.patient.id,
      title: schedule.title,
      date,
      time,
      duration: durationMinutes(schedule),
      notes: schedule.notes ?? "",
    };
  }
  return {
    patient_id: fallback.patientId ?? 0,
    title: "Follow-up",
    date: fallback.date,
    time: fallback.time,
    duration: 30,
    notes: "",
  };
}

/** The instants the API stores. */
export function appointmentSlot(values: Pick<AppointmentValues, "date" | "time" | "duration">): Slot {
  const starts_at = localToUtcIso(values.date, values.time);
  return { starts_at, ends_at: addMinutes(starts_at, values.duration) };
}
