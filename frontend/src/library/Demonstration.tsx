// An exercise's demonstration: a stick figure drawn from the library's key poses, moving
// between them in a loop. With reduced motion asked for, the key poses are shown still, side by
// side. No video and nothing fetched: the figure is computed here (see figure.ts).
import { useEffect, useMemo, useState } from "react";

import type { Demonstration as DemonstrationData } from "../api/types";
import { type Angles, groundOffset, type Limb, type Point, poseAt, points, SEGMENTS, skeleton } from "./figure";
import styles from "./Demonstration.module.css";

const MARGIN = 8;

function usePrefersReducedMotion(): boolean {
  const query = "(prefers-reduced-motion: reduce)";
  const [reduced, setReduced] = useState(() => window.matchMedia?.(query).matches ?? false);
  useEffect(() => {
    const list = window.matchMedia?.(query);
    if (!list) return;
    const changed = () => setReduced(list.matches);
    list.addEventListener("change", changed);
    return () => list.removeEventListener("change", changed);
  }, []);
  return reduced;
}

/** Seconds since the component mounted, updated every animation frame while ``running``. */
function useClock(running: boolean): number {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (!running) return;
    let frame = 0;
    const start = performance.now();
    const tick = (now: number) => {
      setSeconds((now - start) / 1000);
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [running]);
  return seconds;
}

interface Placed {
  figure: ReturnType<typeof skeleton>;
  lift: number;
}

function place(angles: Angles, view: DemonstrationData["view"]): Placed {
  const figure = skeleton(angles, view);
  return { figure, lift: groundOffset(figure) };
}

interface Bounds {
  minX: number;
  maxX: number;
  maxY: number;
}

/** One frame for every pose of the loop: the key poses' extent, props included. */
function bounds(demo: DemonstrationData): Bounds {
  const all = demo.poses.flatMap((pose) => {
    const { figure, lift } = place(pose.angles, demo.view);
    return points(figure).map((p) => ({ x: p.x, y: p.y + lift }));
  });
  const xs = all.map((p) => p.x);
  return { minX: Math.min(...xs) - 20, maxX: Math.max(...xs) + 20, maxY: Math.max(...all.map((p) => p.y)) };
}

function Prop({ demo, box }: { demo: DemonstrationData; box: Bounds }) {
  const first = demo.poses[0];
  if (!first || demo.prop === "none") return null;
  const { figure, lift } = place(first.angles, demo.view);
  const pelvis = { x: figure.pelvis.x, y: figure.pelvis.y + lift };
  switch (demo.prop) {
    case "chair": {
      const seat = Math.min(pelvis.y - 4, 48);
      const back = pelvis.x - 14;
      return (
        <g className={styles.prop}>
          <path
            d={`M ${back} ${-seat} H ${back + 30} M ${back} ${-seat} V ${-seat - 42} M ${back + 2} 0 V ${-seat} M ${back + 28} 0 V ${-seat}`}
          />
        </g>
      );
    }
    case "mat":
      return <rect className={styles.mat} x={box.minX + 4} y={-1} width={box.maxX - box.minX - 8} height={4} rx={2} />;
    case "wall":
      return <path className={styles.prop} d={`M ${box.maxX - 6} 2 V ${-box.maxY - 10}`} />;
    case "step": {
      const foot = figure.legs[0]!;
      const top = Math.min(foot.end.y, foot.tip?.y ?? foot.end.y) + lift;
      const x = foot.end.x - 14;
      return <rect className={styles.prop} x={x} y={-top} width={34} height={top} />;
    }
  }
}

function LimbPath({ limb, lift, far }: { limb: Limb; lift: number; far: boolean }) {
  const at = (p: Point) => `${p.x.toFixed(1)} ${(-(p.y + lift)).toFixed(1)}`;
  const tip = limb.tip ? ` L ${at(limb.tip)}` : "";
  return (
    <path
      className={far ? styles.far : styles.near}
      d={`M ${at(limb.root)} L ${at(limb.middle)} L ${at(limb.end)}${tip}`}
      data-side={limb.side}
    />
  );
}

