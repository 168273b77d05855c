import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { api, unwrap } from "../api/client";
import { useKeysetList } from "../api/pages";
import type { ActivityItem, Page } from "../api/types";

export const dashboardKeys = {
  all: ["dashboard"] as const,
  doctor: ["dashboard", "doctor"] as const,
  activity: ["dashboard", "doctor", "activity"] as const,
  patient: ["dashboard", "patient"] as const,
};

export const ACTIVITY_PAGE_SIZE = 10;

export function useDoctorDashboard() {
  return useQuery({
    queryKey: dashboardKeys.doctor,
    queryFn: () => unwrap(api.GET("/api/v1/dashboard/doctor", { params: { query: { limit: ACTIVITY_PAGE_SIZE } } })),
    refetchInterval: 120_000,
  });
}

/** The dashboard's first page of recent activity, then more pages on demand. The first page
 * stays the dashboard's own (refreshed with it); "Load more" continues from its cursor. */
export function useRecentActivity(firstPage: Page<ActivityItem>) {
  const [wantsMore, setWantsMore] = useState(false);
  const after = firstPage.next_cursor ?? undefined;
  const more = useKeysetList(
    [...dashboardKeys.activity, after],
    (cursor) =>
      unwrap(api.GET("/api/v1/dashboard/doctor/activity", { params: { query: { cursor, limit: ACTIVITY_PAGE_SIZE } } })),
    { startCursor: after, enabled: wantsMore && after !== undefined },
  );
  return {
    items: [...firstPage.items, ...more.items],
    hasNextPage: wantsMore ? more.hasNextPage : after !== undefined,
    isFetchingNextPage: more.isFetching,
    error: more.error,
    fetchNextPage: () => (wantsMore ? more.fetchNextPage() : setWantsMore(true)),
  };
}

export function usePatientDashboard() {
  return useQuery({
    queryKey: dashboardKeys.patient,
    queryFn: () => unwrap(api.GET("/api/v1/dashboard/patient")),
  });
}
