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
import { emptyPose } from "./pose/landmarks";
import { packFrames } from "./pose/frames";
import { KeptSet } from "./live/keptSet";
import { useFinishOverRest, useStartSession } from "./queries";

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

describe("finishing over REST", () => {
  beforeEach(() => {
    signInAs(testUser("patient"));
    fetchMock.mockReset();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  const unsavedSet = (key: string) => {
    const set = new KeptSet(
      {
        exercise: "squat",
        side: null,
        reps_target: 5,
        target_rom_deg: null,
        fps: 30,
        aspect_ratio: 1,
        setup_skipped: false,
        world_landmarks: false,
      },
      key,
    );
    set.keep(
      packFrames(
        [0, 1, 2].map((timestamp) => ({ timestamp, pose: emptyPose() })),
        false,
      ),
    );
    return set;
  };

  async function finish(unsaved: KeptSet[]) {
    const { result } = renderHook(() => useFinishOverRest(), { wrapper });
    let outcome: PromiseSettledResult<unknown> | undefined;
    await act(async () => {
      const finished = Promise.allSettled([
        result.current.mutateAsync({ sessionId: 4, rating: { pain_score: 2, difficulty: 5 }, unsaved }),
      ]);
      await vi.advanceTimersByTimeAsync(1000 + 2000 + 4000);
      [outcome] = await finished;
    });
    const calls = await Promise.all(
      fetchMock.mock.calls.map(async ([request]) => {
        const { pathname } = new URL((request as Request).url);
        return { pathname, body: (await (request as Request).clone().json()) as Record<string, unknown> };
      }),
    );
    return { outcome, calls };
  }

  it("stores each set the stream did not, under its key, before finishing", async () => {
    fetchMock
      .mockResolvedValueOnce(jsonResponse(201, { detail: { id: 1 } }))
      .mockResolvedValueOnce(jsonResponse(201, { detail: { id: 2 } }))
      .mockResolvedValueOnce(jsonResponse(200, { id: 4 }));
    const { outcome, calls } = await finish([unsavedSet("set-key-a"), unsavedSet("set-key-b")]);
    expect(outcome).toEqual({ status: "fulfilled", value: { id: 4 } });
    expect(calls.map((call) => call.pathname)).toEqual([
      "/api/v1/exercise-sessions/4/sets",
      "/api/v1/exercise-sessions/4/sets",
      "/api/v1/exercise-sessions/4/finish",
    ]);
    expect(calls.map((call) => call.body.set_key)).toEqual(["set-key-a", "set-key-b", undefined]);
    expect((calls[0]!.body.frames as number[][]).map((row) => row[0])).toEqual([0, 1, 2]);
    expect(calls[2]!.body).toEqual({ pain_score: 2, difficulty: 5 });
  });

  it("does not finish while a set cannot be sent, and finishes past a set refused for good", async () => {
    fetchMock.mockRejectedValue(new TypeError("Failed to fetch"));
    const lost = await finish([unsavedSet("set-key-c")]);
    expect(lost.outcome).toEqual({ status: "rejected", reason: expect.any(ApiError) });
    expect(new Set(lost.calls.map((call) => call.pathname))).toEqual(new Set(["/api/v1/exercise-sessions/4/sets"]));

    fetchMock.mockReset();
    fetchMock
      .mockResolvedValueOnce(problem(409, "This session is finished."))
      .mockResolvedValueOnce(jsonResponse(200, { id: 4 }));
    const refused = await finish([unsavedSet("set-key-d")]);
    expect(refused.outcome).toEqual({ status: "fulfilled", value: { id: 4 } });
    expect(refused.calls.map((call) => call.pathname)).toEqual([
      "/api/v1/exercise-sessions/4/sets",
      "/api/v1/exercise-sessions/4/finish",
    ]);
  });
});
