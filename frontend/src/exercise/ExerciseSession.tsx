// One exercise session, from turning the camera on to the summary. The camera and the pose
// model stay on from the first setup check to the last set; only landmarks leave the device,
// over the live stream that opens when the first set starts.
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";

import { Button } from "../ui/Button";
import { exerciseLabel, plural } from "../ui/format";
import { CameraStage } from "./CameraStage";
import { drawSkeleton } from "./drawSkeleton";
import { EXERCISES, jointSetsFor } from "./exercises";
import { pictureAspectRatio } from "./live/protocol";
import { CameraPanel, CountdownPanel, LivePanel, RestPanel, SetupPanel, TrackerFailedPanel } from "./panels";
import { nextPosition, plannedAt, type PlannedExercise, type SessionPlan } from "./plan";
import { BACKEND_LABEL, parsePoseOverride } from "./pose/backendChoice";
import type { TimedPose } from "./pose/frames";
import { emptyPose } from "./pose/landmarks";
import { RatingForm } from "./RatingForm";
import { SessionSummary } from "./SessionSummary";
import { flowReducer, initialFlow, type Stage, unsavedWork } from "./sessionFlow";
import {
  assessSetup,
  holdBrieflyLostJoints,
  NOT_STEADY,
  NOTHING_HELD,
  pictureBrightness,
  SETUP_PATIENCE_MS,
  type SetupAssessment,
  trackSteadiness,
} from "./setupCheck";
import { useCamera } from "./useCamera";
import { useCountdown } from "./useCountdown";
import { useLiveSession } from "./useLiveSession";
import { usePoseTracker, type TrackedFrame } from "./usePoseTracker";
import { useSessionAnnouncer } from "./useSessionAnnouncer";
import { useVoiceCoach } from "./useVoiceCoach";
import { useUnsavedWork } from "../ui/UnsavedChanges";
import styles from "./ExerciseScreen.module.css";

const COUNTDOWN_SECONDS = 3;
// The light is measured on a small copy of the picture, once a second: cheap, and light changes
// slowly.
const BRIGHTNESS_SIZE = 32;
const BRIGHTNESS_EVERY_MS = 1000;

/** The picture's mean brightness, from a small copy of the video. */
function measureBrightness(video: HTMLVideoElement, probe: HTMLCanvasElement): number | null {
  const context = probe.getContext("2d", { willReadFrequently: true });
  if (!context || video.videoWidth === 0) return null;
  context.drawImage(video, 0, 0, BRIGHTNESS_SIZE, BRIGHTNESS_SIZE);
  return pictureBrightness(context.getImageData(0, 0, BRIGHTNESS_SIZE, BRIGHTNESS_SIZE).data);
}
const CAMERA_STAGES: readonly Stage[] = ["setup", "countdown", "active", "saving", "rest"];

function sameAssessment(a: SetupAssessment | null, b: SetupAssessment): boolean {
  return (
    a !== null && a.instruction === b.instruction && a.checks.every((check, index) => check.ok === b.checks[index]?.ok)
  );
}

