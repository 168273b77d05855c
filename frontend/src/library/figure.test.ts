import { describe, expect, it } from "vitest";

import type { Demonstration } from "../api/types";
import { cycleSeconds, ease, groundOffset, interpolate, poseAt, SEGMENTS, skeleton } from "./figure";

const curl: Demonstration = {
  view: "side",
  prop: "none",
  move_s: 2,
  poses: [
    { angles: {}, hold_s: 1, label: "Arm straight" },
    { angles: { elbow_left: 140 }, hold_s: 1, label: "Hand up" },
  ],
};

describe("interpolation between key poses", () => {
  it("moves each joint in proportion, unnamed joints standing at 0", () => {
    expect(interpolate({ elbow_left: 0 }, { elbow_left: 140, knee_left: 40 }, 0.5)).toEqual({
      elbow_left: 70,
      knee_left: 20,
    });
  });

  it("eases in and out, staying within the two poses", () => {
    expect(ease(0)).toBe(0);
    expect(ease(1)).toBe(1);
    expect(ease(0.5)).toBe(0.5);
    expect(ease(0.1)).toBeLessThan(0.1);
    expect(ease(-1)).toBe(0);
    expect(ease(2)).toBe(1);
  });

  it("holds each key pose, moves to the next, and loops back to the first", () => {
    expect(cycleSeconds(curl)).toBe(6);
    expect(poseAt(curl, 0.5)).toEqual({ angles: {}, keyPose: 0 });
    expect(poseAt(curl, 2).angles.elbow_left).toBeCloseTo(70);
    expect(poseAt(curl, 3.5)).toEqual({ angles: { elbow_left: 140 }, keyPose: 1 });
    expect(poseAt(curl, 5).angles.elbow_left).toBeCloseTo(70); // on the way back
    expect(poseAt(curl, 6.5)).toEqual(poseAt(curl, 0.5)); // the loop starts again
  });
});

describe("the stick figure", () => {
  it("stands upright with the arms hanging, feet on the floor", () => {
    const figure = skeleton({}, "side");
    expect(figure.neck.y).toBeCloseTo(SEGMENTS.trunk);
    const arm = figure.arms[0]!;
    expect(arm.end.y).toBeCloseTo(SEGMENTS.trunk - SEGMENTS.upperArm - SEGMENTS.forearm);
    expect(groundOffset(figure)).toBeCloseTo(SEGMENTS.thigh + SEGMENTS.shank);
  });

  it("raises an arm forward in the side view and out to the side in the front view", () => {
    const forward = skeleton({ shoulder_left: 90 }, "side").arms[0]!;
    expect(forward.end.x).toBeGreaterThan(forward.root.x + 40);
    expect(forward.end.y).toBeCloseTo(forward.root.y);
    const front = skeleton({ shoulder_left: 90, shoulder_right: 90 }, "front");
    expect(front.arms[0]!.end.x).toBeGreaterThan(front.arms[0]!.root.x + 40); // the left to +x
    expect(front.arms[1]!.end.x).toBeLessThan(front.arms[1]!.root.x - 40);
  });

  it("bends the knee backwards and lies flat at a trunk of -90", () => {
    const squat = skeleton({ hip_left: 90, knee_left: 90 }, "side").legs[0]!;
    expect(squat.middle.x).toBeCloseTo(SEGMENTS.thigh); // thigh forward
    expect(squat.end.y).toBeCloseTo(-SEGMENTS.shank); // shank straight down
    const lying = skeleton({ trunk: -90 }, "side");
    expect(lying.neck.y).toBeCloseTo(0);
    expect(lying.neck.x).toBeCloseTo(-SEGMENTS.trunk);
    expect(lying.legs[0]!.end.x).toBeCloseTo(SEGMENTS.thigh + SEGMENTS.shank);
  });
});
