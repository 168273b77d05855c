// One exercise session, from turning the camera on to the summary. The camera and the pose
// model stay on from the first setup check to the last set; only landmarks leave the device,
// over the live stream that opens when the first set starts.
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";

import { problemMessage } from "../api/client";
import { getAccessToken, refreshSession } from "../api/session";
import { Button } from "../ui/Button";
import { exerciseLabel } from "../ui/format";
import { CameraStage } from "./CameraStage";
import { drawSkeleton } from "./drawSkeleton";
import { EXERCISES, jointSetsFor } from "./exercises";
import { LiveStream, type StreamStatus } from "./live/liveStream";
import {
  streamFps,
  streamUrl,
  type Rating,
  type SessionDetail,
  type WorkoutSession,
} from "./live/protocol";
import { CameraPanel, CountdownPanel, LivePanel, RestPanel, SetupPanel, TrackerFailedPanel } from "./panels";
import { nextPosition, plannedAt, type SessionPlan } from "./plan";
import { BACKEND_LABEL, parsePoseOverride } from "./pose/backendChoice";
import { emptyPose } from "./pose/landmarks";
import {
  fetchSession,
  finishSessionOverRest,
  newClientKey,
  startSession,
  useRefreshAfterSession,
  withRetries,
} from "./queries";
import { RatingForm } from "./RatingForm";
import { SessionSummary } from "./SessionSummary";
import { flowReducer, initialFlow, type Stage } from "./sessionFlow";
import { assessSetup, NOT_STEADY, trackSteadiness, type SetupAssessment } from "./setupCheck";
import { useAnnouncer } from "./useAnnouncer";
import { useCamera } from "./useCamera";
import { usePoseTracker, type TrackedFrame } from "./usePoseTracker";
import styles from "./ExerciseScreen.module.css";

const COUNTDOWN_SECONDS = 3;
const CAMERA_STAGES: readonly Stage[] = ["setup", "countdown", "active", "saving", "rest"];
const MID_SET: readonly Stage[] = ["countdown", "active", "saving"];

function sameAssessment(a: SetupAssessment | null, b: SetupAssessment): boolean {
  return (
    a !== null &&
    a.instruction === b.instruction &&
    a.checks.every((check, index) => check.ok === b.checks[index]?.ok)
  );
}

