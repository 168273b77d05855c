// Frames a second the pose model actually reaches, over the last couple of seconds: what the
// patient's device can do, shown on screen and sent to the server with each set.

export class FrameRateMeter {
  private readonly times: number[] = [];

  /** Over `windowMs`, but always over the last `minFrames` frames: a model slower than one
   * frame a second still gets a rate rather than none. */
  constructor(
    private readonly windowMs = 2000,
    private readonly minFrames = 3,
  ) {}

  /** Record a finished frame at `nowMs`; returns the rate so far. */
  tick(nowMs: number): number {
    this.times.push(nowMs);
    while (this.times.length > this.minFrames && nowMs - this.times[0]! > this.windowMs) {
      this.times.shift();
    }
    return this.fps;
  }

  /** Frames a second over the window; 0 until two frames are in it. */
  get fps(): number {
    const count = this.times.length;
    if (count < 2) return 0;
    const span = this.times[count - 1]! - this.times[0]!;
    return span > 0 ? ((count - 1) * 1000) / span : 0;
  }

  reset(): void {
    this.times.length = 0;
  }
}

// At this rate or slower a rep is a handful of frames: the patient is warned, and the server
// marks the set (SLOW_CAMERA_FPS in the engine's confidence module, the same figure).
export const SLOW_CAMERA_FPS = 6;
// Warned until the rate is clearly back above it, so a rate hovering at 6 does not flicker.
const RECOVERED_FPS = SLOW_CAMERA_FPS + 1.5;

/** Whether the tracker is too slow to count well, from the rate now and the answer before. */
export function slowCamera(fps: number, wasSlow: boolean): boolean {
  if (fps <= 0) return wasSlow; // still measuring
  return wasSlow ? fps < RECOVERED_FPS : fps <= SLOW_CAMERA_FPS;
}
