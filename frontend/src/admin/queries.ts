import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "../api/client";
import { useKeysetList } from "../api/pages";
import type { AuditOutcome, UserRead, UserRole } from "../api/types";
import type { components } from "../api/schema";

const all = ["admin"] as const;
const users = [...all, "users"] as const;
const assignments = [...all, "assignments"] as const;
export const adminKeys = {
  /** Every list of accounts: what a new or changed account refreshes. */
  users,
  userList: (filters: { role: UserRole | null; search: string }) => [...users, filters] as const,
  userSearch: (role: UserRole | undefined, search: string) => [...users, "search", { role, search }] as const,
  allUsers: [...users, "all"] as const,
  assignments,
  assignmentList: (activeOnly: boolean) => [...assignments, { activeOnly }] as const,
  audit: (filters: AuditFilters) => [...all, "audit", filters] as const,
};

export function useAccounts(filters: { role: UserRole | null; search: string }) {
  return useKeysetList(
    adminKeys.userList(filters),
    (cursor) =>
      unwrap(
        api.GET("/api/v1/admin/users", {
          params: {
            query: { role: filters.role ?? undefined, search: filters.search || undefined, cursor, limit: 50 },
          },
        }),
      ),
    { keepPrevious: true },
  );
}

/** The first accounts that match, for a picker. */
export function useAccountSearch(role: UserRole | undefined, search: string) {
  return useQuery({
    queryKey: adminKeys.userSearch(role, search),
    queryFn: () =>
      unwrap(api.GET("/api/v1/admin/users", { params: { query: { role, search: search || undefined, limit: 20 } } })),
    select: (page) => page.items,
    placeholderData: (previous) => previous,
  });
}

// The audit log names people by id. Until it carries their names (see the report), the admin's
// screens learn them from the account list; a clinic of a few thousand accounts is a few pages.
const NAME_PAGES_MAX = 20;

export function useAccountNames() {
  return useQuery({
    queryKey: adminKeys.allUsers,
    queryFn: async () => {
      const names = new Map<number, UserRead>();
      let cursor: string | undefined;
      for (let page = 0; page < NAME_PAGES_MAX; page += 1) {
        const result = await unwrap(api.GET("/api/v1/admin/users", { params: { query: { cursor, limit: 100 } } }));
        for (const user of result.items) names.set(user.id, user);
        cursor = result.next_cursor ?? undefined;
        if (!cursor) break;
      }
      return names;
    },
    staleTime: 5 * 60_000,
  });
}

export function useCreateDoctor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: components["schemas"]["DoctorCreate"]) => unwrap(api.POST("/api/v1/admin/doctors", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.users }),
  });
}

export function useSetAccountStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, isActive }: { userId: number; isActive: boolean }) =>
      unwrap(
        api.PUT("/api/v1/admin/users/{user_id}/status", {
          params: { path: { user_id: userId } },
          body: { is_active: isActive },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.users }),
  });
}

/** A random temporary password for the account, answered once; the owner must change it. */
export function useResetPassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: number) =>
      unwrap(api.POST("/api/v1/admin/users/{user_id}/password-reset", { params: { path: { user_id: userId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.users }),
  });
}

export function useAssignments(activeOnly: boolean) {
  return useKeysetList(
    adminKeys.assignmentList(activeOnly),
    (cursor) =>
      unwrap(
        api.GET("/api/v1/assignments", {
          params: { query: { active: activeOnly ? true : undefined, cursor, limit: 50 } },
        }),
      ),
    { keepPrevious: true },
  );
}

export function useCreateAssignment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { doctor_id: number; patient_id: number }) => unwrap(api.POST("/api/v1/assignments", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.assignments }),
  });
}

export function useEndAssignment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) =>
      unwrap(api.POST("/api/v1/assignments/{assignment_id}/end", { params: { path: { assignment_id: id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.assignments }),
  });
}

export interface AuditFilters {
  actorId: number | null;
  patientId: number | null;
  outcome: AuditOutcome | null;
  since: string; // "YYYY-MM-DD" or ""
  until: string;
}

export function useAuditLog(filters: AuditFilters, toInstant: (day: string, endOfDay: boolean) => string) {
  return useKeysetList(
    adminKeys.audit(filters),
    (cursor) =>
      unwrap(
        api.GET("/api/v1/audit", {
          params: {
            query: {
              actor_id: filters.actorId ?? undefined,
              patient_id: filters.patientId ?? undefined,
              outcome: filters.outcome ?? undefined,
              since: filters.since ? toInstant(filters.since, false) : undefined,
              until: filters.until ? toInstant(filters.until, true) : undefined,
              cursor,
              limit: 50,
            },
          },
        }),
      ),
    { keepPrevious: true },
  );
}
