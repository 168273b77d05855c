"""Choosing PARTIAL_REP_SHARE (exercise_logic/exercises.py) by leave one subject out.

Usage, from the repository root: ``python bench/partial_rep_threshold.py ../shared/data/pose``
Every rep of the shared recordings (as recorded: people doing their set as well as they could)
is measured: how far short of the set's usual starting angle it began, as a share of the usual
range (``judging.return_shortfall``, over the reps counted before it). For each subject, the
threshold is the 98th percentile of the other subjects' reps, and the share of the subject's own
reps over it is what a new person would see flagged. The shipped value is the folds' median.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
from rep_accuracy import load_recordings, subject_of

from telerehab.exercise_logic import EXERCISES, analyze
from telerehab.exercise_logic.exercises import PARTIAL_REP_SHARE
from telerehab.exercise_logic.judging import return_shortfall

PERCENTILE = 98.0


def shortfalls(directory: Path) -> dict[str, list[float]]:
    """Each file's reps' shortfalls (reps before there are two to compare with are left out)."""
    found: dict[str, list[float]] = {}
    for recording in load_recordings(directory):
        closes = EXERCISES[recording.exercise].effort_closes_joint
        reps = list(analyze(recording.frames, recording.exercise, recording.fps).reps)
        values = [return_shortfall(rep, reps[:index], closes) for index, rep in enumerate(reps)]
        found[recording.file] = [value for value in values if value is not None]
    return found


def main(directory: Path) -> None:
    found = shortfalls(directory)
    subjects = sorted({subject_of(file) for file in found})
    thresholds, held_out_flagged, held_out_reps = [], 0, 0
    print("| left out | threshold | its reps flagged |")
    print("| --- | ---: | ---: |")
    for subject in subjects:
        training = [v for file, vs in found.items() if subject_of(file) != subject for v in vs]
        held = [v for file, vs in found.items() if subject_of(file) == subject for v in vs]
        threshold = float(np.percentile(training, PERCENTILE))
        flagged = sum(value > threshold for value in held)
        thresholds.append(threshold)
        held_out_flagged += flagged
        held_out_reps += len(held)
        print(f"| {subject} | {threshold:.3f} | {flagged} of {len(held)} |")
    every = [v for vs in found.values() for v in vs]
    shipped = sum(value > PARTIAL_REP_SHARE for value in every)
    files = sum(any(v > PARTIAL_REP_SHARE for v in vs) for vs in found.values())
    print(f"\nfolds' median threshold: {statistics.median(thresholds):.3f}")
    print(f"held-out reps flagged: {held_out_flagged} of {held_out_reps}")
    print(
        f"shipped PARTIAL_REP_SHARE {PARTIAL_REP_SHARE}: {shipped} of {len(every)} reps flagged, "
        f"in {files} files"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
