// The live side of an exercise session: the session on the server and the stream of landmarks
// to it. The stream exists from the press of Start, so the set's first frames wait in it while
// the session is created and the connection opens; it reconnects by itself (see LiveStream)
// and closes when the screen goes. What the server says goes to the session's flow reducer.
import { type Dispatch, useCallback, useEffect, useEffectEvent, useRef, useState } from "react";

import { problemMessage } from "../api/client";
import { getAccessToken, refreshSession } from "../api/session";
import { LiveStream, type StreamStatus } from "./live/liveStream";
import { streamFps, streamUrl, type Rating, type WorkoutSession } from "./live/protocol";
import { plannedAt } from "./plan";
import { GIVES_WORLD_LANDMARKS, type PoseBackendName } from "./pose/backendChoice";
import type { TimedPose } from "./pose/frames";
import { newClientKey, useFinishOverRest, useRefreshAfterSession, useStartSession } from "./queries";
import type { FlowEvent, FlowState } from "./sessionFlow";

export interface LiveSession {
  /** The connection's state, for the banner and the "Try again" alert; null before Start. */
  status: StreamStatus | null;
  /** Why the session could not be started on the server, shown beside Start. */
  startError: string | null;
  /** Start pressed: the countdown begins and the stream opens. ``setupSkipped``: "Start anyway"
   * before the camera check passed, so the set is stored marked. */
  start: (setupSkipped?: boolean) => void;
  /** A frame of the active set; stable, for the pose tracker's frame callback. */
  sendFrame: (frame: TimedPose) => void;
  endSet: () => Promise<void>;
  finish: (rating: Rating) => Promise<void>;
  /** Try the connection again after it gave up. */
  retry: () => void;
  /** Sets the server has not stored yet (the one in progress among them): leaving loses them. */
  unsavedSets: number;
}

export function useLiveSession({
  flow,
  dispatch,
  patientId,
  fps,
  backend,
  aspectRatio,
}: {
  flow: FlowState;
  dispatch: Dispatch<FlowEvent>;
  patientId: number;
  /** The pose tracker's measured frame rate, told to the server with each set. */
  fps: number;
  /** The pose model in use as a set starts: with MediaPipe's, the set's frames carry world
   * landmarks (world_landmarks), which the frames sent must then have. */
  backend: PoseBackendName | null;
  /** The camera picture's width over its height as the set starts (of the picture the tracker
   * last measured, not of a render's video), told with each set: the engine needs it to measure
   * angles on landmarks given as fractions of the width and of the height. */
  aspectRatio: () => number;
}): LiveSession {
  const { mutateAsync: startSession } = useStartSession();
  const { mutateAsync: finishOverRest } = useFinishOverRest();
  const refreshAfterSession = useRefreshAfterSession(patientId);
  const [clientKey] = useState(newClientKey);
  const weekPlanItemId = flow.plan.weekPlanItemId;

  // The stream as state (to render its status and start sets) and as a ref (for the frame
  // callback, which must not change, and for the handlers).
  const [stream, setStream] = useState<LiveStream | null>(null);
  const streamRef = useRef<LiveStream | null>(null);
  const [status, setStatus] = useState<StreamStatus | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  const [unsavedSets, setUnsavedSets] = useState(0);
  const sessionId = useRef<number | null>(null);
  /** The current set was started on the stream. */
  const setOpen = useRef(false);
  /** The current set was started before the camera check passed. */
  const setupSkipped = useRef(false);

  const open = useCallback(async () => {
    if (streamRef.current) return;
    const live = new LiveStream({
      getToken: getAccessToken,
      refresh: refreshSession,
      onMessage: (message) => dispatch({ type: "server", message }),
      onStatus: setStatus,
      onSetResumed: () => dispatch({ type: "set-resumed" }),
      onUnsavedSets: setUnsavedSets,
    });
    streamRef.current = live;
    setStream(live);
    try {
      const session = await startSession({ weekPlanItemId, clientKey });
      sessionId.current = session.id;
      if (streamRef.current === live) live.connect(streamUrl(window.location, session.id));
    } catch (error) {
      live.close();
      streamRef.current = null;
      setStream(null);
      setOpen.current = false;
      setStartError(problemMessage(error));
      dispatch({ type: "start-failed" });
    }
  }, [dispatch, startSession, weekPlanItemId, clientKey]);

  useEffect(() => () => streamRef.current?.close(), []);

  // The set starts on the server once the countdown is over and the stream exists, with the
  // exercise and frame rate of that moment.
  const startSet = useEffectEvent((live: LiveStream) => {
    const planned = plannedAt(flow.plan, flow.position);
    live.startSet({
      exercise: planned.exercise,
      side: planned.side,
      reps_target: planned.reps,
      target_rom_deg: planned.targetRomDeg,
      fps: streamFps(fps),
      aspect_ratio: aspectRatio(),
      world_landmarks: backend !== null && GIVES_WORLD_LANDMARKS[backend],
      setup_skipped: setupSkipped.current,
    });
  });
  useEffect(() => {
    if (flow.stage !== "active" || !stream || setOpen.current) return;
    setOpen.current = true;
    startSet(stream);
  }, [flow.stage, stream]);

  const start = (skipped = false) => {
    setupSkipped.current = skipped;
    setStartError(null);
    dispatch({ type: "start" });
    void open();
  };

  const sendFrame = useCallback((frame: TimedPose) => streamRef.current?.sendFrame(frame), []);

  const endSet = async () => {
    dispatch({ type: "end-set" });
    setOpen.current = false;
    // A set cut by a dropped connection is sent again whole: the server stores it once.
    const detail = (await streamRef.current?.endSet()) ?? null;
    dispatch({ type: "set-saved", detail });
  };

  const finish = async (rating: Rating) => {
    dispatch({ type: "submit-rating" });
    const live = streamRef.current;
    let session: WorkoutSession;
    try {
      if (!live) throw new Error("No live connection");
      session = await live.finish(rating);
    } catch {
      try {
        const id = sessionId.current;
        if (id === null) throw new Error("The session was never started.");
        session = await finishOverRest({ sessionId: id, rating, unsaved: live?.unsavedSets() });
      } catch (error) {
        dispatch({ type: "finish-failed", message: problemMessage(error) });
        return;
      }
    }
    live?.close();
    dispatch({ type: "finished", session });
    refreshAfterSession();
  };

  return { status, startError, start, sendFrame, endSet, finish, retry: () => stream?.retry(), unsavedSets };
}
