import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "../api/client";
import type { Schedule, ScheduleStatus } from "../api/types";
import { dashboardKeys } from "../dashboard/queries";
import type { Slot } from "./appointmentTimes";

const all = ["schedules"] as const;
export const scheduleKeys = {
  all,
  range: (from: string | undefined, to: string | undefined) => [...all, { from, to }] as const,
};

/** Every appointment starting in [from, to), earliest first (all pages). */
export async function fetchSchedules(range: { from?: string; to?: string }): Promise<Schedule[]> {
  const schedules: Schedule[] = [];
  let cursor: string | undefined;
  do {
    const page = await unwrap(
      api.GET("/api/v1/schedules", { params: { query: { from: range.from, to: range.to, cursor, limit: 100 } } }),
    );
    schedules.push(...page.items);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return schedules;
}

export function useSchedules(range: { from?: string; to?: string }) {
  return useQuery({
    queryKey: scheduleKeys.range(range.from, range.to),
    queryFn: () => fetchSchedules(range),
  });
}

function useInvalidateSchedules() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: scheduleKeys.all });
    void queryClient.invalidateQueries({ queryKey: dashboardKeys.all });
  };
}

export interface AppointmentInput extends Slot {
  patient_id: number;
  title: string;
  notes: string | null;
}

export function useBookAppointment() {
  const invalidate = useInvalidateSchedules();
  return useMutation({
    mutationFn: (body: AppointmentInput) => unwrap(api.POST("/api/v1/schedules", { body })),
    onSuccess: invalidate,
  });
}

export function useUpdateAppointment(id: number) {
  const invalidate = useInvalidateSchedules();
  return useMutation({
    mutationFn: ({ title, notes, starts_at, ends_at }: AppointmentInput) =>
      unwrap(
        api.PATCH("/api/v1/schedules/{schedule_id}", {
          params: { path: { schedule_id: id } },
          body: { title, notes, starts_at, ends_at },
        }),
      ),
    onSuccess: invalidate,
  });
}

const CLOSING = {
  cancelled: "/api/v1/schedules/{schedule_id}/cancel",
  completed: "/api/v1/schedules/{schedule_id}/complete",
  missed: "/api/v1/schedules/{schedule_id}/missed",
} as const;

export function useChangeAppointmentStatus() {
  const invalidate = useInvalidateSchedules();
  return useMutation({
    mutationFn: ({ id, to }: { id: number; to: Exclude<ScheduleStatus, "scheduled"> }) =>
      unwrap(api.POST(CLOSING[to], { params: { path: { schedule_id: id } } })),
    onSuccess: invalidate,
  });
}
