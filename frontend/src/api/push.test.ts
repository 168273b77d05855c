import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { keysToRefresh } from "../layout/usePush";
import { connectPush } from "./push";
import { setSession, type TokenResponse } from "./session";

const SIGNED_IN = {
  access_token: "token-1",
  token_type: "bearer",
  expires_in: 3600,
  user: { id: 7, username: "ana", role: "patient" },
} as unknown as TokenResponse;

function streamOf(text: string): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { "Content-Type": "text/event-stream" } });
}

describe("connectPush", () => {
  beforeEach(() => setSession(SIGNED_IN));
  afterEach(() => setSession(null));

  it("hands each update's kind over, ignoring pings, and connects again when the stream ends", async () => {
    const updates: string[] = [];
    const fetchImpl = vi
      .fn<typeof fetch>()
      .mockResolvedValueOnce(
        streamOf(
          ': connected\n\n: ping\n\nevent: update\ndata: {"kind": "message"}\n\n' +
            'event: update\ndata: {"kind": "appointment_moved"}\n\n',
        ),
      )
      .mockResolvedValue(streamOf('event: update\ndata: {"kind": "week_plan"}\n\n'));
    let stop = () => {};
    const sleeps: number[] = [];
    stop = connectPush({
      onUpdate: (kind) => updates.push(kind),
      fetchImpl,
      sleep: (ms) => {
        sleeps.push(ms);
        if (sleeps.length === 2) stop();
        return Promise.resolve();
      },
    });
    await vi.waitFor(() => expect(sleeps).toHaveLength(2));
    expect(updates).toEqual(["message", "appointment_moved", "week_plan"]);
    const [url, init] = fetchImpl.mock.calls[0]!;
    expect(url).toBe("/api/v1/events");
    expect((init?.headers as Record<string, string>).Authorization).toBe("Bearer token-1");
    expect(sleeps).toEqual([1_000, 1_000]); // a stream that ended normally is followed at once
  });

  it("waits longer after each failure (503 while the server cannot push)", async () => {
    const fetchImpl = vi.fn<typeof fetch>().mockResolvedValue(new Response("{}", { status: 503 }));
    const sleeps: number[] = [];
    let stop = () => {};
    stop = connectPush({
      onUpdate: () => {
        throw new Error("no update expected");
      },
      fetchImpl,
      sleep: (ms) => {
        sleeps.push(ms);
        if (sleeps.length === 6) stop();
        return Promise.resolve();
      },
    });
    await vi.waitFor(() => expect(sleeps).toHaveLength(6));
    expect(sleeps).toEqual([2_000, 5_000, 15_000, 30_000, 30_000, 30_000]);
  });

  it("does not connect while signed out", async () => {
    setSession(null);
    const fetchImpl = vi.fn<typeof fetch>();
    connectPush({ onUpdate: () => {}, fetchImpl });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fetchImpl).not.toHaveBeenCalled();
  });
});

describe("keysToRefresh", () => {
  it("always reads the notifications again, and what the kind changed", () => {
    expect(keysToRefresh("general")).toEqual([["notifications"]]);
    expect(keysToRefresh("message")).toEqual([["notifications"], ["messages"]]);
    expect(keysToRefresh("appointment_cancelled")).toEqual([["notifications"], ["schedules"], ["dashboard"]]);
    expect(keysToRefresh("week_plan")).toEqual([["notifications"], ["patients"], ["dashboard"]]);
  });
});
