// Runs the pose model on the camera video, one frame after another, for as long as the screen
// needs it. It picks the model (see pose/backendChoice.ts): MediaPipe where the GPU is real,
// switching to MoveNet when MediaPipe's first frames turn out slow, or when a model fails to load.
import { useEffect, useRef, useState } from "react";

import {
  fallbackAfterFailure,
  initialBackend,
  isForced,
  judgeTrial,
  type PoseBackendName,
  type PoseOverride,
  type TrialVerdict,
} from "./pose/backendChoice";
import { loadEstimator, webglRenderer, type PoseEstimate, type PoseEstimator } from "./pose/estimator";
import { FrameRateMeter, slowCamera } from "./pose/frameRate";
import type { Landmark, WorldPoint } from "./pose/landmarks";
import type { FrameSize } from "./setupCheck";

export interface TrackedFrame {
  /** Seconds, from performance.now(): one clock for the whole session, never going back. */
  timestamp: number;
  pose: Landmark[] | null;
  /** The pose's world landmarks, when the model gives them (MediaPipe). */
  world?: WorldPoint[];
  size: FrameSize;
}

export type TrackerStatus = "idle" | "loading" | "running" | "failed";

export interface TrackerState {
  status: TrackerStatus;
  backend: PoseBackendName | null;
  fps: number;
  /** Too slow to count well (SLOW_CAMERA_FPS): the patient is told. */
  slow: boolean;
  error: string | null;
}

const IDLE: TrackerState = { status: "idle", backend: null, fps: 0, slow: false, error: null };
const FPS_REFRESH_MS = 500;

function nextVideoFrame(video: HTMLVideoElement): Promise<void> {
  return new Promise((resolve) => {
    if ("requestVideoFrameCallback" in video) video.requestVideoFrameCallback(() => resolve());
    else requestAnimationFrame(() => resolve());
  });
}

export function usePoseTracker(
  video: HTMLVideoElement | null,
  running: boolean,
  override: PoseOverride | null,
  onFrame: (frame: TrackedFrame) => void,
): TrackerState {
  const [state, setState] = useState<TrackerState>(IDLE);
  const onFrameRef = useRef(onFrame);
  onFrameRef.current = onFrame;

  useEffect(() => {
    if (!video || !running) return;
    let stopped = false;
    let estimator: PoseEstimator | null = null;
    const failed = new Set<PoseBackendName>();
    const forced = isForced(override);
    const meter = new FrameRateMeter();

    async function load(first: PoseBackendName): Promise<PoseEstimator | null> {
      let name: PoseBackendName | null = first;
      while (name && !stopped) {
        setState({ status: "loading", backend: name, fps: 0, slow: false, error: null });
        try {
          const loaded = await loadEstimator(name);
          if (stopped) loaded.close();
          return loaded;
        } catch {
          failed.add(name);
          name = fallbackAfterFailure(name, failed, forced);
        }
      }
      return null;
    }

    async function run(target: HTMLVideoElement): Promise<void> {
      estimator = await load(initialBackend(override, webglRenderer()));
      let times: number[] = [];
      let verdict: TrialVerdict = "measuring";
      let lastShown = 0;
      while (!stopped) {
        if (!estimator) {
          setState({
            status: "failed",
            backend: null,
            fps: 0,
            slow: false,
            error: "The motion tracker could not start on this device.",
          });
          return;
        }
        await nextVideoFrame(target);
        if (stopped) return;
        const started = performance.now();
        let estimate: PoseEstimate | null;
        try {
          estimate = await estimator.estimate(target);
        } catch {
          // A model that fails mid-way (a lost WebGL context...) is replaced by the other one.
          estimator.close();
          failed.add(estimator.backend);
          const other = fallbackAfterFailure(estimator.backend, failed, forced);
          estimator = other ? await load(other) : null;
          times = [];
          verdict = "measuring";
          continue;
        }
        if (stopped) return;
        const finished = performance.now();
        if (verdict === "measuring") {
          times.push(finished - started);
          verdict = judgeTrial(estimator.backend, times, forced);
          if (verdict === "switch") {
            estimator.close();
            estimator = await load("movenet");
            times = [];
            verdict = "measuring";
            meter.reset();
            continue;
          }
        }
        const fps = meter.tick(finished);
        if (finished - lastShown > FPS_REFRESH_MS || lastShown === 0) {
          lastShown = finished;
          const backend = estimator.backend;
          setState((previous) => ({
            status: "running",
            backend,
            fps,
            slow: slowCamera(fps, previous.slow),
            error: null,
          }));
        }
        onFrameRef.current({
          timestamp: started / 1000,
          pose: estimate?.pose ?? null,
          world: estimate?.world,
          size: { width: target.videoWidth, height: target.videoHeight },
        });
      }
    }

    void run(video);
    return () => {
      stopped = true;
      estimator?.close();
      setState(IDLE);
    };
  }, [video, running, override]);

  return state;
}
