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
