// Live updates: the server's event stream (GET /api/v1/events) says what kind of thing changed
// for the signed-in person; the app then reads it through the API. When the stream is down (no
// network, the server's Redis down: 503, signed out) the queries' own polling goes on, so nothing
// depends on a push arriving: it only makes the app current within a second instead of a minute.
import { EventSourceParserStream } from "eventsource-parser/stream";

import { getAccessToken, refreshSession } from "./session";

const EVENTS_URL = "/api/v1/events";
// Waits before connecting again: at once after a stream that ended normally (its token ran out),
// then longer after each failure, so a server that is down is not hammered.
const RETRY_MS = [1_000, 2_000, 5_000, 15_000, 30_000];
const LONGEST_WAIT_MS = 30_000;

export interface PushOptions {
  onUpdate: (kind: string) => void;
  onConnected?: (connected: boolean) => void;
  fetchImpl?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Follow the event stream until the returned function is called. */
export function connectPush({ onUpdate, onConnected, fetchImpl = fetch, sleep = wait }: PushOptions): () => void {
  let stopped = false;
  let controller: AbortController | undefined;
  let failures = 0;

  async function readOnce(token: string): Promise<boolean> {
    controller = new AbortController();
    const response = await fetchImpl(EVENTS_URL, {
      headers: { Authorization: `Bearer ${token}`, Accept: "text/event-stream" },
      signal: controller.signal,
      cache: "no-store",
    });
    if (response.status === 401) {
      await refreshSession();
      return false;
    }
    if (!response.ok || !response.body) return false;
    onConnected?.(true);
    const events = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
    const reader = events.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return true;
      if (value.event === "update") onUpdate((JSON.parse(value.data) as { kind: string }).kind);
    }
  }

  async function run() {
    while (!stopped) {
      const token = getAccessToken();
      if (!token) return; // signed out: the shell mounts again after the next sign-in
      let endedNormally = false;
      try {
        endedNormally = await readOnce(token);
      } catch {
        // aborted, or the network went away: try again below
      }
      onConnected?.(false);
      failures = endedNormally ? 0 : failures + 1;
      if (!stopped) await sleep(RETRY_MS[failures] ?? LONGEST_WAIT_MS);
    }
  }

  void run();
  return () => {
    stopped = true;
    controller?.abort();
  };
}
