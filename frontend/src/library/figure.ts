// The demonstration figure's geometry: key poses (joint angles in degrees, as the library's API
// gives them) interpolated over time, and turned into the points of a stick figure. Pure
// functions, so the setup check can draw the same figure over the camera picture.
import type { Demonstration } from "../api/types";

export type Angles = Record<string, number>;
export type View = Demonstration["view"];
export interface Point {
  x: number;
  y: number;
}

const SIDES = ["left", "right"] as const;
export type BodySide = (typeof SIDES)[number];

/** Segment lengths, in the figure's units (about a centimetre each for a 1.7 m person). */
export const SEGMENTS = { trunk: 50, neck: 13, head: 9, upperArm: 28, forearm: 25, thigh: 41, shank: 39, foot: 12 };
const SHOULDER_HALF_WIDTH = 11;
const HIP_HALF_WIDTH = 8;

export function angle(angles: Angles, joint: string): number {
  return angles[joint] ?? 0;
}

/** Smooth start and stop between two key poses. */
export function ease(fraction: number): number {
  const f = Math.min(1, Math.max(0, fraction));
  return f * f * (3 - 2 * f);
}

/** Each joint's angle a fraction of the way from one pose to the next (unnamed joints: 0). */
export function interpolate(from: Angles, to: Angles, fraction: number): Angles {
  const joints = new Set([...Object.keys(from), ...Object.keys(to)]);
  const result: Angles = {};
  for (const joint of joints) {
    const a = angle(from, joint);
    result[joint] = a + (angle(to, joint) - a) * fraction;
  }
  return result;
}

/** One loop of the demonstration: each pose held, then a move to the next (the last back to the first). */
export function cycleSeconds(demo: Demonstration): number {
  return demo.poses.reduce((total, pose) => total + pose.hold_s + demo.move_s, 0);
}

/** The pose at ``seconds`` into the loop, and the index of the key pose last reached. */
export function poseAt(demo: Demonstration, seconds: number): { angles: Angles; keyPose: number } {
  const poses = demo.poses;
  if (poses.length === 0) return { angles: {}, keyPose: 0 };
  const cycle = cycleSeconds(demo);
  let t = cycle > 0 ? ((seconds % cycle) + cycle) % cycle : 0;
  for (let index = 0; index < poses.length; index += 1) {
    const pose = poses[index]!;
    if (t < pose.hold_s) return { angles: { ...pose.angles }, keyPose: index };
    t -= pose.hold_s;
    if (t < demo.move_s) {
      const next = poses[(index + 1) % poses.length]!;
      return { angles: interpolate(pose.angles, next.angles, ease(t / demo.move_s)), keyPose: index };
    }
    t -= demo.move_s;
  }
  return { angles: { ...poses[0]!.angles }, keyPose: 0 };
}

export interface Limb {
  side: BodySide;
  root: Point;
  middle: Point;
  end: Point;
  tip?: Point; // the toes
}

export interface Skeleton {
  pelvis: Point;
  neck: Point;
  head: Point;
  arms: Limb[];
  legs: Limb[];
}

const radians = (degrees: number) => (degrees * Math.PI) / 180;
const add = (p: Point, d: Point, length: number): Point => ({ x: p.x + d.x * length, y: p.y + d.y * length });

/**
 * The figure's joints for ``angles`` in ``view``, y pointing up, the pelvis at the origin.
 * Side view: the figure faces +x and its left limbs are the near ones. Front view: it faces the
 * viewer, its left on the viewer's right (+x).
 */
export function skeleton(angles: Angles, view: View): Skeleton {
  const trunk = radians(angle(angles, "trunk"));
  const up: Point = { x: Math.sin(trunk), y: Math.cos(trunk) };
  // Side view: the way the chest faces; front view: towards the figure's left.
  const across: Point = { x: Math.cos(trunk), y: -Math.sin(trunk) };
  // A limb's direction: ``degrees`` from hanging along the trunk, turned towards ``towards``.
  const direction = (degrees: number, towards: Point): Point => {
    const a = radians(degrees);
    return { x: -up.x * Math.cos(a) + towards.x * Math.sin(a), y: -up.y * Math.cos(a) + towards.y * Math.sin(a) };
  };
  const pelvis: Point = { x: 0, y: 0 };
  const neck = add(pelvis, up, SEGMENTS.trunk);
  const head = add(neck, up, SEGMENTS.neck);
  const arms: Limb[] = [];
  const legs: Limb[] = [];
  for (const side of SIDES) {
    const outward = view === "front" && side === "right" ? { x: -across.x, y: -across.y } : across;
    const lateral = view === "front" ? (side === "left" ? 1 : -1) : 0;
    const shoulder = add(neck, across, lateral * SHOULDER_HALF_WIDTH);
    const hip = add(pelvis, across, lateral * HIP_HALF_WIDTH);
    const armAngle = angle(angles, `shoulder_${side}`);
    const elbowAngle = angle(angles, `elbow_${side}`);
    const elbow = add(shoulder, direction(armAngle, outward), SEGMENTS.upperArm);
    // Side view: the elbow bends the forearm forward; front view: across the body.
    const forearm = view === "side" ? armAngle + elbowAngle : armAngle - elbowAngle;
    arms.push({ side, root: shoulder, middle: elbow, end: add(elbow, direction(forearm, outward), SEGMENTS.forearm) });
    const hipAngle = angle(angles, `hip_${side}`);
    const shankAngle = hipAngle - angle(angles, `knee_${side}`);
    const knee = add(hip, direction(hipAngle, outward), SEGMENTS.thigh);
    const ankle = add(knee, direction(shankAngle, outward), SEGMENTS.shank);
    const footAngle = view === "side" ? shankAngle + 90 - angle(angles, `ankle_${side}`) : shankAngle + 90;
    legs.push({
      side,
      root: hip,
      middle: knee,
      end: ankle,
      tip: add(ankle, direction(footAngle, outward), SEGMENTS.foot),
    });
  }
  return { pelvis, neck, head, arms, legs };
}

/** Every point of the figure (the head's lowest edge included). */
export function points(figure: Skeleton): Point[] {
  const limbs = [...figure.arms, ...figure.legs];
  return [
    figure.pelvis,
    figure.neck,
    { x: figure.head.x, y: figure.head.y - SEGMENTS.head },
    { x: figure.head.x, y: figure.head.y + SEGMENTS.head },
    ...limbs.flatMap((limb) => [limb.root, limb.middle, limb.end, ...(limb.tip ? [limb.tip] : [])]),
  ];
}

/** How far to lift the figure so that its lowest point rests on the floor (y = 0). */
export function groundOffset(figure: Skeleton): number {
  return -Math.min(...points(figure).map((p) => p.y));
}
