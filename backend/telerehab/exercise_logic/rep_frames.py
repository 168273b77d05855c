"""What the session keeps of recent frames to measure a rep once it is over, and how reps found by
different signals are matched."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import compress, pairwise
from statistics import median
from typing import Final

import numpy as np

from telerehab.exercise_logic.counter import Cycle
from telerehab.exercise_logic.events import RepCompleted
from telerehab.exercise_logic.signals import FloatArray

# Two signals' reps that overlap by more than this share of the shorter one are the same rep.
SAME_REP_OVERLAP: Final = 0.5


@dataclass(frozen=True)
class KeptReps:
    """One signal's reps that count, their typical swing, and their typical spacing (in the
    signal's moving time: ``periodicity``)."""

    reps: list[tuple[Cycle, RepCompleted]]
    typical_swing: float
    spacing_s: float


def keep_typical(found: list[tuple[Cycle, RepCompleted]], fraction: float, passes: int) -> KeptReps:
    """The reps of ``found`` whose swing is at least ``fraction`` of the median swing, the
    median taken again ``passes`` times over the reps that passed."""
    # Plain lists: this runs whenever a signal finds a rep, on a few dozen values, where NumPy's
    # median cost some 10 µs a call (issue 23 §1's profile). ``statistics.median`` averages the
    # middle two as NumPy does, so the values are the same.
    swings = [cycle.swing for cycle, _ in found]
    keep = [True] * len(found)
    for _ in range(passes):
        if not any(keep):
            break
        typical = median(compress(swings, keep))
        keep = [swing >= fraction * typical for swing in swings]
    reps = list(compress(found, keep))
    # Spaced on the signal's moving clock (pauses left out) where the reps carry it.
    peaks = [cycle.peak_clock for cycle, _ in reps]
    if not all(map(math.isfinite, peaks)):
        peaks = [cycle.peak_time for cycle, _ in reps]
    return KeptReps(
        reps=reps,
        typical_swing=median(compress(swings, keep)) if any(keep) else 0.0,
        spacing_s=median(b - a for a, b in pairwise(peaks)) if len(peaks) > 1 else math.inf,
    )


class RecentFrames:
    """A ring buffer of per-frame measurements, read back over the span of a finished rep."""

    def __init__(self, capacity: int, columns: int) -> None:
        self._times = np.full(capacity, -math.inf)
        self._values = np.full((capacity, columns), np.nan)
        self._cursor = 0

    def append(self, time: float, values: list[float]) -> None:
        self._times[self._cursor] = time
        self._values[self._cursor] = values
        self._cursor = (self._cursor + 1) % len(self._times)

    def between(self, start: float, end: float) -> FloatArray:
        selected = (self._times >= start) & (self._times <= end)
        return self._values[selected]


def reps_holding(reps: list[tuple[Cycle, RepCompleted]], peaks: FloatArray) -> int:
    """How many of ``reps`` (in time order) have one of the sorted ``peaks`` inside them."""
    if not len(peaks) or not reps:
        return 0
    starts = np.array([cycle.start_time for cycle, _ in reps])
    ends = np.array([cycle.end_time for cycle, _ in reps])
    # The first peak at or after each start lies inside the rep when it is not past its end.
    first = np.searchsorted(peaks, starts)
    inside = first < len(peaks)
    inside[inside] = peaks[first[inside]] <= ends[inside]
    return int(inside.sum())


def overlaps(rep: RepCompleted, cycle: Cycle) -> bool:
    """Whether ``rep`` and ``cycle`` overlap by more than half the shorter of them."""
    overlap = min(rep.end_time, cycle.end_time) - max(rep.start_time, cycle.start_time)
    shorter = min(rep.duration_s, cycle.end_time - cycle.start_time)
    return overlap > SAME_REP_OVERLAP * shorter


def found_by(cycle: Cycle, found: Sequence[Iterable[tuple[Cycle, RepCompleted]]]) -> list[int]:
    """The signals (indices of ``found``, each signal's reps) with a rep overlapping ``cycle``."""
    return [index for index, reps in enumerate(found) if any(overlaps(r, cycle) for _, r in reps)]


def is_same_rep(rep: RepCompleted, cycle: Cycle) -> bool:
    """Whether ``cycle`` is ``rep`` again, or earlier: they overlap by half the shorter one."""
    return cycle.end_time <= rep.end_time or overlaps(rep, cycle)


def angle_range(angles: FloatArray) -> tuple[float, float, float]:
    """Range of motion, largest and smallest angle; zeros when the joint was never seen."""
    seen = angles[np.isfinite(angles)]
    if not len(seen):
        return 0.0, 0.0, 0.0
    high, low = float(seen.max()), float(seen.min())
    return high - low, high, low


def was_unseen(rep: RepCompleted) -> bool:
    """Whether no frame saw ``rep``'s joints (a rep wholly inside a stall): ``angle_range``
    gave zeros."""
    return rep.range_of_motion_deg == rep.peak_angle_deg == rep.min_angle_deg == 0.0


def weigh_by_agreement(
    scores: list[float], reps: list[list[tuple[Cycle, RepCompleted]]]
) -> list[float]:
    """Scale each signal's score by how far the other signals, weighted by their own scores,
    found the same reps (F1 of matched reps), so that a clear signal whose count stands alone
    loses to one the others bear out. ``reps``: each signal's kept reps, in time order."""
    peaks = [np.array([cycle.peak_time for cycle, _ in signal]) for signal in reps]
    weighed = []
    for index, score in enumerate(scores):
        if score <= 0.0:
            weighed.append(score)
            continue
        agreement = weight = 0.0
        for other, other_score in enumerate(scores):
            if other == index or other_score <= 0.0:
                continue
            weight += other_score
            agreement += other_score * matched_share(
                reps[index], reps[other], (peaks[index], peaks[other])
            )
        weighed.append(score * (agreement / weight if weight > 0 else 1.0))
    return weighed


def matched_share(
    first: list[tuple[Cycle, RepCompleted]],
    second: list[tuple[Cycle, RepCompleted]],
    peaks: tuple[FloatArray, FloatArray] | None = None,
) -> float:
    """F1 of two signals' reps (each in time order): a rep matches when the other's peak is
    inside it. ``peaks``: the two lists' peak times, when already at hand. 0 if either is empty."""
    if not first or not second:
        return 0.0
    first_peaks, second_peaks = peaks or (
        np.array([cycle.peak_time for cycle, _ in first]),
        np.array([cycle.peak_time for cycle, _ in second]),
    )
    precision = reps_holding(first, second_peaks) / len(first)
    recall = reps_holding(second, first_peaks) / len(second)
    matched = precision + recall
    return 2 * precision * recall / matched if matched else 0.0
