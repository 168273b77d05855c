import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap, unwrapEmpty } from "../api/client";
import { useKeysetList } from "../api/pages";
import type { Combo, ComboCreate, WeekPlan, WeekPlanPut } from "../api/types";
import { dashboardKeys } from "../dashboard/queries";
import { patientKeys } from "../patients/queries";
import { progressKeys } from "../progress/queries";
import { localIsoDate } from "../ui/isoWeek";

const allCombos = ["combos"] as const;
export const comboKeys = {
  all: allCombos,
  list: (filters: { mine: boolean; search: string }) => [...allCombos, "list", filters] as const,
  /** The whole library, for pickers. */
  library: [...allCombos, "all"] as const,
  detail: (id: number) => [...allCombos, id] as const,
};

const weekPlans = (patientId: number) => [...patientKeys.detail(patientId), "week-plans"] as const;
const today = (patientId: number) => [...patientKeys.detail(patientId), "today"] as const;
export const planKeys = {
  weekPlans,
  week: (patientId: number, weekStart: string) => [...weekPlans(patientId), weekStart] as const,
  /** The routine behind one week plan item, wherever it is planned. */
  item: (patientId: number, itemId: number | null) => [...weekPlans(patientId), "item", itemId] as const,
  today,
  todayOn: (patientId: number, date: string) => [...today(patientId), date] as const,
};

export function useCombos(filters: { mine: boolean; search: string }) {
  return useKeysetList(comboKeys.list(filters), (cursor) =>
    unwrap(
      api.GET("/api/v1/combos", {
        params: { query: { mine: filters.mine, search: filters.search || undefined, cursor, limit: 50 } },
      }),
    ),
  );
}

export function useCombo(id: number | undefined) {
  return useQuery({
    queryKey: comboKeys.detail(id ?? 0),
    queryFn: () => unwrap(api.GET("/api/v1/combos/{combo_id}", { params: { path: { combo_id: id ?? 0 } } })),
    enabled: id !== undefined,
  });
}

export function useSaveCombo(id: number | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ComboCreate): Promise<Combo> =>
      id === undefined
        ? unwrap(api.POST("/api/v1/combos", { body }))
        : unwrap(api.PUT("/api/v1/combos/{combo_id}", { params: { path: { combo_id: id } }, body })),
    onSuccess: (combo) => {
      queryClient.setQueryData(comboKeys.detail(combo.id), combo);
      void queryClient.invalidateQueries({ queryKey: comboKeys.all });
      // Week plans show the routine's items, which just changed.
      void queryClient.invalidateQueries({ queryKey: patientKeys.all });
    },
  });
}

export function useDeleteCombo() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) =>
      unwrapEmpty(api.DELETE("/api/v1/combos/{combo_id}", { params: { path: { combo_id: id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: comboKeys.all }),
  });
}

/** The plan of one ISO week, or null. The API lists plans newest week first, so this reads
 * pages until it meets that week or an older one (usually the first page). */
export function useWeekPlan(patientId: number, weekStart: string) {
  return useQuery({
    queryKey: planKeys.week(patientId, weekStart),
    queryFn: async (): Promise<WeekPlan | null> => {
      let cursor: string | undefined;
      for (;;) {
        const page = await unwrap(
          api.GET("/api/v1/patients/{patient_id}/week-plans", {
            params: { path: { patient_id: patientId }, query: { cursor, limit: 20 } },
          }),
        );
        const found = page.items.find((plan) => plan.week_start === weekStart);
        if (found) return found;
        const oldest = page.items.at(-1);
        if (!page.next_cursor || !oldest || oldest.week_start < weekStart) return null;
        cursor = page.next_cursor;
      }
    },
  });
}

export function useSaveWeekPlan(patientId: number, weekStart: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: WeekPlanPut) =>
      unwrap(
        api.PUT("/api/v1/patients/{patient_id}/week-plans/{week_start}", {
          params: { path: { patient_id: patientId, week_start: weekStart } },
          body,
        }),
      ),
    onSuccess: (plan) => {
      queryClient.setQueryData(planKeys.week(patientId, weekStart), plan);
      void queryClient.invalidateQueries({ queryKey: planKeys.weekPlans(patientId) });
      void queryClient.invalidateQueries({ queryKey: planKeys.today(patientId) });
      void queryClient.invalidateQueries({ queryKey: progressKeys.all(patientId) });
      void queryClient.invalidateQueries({ queryKey: dashboardKeys.all });
    },
  });
}

export function useDeleteWeekPlan(patientId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (planId: number) =>
      unwrapEmpty(api.DELETE("/api/v1/week-plans/{week_plan_id}", { params: { path: { week_plan_id: planId } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: planKeys.weekPlans(patientId) });
      void queryClient.invalidateQueries({ queryKey: planKeys.today(patientId) });
      void queryClient.invalidateQueries({ queryKey: dashboardKeys.all });
    },
  });
}

/** Today's plan for the patient's own calendar day (the API's default is the UTC day, which
 * is yesterday or tomorrow for part of the night away from UTC). For useQuery or fetchQuery. */
export function todayPlanQuery(patientId: number, date: string = localIsoDate()) {
  return {
    queryKey: planKeys.todayOn(patientId, date),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/patients/{patient_id}/today", {
          params: { path: { patient_id: patientId }, query: { date } },
        }),
      ),
  };
}

export function useTodayPlan(patientId: number) {
  return useQuery(todayPlanQuery(patientId));
}

/** Every routine a doctor may plan (the shared library), for pickers. */
export function useAllCombos() {
  return useQuery({
    queryKey: comboKeys.library,
    queryFn: async () => {
      const combos: Combo[] = [];
      let cursor: string | undefined;
      do {
        const page = await unwrap(api.GET("/api/v1/combos", { params: { query: { cursor, limit: 100 } } }));
        combos.push(...page.items);
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      return combos.sort((a, b) => a.name.localeCompare(b.name));
    },
  });
}
