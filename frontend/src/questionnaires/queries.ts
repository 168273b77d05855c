import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "../api/client";
import { useKeysetList } from "../api/pages";
import type { QuestionnaireAnswer, QuestionnaireScheduleCreate } from "../api/types";
import { dashboardKeys } from "../dashboard/queries";
import { patientKeys } from "../patients/queries";

export const questionnaireKeys = {
  instruments: ["questionnaire-instruments"] as const,
  schedules: (patientId: number) => [...patientKeys.detail(patientId), "questionnaires"] as const,
  responses: (patientId: number) => [...patientKeys.detail(patientId), "questionnaire-responses"] as const,
};

/** The catalogue: a handful of fixed instruments, one page. */
export function useInstruments() {
  return useQuery({
    queryKey: questionnaireKeys.instruments,
    queryFn: () => unwrap(api.GET("/api/v1/questionnaires/instruments")).then((page) => page.items),
    staleTime: Infinity,
  });
}

export function useQuestionnaireSchedules(patientId: number) {
  return useKeysetList(questionnaireKeys.schedules(patientId), (cursor) =>
    unwrap(
      api.GET("/api/v1/patients/{patient_id}/questionnaires", {
        params: { path: { patient_id: patientId }, query: { cursor, limit: 100 } },
      }),
    ),
  );
}

export function useQuestionnaireResponses(patientId: number) {
  return useKeysetList(questionnaireKeys.responses(patientId), (cursor) =>
    unwrap(
      api.GET("/api/v1/patients/{patient_id}/questionnaire-responses", {
        params: { path: { patient_id: patientId }, query: { cursor, limit: 100 } },
      }),
    ),
  );
}

export function useScheduleQuestionnaire(patientId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: QuestionnaireScheduleCreate) =>
      unwrap(
        api.POST("/api/v1/patients/{patient_id}/questionnaires", { params: { path: { patient_id: patientId } }, body }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: questionnaireKeys.schedules(patientId) }),
  });
}

export function useAnswerQuestionnaire(patientId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: QuestionnaireAnswer) =>
      unwrap(
        api.POST("/api/v1/patients/{patient_id}/questionnaire-responses", {
          params: { path: { patient_id: patientId } },
          body,
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: patientKeys.detail(patientId) });
      void queryClient.invalidateQueries({ queryKey: dashboardKeys.all });
    },
  });
}

export function fetchScoresCsv(patientId: number, instrument: string): Promise<Blob> {
  return unwrap(
    api.GET("/api/v1/patients/{patient_id}/questionnaire-scores.csv", {
      params: { path: { patient_id: patientId }, query: { instrument } },
      parseAs: "blob",
    }),
  );
}
