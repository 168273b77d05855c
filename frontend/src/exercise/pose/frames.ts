// Landmark frames as the live exercise stream carries them: little-endian float32 rows of 133
// numbers, [timestamp_s, x0, y0, z0, v0, ..., x32, y32, z32, v32] (exercise_sessions.py).
import { LANDMARK_COUNT, type Pose } from "./landmarks";

export const VALUES_PER_FRAME = 1 + LANDMARK_COUNT * 4;
export const BYTES_PER_FRAME = VALUES_PER_FRAME * 4;
/** The server takes at most this many frames in one message. */
export const MAX_FRAMES_PER_MESSAGE = 300;

export interface TimedPose {
  /** Seconds on one clock that never goes backwards (the stream's own). */
  timestamp: number;
  pose: Pose;
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

/** Frames packed into one binary message (at most MAX_FRAMES_PER_MESSAGE of them). */
export function packFrames(frames: readonly TimedPose[]): ArrayBuffer {
  if (frames.length > MAX_FRAMES_PER_MESSAGE) {
    throw new RangeError(`At most ${MAX_FRAMES_PER_MESSAGE} frames per message`);
  }
  const buffer = new ArrayBuffer(frames.length * BYTES_PER_FRAME);
  const view = new DataView(buffer);
  frames.forEach((frame, row) => writeFrame(view, row * BYTES_PER_FRAME, frame));
  return buffer;
}

/** Frames split into messages the server accepts, oldest first. */
export function chunkFrames(frames: readonly TimedPose[]): ArrayBuffer[] {
  const messages: ArrayBuffer[] = [];
  for (let start = 0; start < frames.length; start += MAX_FRAMES_PER_MESSAGE) {
    messages.push(packFrames(frames.slice(start, start + MAX_FRAMES_PER_MESSAGE)));
  }
  return messages;
}
