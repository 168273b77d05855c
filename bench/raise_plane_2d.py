"""Can the picture alone (no depth) tell a raise forward from a raise sideways? Issue 21's test of
a plane estimate for RepCount-A, whose depth is meaningless (min-max normalised per frame).

Usage, from the repository root: ``python bench/raise_plane_2d.py ../shared/data/pose``

Each shoulder recording is counted under its own label. For each rep, the *outward share*: how far
the wrist lies beyond its shoulder, away from the other shoulder, over the shoulders' spread (all
in x, so a per-frame scaling of x cancels and a turn of the body about the vertical scales both
alike), median over the rep's frames in which the wrist is above the middle of the torso; a rep
reported on both sides takes the mean of the two. A raise straight forward reads about 0, a
lateral raise about the arm's length over the shoulders' spread (1.5 for a textbook body).

Then leave one subject out (subjects as ``rep_accuracy.py`` groups them): on the other subjects, the
threshold that misclassifies the fewest reps of two classes, *forward* (RepCount's annotated front
raises, less ``repcount_stu2_14``, the one set known to mix raises) and *sideways* (UI-PRMD's
abductions), ties to the higher threshold (fewer false flags); the left-out subject's reps over it
are flagged, and the count that excluding them would give is printed (all of them, and only when
fewer than half the set is flagged, ``summary.MISMATCH_SHARE``). In ``repcount_stu2_14`` the
engine's reps alternate, a front raise first (docs/benchmarks.md, issue 21), so its even reps are
the lateral ones. UI-PRMD's scaptions (m10, filed under flexion) belong to neither class.
"""

from __future__ import annotations

import csv
import itertools
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
from rep_accuracy import subject_of

from telerehab.enums import ExerciseType, Side
from telerehab.exercise_logic import analyze
from telerehab.exercise_logic.summary import MISMATCH_SHARE

SHOULDERS = {Side.LEFT: 11, Side.RIGHT: 12}
WRISTS = {Side.LEFT: 15, Side.RIGHT: 16}
HIPS = (23, 24)
OTHER = {Side.LEFT: Side.RIGHT, Side.RIGHT: Side.LEFT}
MIXED_SET = "repcount_stu2_14.npy"


@dataclass(frozen=True)
class Rep:
    file: str
    index: int
    share: float  # NaN when no frame of the rep had a wrist raised


def outward_share(frames: np.ndarray, side: Side) -> float:
    """The median outward share of ``side``'s wrist over the frames in which it is raised."""
    own, other = frames[:, SHOULDERS[side], :2], frames[:, SHOULDERS[OTHER[side]], :2]
    wrist = frames[:, WRISTS[side], :2]
    spread = own[:, 0] - other[:, 0]
    torso = frames[:, HIPS, 1].mean(axis=1) - (own[:, 1] + other[:, 1]) / 2
    raised = (wrist[:, 1] < (own[:, 1] + other[:, 1]) / 2 + torso / 2) & (np.abs(spread) > 0)
    if not raised.any():
        return float("nan")
    share = (wrist[raised, 0] - own[raised, 0]) / spread[raised]
    return float(np.median(share))


def reps_of(directory: Path, file: str, exercise: ExerciseType) -> list[Rep]:
    frames = np.load(directory / file).astype(np.float64)
    reps = []
    for rep in analyze(frames, exercise, 30.0).reps:
        span = frames[int(rep.start_time * 30.0) : int(rep.end_time * 30.0) + 1]
        sides = (Side.LEFT, Side.RIGHT) if rep.side is Side.BOTH else (rep.side,)
        shares = [outward_share(span, side) for side in sides]
        reps.append(Rep(file, rep.index, float(np.nanmean(shares)) if shares else float("nan")))
    return reps


def kind(rep: Rep) -> str:
    if rep.file == MIXED_SET:
        return "sideways" if rep.index % 2 == 0 else "forward"
    if "_m07_" in rep.file:
        return "sideways"
    if "_m10_" in rep.file:
        return "scaption"
    return "forward"


def threshold(training: list[Rep]) -> tuple[float, int]:
    """The threshold that misclassifies the fewest ``training`` reps (ties: the higher one), and
    how many it misclassifies."""
    labelled = [(kind(r), r.share) for r in training if not np.isnan(r.share)]
    values = sorted({share for _, share in labelled})
    candidates = [values[0] - 1e-3] + [(a + b) / 2 for a, b in itertools.pairwise(values)]
    candidates.append(values[-1] + 1e-3)

    def errors(t: float) -> int:
        return sum((k == "forward") == (share >= t) for k, share in labelled)

    best = min(candidates, key=lambda t: (errors(t), -t))
    return best, errors(best)


def main(directory: Path) -> None:
    with (directory / "manifest.csv").open(newline="") as manifest:
        rows = [r for r in csv.DictReader(manifest) if r["exercise"].startswith("shoulder")]
    truth = {r["file"]: int(r["reps"]) for r in rows}
    labels = {r["file"]: ExerciseType(r["exercise"].replace("_", "-")) for r in rows}
    reps = [rep for file, label in labels.items() for rep in reps_of(directory, file, label)]
    print("| recording | outward share of each rep (median) | range |")
    print("| --- | --- | --- |")
    for row in rows:
        shares = [r.share for r in reps if r.file == row["file"] and not np.isnan(r.share)]
        listed = " ".join(f"{s:.2f}" for s in shares)
        print(f"| {row['file']} | {listed} | {min(shares):.2f}-{max(shares):.2f} |")
    print()
    print(
        "| left out | threshold (training errors) | recording | label | reps | in the other plane "
        "| of them truly | count without them: always / unless a mismatch (truth) |"
    )
    print("| --- | ---: | --- | --- | ---: | ---: | ---: | --- |")
    for subject in sorted({subject_of(r.file) for r in reps}):
        training = [r for r in reps if subject_of(r.file) != subject and kind(r) != "scaption"]
        training = [r for r in training if r.file != MIXED_SET]
        cut, wrong = threshold(training)
        for file in sorted({r.file for r in reps if subject_of(r.file) == subject}):
            own = [r for r in reps if r.file == file]
            label = labels[file]
            # Flexion: a rep at or over the threshold is sideways; abduction: one under it is
            # forward (a rep without a raised wrist is not judged).
            prescribed = "forward" if label is ExerciseType.SHOULDER_FLEXION else "sideways"
            other = [
                r
                for r in own
                if not np.isnan(r.share) and (r.share >= cut) == (prescribed == "forward")
            ]
            truly = sum(kind(r) not in (prescribed, "scaption") for r in other)
            kept = len(own) - len(other)
            unless = kept if len(other) < MISMATCH_SHARE * len(own) else len(own)
            print(
                f"| {subject} | {cut:.3f} ({wrong}/{len(training)}) | {file} | {label.value} "
                f"| {len(own)} | {len(other)} | {truly} | {kept} / {unless} ({truth[file]}) |"
            )
    forward = [r.share for r in reps if kind(r) == "forward" and r.file != MIXED_SET]
    print(f"\nfront raises of other sets: median {statistics.median(forward):.2f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
