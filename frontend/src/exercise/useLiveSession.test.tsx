const fetchMock = vi.hoisted(() => {
  const mock = vi.fn<(input: Request | string, init?: RequestInit) => Promise<Response>>();
  globalThis.fetch = mock as unknown as typeof fetch;
  return mock;
});

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, renderHook } from "@testing-library/react";
import type { ReactNode } from "react";

import { jsonResponse, signInAs, testUser } from "../ui/testing";
import type { PoseBackendName } from "./pose/backendChoice";
import { BYTES_PER_FRAME, WORLD_BYTES_PER_FRAME, WORLD_VALUES_PER_FRAME } from "./pose/frames";
import { emptyPose, LANDMARK_COUNT } from "./pose/landmarks";
import { FakeSocket } from "./live/fakeSocket";
import { freePlan } from "./plan";
import { initialFlow } from "./sessionFlow";
import { useLiveSession } from "./useLiveSession";

/** The browser's WebSocket, as far as LiveStream uses it; every one opened is kept. */
class FakeWebSocket extends FakeSocket {
  static opened: FakeWebSocket[] = [];

  constructor(readonly url: string) {
    super();
    FakeWebSocket.opened.push(this);
  }
  /** The connection opens and the server says it is ready. */
  ready() {
    this.open();
    this.receive({ type: "ready", session_id: 7 });
  }
  startSet() {
    return this.texts().find((message) => message.type === "start_set");
  }
}

function wrapper({ children }: { children: ReactNode }) {
  return <QueryClientProvider client={new QueryClient()}>{children}</QueryClientProvider>;
}

/** A set started with the pose model `backend`, and two frames carrying world landmarks sent
 * in it; the socket it went to. */
async function setWith(backend: PoseBackendName) {
  const flow = { ...initialFlow(freePlan("squat", "Squats")), stage: "active" as const };
  const { result } = renderHook(
    () => useLiveSession({ flow, dispatch: () => undefined, patientId: 5, fps: 30, backend, aspectRatio: () => 1 }),
    { wrapper },
  );
  await act(async () => {
    result.current.start();
    await vi.waitFor(() => expect(FakeWebSocket.opened).toHaveLength(1));
  });
  const socket = FakeWebSocket.opened[0]!;
  act(() => socket.ready());
  const world = Array.from({ length: LANDMARK_COUNT }, (_, index) => ({ x: 0.5, y: index, z: -1 }));
  for (const timestamp of [1, 2]) result.current.sendFrame({ timestamp, pose: emptyPose(), world });
  return socket;
}

describe("useLiveSession", () => {
  beforeEach(() => {
    signInAs(testUser("patient"));
    fetchMock.mockReset();
    fetchMock.mockResolvedValue(jsonResponse(201, { id: 7 }));
    FakeWebSocket.opened = [];
    vi.stubGlobal("WebSocket", FakeWebSocket);
  });
  afterEach(() => vi.unstubAllGlobals());

  it("starts a MediaPipe set with world_landmarks, and sends its frames with them", async () => {
    const socket = await setWith("mediapipe");
    expect(socket.startSet()).toMatchObject({ exercise: "squat", world_landmarks: true });
    expect(socket.binaries().map((item) => item.byteLength)).toEqual([2 * WORLD_BYTES_PER_FRAME]);
    const values = new Float32Array(socket.binaries()[0]!);
    // The second frame's landmark 3 in the world.
    const at = WORLD_VALUES_PER_FRAME + 133 + 3 * 3;
    expect(Array.from(values.subarray(at, at + 3))).toEqual([0.5, 3, -1]);
  });

  it("starts a MoveNet set without world landmarks: rows of 133", async () => {
    const socket = await setWith("movenet");
    expect(socket.startSet()).toMatchObject({ exercise: "squat", world_landmarks: false });
    expect(socket.binaries().map((item) => item.byteLength)).toEqual([2 * BYTES_PER_FRAME]);
  });
});
