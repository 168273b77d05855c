const fetchMock = vi.hoisted(() => {
  const mock = vi.fn<(input: Request | string, init?: RequestInit) => Promise<Response>>();
  globalThis.fetch = mock as unknown as typeof fetch;
  return mock;
});

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, renderHook } from "@testing-library/react";
import type { ReactNode } from "react";

import { ApiError } from "../api/client";
import { jsonResponse, problem, signInAs, testUser } from "../ui/testing";
import { useStartSession } from "./queries";

function wrapper({ children }: { children: ReactNode }) {
  // The app's own default is no retry for mutations: what retries here is the hook's own rule.
  const client = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

/** Start a session and let every retry's wait pass; the outcome and the requests' bodies. */
async function startSession() {
  const { result } = renderHook(() => useStartSession(), { wrapper });
  let outcome: PromiseSettledResult<unknown> | undefined;
  await act(async () => {
    const started = Promise.allSettled([result.current.mutateAsync({ weekPlanItemId: 9, clientKey: "key-1" })]);
    await vi.advanceTimersByTimeAsync(1000 + 2000 + 4000);
    [outcome] = await started;
  });
  const bodies = await Promise.all(fetchMock.mock.calls.map(([request]) => (request as Request).clone().json()));
  return { outcome, bodies };
}

describe("starting a session", () => {
  beforeEach(() => {
    signInAs(testUser("patient"));
    fetchMock.mockReset();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it("tries again after a lost connection or a server error, with the same client key", async () => {
    fetchMock
      .mockRejectedValueOnce(new TypeError("Failed to fetch"))
      .mockResolvedValueOnce(problem(503, "Busy."))
      .mockResolvedValueOnce(jsonResponse(201, { id: 7 }));
    const { outcome, bodies } = await startSession();
    expect(outcome).toEqual({ status: "fulfilled", value: { id: 7 } });
    expect(bodies).toEqual(Array(3).fill({ week_plan_item_id: 9, client_key: "key-1" }));
  });

  it("does not repeat a request the server refused", async () => {
    fetchMock.mockResolvedValue(problem(404, "No such plan item."));
    const { outcome } = await startSession();
    expect(outcome?.status).toBe("rejected");
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it("gives up after three retries", async () => {
    fetchMock.mockRejectedValue(new TypeError("Failed to fetch"));
    const { outcome } = await startSession();
    expect(outcome).toEqual({ status: "rejected", reason: expect.any(ApiError) });
    expect(fetchMock).toHaveBeenCalledTimes(4);
  });
});
