import { FrameRateMeter } from "./frameRate";

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
