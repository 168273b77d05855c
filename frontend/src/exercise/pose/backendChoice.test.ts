import {
  FRAME_BUDGET_MS,
  fallbackAfterFailure,
  initialBackend,
  isForced,
  isSoftwareRenderer,
  judgeTrial,
  median,
  parsePoseOverride,
  TRIAL_FRAMES,
  WARMUP_FRAMES,
} from "./backendChoice";

describe("backend choice", () => {
  it("reads ?pose= and ignores anything else", () => {
    expect(parsePoseOverride("?pose=movenet")).toBe("movenet");
    expect(parsePoseOverride("?item=3&pose=MediaPipe")).toBe("mediapipe");
    expect(parsePoseOverride("?pose=measure")).toBe("measure");
    expect(parsePoseOverride("?pose=posenet")).toBeNull();
    expect(parsePoseOverride("")).toBeNull();
  });

  it("tells software WebGL from a real GPU", () => {
    expect(isSoftwareRenderer(null)).toBe(true);
    expect(
      isSoftwareRenderer(
        "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)",
      ),
    ).toBe(true);
    expect(isSoftwareRenderer("llvmpipe (LLVM 15.0.6, 256 bits)")).toBe(true);
    expect(isSoftwareRenderer("ANGLE (Intel, Intel(R) UHD Graphics 620 Direct3D11 vs_5_0 ps_5_0, D3D11)")).toBe(false);
    expect(isSoftwareRenderer("Apple M1")).toBe(false);
  });

  it("starts with MediaPipe on a GPU, MoveNet without one, or what was forced", () => {
    expect(initialBackend(null, "Apple M1")).toBe("mediapipe");
    expect(initialBackend(null, "SwiftShader")).toBe("movenet");
    expect(initialBackend("mediapipe", "SwiftShader")).toBe("mediapipe");
    expect(initialBackend("movenet", "Apple M1")).toBe("movenet");
    // "measure" tries MediaPipe even on software WebGL, and lets its speed decide.
    expect(initialBackend("measure", "SwiftShader")).toBe("mediapipe");
    expect(isForced("measure")).toBe(false);
    expect(isForced("movenet")).toBe(true);
    expect(isForced(null)).toBe(false);
  });

  it("switches from a slow MediaPipe after the warm-up and trial frames", () => {
    const slow = Array(WARMUP_FRAMES + TRIAL_FRAMES).fill(FRAME_BUDGET_MS * 6);
    expect(judgeTrial("mediapipe", slow.slice(0, -1), false)).toBe("measuring");
    expect(judgeTrial("mediapipe", slow, false)).toBe("switch");
    // A slow first frame (shader compilation) does not count against it.
    const warm = [3000, 2000, 30, 32, 35, 31, 29];
    expect(judgeTrial("mediapipe", warm, false)).toBe("keep");
    expect(judgeTrial("mediapipe", slow, true)).toBe("keep");
    expect(judgeTrial("movenet", slow, false)).toBe("keep");
  });

  it("falls back to the other model once, never when forced", () => {
    expect(fallbackAfterFailure("mediapipe", new Set(["mediapipe"]), false)).toBe("movenet");
    expect(fallbackAfterFailure("movenet", new Set(["movenet"]), false)).toBe("mediapipe");
    expect(fallbackAfterFailure("movenet", new Set(["movenet", "mediapipe"]), false)).toBeNull();
    expect(fallbackAfterFailure("mediapipe", new Set(["mediapipe"]), true)).toBeNull();
  });

  it("takes the median", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
