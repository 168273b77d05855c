"""Rep-count accuracy of the exercise engine on recordings with human-counted reps.

Usage, from the repository root: ``python bench/rep_accuracy.py ../shared/data/pose [--every N]
[--loso]``
``--every N`` keeps every Nth frame, as a device whose pose model reaches 1/N of the
recording's frame rate would send them (``--every 3``: 10 frames/s). DIR must hold
``manifest.csv`` (columns file, exercise, reps, source, fps, notes; a blank fps means 30) and
the ``.npy`` files it names.

``--loso`` estimates how the engine does on people it was not tuned on: leave one subject out.
The recordings are grouped by the person their name points to (RepCount's ``stuN_``, UI-PRMD's
``_sNN``; any other file is its own group). For each group, the engine's tuned constants
(``TUNABLES``) are chosen on the other groups: each one's alternatives are tried alone, then the
best of each together, and a change is kept only when it strictly lowers the misses (files off
by more than one rep), then the relative error, on those groups; the left-out group is then
counted with the chosen values. Every setting's count of every file is cached, so the folds
share their work: about 20 runs over the recordings in all.
"""

from __future__ import annotations

import argparse
import csv
import math
import re
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))

import numpy as np

from telerehab.enums import ExerciseType
from telerehab.exercise_logic import analyze, counter, exercises, session, signals

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


@dataclass(frozen=True)
class Recording:
    file: str
    exercise: ExerciseType
    truth: int
    fps: float
    frames: np.ndarray


def exercise_from_name(name: str) -> ExerciseType:
    return ExerciseType(name.strip().replace("_", "-"))


def load_recordings(directory: Path, every: int = 1) -> list[Recording]:
    """Every recording listed in ``directory/manifest.csv``, keeping every ``every``-th frame."""
    recordings = []
    with (directory / "manifest.csv").open(newline="") as manifest:
        for row in csv.DictReader(manifest):
            fps = float(row["fps"]) if row.get("fps", "").strip() else DEFAULT_FPS
            recordings.append(
                Recording(
                    row["file"],
                    exercise_from_name(row["exercise"]),
                    int(row["reps"]),
                    fps / every,
                    np.load(directory / row["file"])[::every],
                )
            )
    return recordings


def count(recording: Recording) -> int:
    return len(analyze(recording.frames, recording.exercise, recording.fps).reps)


def measure_accuracy(directory: Path, every: int = 1) -> AccuracyReport:
    """Count every recording listed in ``directory/manifest.csv`` and compare with the truth,
    keeping every ``every``-th frame of each."""
    return AccuracyReport(
        tuple(
            FileResult(recording.file, recording.exercise, recording.truth, count(recording))
            for recording in load_recordings(directory, every)
        )
    )


# -- leave one subject out ---------------------------------------------------------------------


@dataclass(frozen=True)
class Tunable:
    """One constant of the engine the search may change, and the values it tries beside the
    shipped one. ``module`` None means the exercises' ``min_rep_duration_s`` (one value for all)."""

    name: str
    module: ModuleType | None
    alternatives: tuple[float, ...]

    def shipped(self) -> float:
        if self.module is None:
            return min(spec.min_rep_duration_s for spec in exercises.EXERCISES.values())
        return float(getattr(self.module, self.name))


# The constants that decide what counts as a rep. The others (see docs/benchmarks.md) change
# nothing on these recordings within any sensible range, or only shape reports (confidence,
# the side reported, feedback intervals).
TUNABLES: tuple[Tunable, ...] = (
    Tunable("KEEP_FRACTION", session, (0.45, 0.75)),
    Tunable("ENTRY_FRACTION", counter, (0.25, 0.45)),
    Tunable("RETURN_FRACTION", counter, (0.45, 0.75)),
    Tunable("SHORTEST_REP_SHARE", counter, (0.3, 0.7)),
    Tunable("NOISE_MULTIPLE", counter, (4.0, 8.0)),
    Tunable("GATE_CAP_SHARE", counter, (0.4, math.inf)),  # inf: no ceiling (before 2026-12-04)
    Tunable("SMOOTHING_TAU_S", signals, (0.05, 0.12)),
    Tunable("MEDIAN_SPAN_S", signals, (0.1, 0.25)),
    Tunable("min_rep_duration_s", None, (0.3, 0.8)),
)

Setting = tuple[tuple[str, float], ...]  # (name, value) for the tunables that differ from shipped


@contextmanager
def tuned(setting: Setting) -> Iterator[None]:
    """Run the engine with ``setting``'s constants in place of the shipped ones."""
    by_name = {tunable.name: tunable for tunable in TUNABLES}
    saved_specs = dict(exercises.EXERCISES)
    saved: list[tuple[ModuleType, str, object]] = []
    try:
        for name, value in setting:
            module = by_name[name].module
            if module is None:
                for exercise, spec in saved_specs.items():
                    exercises.EXERCISES[exercise] = replace(spec, min_rep_duration_s=value)
            else:
                saved.append((module, name, getattr(module, name)))
                setattr(module, name, value)
        yield
    finally:
        for module, name, value in reversed(saved):
            setattr(module, name, value)
        exercises.EXERCISES.update(saved_specs)


