// One interface over both pose models: a video frame in, MediaPipe's 33 landmarks out.
// Each model is its own chunk, loaded only when chosen (MediaPipe's script and model come from
// /models/mediapipe-pose/, MoveNet's from /models/human/ and /models/tfjs-wasm/: our origin).
import type { PoseBackendName } from "./backendChoice";
import type { Landmark, WorldPoint } from "./landmarks";

export interface PoseEstimate {
  pose: Landmark[];
  /** The same 33 landmarks in the world (MediaPipe's); MoveNet gives none. */
  world?: WorldPoint[];
}

export interface PoseEstimator {
  readonly backend: PoseBackendName;
  /** The pose in the video's current frame; null when no person is found. */
  estimate(video: HTMLVideoElement): Promise<PoseEstimate | null>;
  close(): void;
}

/** Where the model files are served: our own origin, under the app's base path. */
export function modelUrl(path: string): string {
  return `${import.meta.env.BASE_URL}models/${path}`;
}

export async function loadEstimator(backend: PoseBackendName): Promise<PoseEstimator> {
  if (backend === "mediapipe") {
    const { loadMediaPipeEstimator } = await import("./mediapipeEstimator");
    return loadMediaPipeEstimator();
  }
  const { loadMoveNetEstimator } = await import("./movenetEstimator");
  return loadMoveNetEstimator();
}

/** The unmasked WebGL renderer ("ANGLE (Intel...)", "SwiftShader"...), null without WebGL. */
export function webglRenderer(): string | null {
  try {
    const canvas = document.createElement("canvas");
    const gl = canvas.getContext("webgl2") ?? canvas.getContext("webgl");
    if (!gl) return null;
    const info = gl.getExtension("WEBGL_debug_renderer_info");
    const renderer = gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) as unknown;
    gl.getExtension("WEBGL_lose_context")?.loseContext();
    return typeof renderer === "string" ? renderer : "";
  } catch {
    return null;
  }
}
