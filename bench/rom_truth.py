"""Range of motion against a known truth: synthetic people whose joint angles are set.

Usage, from the repository root: ``python bench/rom_truth.py [--units mediapipe|height|both]
[--noise SCALE] [--seeds N] [--exercise NAME ...]``

A 3-D adult skeleton (``backend/tests/skeleton_synth.py``) does 5 reps of each exercise with a
known range of the joint angle the exercise reports, filmed by a perspective camera at 0, 20 and
40 degrees of yaw (1280 x 720 pixels, 65 degrees across, 3 m away), with MediaPipe-like jitter
(seeded; ``--noise 0`` for none, 2 for twice as much). Each recording goes through
``ExerciseSession`` frame by frame. Printed per exercise, yaw and true range: the count (it
should be 5), the range the engine reported for each rep, the set's mean, and the error (engine
minus truth) of the set's mean and of its worst rep. Two columns say where an error comes from,
both without jitter: "landmarks" is how far the engine's landmark angle (e.g. the upper arm's
from the trunk's axis for a raise) swings on the body itself, "picture" how far it swings on the
noiseless landmarks the camera gives the engine; the rest is the engine's own (smoothing, which
frames a rep spans) and the jitter's.

``--units mediapipe`` (the default) gives the engine what the web app sends: x over the
picture's width, y over its height, z on the scale of x. ``--units height`` gives it x and z in
the units of y, as a square picture would.

``--world`` sends the world landmarks MediaPipe gives beside the picture's (metres about the
hips' midpoint, turned by the camera but not drawn in perspective; the same jitter, as shares of
the torso), as the web app does with MediaPipe: the engine then measures ranges on them.

``--real DIR`` (the shared recordings, ``../shared/data/pose``) prints instead, for each UI-PRMD
recording (Kinect v2 joints in metres; the files carry no joint angles of their own), the
engine's range per rep beside two ranges read straight off the raw landmarks over the same span
(from the end of the rep before to the end of this one): the angle from the same side's
hip-to-shoulder line (what the engine measured until 2026-12-06), and the clinical angle from the
trunk's midline (hips' midpoint to shoulders' midpoint; what the engine measures now, computed
here on its own), both through a centred 5-frame median.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend" / "tests"))

import numpy as np
from scipy.signal import medfilt
from skeleton_synth import (
    FPS,
    MOVEMENTS,
    NO_JITTER,
    REPS,
    Camera,
    Jitter,
    angle_range_deg,
    angles_deg,
    body_frames,
    recording,
    world_recording,
)

from telerehab.enums import ExerciseType, Side
from telerehab.exercise_logic import ExerciseSession, exercise_spec
from telerehab.exercise_logic.landmarks import TRUNK_AXIS_POINTS, with_trunk_axis

YAWS_DEG = (0.0, 20.0, 40.0)
TOLERANCE_DEG = 5.0


@dataclass(frozen=True)
class Measured:
    exercise: ExerciseType
    yaw_deg: float
    truth_deg: float
    count: int
    reps_deg: tuple[float, ...]
    landmarks_deg: float  # the engine's angle on the body, no camera, no jitter
    picture_deg: float  # the engine's angle on the camera's landmarks, no jitter
    mean_error_override: float | None = None  # over several seeds: the worst set mean's error

    @property
    def mean_deg(self) -> float:
        return float(np.mean(self.reps_deg)) if self.reps_deg else float("nan")

    @property
    def mean_error_deg(self) -> float:
        if self.mean_error_override is not None:
            return self.mean_error_override
        return self.mean_deg - self.truth_deg

    @property
    def worst_error_deg(self) -> float:
        """The error of the rep furthest from the truth (signed); NaN without reps."""
        if not self.reps_deg:
            return float("nan")
        errors = np.array(self.reps_deg) - self.truth_deg
        return float(errors[np.argmax(np.abs(errors))])

    @property
    def within(self) -> bool:
        return self.count == REPS and abs(self.worst_error_deg) <= TOLERANCE_DEG


def engine_points(frames: np.ndarray) -> np.ndarray:
    """``frames`` (``(n, 33, 3 or 4)``, every landmark seen) with the points the engine adds to
    measure from the trunk's axis (``landmarks.with_trunk_axis``): ``(n, 37, 4)``."""
    points = np.asarray(frames, dtype=np.float64)
    if points.shape[-1] == 3:
        points = np.concatenate([points, np.ones((*points.shape[:-1], 1))], axis=-1)
    extended, _ = with_trunk_axis(points, np.ones(points.shape[:-1], dtype=bool))
    return extended