class CountCache:
    """Each setting's count of each recording, computed once."""

    def __init__(self, recordings: list[Recording]) -> None:
        self.recordings = recordings
        self._counts: dict[Setting, dict[str, int]] = {}

    def counts(self, setting: Setting, files: set[str]) -> dict[str, int]:
        known = self._counts.setdefault(setting, {})
        missing = [r for r in self.recordings if r.file in files and r.file not in known]
        if missing:
            print(f"counting with {dict(setting) or 'the shipped constants'}", file=sys.stderr)
            with tuned(setting):
                for recording in missing:
                    known[recording.file] = count(recording)
        return {file: known[file] for file in files}

    @property
    def settings_tried(self) -> int:
        return len(self._counts)


def subject_of(file: str) -> str:
    """The person a recording's name points to; a file that names none is its own group."""
    repcount = re.match(r"repcount_(stu\d+)_", file)
    if repcount:
        return f"repcount_{repcount.group(1)}"
    uiprmd = re.match(r"uiprmd_m\d+_(s\d+)", file)
    if uiprmd:
        return f"uiprmd_{uiprmd.group(1)}"
    return Path(file).stem


def _loss(counts: Mapping[str, int], truths: Mapping[str, int]) -> tuple[int, float]:
    """Files missed by more than one rep, then the summed relative error: lower is better."""
    misses = sum(abs(counts[file] - truth) > 1 for file, truth in truths.items())
    relative = sum(abs(counts[file] - truth) / truth for file, truth in truths.items())
    return misses, round(relative, 9)


def choose_setting(cache: CountCache, training: set[str]) -> Setting:
    """The constants that count ``training`` best: each tunable's best value tried alone (one
    change from the shipped constants), then all those best values together; a change is kept
    only when it strictly lowers the loss, so the shipped constants stand unless beaten."""
    truths = {r.file: r.truth for r in cache.recordings if r.file in training}

    def loss(setting: Setting) -> tuple[int, float]:
        return _loss(cache.counts(setting, training), truths)

    shipped_loss = loss(())
    best: Setting = ()
    best_loss = shipped_loss
    combined: list[tuple[str, float]] = []
    for tunable in TUNABLES:
        shipped = tunable.shipped()
        tries = [((tunable.name, v),) for v in tunable.alternatives if v != shipped]
        if not tries:
            continue
        own_best = min(tries, key=loss)
        if loss(own_best) < shipped_loss:
            combined += own_best
            if loss(own_best) < best_loss:
                best, best_loss = own_best, loss(own_best)
    together = tuple(sorted(combined))
    if len(together) > 1 and loss(together) < best_loss:
        best = together
    return best


@dataclass(frozen=True)
class Fold:
    subject: str
    setting: Setting
    results: tuple[FileResult, ...]


def leave_one_subject_out(recordings: list[Recording]) -> tuple[AccuracyReport, list[Fold]]:
    """The shipped constants' report on every file, and each subject's fold."""
    cache = CountCache(recordings)
    everything = {r.file for r in recordings}
    in_sample = cache.counts((), everything)
    subjects = sorted({subject_of(r.file) for r in recordings})
    folds = []
    for subject in subjects:
        held_out = {r.file for r in recordings if subject_of(r.file) == subject}
        setting = choose_setting(cache, everything - held_out)
        counted = cache.counts(setting, held_out)
        results = tuple(
            FileResult(r.file, r.exercise, r.truth, counted[r.file])
            for r in recordings
            if r.file in held_out
        )
        folds.append(Fold(subject, setting, results))
    shipped = AccuracyReport(
        tuple(FileResult(r.file, r.exercise, r.truth, in_sample[r.file]) for r in recordings)
    )
    print(f"settings tried: {cache.settings_tried}", file=sys.stderr)
    return shipped, folds


def render_loso(shipped: AccuracyReport, folds: list[Fold]) -> str:
    loso = AccuracyReport(tuple(result for fold in folds for result in fold.results))
    lines = [
        "| exercise | files | off-by-one in-sample | off-by-one LOSO "
        "| relative error in-sample | relative error LOSO |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    groups = sorted({result.exercise for result in shipped.files}, key=str)
    for exercise in [*groups, None]:
        within = AccuracyReport(
            tuple(r for r in shipped.files if exercise is None or r.exercise is exercise)
        )
        held = AccuracyReport(
            tuple(r for r in loso.files if exercise is None or r.exercise is exercise)
        )
        name = "**all**" if exercise is None else str(exercise)
        lines.append(
            f"| {name} | {len(within.files)} | {within.off_by_one_accuracy:.3f} "
            f"| {held.off_by_one_accuracy:.3f} | {within.mean_relative_error:.3f} "
            f"| {held.mean_relative_error:.3f} |"
        )
    lines += ["", "| left out | constants chosen on the others | counted (truth) |"]
    lines.append("| --- | --- | --- |")
    for fold in folds:
        setting = ", ".join(f"{name}={value:g}" for name, value in fold.setting) or "shipped"
        counted = ", ".join(f"{r.counted} ({r.truth})" for r in fold.results)
        lines.append(f"| {fold.subject} | {setting} | {counted} |")
    return "\n".join(lines)


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
    parser.add_argument(
        "--loso",
        action="store_true",
        help="leave one subject out: tune the engine's constants on the others, score the one",
    )
    arguments = parser.parse_args(argv)
    if arguments.every < 1:
        parser.error("--every must be a whole number of at least 1")
    if not (arguments.directory / "manifest.csv").is_file():
        parser.error(f"{arguments.directory} has no manifest.csv")
    if arguments.loso:
        recordings = load_recordings(arguments.directory, arguments.every)
        print(render_loso(*leave_one_subject_out(recordings)))
        return 0
    print(render(measure_accuracy(arguments.directory, arguments.every)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
