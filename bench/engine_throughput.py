"""Exercise-engine speed: frames per second on one core, batch and streaming.

Usage, from the repository root: ``python bench/engine_throughput.py ../shared/data/pose``
Batch runs each recording through ``analyze``; streaming feeds it frame by frame to an
``ExerciseSession`` as the live WebSocket does (each frame a fresh ``(33, 4)`` list), then again
with world landmarks beside each frame, as a MediaPipe client sends them (the recordings carry
none, so each frame's own x, y, z stand in: the cost is the same). Prints the median of several
runs over all recordings in the manifest.
"""

from __future__ import annotations

import csv
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))

import numpy as np

from telerehab.enums import ExerciseType
from telerehab.exercise_logic import ExerciseSession, analyze

RUNS = 5
Recording = tuple[ExerciseType, np.ndarray]


def load_recordings(directory: Path) -> list[Recording]:
    with (directory / "manifest.csv").open(newline="") as manifest:
        return [
            (
                ExerciseType(row["exercise"].replace("_", "-")),
                np.load(directory / row["file"]),
            )
            for row in csv.DictReader(manifest)
        ]


def batch_fps(recordings: list[Recording]) -> float:
    frames = sum(len(landmarks) for _, landmarks in recordings)
    started = time.perf_counter()
    for exercise, landmarks in recordings:
        analyze(landmarks, exercise)
    return frames / (time.perf_counter() - started)


def streaming_fps(recordings: list[Recording], world: bool = False) -> float:
    as_lists = [(exercise, landmarks.tolist()) for exercise, landmarks in recordings]
    worlds = [
        landmarks[..., :3].astype(np.float64) if world else None for _, landmarks in recordings
    ]
    frames = sum(len(landmarks) for _, landmarks in as_lists)
    started = time.perf_counter()
    for (exercise, landmarks), points in zip(as_lists, worlds, strict=True):
        session = ExerciseSession(exercise, fps=30.0)
        for number, frame in enumerate(landmarks):
            session.feed(frame, number / 30.0, None if points is None else points[number])
        session.finish()
    return frames / (time.perf_counter() - started)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python bench/engine_throughput.py DIR", file=sys.stderr)
        return 2
    recordings = load_recordings(Path(argv[0]))
    frames = sum(len(landmarks) for _, landmarks in recordings)
    batch = [batch_fps(recordings) for _ in range(RUNS)]
    streaming = [streaming_fps(recordings) for _ in range(RUNS)]
    world = [streaming_fps(recordings, world=True) for _ in range(RUNS)]
    print(f"recordings: {len(recordings)}, frames: {frames}, runs: {RUNS}")
    print(f"batch (analyze):          median {statistics.median(batch):,.0f} frames/s")
    print(f"streaming (feed/frame):   median {statistics.median(streaming):,.0f} frames/s")
    print(f"streaming, world too:     median {statistics.median(world):,.0f} frames/s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
