"""Every event and summary the engine gives on the shared recordings, as JSON, to check that a
change meant to be faster changes nothing.

Usage, from the repository root: ``python bench/engine_events.py ../shared/data/pose OUT.json``,
once on the code before the change and once after, then ``cmp`` the two files. Each recording
runs through ``analyze`` at every frame and at every third (a device at 10 frames/s), with two
seconds of frames dropped in mid-set (a stalled device, which the detectors bridge), on the left
side with a target range, and fed frame by frame as lists (the live path). Floats are written
in full (``repr``), so equal files mean bit-identical results.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))

from telerehab.enums import ExerciseType, Side
from telerehab.exercise_logic import ExerciseSession, analyze

STALL_S = 2.0
EVERY = 3


def streamed(landmarks: np.ndarray, exercise: ExerciseType, fps: float) -> dict[str, Any]:
    """The recording fed to a session one ``(33, 4)`` list a frame, as the live stream does."""
    session = ExerciseSession(exercise, fps=fps)
    events = []
    for number, frame in enumerate(landmarks.tolist()):
        events.extend(session.feed(frame, number / fps))
    events.extend(session.finish())
    return {**session.summary().to_dict(), "events": [event.to_dict() for event in events]}


def runs(landmarks: np.ndarray, exercise: ExerciseType, fps: float) -> dict[str, Any]:
    """Each way of running one recording, by name."""
    times = np.arange(len(landmarks)) / fps
    kept = np.ones(len(landmarks), dtype=bool)
    middle = len(landmarks) // 2
    kept[middle : middle + round(STALL_S * fps)] = False
    return {
        "every frame": analyze(landmarks, exercise, fps).to_dict(),
        f"every {EVERY}": analyze(landmarks[::EVERY], exercise, fps / EVERY).to_dict(),
        "stalled": analyze(landmarks[kept], exercise, fps, timestamps=times[kept]).to_dict(),
        "left, target 90": analyze(
            landmarks, exercise, fps, side=Side.LEFT, target_rom_deg=90.0
        ).to_dict(),
        "streamed": streamed(landmarks, exercise, fps),
    }


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python bench/engine_events.py DIR OUT.json", file=sys.stderr)
        return 2
    directory, out = Path(argv[0]), Path(argv[1])
    results: dict[str, Any] = {}
    with (directory / "manifest.csv").open(newline="") as manifest:
        for row in csv.DictReader(manifest):
            exercise = ExerciseType(row["exercise"].replace("_", "-"))
            fps = float(row["fps"] or 30.0)
            results[row["file"]] = runs(np.load(directory / row["file"]), exercise, fps)
    out.write_text(json.dumps(results, indent=1, sort_keys=True, default=str))
    print(f"{len(results)} recordings, {sum(map(len, results.values()))} runs: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
