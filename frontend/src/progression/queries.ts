import { useMutation, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "../api/client";
import { useKeysetList } from "../api/pages";
import type { components } from "../api/schema";
import { patientKeys } from "../patients/queries";
import { comboKeys } from "../plans/queries";

type Schemas = components["schemas"];
export type Proposal = Schemas["ProgressionProposalRead"];
export type ProposalDecision = Schemas["ProgressionDecision"];

export const progressionKeys = {
  proposals: (patientId: number) => [...patientKeys.detail(patientId), "progression-proposals"] as const,
};

/** The proposals of the patient's last finished week (made by the server on first read). */
export function useProposals(patientId: number) {
  return useKeysetList(progressionKeys.proposals(patientId), (cursor) =>
    unwrap(
      api.GET("/api/v1/patients/{patient_id}/progression-proposals", {
        params: { path: { patient_id: patientId }, query: { cursor, limit: 50 } },
      }),
    ),
  );
}

/** Accept, edit or dismiss one proposal. An accepted change rewrites next week's plan and adds a
 * routine copy, so everything shown about the patient and the routine library is refreshed. */
export function useDecideProposal(patientId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ProposalDecision) =>
      unwrap(
        api.POST("/api/v1/patients/{patient_id}/progression-proposals/decisions", {
          params: { path: { patient_id: patientId } },
          body,
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: patientKeys.detail(patientId) });
      void queryClient.invalidateQueries({ queryKey: comboKeys.all });
    },
  });
}
