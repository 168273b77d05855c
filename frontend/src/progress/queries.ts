import { useQuery } from "@tanstack/react-query";

import { api, unwrap } from "../api/client";
import type { ExerciseType, TrendBucket } from "../api/types";
import { patientKeys } from "../patients/queries";
import { addDays, localIsoDate } from "../ui/isoWeek";

export interface TrendRange {
  from: string;
  to: string;
  bucket: TrendBucket;
}

/** The last `weeks` weeks up to today: short periods by day, longer ones by week (a readable
 * number of points either way). */
export function trendRange(weeks: number, today: string = localIsoDate()): TrendRange {
  return { from: addDays(today, -7 * weeks + 1), to: today, bucket: weeks <= 4 ? "day" : "week" };
}

const allProgress = (patientId: number) => [...patientKeys.detail(patientId), "progress"] as const;
export const progressKeys = {
  /** Every chart of one patient: what a changed plan or a new session refreshes. */
  all: allProgress,
  trend: (patientId: number, kind: string, params: object) => [...allProgress(patientId), kind, params] as const,
};

export function useRangeOfMotion(patientId: number, range: TrendRange, exercise?: ExerciseType) {
  return useQuery({
    queryKey: progressKeys.trend(patientId, "range-of-motion", { ...range, exercise }),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/patients/{patient_id}/progress/range-of-motion", {
          params: { path: { patient_id: patientId }, query: { ...range, exercise } },
        }),
      ),
  });
}

export function usePain(patientId: number, range: TrendRange) {
  return useQuery({
    queryKey: progressKeys.trend(patientId, "pain", range),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/patients/{patient_id}/progress/pain", {
          params: { path: { patient_id: patientId }, query: range },
        }),
      ),
  });
}

export function useAdherence(patientId: number, weeks: number) {
  return useQuery({
    queryKey: progressKeys.trend(patientId, "adherence", { weeks }),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/patients/{patient_id}/progress/adherence", {
          params: { path: { patient_id: patientId }, query: { weeks } },
        }),
      ),
  });
}

export function useBrainTrend(patientId: number, range: TrendRange) {
  return useQuery({
    queryKey: progressKeys.trend(patientId, "brain", range),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/patients/{patient_id}/progress/brain", {
          params: { path: { patient_id: patientId }, query: range },
        }),
      ),
  });
}
