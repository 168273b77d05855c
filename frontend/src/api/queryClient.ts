import { QueryClient } from "@tanstack/react-query";

import { ApiError } from "./client";

/** TanStack Query's `retry` for a call worth trying again at most `times` more: a 4xx will
 * answer the same the second time; only a lost connection or a server hiccup is worth it. */
export function retryUnlessRefused(times: number) {
  return (failureCount: number, error: unknown): boolean => {
    if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
    return failureCount < times;
  };
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: retryUnlessRefused(2), staleTime: 30_000, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
}
