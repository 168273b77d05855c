import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, isStatus, unwrap } from "../api/client";
import { invalidateAfterActivity, patientKeys } from "../patients/queries";
import { toSessionCreate, type BrainSession, type PlayedGame } from "./trials";

export const brainKeys = {
  history: (patientId: number) => [...patientKeys.detail(patientId), "brain-sessions", "recent"] as const,
};

export const HISTORY_SIZE = 10;

export function useBrainHistory(patientId: number) {
  return useQuery({
    queryKey: brainKeys.history(patientId),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/patients/{patient_id}/brain-sessions", {
          params: { path: { patient_id: patientId }, query: { limit: HISTORY_SIZE } },
        }),
      ),
  });
}

export type SaveOutcome = { kind: "saved"; session: BrainSession } | { kind: "already-saved" };

/** Store a finished game. Sending the same game twice (a retry after a lost answer) is refused
 * with 409 by the server, which means it is stored: that counts as saved. */
export function useSaveGame(patientId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (played: PlayedGame): Promise<SaveOutcome> => {
      try {
        const session = await unwrap(api.POST("/api/v1/brain-sessions", { body: toSessionCreate(played) }));
        return { kind: "saved", session };
      } catch (error) {
        if (isStatus(error, 409)) return { kind: "already-saved" };
        throw error;
      }
    },
    onSuccess: () => invalidateAfterActivity(queryClient, patientId),
  });
}