/** The figure in one pose; the side view draws the far (right) limbs behind the body. */
export function Figure({ angles, view }: { angles: Angles; view: DemonstrationData["view"] }) {
  const { figure, lift } = place(angles, view);
  const far = (limb: Limb) => view === "side" && limb.side === "right";
  const limbs = [...figure.arms, ...figure.legs];
  const y = (p: Point) => -(p.y + lift);
  return (
    <g>
      {limbs.filter(far).map((limb) => (
        <LimbPath key={`far-${limb.side}-${limb.root.y}`} limb={limb} lift={lift} far />
      ))}
      <path
        className={styles.near}
        d={`M ${figure.pelvis.x} ${y(figure.pelvis)} L ${figure.neck.x} ${y(figure.neck)}`}
      />
      <circle className={styles.head} cx={figure.head.x} cy={y(figure.head)} r={SEGMENTS.head} />
      {limbs
        .filter((limb) => !far(limb))
        .map((limb, index) => (
          <LimbPath key={`near-${index}`} limb={limb} lift={lift} far={false} />
        ))}
    </g>
  );
}

interface FrameProps {
  demonstration: DemonstrationData;
  box: Bounds;
  angles: Angles;
  caption: string;
  /** Set when the frame is the whole picture: it is then one image with this name. */
  label?: string;
}

/** The figure in one pose, on the floor with the exercise's prop, and a caption. */
function Frame({ demonstration, box, angles, caption, label }: FrameProps) {
  const width = box.maxX - box.minX;
  const height = box.maxY + 2 * MARGIN;
  return (
    <figure className={styles.frame}>
      <svg
        viewBox={`${box.minX} ${-box.maxY - MARGIN} ${width} ${height}`}
        className={styles.svg}
        {...(label ? { role: "img", "aria-label": label } : { "aria-hidden": true })}
      >
        <line className={styles.floor} x1={box.minX} x2={box.maxX} y1={0} y2={0} />
        <Prop demo={demonstration} box={box} />
        <Figure angles={angles} view={demonstration.view} />
      </svg>
      <figcaption aria-hidden={label ? true : undefined}>{caption}</figcaption>
    </figure>
  );
}

interface Props {
  demonstration: DemonstrationData;
  /** What is shown, for the label: "Bridge". */
  name: string;
  /** Show the key poses still (also whenever the system asks for reduced motion). */
  still?: boolean;
}

export function Demonstration({ demonstration, name, still = false }: Props) {
  const reduced = usePrefersReducedMotion();
  const moving = !still && !reduced && demonstration.poses.length > 1;
  const seconds = useClock(moving);
  const box = useMemo(() => bounds(demonstration), [demonstration]);
  const labels = demonstration.poses.map((pose) => pose.label);
  const description = `${name}, demonstrated by a figure seen from the ${demonstration.view}: ${labels.join(", then ")}.`;

  if (!moving) {
    return (
      <div className={styles.still} role="img" aria-label={description}>
        {demonstration.poses.map((pose, index) => (
          <Frame
            key={index}
            demonstration={demonstration}
            box={box}
            angles={pose.angles}
            caption={`${index + 1}. ${pose.label}`}
          />
        ))}
      </div>
    );
  }
  const { angles, keyPose } = poseAt(demonstration, seconds);
  return (
    <Frame
      demonstration={demonstration}
      box={box}
      angles={angles}
      caption={demonstration.poses[keyPose]?.label ?? ""}
      label={description}
    />
  );
}

/** The first key pose alone, still: where and how to stand before a set starts. */
export function StartingPose({ demonstration, name }: Omit<Props, "still">) {
  const box = useMemo(() => bounds(demonstration), [demonstration]);
  const first = demonstration.poses[0];
  if (!first) return null;
  const caption = `Start like this: ${first.label.charAt(0).toLowerCase()}${first.label.slice(1)}`;
  return (
    <Frame
      demonstration={demonstration}
      box={box}
      angles={first.angles}
      caption={caption}
      label={`${name}, the starting position, seen from the ${demonstration.view}: ${first.label}.`}
    />
  );
}