def engine_reps(
    frames: np.ndarray, exercise: ExerciseType, world: np.ndarray | None = None
) -> tuple[int, tuple[float, ...]]:
    """The count and each rep's range of motion, ``frames`` fed one by one at ``FPS`` (with
    their ``world`` landmarks when given)."""
    session = ExerciseSession(exercise, fps=FPS)
    for index, frame in enumerate(frames):
        session.feed(frame, index / FPS, None if world is None else world[index])
    session.finish()
    summary = session.summary()
    return summary.reps, tuple(rep.range_of_motion_deg for rep in summary.rep_events)


def measure(
    exercise: ExerciseType,
    truth_deg: float,
    yaw_deg: float,
    *,
    jitter: Jitter = NO_JITTER,
    height_units: bool = False,
    world: bool = False,
) -> Measured:
    """One synthetic set of ``exercise`` through the engine, frame by frame (with the world
    landmarks MediaPipe would send beside the picture's when ``world``)."""
    camera = Camera(yaw_deg=yaw_deg)
    frames = recording(exercise, truth_deg, camera, jitter, height_units=height_units)
    worlds = world_recording(exercise, truth_deg, camera, jitter) if world else None
    count, reps = engine_reps(frames, exercise, worlds)
    triplet = exercise_spec(exercise).joints.left
    clean = recording(exercise, truth_deg, camera, NO_JITTER, height_units=height_units)
    return Measured(
        exercise,
        yaw_deg,
        truth_deg,
        count,
        reps,
        angle_range_deg(engine_points(body_frames(exercise, truth_deg)), triplet),
        angle_range_deg(engine_points(clean), triplet),
    )


def cases(exercises: list[ExerciseType]) -> list[tuple[ExerciseType, float, float]]:
    return [
        (exercise, yaw, truth)
        for exercise in exercises
        for yaw in YAWS_DEG
        for truth in MOVEMENTS[exercise].ranges_deg
    ]


def worst(results: list[Measured]) -> Measured:
    """One case under several seeds, as one row: the reps of the seed with a wrong count or
    the rep furthest off; its mean error replaced by the worst of any seed's."""
    shown = max(results, key=lambda m: (m.count != REPS, abs(m.worst_error_deg)))
    worst_mean = max(results, key=lambda m: abs(m.mean_error_deg)).mean_error_deg
    return replace(shown, mean_error_override=worst_mean)


