import { useQuery } from "@tanstack/react-query";

import { api, unwrap } from "../api/client";
import { useKeysetList } from "../api/pages";

const all = ["dashboard"] as const;
const doctor = [...all, "doctor"] as const;
export const dashboardKeys = {
  all,
  doctor,
  activity: [...doctor, "activity"] as const,
  patient: [...all, "patient"] as const,
};

export const ACTIVITY_PAGE_SIZE = 10;
const REFRESH_MS = 120_000;

export function useDoctorDashboard() {
  return useQuery({
    queryKey: dashboardKeys.doctor,
    queryFn: () => unwrap(api.GET("/api/v1/dashboard/doctor")),
    refetchInterval: REFRESH_MS,
  });
}

/** Recent activity: its own list, loaded beside the dashboard's other sections so neither
 * waits for the other; "Load more" continues it. */
export function useRecentActivity() {
  return useKeysetList(
    dashboardKeys.activity,
    (cursor) =>
      unwrap(
        api.GET("/api/v1/dashboard/doctor/activity", { params: { query: { cursor, limit: ACTIVITY_PAGE_SIZE } } }),
      ),
    { refetchInterval: REFRESH_MS },
  );
}

export function usePatientDashboard() {
  return useQuery({
    queryKey: dashboardKeys.patient,
    queryFn: () => unwrap(api.GET("/api/v1/dashboard/patient")),
  });
}
