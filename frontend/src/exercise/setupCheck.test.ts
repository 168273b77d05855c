import { emptyPose, LANDMARK, type LandmarkName } from "./pose/landmarks";
import { assessSetup, bodySize, NOT_STEADY, STEADY_MS, trackSteadiness } from "./setupCheck";

const FRAME = { width: 640, height: 480 };

/** A pose with the named landmarks seen at the given places (x, y normalised). */
function pose(points: Partial<Record<LandmarkName, [number, number]>>) {
  const result = emptyPose();
  for (const [name, [x, y]] of Object.entries(points) as [LandmarkName, [number, number]][]) {
    result[LANDMARK[name]] = { x, y, z: 0, visibility: 0.9 };
  }
  return result;
}

// A person standing in the middle of the picture, side-on, whole body in view.
const STANDING = {
  nose: [0.5, 0.12],
  rightShoulder: [0.5, 0.25],
  rightElbow: [0.5, 0.4],
  rightWrist: [0.5, 0.52],
  rightHip: [0.5, 0.55],
  rightKnee: [0.5, 0.75],
  rightAnkle: [0.5, 0.93],
} satisfies Partial<Record<LandmarkName, [number, number]>>;

describe("assessSetup", () => {
  it("asks a missing patient to stand in front of the camera", () => {
    const result = assessSetup(null, "squat", null, FRAME);
    expect(result.ok).toBe(false);
    expect(result.checks.map((check) => check.ok)).toEqual([false, false, false]);
    expect(result.instruction).toMatch(/stand in front of the camera/i);
  });

  it("passes a well-placed patient", () => {
    const result = assessSetup(pose(STANDING), "squat", null, FRAME);
    expect(result.checks.map((check) => check.ok)).toEqual([true, true, true]);
    expect(result.ok).toBe(true);
  });

  it("asks to step back when the feet are out of the picture", () => {
    const { rightAnkle: _, ...noFeet } = STANDING;
    const result = assessSetup(pose(noFeet), "knee-raise", null, FRAME);
    expect(result.checks.map((check) => check.ok)).toEqual([true, false, false]);
    expect(result.instruction).toBe("Step back so your whole body is in view, down to your feet.");
    // A bicep curl does not need the feet.
    expect(assessSetup(pose(noFeet), "bicep-curl", null, FRAME).ok).toBe(true);
  });

  it("treats a joint at the very edge as out of the picture", () => {
    const result = assessSetup(pose({ ...STANDING, rightAnkle: [0.5, 0.995] }), "squat", null, FRAME);
    expect(result.ok).toBe(false);
  });

  it("looks at the prescribed side only", () => {
    expect(assessSetup(pose(STANDING), "bicep-curl", "right", FRAME).ok).toBe(true);
    const left = assessSetup(pose(STANDING), "bicep-curl", "left", FRAME);
    expect(left.ok).toBe(false);
    expect(left.instruction).toBe("Step back a little so your whole left arm is in view.");
  });

  it("says which way to move, as the patient sees it in the mirror", () => {
    // Seen at the left edge of the camera's picture, which is the patient's right.
    const atPictureLeft = pose({ rightShoulder: [0.05, 0.3], rightElbow: [0.01, 0.45], rightHip: [0.06, 0.6] });
    expect(assessSetup(atPictureLeft, "bicep-curl", null, FRAME).instruction).toMatch(/move a little to your left/i);
    const atPictureRight = pose({ leftShoulder: [0.95, 0.3], leftElbow: [0.99, 0.45], leftHip: [0.94, 0.6] });
    expect(assessSetup(atPictureRight, "bicep-curl", null, FRAME).instruction).toMatch(/move a little to your right/i);
  });

  it("asks a patient far away to come closer, and one too close to step back", () => {
    const far = pose({
      rightShoulder: [0.5, 0.45],
      rightElbow: [0.5, 0.48],
      rightWrist: [0.5, 0.5],
      rightHip: [0.5, 0.5],
    });
    const farResult = assessSetup(far, "bicep-curl", null, FRAME);
    expect(farResult.checks.map((check) => check.ok)).toEqual([true, true, false]);
    expect(farResult.instruction).toBe("Come a little closer to the camera.");
    const near = pose({ rightShoulder: [0.5, 0.1], rightElbow: [0.5, 0.6], rightWrist: [0.45, 0.9] });
    expect(assessSetup(near, "bicep-curl", null, FRAME).instruction).toMatch(/too close/);
  });

  it("wants room above the shoulder for arm raises", () => {
    const lowRoom = pose({
      rightShoulder: [0.5, 0.2],
      rightElbow: [0.5, 0.4],
      rightWrist: [0.5, 0.6],
      rightHip: [0.5, 0.65],
    });
    expect(assessSetup(lowRoom, "bicep-curl", null, FRAME).ok).toBe(true);
    expect(assessSetup(lowRoom, "shoulder-flexion", null, FRAME).instruction).toMatch(/raised arm/);
    const roomy = pose({
      rightShoulder: [0.5, 0.45],
      rightElbow: [0.5, 0.55],
      rightWrist: [0.5, 0.65],
      rightHip: [0.5, 0.75],
    });
    expect(assessSetup(roomy, "shoulder-flexion", null, FRAME).ok).toBe(true);
  });
});

describe("bodySize", () => {
  it("measures the torso against the picture's height, or estimates it from a limb", () => {
    expect(bodySize(pose({ rightShoulder: [0.5, 0.2], rightHip: [0.5, 0.5] }), FRAME)).toBeCloseTo(0.3);
    expect(bodySize(pose({ leftShoulder: [0.5, 0.2], leftElbow: [0.5, 0.32] }), FRAME)).toBeCloseTo(0.2);
    expect(bodySize(emptyPose(), FRAME)).toBe(0);
  });
});

describe("trackSteadiness", () => {
  it("is ready once the checks held for a second without a break", () => {
    let state = trackSteadiness(NOT_STEADY, true, 1000);
    expect(state.ready).toBe(false);
    state = trackSteadiness(state, true, 1000 + STEADY_MS - 1);
    expect(state.ready).toBe(false);
    state = trackSteadiness(state, false, 1000 + STEADY_MS - 1);
    expect(state).toEqual(NOT_STEADY);
    state = trackSteadiness(state, true, 5000);
    state = trackSteadiness(state, true, 5000 + STEADY_MS);
    expect(state.ready).toBe(true);
  });
});
