import { type QueryClient, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap, unwrapEmpty } from "../api/client";
import { useKeysetList } from "../api/pages";
import type { MedicalRecordCreate } from "../api/types";
import { dashboardKeys } from "../dashboard/queries";

// Query keys: every cached answer about one patient starts with `detail(id)`, so invalidating
// that prefix refreshes everything shown about them (plans, progress, sessions...); the other
// features build their patient keys on it too.
const all = ["patients"] as const;
const detail = (id: number) => [...all, id] as const;
export const patientKeys = {
  all,
  list: (search: string) => [...all, "list", search] as const,
  everyMine: [...all, "all"] as const,
  detail,
  records: (id: number) => [...detail(id), "medical-records"] as const,
  notes: (id: number) => [...detail(id), "notes"] as const,
  sessions: (id: number) => [...detail(id), "workout-sessions"] as const,
  doctors: (id: number) => [...detail(id), "doctors"] as const,
};

/** After the patient stored a session (an exercise or a game): everything shown about them
 * (today's list, progress, history) and the dashboards change. */
export function invalidateAfterActivity(queryClient: QueryClient, patientId: number): void {
  void queryClient.invalidateQueries({ queryKey: patientKeys.detail(patientId) });
  void queryClient.invalidateQueries({ queryKey: dashboardKeys.all });
}

export function usePatients(search: string) {
  return useKeysetList(
    patientKeys.list(search),
    (cursor) =>
      unwrap(api.GET("/api/v1/patients", { params: { query: { search: search || undefined, cursor, limit: 50 } } })),
    { keepPrevious: true },
  );
}

/** Every patient in the doctor's care (for pickers); a clinic list rarely passes one page. */
export function useAllMyPatients(enabled = true) {
  return useQuery({
    enabled,
    queryKey: patientKeys.everyMine,
    queryFn: async () => {
      const patients = [];
      let cursor: string | undefined;
      do {
        const page = await unwrap(api.GET("/api/v1/patients", { params: { query: { cursor, limit: 100 } } }));
        patients.push(...page.items);
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      return patients;
    },
    staleTime: 5 * 60_000,
  });
}

export function usePatient(id: number) {
  return useQuery({
    queryKey: patientKeys.detail(id),
    queryFn: () => unwrap(api.GET("/api/v1/patients/{patient_id}", { params: { path: { patient_id: id } } })),
  });
}

export function usePatientDoctors(id: number, enabled = true) {
  return useKeysetList(
    patientKeys.doctors(id),
    (cursor) =>
      unwrap(
        api.GET("/api/v1/patients/{patient_id}/doctors", {
          params: { path: { patient_id: id }, query: { cursor, limit: 100 } },
        }),
      ),
    { enabled },
  );
}

export function useMedicalRecords(patientId: number) {
  return useKeysetList(patientKeys.records(patientId), (cursor) =>
    unwrap(
      api.GET("/api/v1/patients/{patient_id}/medical-records", {
        params: { path: { patient_id: patientId }, query: { cursor, limit: 20 } },
      }),
    ),
  );
}

export function useSaveMedicalRecord(patientId: number, recordId: number | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MedicalRecordCreate) =>
      recordId === undefined
        ? unwrap(
            api.POST("/api/v1/patients/{patient_id}/medical-records", {
              params: { path: { patient_id: patientId } },
              body,
            }),
          )
        : unwrap(api.PATCH("/api/v1/medical-records/{record_id}", { params: { path: { record_id: recordId } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: patientKeys.records(patientId) }),
  });
}

export function useNotes(patientId: number) {
  return useKeysetList(patientKeys.notes(patientId), (cursor) =>
    unwrap(
      api.GET("/api/v1/patients/{patient_id}/notes", {
        params: { path: { patient_id: patientId }, query: { cursor, limit: 20 } },
      }),
    ),
  );
}

export function useSaveNote(patientId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ noteId, body }: { noteId?: number; body: string }) =>
      noteId === undefined
        ? unwrap(
            api.POST("/api/v1/patients/{patient_id}/notes", {
              params: { path: { patient_id: patientId } },
              body: { body },
            }),
          )
        : unwrap(api.PATCH("/api/v1/notes/{note_id}", { params: { path: { note_id: noteId } }, body: { body } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: patientKeys.notes(patientId) }),
  });
}

export function useDeleteNote(patientId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (noteId: number) =>
      unwrapEmpty(api.DELETE("/api/v1/notes/{note_id}", { params: { path: { note_id: noteId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: patientKeys.notes(patientId) }),
  });
}

export function useWorkoutSessions(patientId: number) {
  return useKeysetList(patientKeys.sessions(patientId), (cursor) =>
    unwrap(
      api.GET("/api/v1/patients/{patient_id}/workout-sessions", {
        params: { path: { patient_id: patientId }, query: { cursor, limit: 15 } },
      }),
    ),
  );
}
