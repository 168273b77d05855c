// Keyset-paginated lists (`items` + `next_cursor`) as one growing list with "Load more".
import { keepPreviousData, type QueryKey, useInfiniteQuery } from "@tanstack/react-query";
import { useMemo } from "react";

import type { Page } from "./types";

export function useKeysetList<T>(
  queryKey: QueryKey,
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  options: {
    enabled?: boolean;
    refetchInterval?: number;
    /** Start after this cursor (the list continues one that came with another answer). */
    startCursor?: string;
    /** Keep showing the previous list while a new filter loads (search as you type). */
    keepPrevious?: boolean;
  } = {},
) {
  const { startCursor, keepPrevious, ...rest } = options;
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: startCursor,
    getNextPageParam: (last: Page<T>) => last.next_cursor ?? undefined,
    placeholderData: keepPrevious ? keepPreviousData : undefined,
    ...rest,
  });
  const items = useMemo(() => query.data?.pages.flatMap((page) => page.items) ?? [], [query.data]);
  return { ...query, items };
}

export type KeysetList<T> = ReturnType<typeof useKeysetList<T>>;
