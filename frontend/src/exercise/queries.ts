// Server state of the exercise screen: the planned routine behind `?item=`, starting a session
// (retried with the same client key, so a lost answer never makes a second session), and
// finishing it over REST when the live connection is down.
import { useQuery, useQueryClient } from "@tanstack/react-query";

import { ApiError, api, unwrap } from "../api/client";
import { dashboardKeys } from "../dashboard/queries";
import { planKeys } from "../plans/queries";
import type { Rating, WorkoutSession } from "./live/protocol";
import { planFromCombo, type SessionPlan } from "./plan";

export interface FoundPlan {
  plan: SessionPlan;
  /** Already done today (the patient may do it again). */
  doneToday: boolean;
  /** Found in a week plan but not on today's list. */
  notToday: boolean;
}

/** The routine of a week plan item: on today's list first (the usual case), else in the
 * patient's recent week plans (a link from another day); null when it is in neither. */
export function usePlanForItem(patientId: number, itemId: number | null) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: [...planKeys.weekPlans(patientId), "item", itemId] as const,
    enabled: itemId !== null,
    queryFn: async (): Promise<FoundPlan | null> => {
      const today = await queryClient.fetchQuery({
        queryKey: planKeys.today(patientId),
        queryFn: () =>
          unwrap(
            api.GET("/api/v1/patients/{patient_id}/today", {
              params: { path: { patient_id: patientId } },
            }),
          ),
      });
      const todays = today.items.find((item) => item.week_plan_item_id === itemId);
      if (todays && itemId !== null) {
        return { plan: planFromCombo(todays.combo, itemId), doneToday: todays.done, notToday: false };
      }
      const plans = await unwrap(
        api.GET("/api/v1/patients/{patient_id}/week-plans", {
          params: { path: { patient_id: patientId }, query: { limit: 4 } },
        }),
      );
      for (const week of plans.items) {
        for (const day of week.days) {
          const item = day.items.find((candidate) => candidate.id === itemId);
          if (item && itemId !== null) {
            return { plan: planFromCombo(item.combo, itemId), doneToday: false, notToday: true };
          }
        }
      }
      return null;
    },
  });
}

export function newClientKey(): string {
  return crypto.randomUUID();
}

export function startSession(weekPlanItemId: number | null, clientKey: string): Promise<WorkoutSession> {
  return unwrap(
    api.POST("/api/v1/exercise-sessions", {
      body: { week_plan_item_id: weekPlanItemId, client_key: clientKey },
    }),
  );
}

export function fetchSession(sessionId: number): Promise<WorkoutSession> {
  return unwrap(
    api.GET("/api/v1/workout-sessions/{session_id}", {
      params: { path: { session_id: sessionId } },
    }),
  );
}

export function finishSessionOverRest(sessionId: number, rating: Rating): Promise<WorkoutSession> {
  return unwrap(
    api.POST("/api/v1/exercise-sessions/{session_id}/finish", {
      params: { path: { session_id: sessionId } },
      body: rating,
    }),
  );
}

/** After a finished session, today's list, the dashboard and the progress charts change. */
export function useRefreshAfterSession(patientId: number) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: ["patients", patientId] });
    void queryClient.invalidateQueries({ queryKey: dashboardKeys.all });
  };
}

/** A call tried again after a lost connection or a server hiccup (never after a 4xx, which
 * would answer the same), waiting a little longer each time. */
export async function withRetries<T>(
  call: () => Promise<T>,
  delaysMs: readonly number[] = [1000, 2000, 4000],
  wait: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const final = error instanceof ApiError && error.status >= 400 && error.status < 500;
      const delay = delaysMs[attempt];
      if (final || delay === undefined) throw error;
      await wait(delay);
    }
  }
}
