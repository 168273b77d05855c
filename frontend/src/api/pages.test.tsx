import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";

import { useKeysetList } from "./pages";

function wrapper({ children }: { children: ReactNode }) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

describe("useKeysetList", () => {
  it("joins the pages into one list and asks for the next one with its cursor", async () => {
    const fetchPage = vi.fn(async (cursor: string | undefined) =>
      cursor === undefined ? { items: [1, 2], next_cursor: "after-2" } : { items: [3], next_cursor: null },
    );
    const { result } = renderHook(() => useKeysetList(["numbers"], fetchPage), { wrapper });

    await waitFor(() => expect(result.current.items).toEqual([1, 2]));
    expect(result.current.hasNextPage).toBe(true);

    await act(() => result.current.fetchNextPage());
    await waitFor(() => expect(result.current.items).toEqual([1, 2, 3]));
    expect(fetchPage).toHaveBeenLastCalledWith("after-2");
    expect(result.current.hasNextPage).toBe(false);
  });

  it("continues a list from a cursor, and waits until it is wanted", async () => {
    const fetchPage = vi.fn(async () => ({ items: ["c"], next_cursor: null }));
    const { result, rerender } = renderHook(
      ({ enabled }: { enabled: boolean }) =>
        useKeysetList(["activity"], fetchPage, { startCursor: "after-b", enabled }),
      { wrapper, initialProps: { enabled: false } },
    );
    expect(result.current.items).toEqual([]);
    expect(fetchPage).not.toHaveBeenCalled();

    rerender({ enabled: true });
    await waitFor(() => expect(result.current.items).toEqual(["c"]));
    expect(fetchPage).toHaveBeenCalledWith("after-b");
  });
});
