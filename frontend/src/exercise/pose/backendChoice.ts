// Which pose model to run. MediaPipe Pose (33 landmarks with depth) is the better model, but it
// needs a real GPU: on software WebGL it takes about a second a frame, far too slow to count
// reps. MoveNet Lightning on the WebAssembly CPU backend runs at 10-15 frames a second almost
// anywhere. So: start with MediaPipe where WebGL looks like real hardware, time the first frames,
// and fall back to MoveNet when they are slow. `?pose=movenet|mediapipe` forces one (tests,
// support calls); `?pose=measure` skips the renderer hint and lets the timing alone decide.

export type PoseBackendName = "mediapipe" | "movenet";
export type PoseOverride = PoseBackendName | "measure";

export const BACKEND_LABEL: Record<PoseBackendName, string> = {
  mediapipe: "MediaPipe Pose",
  movenet: "MoveNet Lightning",
};

/** Whether a model gives world landmarks (metres, free of the camera's perspective) with each
 * pose, which the server then measures the range of motion on: only MediaPipe does. */
export const GIVES_WORLD_LANDMARKS: Record<PoseBackendName, boolean> = {
  mediapipe: true,
  movenet: false,
};

/** Frames ignored at the start of a trial: the first ones compile shaders and warm caches. */
export const WARMUP_FRAMES = 2;
/** Frames timed after the warm-up before deciding. */
export const TRIAL_FRAMES = 5;
/** Slower than this a frame (under ~8 frames a second), reps blur and feedback comes late. */
export const FRAME_BUDGET_MS = 125;

export function parsePoseOverride(search: string): PoseOverride | null {
  const value = new URLSearchParams(search).get("pose")?.trim().toLowerCase();
  return value === "mediapipe" || value === "movenet" || value === "measure" ? value : null;
}

/** A backend named in the address is used whatever its speed; "measure" is not a backend. */
export function isForced(override: PoseOverride | null): override is PoseBackendName {
  return override === "mediapipe" || override === "movenet";
}

/** Renderers that are WebGL emulated on the CPU, or a driver known to be one. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render|mesa offscreen/i;

/** Whether WebGL is absent or emulated on the CPU, judged by the unmasked renderer string
 * (null: no WebGL at all). */
export function isSoftwareRenderer(renderer: string | null): boolean {
  return renderer === null || SOFTWARE_RENDERER.test(renderer);
}

export function initialBackend(override: PoseOverride | null, renderer: string | null): PoseBackendName {
  if (override === "measure") return "mediapipe";
  if (override) return override;
  return isSoftwareRenderer(renderer) ? "movenet" : "mediapipe";
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export type TrialVerdict = "measuring" | "keep" | "switch";

/** What to do with the backend in use, given how long each of its frames took so far. Only
 * MediaPipe is ever switched away from, and only when not forced: MoveNet is the floor. */
export function judgeTrial(backend: PoseBackendName, frameTimesMs: readonly number[], forced: boolean): TrialVerdict {
  if (forced || backend === "movenet") return "keep";
  const timed = frameTimesMs.slice(WARMUP_FRAMES);
  if (timed.length < TRIAL_FRAMES) return "measuring";
  return median(timed) > FRAME_BUDGET_MS ? "switch" : "keep";
}

/** The backend to try when one fails to load; null when there is nothing left to try. */
export function fallbackAfterFailure(
  failed: PoseBackendName,
  alreadyFailed: ReadonlySet<PoseBackendName>,
  forced: boolean,
): PoseBackendName | null {
  if (forced) return null;
  const other: PoseBackendName = failed === "mediapipe" ? "movenet" : "mediapipe";
  return alreadyFailed.has(other) ? null : other;
}
