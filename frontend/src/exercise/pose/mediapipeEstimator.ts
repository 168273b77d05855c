// MediaPipe Pose (the @mediapipe/pose package). Its pose.js is a classic script that defines
// window.Pose, not an ES module, so it is loaded as a script from our origin beside the wasm
// and model files it fetches through locateFile. The lite model: fast enough on a laptop GPU and
// as good as the full one for the large joints the exercises measure.
import type { Options, Pose as MediaPipePose, PoseConfig, Results } from "@mediapipe/pose";

import { modelUrl, type PoseEstimate, type PoseEstimator } from "./estimator";

declare global {
  interface Window {
    Pose?: new (config?: PoseConfig) => MediaPipePose;
  }
}

const OPTIONS: Options = {
  modelComplexity: 0,
  smoothLandmarks: true,
  enableSegmentation: false,
  selfieMode: false,
  minDetectionConfidence: 0.5,
  minTrackingConfidence: 0.5,
};

/** The pose in MediaPipe's results, with its world landmarks as MediaPipe gives them (metres
 * about the hips' midpoint); null when no person is found. Both lists are then missing, though
 * the package types them as always there. */
export function estimateOf(results: Results): PoseEstimate | null {
  const picture = results.poseLandmarks as Results["poseLandmarks"] | undefined;
  if (!picture) return null;
  const world = results.poseWorldLandmarks as Results["poseWorldLandmarks"] | undefined;
  return {
    pose: picture.map(({ x, y, z, visibility }) => ({ x, y, z, visibility: visibility ?? 0 })),
    world: world?.map(({ x, y, z }) => ({ x, y, z })),
  };
}

let scriptLoading: Promise<void> | null = null;

function loadScript(src: string): Promise<void> {
  scriptLoading ??= new Promise<void>((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.async = true;
    script.onload = () => resolve();
    script.onerror = () => {
      scriptLoading = null;
      script.remove();
      reject(new Error(`Could not load ${src}`));
    };
    document.head.append(script);
  });
  return scriptLoading;
}

export async function loadMediaPipeEstimator(): Promise<PoseEstimator> {
  await loadScript(modelUrl("mediapipe-pose/pose.js"));
  const PoseSolution = window.Pose;
  if (!PoseSolution) throw new Error("MediaPipe Pose did not load");
  const solution = new PoseSolution({ locateFile: (file) => modelUrl(`mediapipe-pose/${file}`) });
  solution.setOptions(OPTIONS);
  let latest: PoseEstimate | null = null;
  solution.onResults((results: Results) => {
    latest = estimateOf(results);
  });
  await solution.initialize();
  return {
    backend: "mediapipe",
    async estimate(video) {
      latest = null;
      // send() resolves once onResults has run for this frame.
      await solution.send({ image: video });
      return latest;
    },
    close() {
      void solution.close();
    },
  };
}
