"""Rep-count accuracy of the exercise engine on recordings with human-counted reps.

Usage, from the repository root: ``python bench/rep_accuracy.py ../shared/data/pose [--every N]``
``--every N`` keeps every Nth frame, as a device whose pose model reaches 1/N of the
recording's frame rate would send them (``--every 3``: 10 frames/s). DIR must hold
``manifest.csv`` (columns file, exercise, reps, source, fps, notes; a blank fps means 30) and
the ``.npy`` files it names.
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))

import numpy as np

from telerehab.enums import ExerciseType
from telerehab.exercise_logic import analyze

DEFAULT_FPS = 30.0


@dataclass(frozen=True)
class FileResult:
    file: str
    exercise: ExerciseType
    truth: int
    counted: int

    @property
    def error(self) -> int:
        return self.counted - self.truth


@dataclass(frozen=True)
class AccuracyReport:
    files: tuple[FileResult, ...]

    @property
    def mean_absolute_error(self) -> float:
        return float(np.mean([abs(result.error) for result in self.files]))

    @property
    def mean_relative_error(self) -> float:
        return float(np.mean([abs(result.error) / result.truth for result in self.files]))

    @property
    def off_by_one_accuracy(self) -> float:
        return float(np.mean([abs(result.error) <= 1 for result in self.files]))


def exercise_from_name(name: str) -> ExerciseType:
    return ExerciseType(name.strip().replace("_", "-"))


def measure_accuracy(directory: Path, every: int = 1) -> AccuracyReport:
    """Count every recording listed in ``directory/manifest.csv`` and compare with the truth,
    keeping every ``every``-th frame of each."""
    results = []
    with (directory / "manifest.csv").open(newline="") as manifest:
        for row in csv.DictReader(manifest):
            exercise = exercise_from_name(row["exercise"])
            fps = float(row["fps"]) if row.get("fps", "").strip() else DEFAULT_FPS
            frames = np.load(directory / row["file"])[::every]
            counted = len(analyze(frames, exercise, fps / every).reps)
            results.append(FileResult(row["file"], exercise, int(row["reps"]), counted))
    return AccuracyReport(tuple(results))


def render(report: AccuracyReport) -> str:
    lines = [
        "| file | exercise | truth | counted | error |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for result in report.files:
        lines.append(
            f"| {result.file} | {result.exercise} | {result.truth} | {result.counted} "
            f"| {result.error:+d} |"
        )
    lines += [
        "",
        f"files: {len(report.files)}",
        f"off-by-one accuracy: {report.off_by_one_accuracy:.3f}",
        f"mean absolute error: {report.mean_absolute_error:.3f} reps",
        f"mean relative error: {report.mean_relative_error:.3f}",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python bench/rep_accuracy.py")
    parser.add_argument("directory", type=Path, metavar="DIR")
    parser.add_argument(
        "--every", type=int, default=1, metavar="N", help="keep every Nth frame (default: all)"
    )
    arguments = parser.parse_args(argv)
    if arguments.every < 1:
        parser.error("--every must be a whole number of at least 1")
    if not (arguments.directory / "manifest.csv").is_file():
        parser.error(f"{arguments.directory} has no manifest.csv")
    print(render(measure_accuracy(arguments.directory, arguments.every)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
