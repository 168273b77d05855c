import type { Schedule } from "../api/types";
import { appointmentDefaults, appointmentSchema, appointmentSlot } from "./appointmentSchema";
import {
  addMinutes,
  byLocalDay,
  durationMinutes,
  findClash,
  localToUtcIso,
  nextFullHour,
  utcToLocal,
  weekBounds,
} from "./appointmentTimes";

function appointment(id: number, startsAt: string, endsAt: string, status: Schedule["status"] = "scheduled"): Schedule {
  return {
    id,
    doctor: { id: 2, full_name: "Dr. Amara Okafor", role: "doctor" },
    patient: { id: 5, full_name: "Ada Achebe", role: "patient" },
    title: "Progress review",
    starts_at: startsAt,
    ends_at: endsAt,
    status,
    notes: null,
    created_at: "2026-11-01T10:00:00Z",
  };
}

describe("appointment times", () => {
  it("turns a local day and time into a UTC instant and back", () => {
    const instant = localToUtcIso("2026-11-26", "14:30");
    expect(utcToLocal(instant)).toEqual({ date: "2026-11-26", time: "14:30" });
  });

  it("computes the end from a length in minutes", () => {
    expect(addMinutes("2026-11-26T13:30:00.000Z", 45)).toBe("2026-11-26T14:15:00.000Z");
    expect(durationMinutes(appointment(1, "2026-11-26T13:30:00Z", "2026-11-26T14:15:00Z"))).toBe(45);
  });

  it("bounds a week from local Monday midnight to the next", () => {
    const { from, to } = weekBounds("2026-11-23");
    expect(utcToLocal(from)).toEqual({ date: "2026-11-23", time: "00:00" });
    expect(utcToLocal(to)).toEqual({ date: "2026-11-30", time: "00:00" });
  });

  it("groups appointments by the local day they start, in time order", () => {
    const later = appointment(2, localToUtcIso("2026-11-26", "15:00"), localToUtcIso("2026-11-26", "15:30"));
    const earlier = appointment(1, localToUtcIso("2026-11-26", "09:00"), localToUtcIso("2026-11-26", "09:30"));
    const days = byLocalDay([later, earlier]);
    expect(days.get("2026-11-26")?.map((item) => item.id)).toEqual([1, 2]);
  });

  it("finds the appointment a new time overlaps, ignoring cancelled ones and the one being moved", () => {
    const booked = appointment(1, "2026-11-26T09:00:00Z", "2026-11-26T09:30:00Z");
    const cancelled = appointment(2, "2026-11-26T10:00:00Z", "2026-11-26T10:30:00Z", "cancelled");
    const known = [booked, cancelled];
    expect(findClash(known, "2026-11-26T09:15:00Z", "2026-11-26T09:45:00Z")?.id).toBe(1);
    expect(findClash(known, "2026-11-26T09:30:00Z", "2026-11-26T10:00:00Z")).toBeUndefined(); // back to back
    expect(findClash(known, "2026-11-26T10:00:00Z", "2026-11-26T10:30:00Z")).toBeUndefined();
    expect(findClash(known, "2026-11-26T09:10:00Z", "2026-11-26T09:20:00Z", 1)).toBeUndefined();
  });

  it("proposes the next whole hour for a new booking", () => {
    expect(nextFullHour(new Date(2026, 10, 25, 16, 42))).toEqual({ date: "2026-11-25", time: "17:00" });
    expect(nextFullHour(new Date(2026, 10, 25, 23, 5))).toEqual({ date: "2026-11-26", time: "00:00" });
  });
});

describe("the appointment form", () => {
  const tomorrow = utcToLocal(new Date(Date.now() + 86_400_000).toISOString()).date;
  const yesterday = utcToLocal(new Date(Date.now() - 86_400_000).toISOString()).date;
  const valid = { patient_id: 5, title: "Review", date: tomorrow, time: "10:00", duration: 30, notes: "" };

  it("accepts a booking in the future", () => {
    expect(appointmentSchema().safeParse(valid).success).toBe(true);
  });

  it("refuses a booking in the past, at the time field", () => {
    const result = appointmentSchema().safeParse({ ...valid, date: yesterday });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ["time"], message: "Choose a time in the future." });
  });

  it("lets an appointment under way keep its start when only its title changes", () => {
    const startedAt = localToUtcIso(yesterday, "10:00");
    expect(appointmentSchema(startedAt).safeParse({ ...valid, date: yesterday }).success).toBe(true);
  });

  it("asks for the patient", () => {
    const result = appointmentSchema().safeParse({ ...valid, patient_id: 0 });
    expect(result.error?.issues[0]?.message).toBe("Choose the patient.");
  });

  it("fills the form from an appointment, in local time", () => {
    const start = localToUtcIso("2026-11-26", "14:30");
    const values = appointmentDefaults(appointment(1, start, addMinutes(start, 45)), { date: "", time: "" });
    expect(values).toMatchObject({ patient_id: 5, date: "2026-11-26", time: "14:30", duration: 45, notes: "" });
    expect(appointmentSlot(values)).toEqual({ starts_at: start, ends_at: addMinutes(start, 45) });
  });
});
