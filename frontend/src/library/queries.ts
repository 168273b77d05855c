import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "../api/client";
import type { BodyRegion, ExerciseGoal, LibraryExercise, SelfReportCreate } from "../api/types";
import { EXERCISE_LABELS } from "../ui/format";

export const libraryKeys = {
  all: ["exercise-library"] as const,
  search: (filters: LibraryFilters) => ["exercise-library", "search", filters] as const,
};

export interface LibraryFilters {
  q: string;
  region: BodyRegion | "";
  goal: ExerciseGoal | "";
}

/** The whole library (under a hundred exercises: one page), kept for the session. */
export function useLibrary() {
  return useQuery({
    queryKey: libraryKeys.all,
    queryFn: () =>
      unwrap(api.GET("/api/v1/exercise-library", { params: { query: { limit: 100 } } })).then(
        (page) => new Map(page.items.map((exercise) => [exercise.code, exercise])),
      ),
    staleTime: Infinity,
  });
}

/** The library searched on the server: words of the name, a region, a goal. */
export function useLibrarySearch(filters: LibraryFilters) {
  return useQuery({
    queryKey: libraryKeys.search(filters),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/exercise-library", {
          params: {
            query: {
              limit: 100,
              q: filters.q.trim() || undefined,
              region: filters.region ? [filters.region] : undefined,
              goal: filters.goal ? [filters.goal] : undefined,
            },
          },
        }),
      ).then((page) => page.items),
    placeholderData: (previous) => previous,
    staleTime: Infinity,
  });
}

/** "heel-slide" -> its library name once the library is loaded; a readable guess before. */
export function exerciseName(code: string, library?: Map<string, LibraryExercise>): string {
  const known = library?.get(code)?.name ?? (EXERCISE_LABELS as Record<string, string>)[code];
  if (known) return known;
  const words = code.replace(/-/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A function naming exercises by code, from the cached library. */
export function useExerciseName(): (code: string) => string {
  const library = useLibrary();
  return (code) => exerciseName(code, library.data);
}

export function useSelfReport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SelfReportCreate) => unwrap(api.POST("/api/v1/exercise-sessions/self-reports", { body })),
    // The day's plan, the dashboard and the history all count the new session.
    onSuccess: () => queryClient.invalidateQueries(),
  });
}
