"""How often each form rule fires on the shared real recordings as they were recorded.

Usage, from the repository root: ``python bench/coaching_flags.py ../shared/data/pose
[--without-depth]``. Prints, per feedback code, the reps flagged out of the reps counted for the
exercises the code applies to, and in how many files; then each file's flags. The shoulder
recordings are also run under the other raise (abduction as flexion and the reverse), where
``wrong_movement`` should fire. ``--without-depth`` sets every landmark's z to 0 first, as a
pose model without depth (MoveNet) sends them.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))

import numpy as np

from telerehab.enums import ExerciseType
from telerehab.exercise_logic import EXERCISES, analyze
from telerehab.exercise_logic.exercises import PARTIAL_REP_CODE, TOO_FAST_CODE

OTHER_RAISE = {
    ExerciseType.SHOULDER_FLEXION: ExerciseType.SHOULDER_ABDUCTION,
    ExerciseType.SHOULDER_ABDUCTION: ExerciseType.SHOULDER_FLEXION,
}


def codes(exercise: ExerciseType) -> list[str]:
    spec = EXERCISES[exercise]
    rules = (rule.code for rule in spec.form_rules)
    return [spec.shallow_rep_code, TOO_FAST_CODE, PARTIAL_REP_CODE, *rules]


def main(directory: Path, without_depth: bool = False) -> None:
    flagged: Counter[str] = Counter()
    reps_seen: Counter[str] = Counter()
    files: defaultdict[str, set[str]] = defaultdict(set)
    swapped: list[str] = []
    with (directory / "manifest.csv").open(newline="") as manifest:
        rows = list(csv.DictReader(manifest))
    for row in rows:
        exercise = ExerciseType(row["exercise"].replace("_", "-"))
        frames = np.load(directory / row["file"])
        if without_depth:
            frames[..., 2] = 0.0
        result = analyze(frames, exercise, 30.0)
        per_file: Counter[str] = Counter()
        for code in codes(exercise):
            reps_seen[code] += len(result.reps)
        for rep in result.reps:
            per_file.update(rep.form_flags)
        for code, count in per_file.items():
            flagged[code] += count
            files[code].add(row["file"])
        print(f"{row['file']:26} {exercise.value:19} {len(result.reps):3} reps  {dict(per_file)}")
        if exercise in OTHER_RAISE:
            other = analyze(frames, OTHER_RAISE[exercise], 30.0)
            wrong = sum("wrong_movement" in rep.form_flags for rep in other.reps)
            swapped.append(
                f"{row['file']:26} as {OTHER_RAISE[exercise].value:19} wrong_movement "
                f"{wrong} of {len(other.reps)}"
            )
    print("\nAs recorded: reps flagged (false alarms, but for the files' real faults)")
    for code in sorted(reps_seen):
        print(
            f"  {code:16} {flagged[code]:4} of {reps_seen[code]:4} "
            f"({100 * flagged[code] / max(reps_seen[code], 1):5.1f} %) in {len(files[code])} files"
        )
    print("\nUnder the other raise (should fire):")
    print("\n".join(swapped))


if __name__ == "__main__":
    main(Path(sys.argv[1]), "--without-depth" in sys.argv[2:])
