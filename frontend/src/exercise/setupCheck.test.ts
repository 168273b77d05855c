import { emptyPose, LANDMARK, type LandmarkName, type Pose } from "./pose/landmarks";
import {
  assessSetup,
  bodySize,
  holdBrieflyLostJoints,
  LOST_JOINT_GRACE_MS,
  MIN_BRIGHTNESS,
  NOT_STEADY,
  NOTHING_HELD,
  pictureBrightness,
  STEADY_MS,
  trackSteadiness,
} from "./setupCheck";

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
    expect(result.checks.map((check) => check.ok)).toEqual([true, false, false, false]);
    expect(result.instruction).toMatch(/stand in front of the camera/i);
  });

  it("names a dark room first, before anything the dark hides", () => {
    const dark = assessSetup(pose(STANDING), "squat", null, FRAME, MIN_BRIGHTNESS - 1);
    expect(dark.checks.map((check) => check.ok)).toEqual([false, false, false, false]);
    expect(dark.instruction).toBe("The picture is too dark. Turn on a light, or face a window.");
    expect(assessSetup(pose(STANDING), "squat", null, FRAME, MIN_BRIGHTNESS + 1).ok).toBe(true);
  });

  it("passes a well-placed patient", () => {
    const result = assessSetup(pose(STANDING), "squat", null, FRAME);
    expect(result.checks.map((check) => check.ok)).toEqual([true, true, true, true]);
    expect(result.ok).toBe(true);
  });

  it("names the feet when they are out of view, and only for an exercise that needs them", () => {
    const { rightAnkle: _, ...noFeet } = STANDING;
    const result = assessSetup(pose(noFeet), "knee-raise", null, FRAME);
    expect(result.checks.map((check) => check.ok)).toEqual([true, true, false, false]);
    expect(result.instruction).toBe("Your feet are out of view. Step back, or turn so the camera sees them.");
    // A bicep curl does not need the feet.
    expect(assessSetup(pose(noFeet), "bicep-curl", null, FRAME).ok).toBe(true);
  });

  it("says which joint is cut off by the picture's edge, and where", () => {
    // A portrait camera that crops the feet: the ankle is predicted below the picture.
    const cropped = pose({ ...STANDING, rightAnkle: [0.5, 1.08], leftAnkle: [0.52, 1.07] });
    expect(assessSetup(cropped, "squat", null, FRAME).instruction).toBe(
      "Your feet are below the picture. Step back, or tilt the camera down.",
    );
    // One hand below the bottom edge, the other side out of view: that hand is named.
    const handLow = pose({ ...STANDING, rightWrist: [0.5, 0.995], leftWrist: [0.55, 0.5] });
    expect(assessSetup(handLow, "bicep-curl", "right", FRAME).instruction).toBe(
      "Your right hand is below the picture. Step back, or tilt the camera down.",
    );
  });

  it("lets an arm raise start with the hands resting at the picture's bottom edge", () => {
    // Framed from the chest up, hands below the picture: the raise measures the upper arm.
    const handsOut = pose({ ...STANDING, rightWrist: [0.5, 1.05], rightKnee: [0.5, 1.2], rightAnkle: [0.5, 1.4] });
    expect(assessSetup(handsOut, "shoulder-abduction", null, FRAME).checks[1]?.ok).toBe(true);
    expect(assessSetup(handsOut, "bicep-curl", null, FRAME).ok).toBe(false);
  });

  it("lets a seated patient framed from the chest up do every upper-limb exercise", () => {
    // Shoulders, elbows and hands in view, room above the head; hips, knees and feet below the
    // picture (predicted there, or not found at all).
    const chestUp = {
      nose: [0.5, 0.4],
      rightShoulder: [0.5, 0.55],
      rightElbow: [0.52, 0.75],
      rightWrist: [0.6, 0.9],
    } satisfies Partial<Record<LandmarkName, [number, number]>>;
    const hipsBelow = pose({ ...chestUp, rightHip: [0.5, 1.1], rightKnee: [0.5, 1.5] });
    for (const framed of [pose(chestUp), hipsBelow]) {
      for (const exercise of ["bicep-curl", "shoulder-flexion", "shoulder-abduction"] as const) {
        expect([exercise, assessSetup(framed, exercise, null, FRAME).instruction]).toEqual([
          exercise,
          "That's it. Stay there a moment.",
        ]);
      }
      // A lower-limb exercise still asks for the legs.
      expect(assessSetup(framed, "squat", null, FRAME).ok).toBe(false);
    }
  });

  it("treats a joint at the very edge as out of the picture", () => {
    const result = assessSetup(pose({ ...STANDING, rightAnkle: [0.5, 0.995] }), "squat", null, FRAME);
    expect(result.ok).toBe(false);
  });

  it("looks at the prescribed side only", () => {
    expect(assessSetup(pose(STANDING), "bicep-curl", "right", FRAME).ok).toBe(true);
    const left = assessSetup(pose(STANDING), "bicep-curl", "left", FRAME);
    expect(left.ok).toBe(false);
    expect(left.instruction).toBe("Your left shoulder is out of view. Step back, or turn so the camera sees it.");
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
    expect(farResult.checks.map((check) => check.ok)).toEqual([true, true, true, false]);
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

describe("pictureBrightness", () => {
  it("weighs the colours as the eye does", () => {
    expect(pictureBrightness([255, 255, 255, 255, 0, 0, 0, 255])).toBeCloseTo(127.5);
    expect(pictureBrightness([0, 255, 0, 255])).toBeCloseTo(0.587 * 255);
    expect(pictureBrightness([])).toBe(0);
  });
});

describe("bodySize", () => {
  it("measures the torso against the picture's height, or estimates it from a limb", () => {
    expect(bodySize(pose({ rightShoulder: [0.5, 0.2], rightHip: [0.5, 0.5] }), FRAME)).toBeCloseTo(0.3);
    expect(bodySize(pose({ leftShoulder: [0.5, 0.2], leftElbow: [0.5, 0.32] }), FRAME)).toBeCloseTo(0.2);
    expect(bodySize(emptyPose(), FRAME)).toBe(0);
  });
});

/** The state after frames every 33 ms from ``start``, passing or not as ``ok(frame)`` says. */
function frames(count: number, ok: (frame: number) => boolean, start = 0) {
  let state = NOT_STEADY;
  for (let frame = 0; frame < count; frame += 1) state = trackSteadiness(state, ok(frame), start + frame * 33);
  return state;
}

describe("trackSteadiness", () => {
  it("is ready once the checks have held for a second", () => {
    expect(frames(Math.floor(STEADY_MS / 33), () => true).ready).toBe(false);
    expect(frames(Math.ceil(STEADY_MS / 33) + 1, () => true).ready).toBe(true);
  });

  it("does not start over for a patient who keeps moving a little", () => {
    // One frame in five fails (a wrist at the edge as the arm swings): still ready after a second.
    expect(frames(40, (frame) => frame % 5 !== 4).ready).toBe(true);
  });

  it("waits while the checks mostly fail", () => {
    expect(frames(120, (frame) => frame % 2 === 0).ready).toBe(false);
    expect(frames(120, () => false)).toMatchObject({ okSince: null, ready: false });
  });
});

describe("holdBrieflyLostJoints", () => {
  const { rightWrist: _hand, ...standingWithoutHand } = STANDING;
  const withoutHand = pose(standingWithoutHand);

  /** The setup check after a second of the whole patient, then ``lostMs`` of frames without the hand. */
  function afterLosingTheHand(lostMs: number, lost: Pose | null = withoutHand) {
    let held = NOTHING_HELD;
    for (let at = 0; at <= 1000; at += 100) held = holdBrieflyLostJoints(held, pose(STANDING), at);
    for (let at = 1100; at <= 1000 + lostMs; at += 100) held = holdBrieflyLostJoints(held, lost, at);
    return assessSetup(held.pose, "bicep-curl", "right", FRAME);
  }

  it("keeps a hand the model loses for less than the engine bridges, where it was last seen", () => {
    expect(afterLosingTheHand(LOST_JOINT_GRACE_MS - 100).ok).toBe(true);
    expect(afterLosingTheHand(LOST_JOINT_GRACE_MS - 100, null).ok).toBe(true);
  });

  it("tells the patient once the hand has been gone longer", () => {
    const result = afterLosingTheHand(LOST_JOINT_GRACE_MS + 100);
    expect(result.ok).toBe(false);
    expect(result.instruction).toMatch(/your hands are out of view/i);
    expect(afterLosingTheHand(LOST_JOINT_GRACE_MS + 100, null).instruction).toMatch(/stand in front of the camera/i);
  });

  it("holds nothing it never saw", () => {
    const held = holdBrieflyLostJoints(NOTHING_HELD, withoutHand, 0);
    expect(assessSetup(held.pose, "bicep-curl", "right", FRAME).ok).toBe(false);
  });
});
