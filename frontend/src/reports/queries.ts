import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap, unwrapEmpty } from "../api/client";
import { useKeysetList } from "../api/pages";
import { patientKeys } from "../patients/queries";

export const reportKeys = {
  timeLog: (patientId: number) => [...patientKeys.detail(patientId), "time-log"] as const,
  monitoring: (month: string) => ["reports", "monitoring", month] as const,
};

export interface TimeEntryInput {
  started_at: string;
  minutes: number;
  activity: string;
}

export function useTimeLog(patientId: number) {
  return useKeysetList(reportKeys.timeLog(patientId), (cursor) =>
    unwrap(
      api.GET("/api/v1/patients/{patient_id}/time-log", {
        params: { path: { patient_id: patientId }, query: { cursor, limit: 20 } },
      }),
    ),
  );
}

export function useSaveTimeEntry(patientId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ entryId, body }: { entryId?: number; body: Partial<TimeEntryInput> }) =>
      entryId === undefined
        ? unwrap(
            api.POST("/api/v1/patients/{patient_id}/time-log", {
              params: { path: { patient_id: patientId } },
              body: body as TimeEntryInput,
            }),
          )
        : unwrap(api.PATCH("/api/v1/time-log/{entry_id}", { params: { path: { entry_id: entryId } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reportKeys.timeLog(patientId) }),
  });
}

export function useDeleteTimeEntry(patientId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (entryId: number) =>
      unwrapEmpty(api.DELETE("/api/v1/time-log/{entry_id}", { params: { path: { entry_id: entryId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reportKeys.timeLog(patientId) }),
  });
}

export function useMonitoringReport(month: string) {
  return useQuery({
    queryKey: reportKeys.monitoring(month),
    queryFn: () => unwrap(api.GET("/api/v1/reports/monitoring", { params: { query: { month } } })),
  });
}

export function fetchMonitoringFile(kind: "csv" | "pdf", month: string): Promise<Blob> {
  const params = { query: { month } };
  return kind === "csv"
    ? unwrap(api.GET("/api/v1/reports/monitoring.csv", { params, parseAs: "blob" }))
    : unwrap(api.GET("/api/v1/reports/monitoring.pdf", { params, parseAs: "blob" }));
}

export function fetchProgressReport(patientId: number, from: string, to: string): Promise<Blob> {
  return unwrap(
    api.GET("/api/v1/patients/{patient_id}/report.pdf", {
      params: { path: { patient_id: patientId }, query: { from, to } },
      parseAs: "blob",
    }),
  );
}
