// Landmark frames as the live exercise stream carries them: little-endian float32 rows of 133
// numbers, [timestamp_s, x0, y0, z0, v0, ..., x32, y32, z32, v32] (exercise_sessions.py). A set
// started with world_landmarks (MediaPipe's) has rows of 232: the same 133, then the world
// landmarks' X0, Y0, Z0, ..., X32, Y32, Z32, in metres. Every row of a set has its set's width.
import { LANDMARK_COUNT, type Pose, type WorldPoint } from "./landmarks";

export const VALUES_PER_FRAME = 1 + LANDMARK_COUNT * 4;
export const BYTES_PER_FRAME = VALUES_PER_FRAME * 4;
/** A frame of a set with world landmarks. */
export const WORLD_VALUES_PER_FRAME = VALUES_PER_FRAME + LANDMARK_COUNT * 3;
export const WORLD_BYTES_PER_FRAME = WORLD_VALUES_PER_FRAME * 4;
/** The server takes at most this many frames in one message. */
export const MAX_FRAMES_PER_MESSAGE = 300;

export interface TimedPose {
  /** Seconds on one clock that never goes backwards (the stream's own). */
  timestamp: number;
  pose: Pose;
  /** The pose's world landmarks, when the model gives them (MediaPipe). */
  world?: readonly WorldPoint[];
}

/** The numbers in a row of a set with world landmarks or without. */
export function valuesPerFrame(world: boolean): number {
  return world ? WORLD_VALUES_PER_FRAME : VALUES_PER_FRAME;
}

export function bytesPerFrame(world: boolean): number {
  return valuesPerFrame(world) * 4;
}

/** The server refuses NaN, infinities and visibilities outside 0..1: a landmark with a bad
 * number is sent as unseen rather than spoiling the whole message. */
function writeFrame(view: DataView, offset: number, frame: TimedPose): void {
  view.setFloat32(offset, frame.timestamp, true);
  for (let index = 0; index < LANDMARK_COUNT; index += 1) {
    const landmark = frame.pose[index];
    const base = offset + (1 + index * 4) * 4;
    const usable =
      landmark !== undefined &&
      Number.isFinite(landmark.x) &&
      Number.isFinite(landmark.y) &&
      Number.isFinite(landmark.z) &&
      Number.isFinite(landmark.visibility);
    view.setFloat32(base, usable ? landmark.x : 0, true);
    view.setFloat32(base + 4, usable ? landmark.y : 0, true);
    view.setFloat32(base + 8, usable ? landmark.z : 0, true);
    view.setFloat32(base + 12, usable ? Math.min(1, Math.max(0, landmark.visibility)) : 0, true);
  }
}

const finiteOrZero = (value: number | undefined) => (value !== undefined && Number.isFinite(value) ? value : 0);

/** The world landmarks after the picture's. A number that is not finite goes as 0, and a frame
 * without world landmarks (no person found) as zeros: the picture's visibility says the joint
 * was not seen, or the server cannot tell. */
function writeWorld(view: DataView, offset: number, frame: TimedPose): void {
  for (let index = 0; index < LANDMARK_COUNT; index += 1) {
    const point = frame.world?.[index];
    const base = offset + (VALUES_PER_FRAME + index * 3) * 4;
    view.setFloat32(base, finiteOrZero(point?.x), true);
    view.setFloat32(base + 4, finiteOrZero(point?.y), true);
    view.setFloat32(base + 8, finiteOrZero(point?.z), true);
  }
}

/** Frames packed into one binary message (at most MAX_FRAMES_PER_MESSAGE of them), with their
 * world landmarks when the set is one that carries them (``world``), without otherwise. */
export function packFrames(frames: readonly TimedPose[], world: boolean): ArrayBuffer {
  if (frames.length > MAX_FRAMES_PER_MESSAGE) {
    throw new RangeError(`At most ${MAX_FRAMES_PER_MESSAGE} frames per message`);
  }
  const rowBytes = bytesPerFrame(world);
  const buffer = new ArrayBuffer(frames.length * rowBytes);
  const view = new DataView(buffer);
  frames.forEach((frame, row) => {
    writeFrame(view, row * rowBytes, frame);
    if (world) writeWorld(view, row * rowBytes, frame);
  });
  return buffer;
}

/** Frames split into messages the server accepts, oldest first. */
export function chunkFrames(frames: readonly TimedPose[], world: boolean): ArrayBuffer[] {
  const messages: ArrayBuffer[] = [];
  for (let start = 0; start < frames.length; start += MAX_FRAMES_PER_MESSAGE) {
    messages.push(packFrames(frames.slice(start, start + MAX_FRAMES_PER_MESSAGE), world));
  }
  return messages;
}