export function ExerciseSession({ plan, patientId }: { plan: SessionPlan; patientId: number }) {
  const [flow, dispatch] = useReducer(flowReducer, plan, initialFlow);
  const camera = useCamera();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const override = useMemo(() => parsePoseOverride(window.location.search), []);
  const planned = plannedAt(plan, flow.position);
  const { announce, region } = useSessionAnnouncer(flow);
  const voice = useVoiceCoach(flow.stage === "active" ? flow.feedback : null, flow.lastRep);

  // -- pose tracking and the setup check, frame by frame ----------------------------------
  const [assessment, setAssessment] = useState<SetupAssessment | null>(null);
  const [setupReady, setSetupReady] = useState(false);
  const steadiness = useRef(NOT_STEADY);
  const heldPose = useRef(NOTHING_HELD);
  const light = useRef<{ probe: HTMLCanvasElement | null; at: number; value: number | null }>({
    probe: null,
    at: -Infinity,
    value: null,
  });
  // What the frame callback needs, as of the last render (the callback itself never changes).
  const latest = useRef<{
    stage: Stage;
    planned: PlannedExercise;
    sendFrame?: (frame: TimedPose) => void;
    video?: HTMLVideoElement | null;
  }>({
    stage: flow.stage,
    planned,
  });

  useEffect(() => {
    // A new exercise needs other joints: its setup check starts over.
    steadiness.current = NOT_STEADY;
    heldPose.current = NOTHING_HELD;
    setSetupReady(false);
    setAssessment(null);
  }, [flow.position.exerciseIndex]);

  // The size of the picture the latest landmarks were measured on, for the set's aspect ratio.
  const picture = useRef<TrackedFrame["size"] | null>(null);

  const onFrame = useCallback((frame: TrackedFrame) => {
    const { stage, planned: current, sendFrame, video: source } = latest.current;
    picture.current = frame.size;
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
      const now = frame.timestamp * 1000;
      if (source && now - light.current.at >= BRIGHTNESS_EVERY_MS) {
        light.current.probe ??= Object.assign(document.createElement("canvas"), {
          width: BRIGHTNESS_SIZE,
          height: BRIGHTNESS_SIZE,
        });
        light.current.at = now;
        light.current.value = measureBrightness(source, light.current.probe);
      }
      heldPose.current = holdBrieflyLostJoints(heldPose.current, frame.pose, now);
      const result = assessSetup(
        heldPose.current.pose,
        current.exercise,
        current.side,
        frame.size,
        light.current.value,
      );
      setAssessment((previous) => (sameAssessment(previous, result) ? previous : result));
      steadiness.current = trackSteadiness(steadiness.current, result.ok, frame.timestamp * 1000);
      if (steadiness.current.ready) setSetupReady(true);
    }
    if (stage === "active") {
      sendFrame?.({ timestamp: frame.timestamp, pose: frame.pose ?? emptyPose(), world: frame.world });
    }
  }, []);

  // After SETUP_PATIENCE_MS of a check that does not pass, the patient may start anyway.
  const [patienceOver, setPatienceOver] = useState(false);
  const waitingForCheck = flow.stage === "setup" && camera.status === "on" && !setupReady;
  useEffect(() => {
    setPatienceOver(false);
    if (!waitingForCheck) return;
    const timer = setTimeout(() => setPatienceOver(true), SETUP_PATIENCE_MS);
    return () => clearTimeout(timer);
  }, [waitingForCheck, flow.position.exerciseIndex, flow.position.setNumber]);

  const tracking = camera.status === "on" && CAMERA_STAGES.includes(flow.stage);
  const tracker = usePoseTracker(video, tracking, override, onFrame);

  const live = useLiveSession({
    flow,
    dispatch,
    patientId,
    fps: tracker.fps,
    backend: tracker.backend,
    aspectRatio: () => pictureAspectRatio(picture.current),
  });
  latest.current = { stage: flow.stage, planned, sendFrame: live.sendFrame, video };

  const count = useCountdown(flow.stage === "countdown", COUNTDOWN_SECONDS, (left) => {
    announce(left > 0 ? String(left) : "Go");
    if (left === 0) dispatch({ type: "countdown-done" });
  });

  // -- camera off after the last set, a warning before leaving mid-set ---------------------
  const { turnOff } = camera;
  useEffect(() => {
    if (!CAMERA_STAGES.includes(flow.stage)) turnOff();
  }, [flow.stage, turnOff]);

  // Leaving (another screen, Back, closing the tab) asks first while a set is not stored.
  useUnsavedWork(unsavedWork(flow.stage, live.unsavedSets));

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
          onSubmit={(rating) => void live.finish(rating)}
          isPending={flow.stage === "finishing"}
          error={flow.finishError}
        />
      </div>
    );
  }

  const streamBanner =
    live.status?.state === "reconnecting"
      ? "Connection lost. Reconnecting… Keep going: your reps so far are kept."
      : null;
  // Said once the tracker has been slow for a moment (hysteresis in slowCamera); the server
  // marks such a set whatever the screen showed.
  const slowBanner = tracker.slow
    ? `Your device is tracking only ${plural(Math.max(1, Math.round(tracker.fps)), "frame")} a second, so reps may be missed. Close other apps or tabs, or plug in the charger.`
    : null;
  const badge =
    tracker.status === "running" && tracker.backend
      ? `${BACKEND_LABEL[tracker.backend]} · ${tracker.fps > 0 ? `${tracker.fps.toFixed(1)} frames/s` : "measuring speed…"}`
      : null;
  const next = nextPosition(plan, flow.position);
  const lastSet = flow.sets.at(-1);

  return (
    <div className={styles.session}>
      {region}
      <CameraStage
        stream={camera.stream}
        canvasRef={canvasRef}
        onVideo={setVideo}
        banner={(flow.stage === "active" ? flow.outOfView : null) ?? streamBanner ?? slowBanner}
        badge={badge}
        overPicture={
          flow.stage === "active" || flow.stage === "saving"
            ? { reps: flow.reps, goal: planned.reps, coaching: flow.feedback }
            : null
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
          onStart={() => live.start()}
          onStartAnyway={patienceOver && !setupReady ? () => live.start(true) : undefined}
          error={live.startError}
          onFinishEarly={flow.sets.length > 0 ? () => dispatch({ type: "finish-early" }) : undefined}
        />
      ) : flow.stage === "countdown" ? (
        <CountdownPanel planned={planned} setNumber={flow.position.setNumber} />
      ) : flow.stage === "rest" && lastSet && next ? (
        <RestPanel
          done={{
            planned,
            setNumber: flow.position.setNumber,
            reps: lastSet.reps,
            countNote: lastSet.countNote,
            uncertainReps: lastSet.uncertainReps,
          }}
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
          uncertainReps={flow.uncertainReps}
          phase={flow.phase}
          feedback={flow.feedback}
          lastRep={flow.lastRep}
          saving={flow.stage === "saving"}
          onEndSet={() => void live.endSet()}
          voice={voice}
        />
      )}
      {live.status?.state === "failed" && (
        <div className="alert alert--error" role="alert">
          <div className="alert-body">
            <p className="alert-title">Your reps are not reaching the clinic.</p>
            <p>{live.status.message}</p>
          </div>
          <Button size="small" onPress={live.retry}>
            Try again
          </Button>
        </div>
      )}
    </div>
  );
}
