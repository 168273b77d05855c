"""Reps while a limb is out of view: where each signal went unseen, and the reps a signal of the
body's other side found meanwhile.

Only the leading signal's reps count. When its limb drops out of the picture, its reps there are
lost, even where the other side saw them (issue 21: a limb out of view for 0.5-2 s every 4 s lost
up to a third of a set). The most trusted signal of the other side (the *twin*) carries the count
for the gap: its reps that overlap a stretch in which the leader was unseen, and no rep of the
leader, count too; a leader rep that went through a gap and holds several of the twin's reps (the
leader ran them together across the gap) counts as those. Reps on the two sides of one body
overlap in time, so a rep both sides found counts once. The twin carries only when the two sides
move in step: where the leader was seen, most of their reps are the same reps (F1 of matched reps
above one half). One arm raised, or arms raised in turn, leave the other side's reps unmatched,
and nothing is carried.
"""

from __future__ import annotations

import math
from collections import deque
from typing import Final

import numpy as np
import numpy.typing as npt

from telerehab.exercise_logic.counter import Cycle
from telerehab.exercise_logic.events import RepCompleted
from telerehab.exercise_logic.rep_frames import matched_share

Reps = list[tuple[Cycle, RepCompleted]]
Mask = npt.NDArray[np.bool_]
Times = npt.NDArray[np.float64]

# Gaps remembered per signal (each a stretch out of view); older ones are forgotten.
MAX_REMEMBERED_GAPS: Final = 4096
# The two sides move in step when more than this share of their reps match (a majority).
IN_STEP_SHARE: Final = 0.5


class ViewGaps:
    """The stretches each signal was out of view, over the session."""

    def __init__(self, size: int) -> None:
        self._gaps: list[deque[tuple[float, float]]] = [
            deque(maxlen=MAX_REMEMBERED_GAPS) for _ in range(size)
        ]
        self._seen = np.zeros(size, dtype=bool)
        self._since = np.full(size, math.nan)  # when an open gap began (last seen)
        self.version = 0  # changes whenever a gap opens or closes

    def track(self, seen: Mask, time: float, last_seen: Times) -> list[int]:
        """Follow one frame's ``seen`` mask at ``time``; ``last_seen``: each signal's last
        time seen before this frame. Returns the signals seen again after a gap."""
        changed = seen != self._seen
        if not changed.any():
            return []
        returned = []
        for index in np.flatnonzero(changed).tolist():
            if not seen[index]:
                self._since[index] = last_seen[index]
            elif not math.isnan(self._since[index]):
                self._gaps[index].append((float(self._since[index]), time))
                self._since[index] = math.nan
                returned.append(index)
        self._seen = seen.copy()
        self.version += 1
        return returned

    def spans(self, index: int, now: float) -> tuple[Times, Times]:
        """Starts and ends of signal ``index``'s gaps, in time order (an open one ends at
        ``now``)."""
        gaps = list(self._gaps[index])
        if not math.isnan(self._since[index]):
            gaps.append((float(self._since[index]), now))
        if not gaps:
            return np.empty(0), np.empty(0)
        starts, ends = np.array(gaps).T
        return starts, ends


def touching(reps: Reps, starts: Times, ends: Times) -> list[bool]:
    """For each rep, whether it overlaps one of the sorted, disjoint spans ``starts``-``ends``."""
    if not reps or not len(starts):
        return [False] * len(reps)
    rep_starts = np.array([cycle.start_time for cycle, _ in reps])
    rep_ends = np.array([cycle.end_time for cycle, _ in reps])
    last = np.searchsorted(starts, rep_ends) - 1  # the last span starting before the rep ends
    found = last >= 0
    found[found] = ends[last[found]] > rep_starts[found]
    overlapping: list[bool] = found.tolist()
    return overlapping


def carried(leader: Reps, twin: Reps, gaps: tuple[Times, Times]) -> Reps:
    """``leader``'s reps with ``twin``'s where the leader was out of view (``gaps``: starts and
    ends), in time order, when the two move in step: a twin rep overlapping a gap and no rep of
    the leader counts too, and a leader rep that went through a gap is replaced by the twin's
    reps peaking inside it when those are more than one (the leader's ran several together)."""
    starts, ends = gaps
    twin_in_gap = touching(twin, starts, ends)
    if not any(twin_in_gap):
        return leader
    leader_in_gap = touching(leader, starts, ends)
    both_seen = matched_share(
        [rep for rep, hidden in zip(leader, leader_in_gap, strict=True) if not hidden],
        [rep for rep, hidden in zip(twin, twin_in_gap, strict=True) if not hidden],
    )
    if both_seen <= IN_STEP_SHARE:
        return leader
    spans = (
        np.array([cycle.start_time for cycle, _ in leader]),
        np.array([cycle.end_time for cycle, _ in leader]),
    )
    counted = [
        rep
        for rep, hidden, overlapping in zip(twin, twin_in_gap, touching(twin, *spans), strict=True)
        if hidden and not overlapping
    ]
    twin_peaks = np.array([cycle.peak_time for cycle, _ in twin])
    for rep, hidden in zip(leader, leader_in_gap, strict=True):
        inside = (twin_peaks >= rep[0].start_time) & (twin_peaks <= rep[0].end_time)
        if hidden and inside.sum() > 1:
            counted += [twin[index] for index in np.flatnonzero(inside)]
        else:
            counted.append(rep)
    if len(counted) == len(leader):
        return leader
    return sorted(counted, key=lambda item: item[0].end_time)
