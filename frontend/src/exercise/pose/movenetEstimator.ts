// MoveNet Lightning through @vladmandic/human, on TensorFlow.js's WebAssembly CPU backend: the
// fallback for devices without a usable GPU. Everything else Human can do (faces, hands,
// gestures, image filters, warm-up) is switched off, and every path points at our origin: left
// to its defaults Human would fetch the wasm files from a CDN.
import { Human } from "@vladmandic/human";

import { modelUrl, type PoseEstimator } from "./estimator";
import { moveNetToPose } from "./movenetMapping";

export async function loadMoveNetEstimator(): Promise<PoseEstimator> {
  const human = new Human({
    backend: "wasm",
    wasmPath: modelUrl("tfjs-wasm/"),
    wasmPlatformFetch: false,
    // Multithreaded wasm needs cross-origin isolation, which the app does not ask for; saying so
    // up front keeps TensorFlow.js from ever asking for the threaded binary.
    flags: { WASM_HAS_MULTITHREAD_SUPPORT: false },
    modelBasePath: modelUrl("human/"),
    debug: false,
    warmup: "none",
    // Every frame is a new measurement: no reusing the previous result for a similar frame.
    cacheSensitivity: 0,
    filter: { enabled: false },
    face: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    gesture: { enabled: false },
    segmentation: { enabled: false },
    body: {
      enabled: true,
      modelPath: "movenet-lightning.json",
      maxDetected: 1,
      minConfidence: 0.15,
      skipFrames: 0,
      skipTime: 0,
    },
  });
  await human.load();
  return {
    backend: "movenet",
    async estimate(video) {
      const result = await human.detect(video);
      const body = result.body[0];
      return body ? { pose: moveNetToPose(body.keypoints) } : null;
    },
    close() {
      human.models.reset();
    },
  };
}
