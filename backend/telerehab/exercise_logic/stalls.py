"""A device stalling in mid-set: stretches with no frames at all (issue 21 §5), kept so that the
choice of the leading signal at the end of a set weighs what frames saw.

Across a stall each signal's detector judges on its own what went by unseen (``counter``'s
``_bridge``, ``_split`` and ``_in_rhythm``): one bridges a rep that another loses, or splits one
that another keeps whole. So how far the signals bear each other out
(``rep_frames.weigh_by_agreement``) is read, for choosing the leader, on the reps no stall
touches, as the other side's carrying (``gaps``) is read where the leader was seen: a stall is no
evidence of which signal counts best. The agreement over the whole set, the reps across a stall
included, still says how far the count is borne out (``confidence``).
"""

from __future__ import annotations

from collections import deque

import numpy as np

from telerehab.exercise_logic.gaps import MAX_REMEMBERED_GAPS, Reps, touching
from telerehab.exercise_logic.rep_frames import weigh_by_agreement


class Stalls:
    """The stretches of a session without frames."""

    def __init__(self) -> None:
        self._spans: deque[tuple[float, float]] = deque(maxlen=MAX_REMEMBERED_GAPS)

    def note(self, last_frame: float, resumed: float) -> None:
        """No frames came between ``last_frame`` and ``resumed`` (in time order)."""
        self._spans.append((last_frame, resumed))

    def weigh(self, scores: list[float], reps: list[Reps]) -> tuple[list[float], list[float]]:
        """``scores`` weighed by agreement (``weigh_by_agreement``; ``reps``: each signal's
        kept reps, in time order) on the reps no stall touches, to choose the leader by; and on
        all of them, the count's support. The same twice when nothing stalled."""
        everywhere = weigh_by_agreement(scores, reps)
        if not self._spans:
            return everywhere, everywhere
        starts = np.array([start for start, _ in self._spans])
        ends = np.array([end for _, end in self._spans])
        seen = [
            [
                rep
                for rep, hidden in zip(signal, touching(signal, starts, ends), strict=True)
                if not hidden
            ]
            for signal in reps
        ]
        return weigh_by_agreement(scores, seen), everywhere