def table(results: list[Measured]) -> str:
    lines = [
        "| exercise (true angle) | yaw | truth | landmarks | picture | count | each rep "
        "| set mean | mean's error (worst seed) | worst rep's error |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    for m in results:
        reps = ", ".join(f"{rom:.0f}" for rom in m.reps_deg)
        count = f"{m.count}" if m.count == REPS else f"**{m.count}**"
        worst_error = f"{m.worst_error_deg:+.1f}"
        if not m.within:
            worst_error = f"**{worst_error}**"
        lines.append(
            f"| {m.exercise.value} ({MOVEMENTS[m.exercise].truth}) | {m.yaw_deg:.0f} | "
            f"{m.truth_deg:.0f} | {m.landmarks_deg:.1f} | {m.picture_deg:.1f} | {count} | "
            f"{reps} | {m.mean_deg:.1f} | {m.mean_error_deg:+.1f} | {worst_error} |"
        )
    return "\n".join(lines)


def matrix(results: list[Measured]) -> str:
    """The errors in short: per exercise and yaw, for each true range, the error of the set's
    mean / of its worst rep (a wrong count marked)."""
    truths = sorted({m.truth_deg for m in results})
    lines = [
        "| exercise | yaw | " + " | ".join(f"{t:.0f}" for t in truths) + " |",
        "| --- | ---: |" + " ---: |" * len(truths),
    ]
    rows: dict[tuple[ExerciseType, float], dict[float, Measured]] = {}
    for m in results:
        rows.setdefault((m.exercise, m.yaw_deg), {})[m.truth_deg] = m
    for (exercise, yaw), row in rows.items():
        cells = []
        for truth in truths:
            case = row.get(truth)
            if case is None:
                cells.append("")
                continue
            cell = f"{case.mean_error_deg:+.0f} / {case.worst_error_deg:+.0f}"
            cells.append(cell if case.count == REPS else f"{cell} (counted {case.count})")
        lines.append(f"| {exercise.value} | {yaw:.0f} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def summary_line(results: list[Measured]) -> str:
    within = sum(m.within for m in results)
    mean_within = sum(abs(m.mean_error_deg) <= TOLERANCE_DEG for m in results)
    right_count = sum(m.count == REPS for m in results)
    return (
        f"{len(results)} cases: count {REPS} in {right_count}; every rep within "
        f"{TOLERANCE_DEG:g} degrees in {within}; set mean within {TOLERANCE_DEG:g} in "
        f"{mean_within}; worst rep off by {max(abs(m.worst_error_deg) for m in results):.1f}"
    )


SHOULDERS, HIPS = (11, 12), (23, 24)


def midline_angles(frames: np.ndarray, exercise: ExerciseType, side: Side) -> np.ndarray:
    """Per frame, the joint's angle measured from the trunk's midline: the upper arm (raises) or
    the thigh (knee raise) against the line from the shoulders' midpoint down to the hips'."""
    points = frames[..., :3].astype(np.float64)
    down = points[:, HIPS].mean(axis=1) - points[:, SHOULDERS].mean(axis=1)
    _, vertex, moving = exercise_spec(exercise).joints.of(side)
    limb = points[:, moving] - points[:, vertex]
    norms = np.linalg.norm(down, axis=1) * np.linalg.norm(limb, axis=1)
    return np.asarray(np.degrees(np.arccos(np.clip((down * limb).sum(axis=1) / norms, -1, 1))))


def side_line_triplet(exercise: ExerciseType, side: Side) -> tuple[int, int, int]:
    """The exercise's angle measured from the same side's hip-to-shoulder line instead."""
    first, vertex, moving = exercise_spec(exercise).joints.of(side)
    return TRUNK_AXIS_POINTS[first][1] if first in TRUNK_AXIS_POINTS else first, vertex, moving


def despiked(angles: np.ndarray) -> np.ndarray:
    """A centred median over 5 frames: Kinect loses a raised leg for a frame or two (a knee
    jumping 40 cm and back), which no range should include."""
    return np.asarray(medfilt(angles, kernel_size=5))


def real_table(directory: Path) -> str:
    """The engine's range per rep on each UI-PRMD recording against the raw landmarks'."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from rep_accuracy import load_recordings

    lines = [
        "| recording | exercise | count (truth) | engine, mean of reps "
        "| from the same side's line | from the trunk's midline | engine minus midline |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for recording_ in load_recordings(directory):
        if not recording_.file.startswith("uiprmd_"):
            continue
        frames, exercise = recording_.frames, recording_.exercise
        session = ExerciseSession(exercise, fps=recording_.fps)
        for index, frame in enumerate(frames):
            session.feed(frame, index / recording_.fps)
        session.finish()
        reps = session.summary().rep_events
        times = np.arange(len(frames)) / recording_.fps
        engine, own, midline = [], [], []
        previous_end = 0.0
        for rep in reps:
            # The side that moved most over the rep (both sides: the larger range).
            span = (times >= previous_end) & (times <= rep.end_time)
            previous_end = rep.end_time
            sides = (Side.LEFT, Side.RIGHT)
            own_ranges = [
                np.ptp(despiked(angles_deg(frames, side_line_triplet(exercise, side)))[span])
                for side in sides
            ]
            side = sides[int(np.argmax(own_ranges))]
            engine.append(rep.range_of_motion_deg)
            own.append(max(own_ranges))
            midline.append(float(np.ptp(despiked(midline_angles(frames, exercise, side))[span])))
        lines.append(
            f"| {recording_.file} | {exercise.value} | {len(reps)} ({recording_.truth}) | "
            f"{np.mean(engine):.1f} | {np.mean(own):.1f} | {np.mean(midline):.1f} | "
            f"{np.mean(engine) - np.mean(midline):+.1f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--units", choices=("mediapipe", "height", "both"), default="mediapipe")
    parser.add_argument("--noise", type=float, default=1.0, help="jitter scale (0: none)")
    parser.add_argument("--seeds", type=int, default=1)
    parser.add_argument("--exercise", nargs="*", type=ExerciseType, default=list(MOVEMENTS))
    parser.add_argument("--real", type=Path, help="the shared recordings' directory")
    parser.add_argument(
        "--world", action="store_true", help="send world landmarks too (ranges measured on them)"
    )
    args = parser.parse_args()
    if args.real:
        print(real_table(args.real))
        return
    units = ("mediapipe", "height") if args.units == "both" else (args.units,)
    for unit in units:
        results = [
            worst(
                [
                    measure(
                        exercise,
                        truth,
                        yaw,
                        jitter=Jitter(seed=seed).scaled(args.noise),
                        height_units=unit == "height",
                        world=args.world,
                    )
                    for seed in range(args.seeds)
                ]
            )
            for exercise, yaw, truth in cases(args.exercise)
        ]
        world = "; with world landmarks" if args.world else ""
        print(f"\nunits: {unit}{world}; jitter x{args.noise:g}; worst of {args.seeds} seed(s)\n")
        print(table(results))
        print(f"\n{summary_line(results)}\n")
        print(matrix(results))


if __name__ == "__main__":
    main()
