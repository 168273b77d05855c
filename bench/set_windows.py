"""What one stream of landmarks would count as a set, wherever in it the set starts.

Usage, from the repository root:
``python bench/set_windows.py RECORDING.npz --exercise bicep-curl --seconds 17 [--side both]
[--step 0.1] [--every N]``

RECORDING.npz holds what a browser sent over the exercise WebSocket: ``frames``, rows of a
timestamp in seconds and the 33 landmarks' x, y, z and visibility, and ``fps``, the frame rate
the browser declared. Each set of ``--seconds`` is replayed as the live stream feeds it
(``LiveSet``), from a start ``--step`` seconds after the previous one; the report gives how
often each count was saved, and how often the saved count was below what the patient was
shown live. An end-to-end test whose
camera loops a clip starts its set at a random point of the loop, so this says which counts
that test may see. ``--every N`` keeps every Nth frame, as a device N times slower sends them.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))

import numpy as np
import numpy.typing as npt

from telerehab.enums import ExerciseType, Side
from telerehab.exercise_logic import RepCompleted
from telerehab.live.sessions import LiveSet


@dataclass(frozen=True)
class SetCount:
    start_s: float
    shown: int
    saved: int


@dataclass(frozen=True)
class Prescription:
    exercise: ExerciseType
    side: Side | None
    fps: float


def count_set(rows: npt.NDArray[np.float64], prescribed: Prescription) -> SetCount:
    live = LiveSet(prescribed.exercise, prescribed.side, None, None, prescribed.fps)
    shown = sum(isinstance(event, RepCompleted) for event in live.feed(rows))
    _, summary = live.finish()
    return SetCount(float(rows[0, 0]), shown, summary.reps)


def every_start(
    rows: npt.NDArray[np.float64], prescribed: Prescription, seconds: float, step: float
) -> list[SetCount]:
    times = rows[:, 0]
    counts = []
    start = times[0]
    while start + seconds <= times[-1]:
        chosen = rows[(times >= start) & (times <= start + seconds)]
        counts.append(count_set(chosen, prescribed))
        start += step
    return counts


def render(counts: list[SetCount], seconds: float) -> str:
    saved = Counter(count.saved for count in counts)
    lines = [
        f"sets of {seconds:g} s: {len(counts)}",
        "| reps saved | sets |",
        "| ---: | ---: |",
        *(f"| {reps} | {number} |" for reps, number in sorted(saved.items())),
        f"saved below what was shown: {sum(c.saved < c.shown for c in counts)}",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python bench/set_windows.py")
    parser.add_argument("recording", type=Path, metavar="RECORDING.npz")
    parser.add_argument("--exercise", type=ExerciseType, required=True)
    parser.add_argument("--side", type=Side, default=None, help="as prescribed (default: any)")
    parser.add_argument("--seconds", type=float, required=True, help="length of each set")
    parser.add_argument("--step", type=float, default=0.1, help="seconds between set starts")
    parser.add_argument("--every", type=int, default=1, metavar="N", help="keep every Nth frame")
    arguments = parser.parse_args(argv)
    if not arguments.recording.is_file():
        parser.error(f"{arguments.recording} is not a file")
    if not (arguments.seconds > 0 and arguments.step > 0):
        parser.error("--seconds and --step must be positive")
    if arguments.every < 1:
        parser.error("--every must be a whole number of at least 1")
    recording = np.load(arguments.recording)
    rows = recording["frames"].astype(np.float64)[:: arguments.every]
    fps = float(recording["fps"]) / arguments.every
    prescribed = Prescription(arguments.exercise, arguments.side, fps)
    counts = every_start(rows, prescribed, arguments.seconds, arguments.step)
    if not counts:
        parser.error(f"the recording is shorter than one set of {arguments.seconds:g} s")
    print(render(counts, arguments.seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
