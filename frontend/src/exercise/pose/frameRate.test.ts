import { FrameRateMeter, slowCamera } from "./frameRate";

describe("FrameRateMeter", () => {
  it("counts frames a second over its window", () => {
    const meter = new FrameRateMeter(2000);
    expect(meter.tick(0)).toBe(0);
    for (let t = 100; t <= 1000; t += 100) meter.tick(t);
    expect(meter.fps).toBeCloseTo(10);
  });

  it("forgets frames older than the window", () => {
    const meter = new FrameRateMeter(1000);
    for (let t = 0; t <= 1000; t += 50) meter.tick(t); // 20 fps
    for (let t = 1200; t <= 3000; t += 200) meter.tick(t); // then 5 fps
    expect(meter.fps).toBeCloseTo(5);
    meter.reset();
    expect(meter.fps).toBe(0);
  });

  it("still measures a model slower than the window", () => {
    const meter = new FrameRateMeter(2000, 3);
    for (let t = 0; t <= 6000; t += 1500) meter.tick(t); // a frame every 1.5 s
    expect(meter.fps).toBeCloseTo(1 / 1.5);
  });
});

describe("slowCamera", () => {
  it("warns at 6 frames a second or fewer, and only once the rate is known", () => {
    expect(slowCamera(6, false)).toBe(true);
    expect(slowCamera(4.5, false)).toBe(true);
    expect(slowCamera(6.5, false)).toBe(false);
    expect(slowCamera(0, false)).toBe(false);
  });

  it("stays on until the rate is clearly back, so a rate hovering at 6 does not flicker", () => {
    const rates = [5.8, 6.2, 6.9, 6.1, 7.6, 6.4];
    let slow = false;
    const seen = rates.map((fps) => (slow = slowCamera(fps, slow)));
    expect(seen).toEqual([true, true, true, true, false, false]);
    expect(slowCamera(0, true)).toBe(true);
  });
});