export function ExerciseSession({ plan, patientId }: { plan: SessionPlan; patientId: number }) {
  const [flow, dispatch] = useReducer(flowReducer, plan, initialFlow);
  const camera = useCamera();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const override = useMemo(() => parsePoseOverride(window.location.search), []);
  const planned = plannedAt(plan, flow.position);
  const refreshAfterSession = useRefreshAfterSession(patientId);
  const { announce, region } = useAnnouncer();

  // -- pose tracking and the setup check, frame by frame ----------------------------------
  const [assessment, setAssessment] = useState<SetupAssessment | null>(null);
  const [setupReady, setSetupReady] = useState(false);
  const steadiness = useRef(NOT_STEADY);
  const latest = useRef({ stage: flow.stage, planned });
  latest.current = { stage: flow.stage, planned };
  // The live stream (state, to render its status; ref, for the frame callback).
  const [stream, setStream] = useState<LiveStream | null>(null);
  const streamRef = useRef<LiveStream | null>(null);

  useEffect(() => {
    // A new exercise needs other joints: its setup check starts over.
    steadiness.current = NOT_STEADY;
    setSetupReady(false);
    setAssessment(null);
  }, [flow.position.exerciseIndex]);

  const onFrame = useCallback((frame: TrackedFrame) => {
    const { stage, planned: current } = latest.current;
    const canvas = canvasRef.current;
    const context = canvas?.getContext("2d");
    if (canvas && context) {
      if (canvas.width !== frame.size.width || canvas.height !== frame.size.height) {
        canvas.width = frame.size.width;
        canvas.height = frame.size.height;
      }
      drawSkeleton(context, frame.pose, new Set(jointSetsFor(current.exercise, current.side).flat()));
    }
    if (stage === "setup") {
      const result = assessSetup(frame.pose, current.exercise, current.side, frame.size);
      setAssessment((previous) => (sameAssessment(previous, result) ? previous : result));
      steadiness.current = trackSteadiness(steadiness.current, result.ok, frame.timestamp * 1000);
      if (steadiness.current.ready) setSetupReady(true);
    }
    if (stage === "active") {
      streamRef.current?.sendFrame({ timestamp: frame.timestamp, pose: frame.pose ?? emptyPose() });
    }
  }, []);

  const tracking = camera.status === "on" && CAMERA_STAGES.includes(flow.stage);
  const tracker = usePoseTracker(video, tracking, override, onFrame);

  // -- the live stream: opened with the first set, closed when the screen goes ------------
  const clientKey = useRef(newClientKey());
  const sessionId = useRef<number | null>(null);
  const [streamStatus, setStreamStatus] = useState<StreamStatus | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  /** The current set was started on the stream. */
  const setOpen = useRef(false);

  // The stream exists from the press of Start, so the set's first frames wait in it while the
  // session is created on the server and the connection opens.
  const openStream = useCallback(async () => {
    if (streamRef.current) return;
    const live = new LiveStream({
      getToken: getAccessToken,
      refresh: refreshSession,
      onMessage: (message) => dispatch({ type: "server", message }),
      onStatus: setStreamStatus,
      onSetResumed: () => dispatch({ type: "set-resumed" }),
    });
    streamRef.current = live;
    setStream(live);
    try {
      const session = await withRetries(() => startSession(plan.weekPlanItemId, clientKey.current));
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
  }, [plan.weekPlanItemId]);

  useEffect(() => () => streamRef.current?.close(), []);

  // The set starts on the server once the countdown is over and the stream exists.
  const fpsRef = useRef(0);
  fpsRef.current = tracker.fps;
  useEffect(() => {
    if (flow.stage !== "active" || !stream || setOpen.current) return;
    setOpen.current = true;
    stream.startSet({
      exercise: planned.exercise,
      side: planned.side,
      reps_target: planned.reps,
      target_rom_deg: planned.targetRomDeg,
      fps: streamFps(fpsRef.current),
    });
  }, [flow.stage, stream, planned]);

  const start = () => {
    setStartError(null);
    dispatch({ type: "start" });
    void openStream();
  };

  // Details stored before the current set began: a resumed set's parts are the ones after.
  const lastStoredDetail = useRef(0);
  const endSet = async () => {
    dispatch({ type: "end-set" });
    setOpen.current = false;
    const detail = (await streamRef.current?.endSet()) ?? null;
    let parts: SessionDetail[] | null = null;
    if (flow.setParts > 1 && sessionId.current !== null) {
      // A dropped connection split the set: read back every part the server stored.
      const before = lastStoredDetail.current;
      parts = await fetchSession(sessionId.current).then(
        (session) => session.details.filter((stored) => stored.id > before),
        () => null,
      );
    }
    lastStoredDetail.current = Math.max(
      lastStoredDetail.current,
      detail?.id ?? 0,
      ...(parts ?? []).map((part) => part.id),
    );
    dispatch({ type: "set-saved", detail, parts });
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
        // Finishing is idempotent on the server: a finish that did arrive is not doubled.
        session = await withRetries(() => finishSessionOverRest(id, rating));
      } catch (error) {
        dispatch({ type: "finish-failed", message: problemMessage(error) });
        return;
      }
    }
    live?.close();
    dispatch({ type: "finished", session });
    refreshAfterSession();
  };

  // -- countdown, camera off after the last set, a warning before leaving mid-set ---------
  const [count, setCount] = useState(COUNTDOWN_SECONDS);
  useEffect(() => {
    if (flow.stage !== "countdown") return;
    setCount(COUNTDOWN_SECONDS);
    announce(String(COUNTDOWN_SECONDS));
    let left = COUNTDOWN_SECONDS;
    const timer = setInterval(() => {
      left -= 1;
      setCount(left);
      if (left > 0) {
        announce(String(left));
      } else {
        clearInterval(timer);
        announce("Go");
        dispatch({ type: "countdown-done" });
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [flow.stage, announce]);

  const { turnOff } = camera;
  useEffect(() => {
    if (!CAMERA_STAGES.includes(flow.stage)) turnOff();
  }, [flow.stage, turnOff]);

  useEffect(() => {
    if (!MID_SET.includes(flow.stage)) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [flow.stage]);

  // -- what a screen reader hears -----------------------------------------------------------
  useEffect(() => {
    if (flow.reps > 0) announce(`Rep ${flow.reps} of ${planned.reps}`);
  }, [flow.reps, planned.reps, announce]);
  useEffect(() => {
    if (flow.feedback) announce(flow.feedback);
  }, [flow.feedback, flow.lastRep, announce]);
  useEffect(() => {
    if (flow.outOfView) announce(flow.outOfView);
  }, [flow.outOfView, announce]);
  const lastSet = flow.sets.at(-1);
  useEffect(() => {
    if (lastSet) announce(`Set saved: ${lastSet.reps} reps.`);
  }, [lastSet, announce]);

  // -- screens --------------------------------------------------------------------------
  if (flow.stage === "summary" && flow.session) {
    return (
      <>
        {region}
        <SessionSummary session={flow.session} title={plan.title} />
      </>
    );
  }
  if (flow.stage === "rating" || flow.stage === "finishing") {
    return (
      <div className={`card ${styles.single}`}>
        {region}
        <RatingForm
          onSubmit={(rating) => void finish(rating)}
          isPending={flow.stage === "finishing"}
          error={flow.finishError}
        />
      </div>
    );
  }

  const streamBanner =
    streamStatus?.state === "reconnecting"
      ? "Connection lost. Reconnecting… Keep going: your reps so far are saved."
      : null;
  const badge =
    tracker.status === "running" && tracker.backend
      ? `${BACKEND_LABEL[tracker.backend]} · ${tracker.fps > 0 ? `${tracker.fps.toFixed(1)} frames/s` : "measuring speed…"}`
      : null;
  const next = nextPosition(plan, flow.position);

  return (
    <div className={styles.session}>
      {region}
      <CameraStage
        stream={camera.stream}
        canvasRef={canvasRef}
        onVideo={setVideo}
        banner={flow.stage === "active" ? (flow.outOfView ?? streamBanner) : streamBanner}
        badge={badge}
        counter={
          flow.stage === "active" || flow.stage === "saving" ? { reps: flow.reps, goal: planned.reps } : null
        }
        overlay={
          flow.stage === "countdown" ? (
            <span className={styles.countdown} aria-hidden="true">
              {count > 0 ? count : "Go"}
            </span>
          ) : null
        }
        placeholder={
          camera.status === "opening" ? (
            <p>Waiting for the camera… If your browser asks, choose Allow.</p>
          ) : (
            <p>The camera is off.</p>
          )
        }
      />
      {camera.status !== "on" ? (
        <CameraPanel
          exerciseName={exerciseLabel(planned.exercise)}
          placement={EXERCISES[planned.exercise].placement}
          camera={camera}
        />
      ) : tracker.status === "failed" ? (
        <TrackerFailedPanel message={tracker.error} />
      ) : flow.stage === "setup" ? (
        <SetupPanel
          planned={planned}
          setNumber={flow.position.setNumber}
          assessment={assessment}
          ready={setupReady}
          tracker={tracker}
          onStart={start}
          error={startError}
          onFinishEarly={flow.sets.length > 0 ? () => dispatch({ type: "finish-early" }) : undefined}
        />
      ) : flow.stage === "countdown" ? (
        <CountdownPanel planned={planned} setNumber={flow.position.setNumber} />
      ) : flow.stage === "rest" && lastSet && next ? (
        <RestPanel
          done={{ planned, setNumber: flow.position.setNumber, reps: lastSet.reps }}
          next={plannedAt(plan, next)}
          nextSetNumber={next.setNumber}
          onNext={() => dispatch({ type: "next-set" })}
          onFinishEarly={() => dispatch({ type: "finish-early" })}
        />
      ) : (
        <LivePanel
          planned={planned}
          setNumber={flow.position.setNumber}
          reps={flow.reps}
          phase={flow.phase}
          feedback={flow.feedback}
          lastRep={flow.lastRep}
          saving={flow.stage === "saving"}
          onEndSet={() => void endSet()}
        />
      )}
      {streamStatus?.state === "failed" && (
        <div className="alert alert--error" role="alert">
          <div className="alert-body">
            <p className="alert-title">Your reps are not reaching the clinic.</p>
            <p>{streamStatus.message}</p>
          </div>
          <Button size="small" onPress={() => stream?.retry()}>
            Try again
          </Button>
        </div>
      )}
    </div>
  );
}
