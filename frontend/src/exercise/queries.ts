// Server state of the exercise screen: the planned routine behind `?item=`, starting a session
// (retried with the same client key, so a lost answer never makes a second session), and
// finishing it over REST when the live connection is down.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { ApiError, api, unwrap } from "../api/client";
import { retryUnlessRefused } from "../api/queryClient";
import { invalidateAfterActivity } from "../patients/queries";
import { planKeys } from "../plans/queries";
import type { KeptSet } from "./live/keptSet";
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
    queryKey: planKeys.item(patientId, itemId),
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

/** Starting and finishing are tried again after a lost connection or a server hiccup, 1, 2 and
 * 4 s later; both are safe to repeat. `networkMode: "always"` sends them even while the browser
 * says it is offline (a fetch that fails then is retried like any other), rather than waiting. */
export const SESSION_CALL_RETRIES = {
  retry: retryUnlessRefused(3),
  retryDelay: (attempt: number) => 1000 * 2 ** attempt,
  networkMode: "always",
} as const;

/** Create the session on the server. The same client key answers the same session, so a
 * retry after a lost answer never makes a second one. */
export function useStartSession() {
  return useMutation({
    mutationFn: ({ weekPlanItemId, clientKey }: { weekPlanItemId: number | null; clientKey: string }) =>
      unwrap(
        api.POST("/api/v1/exercise-sessions", {
          body: { week_plan_item_id: weekPlanItemId, client_key: clientKey },
        }),
      ),
    ...SESSION_CALL_RETRIES,
  });
}

/** Finish over REST, when the live connection is down. The sets the stream did not store go
 * first, each in one request under its key (stored once, however often sent), so that no rep
 * counted on the patient's device is lost; then the finish. A set that cannot be sent (the
 * network, the server) stops the finish with its error, and the sets stay kept for the next
 * try. All of it is safe to repeat: finishing is idempotent on the server, and a finish that did
 * arrive is not doubled. */
export function useFinishOverRest() {
  return useMutation({
    mutationFn: async ({
      sessionId,
      rating,
      unsaved = [],
    }: {
      sessionId: number;
      rating: Rating;
      unsaved?: readonly KeptSet[];
    }): Promise<WorkoutSession> => {
      const path = { params: { path: { session_id: sessionId } } };
      for (const set of unsaved) {
        try {
          await unwrap(api.POST("/api/v1/exercise-sessions/{session_id}/sets", { ...path, body: set.batchBody() }));
        } catch (error) {
          // Refused for good (the session was finished meanwhile, or the set is not one the
          // server can count): it can never be stored, and must not keep the patient from finishing.
          if (!(error instanceof ApiError && (error.status === 409 || error.status === 422))) throw error;
        }
      }
      return unwrap(api.POST("/api/v1/exercise-sessions/{session_id}/finish", { ...path, body: rating }));
    },
    ...SESSION_CALL_RETRIES,
  });
}

/** After a finished session, today's list, the dashboard and the progress charts change. */
export function useRefreshAfterSession(patientId: number) {
  const queryClient = useQueryClient();
  return () => invalidateAfterActivity(queryClient, patientId);
}
