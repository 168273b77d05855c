"""Rep-count accuracy on the shared recordings under the stresses of issue 21.

Usage, from the repository root: ``python bench/stress_accuracy.py ../shared/data/pose
[--files NAME ...] [--family NAME ...]``
Each recording is changed as a camera, a device or a patient would change it (tempo 0.5x to 2x,
pauses between and in the middle of reps, a limb out of view, camera yaw, a mirror, landmark
noise, lower frame rates: ``backend/tests/exercise_synth.py``, ``STRESS_FAMILIES``), counted,
and compared with the human count. Prints each variant's off-by-one accuracy, its mean relative
error and how many recordings it counted at about half (at most 60 % of the truth), then each
family's figures over all its variants, and the share of counts the stress left as they were
(the engine's count of the unchanged recording: a stall of 1-2 s must not lose a rep), with how
many it lowered by one rep or more and by two or more. ``backend/tests/test_exercise_stress.py``
runs the same families on a few recordings.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend" / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
from exercise_synth import STRESS_FAMILIES, RealRecording, Variant
from rep_accuracy import load_recordings

from telerehab.exercise_logic import analyze

HALVED_SHARE = 0.6


def real_recordings(directory: Path, names: list[str] | None = None) -> list[RealRecording]:
    """The manifest's recordings (those named, in that order, when ``names`` is given), each
    with the spans of the reps the engine finds in it unchanged."""
    loaded = {recording.file: recording for recording in load_recordings(directory)}
    chosen = [loaded[name] for name in names] if names else list(loaded.values())
    return [
        RealRecording(
            r.file,
            r.exercise,
            r.truth,
            r.fps,
            r.frames,
            tuple(
                (rep.start_time, rep.end_time) for rep in analyze(r.frames, r.exercise, r.fps).reps
            ),
        )
        for r in chosen
    ]


@dataclass(frozen=True)
class StressResult:
    # (recording, truth, counted, counted unchanged)
    counted: tuple[tuple[str, int, int, int], ...]

    @property
    def off_by_one_accuracy(self) -> float:
        return float(np.mean([abs(c - t) <= 1 for _, t, c, _ in self.counted]))

    @property
    def mean_relative_error(self) -> float:
        return float(np.mean([abs(c - t) / t for _, t, c, _ in self.counted]))

    @property
    def halved(self) -> int:
        return sum(c <= HALVED_SHARE * t for _, t, c, _ in self.counted)

    @property
    def kept_share(self) -> float:
        """The share of counts the stress did not change."""
        return float(np.mean([c == u for _, _, c, u in self.counted]))

    def lost(self, reps: int) -> int:
        """How many counts the stress lowered by ``reps`` or more."""
        return sum(u - c >= reps for _, _, c, u in self.counted)

    def misses(self) -> list[str]:
        return [f"{name} {c} ({t})" for name, t, c, _ in self.counted if abs(c - t) > 1]

    def changed(self) -> list[str]:
        return [f"{name} {c} (unchanged {u})" for name, _, c, u in self.counted if c != u]


def stress(recordings: list[RealRecording], variants: list[Variant]) -> StressResult:
    """Every recording under every variant, counted."""
    counted = []
    for variant in variants:
        for recording in recordings:
            stressed = variant(recording)
            result = analyze(
                stressed.frames, recording.exercise, stressed.fps, timestamps=stressed.times
            )
            unchanged = len(recording.rep_spans_s)
            counted.append((recording.name, recording.truth, len(result.reps), unchanged))
    return StressResult(tuple(counted))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python bench/stress_accuracy.py")
    parser.add_argument("directory", type=Path, metavar="DIR")
    parser.add_argument("--files", nargs="*", metavar="NAME", help="only these recordings")
    parser.add_argument(
        "--family", nargs="*", choices=sorted(STRESS_FAMILIES), help="only these families"
    )
    arguments = parser.parse_args(argv)
    if not (arguments.directory / "manifest.csv").is_file():
        parser.error(f"{arguments.directory} has no manifest.csv")
    recordings = real_recordings(arguments.directory, arguments.files)
    print(f"recordings: {len(recordings)}")
    print("| family | variant | off-by-one | relative error | halved | kept | -1 | -2 | misses |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for family in arguments.family or list(STRESS_FAMILIES):
        results = []
        for name, variant in STRESS_FAMILIES[family].items():
            result = stress(recordings, [variant])
            results.append(result)
            print(
                f"| {family} | {name} | {result.off_by_one_accuracy:.3f} "
                f"| {result.mean_relative_error:.3f} | {result.halved} "
                f"| {result.kept_share:.3f} | {result.lost(1)} | {result.lost(2)} "
                f"| {'; '.join(result.misses())} |",
                flush=True,
            )
        whole = StressResult(tuple(item for result in results for item in result.counted))
        print(
            f"| **{family}** | all | **{whole.off_by_one_accuracy:.3f}** "
            f"| {whole.mean_relative_error:.3f} | {whole.halved} "
            f"| **{whole.kept_share:.3f}** | {whole.lost(1)} | {whole.lost(2)} | |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
