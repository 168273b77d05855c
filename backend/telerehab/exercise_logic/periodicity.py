"""How well each candidate signal repeats itself at a given rep period, over the whole session.

Reps repeat; fidgets, glitches and a still limb's jitter do not. The normalised autocorrelation
of a candidate's smoothed signal at the spacing of the reps its detector found is a scale-free
score from 0 (no repetition) to 1 (a perfect repeat), so signals in degrees and in body lengths,
on either side, compete fairly. Evaluating it at the detector's own rep spacing (rather than at
whatever lag scores best) also checks that what was counted is what repeats: a slow drift
correlates well at short lags, a held posture at every lag, and neither at the spacing of reps.

Each lag's sum is divided by the number of frames seen, not by the pairs that lag has (the usual
"biased" estimate): a lag that pairs only part of the session scores only that part. Otherwise two
reps far apart in a short set, a resting arm shifting twice, look like a perfect repeat (the
unbiased estimate at a long lag rests on a few pairs and can even exceed 1), and such a signal
could take the count from the arm doing the reps.

Held stretches are left out: a frame in which a candidate moves slower than its reps' swing in
``MAX_PERIOD_S`` (slower than the slowest rep scored) does not advance that candidate's clock, and
lags are counted on that *moving* clock. A patient who pauses between reps, or holds the top of a
rep, makes the spacing of reps irregular in seconds but not in moving time, so the signals that
count right keep their score (issue 21: with pauses, a signal counting two bumps a squat, regular
within each squat, had taken the lead). Before a candidate has counted reps nothing is held.

The sums behind the autocorrelation are accumulated frame by frame for every lag up to
``MAX_PERIOD_S``, so the score covers the whole session at a constant cost per frame.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from statistics import median
from typing import Final

import numpy as np
import numpy.typing as npt

from telerehab.exercise_logic.kernels import autocorrelation_push, autocorrelation_score

FloatArray = npt.NDArray[np.float64]

# The slowest rep period scored (a slow squat held at the bottom takes several seconds).
MAX_PERIOD_S: Final = 12.0
# A rep spacing is matched within this share, since reps are never evenly paced.
PERIOD_TOLERANCE: Final = 0.2


class AutocorrelationTracker:
    """Running autocovariance sums of every candidate at every lag up to ``MAX_PERIOD_S``."""

    def __init__(self, size: int, fps: float) -> None:
        self._fps = fps
        self._lags = max(2, math.ceil(MAX_PERIOD_S * fps) + 1)
        # Per candidate (one row each), its last ``lags`` values, written twice (``lags`` apart)
        # so that every lag reads back from the candidate's cursor without wrapping around. A
        # held frame does not advance its candidate's cursor.
        self._values = np.zeros((size, 2 * self._lags))
        self._seen = np.zeros((size, 2 * self._lags))
        self._cursor = np.zeros(size, dtype=np.int64)
        self._no_swings = np.zeros(size)
        self._last = np.full(size, np.nan)
        # Each candidate's moving time (seconds): the time of the frames it was not held in.
        self.clock = np.zeros(size)
        # Per candidate and lag, over all pairs of frames ``lag`` apart where both were seen:
        # the count, the sums of the later and of the earlier value, and the sum of products.
        self._pairs = np.zeros((size, self._lags))
        self._later = np.zeros((size, self._lags))
        self._earlier = np.zeros((size, self._lags))
        self._products = np.zeros((size, self._lags))

    def push(self, values: FloatArray, dt: float = 0.0, swings: FloatArray | None = None) -> None:
        """Add one frame of smoothed values (NaN where a candidate has no value), ``dt`` seconds
        after the last; ``swings``: each candidate's typical rep swing (0 before it has reps),
        which tells a held frame from a moving one."""
        autocorrelation_push(
            values,
            dt,
            swings if swings is not None else self._no_swings,
            swings is not None,
            MAX_PERIOD_S,
            self._values,
            self._seen,
            self._cursor,
            self._lags,
            self._last,
            self.clock,
            self._pairs,
            self._later,
            self._earlier,
            self._products,
        )

    def pass_stall(self, duration_s: float, interval_s: float) -> float:
        """No frames came for ``duration_s`` (a device stalled): push the frames it would have
        sent every ``interval_s`` as unseen, so that after the stall each lag still pairs frames
        that far apart in time and no pair spans the stall. Returns the time left between the
        last of them and the frame after the stall, to push that frame with.

        Without them, a lag paired the frames after the stall with frames a stall's length
        further back than the lag: out of phase with the reps by as much, so each signal's score
        rose or fell by chance with the phase of its own swing, and which signal led the count
        could change with a stall (issue 21 §5). A stall is no evidence of which signal counts
        best; unseen, it costs every signal the same pairs. The moving clock runs through it, as
        through a limb out of view: the person did not hold still because the device stalled."""
        # No interval measured yet (timestamps that never moved): no frames to stand in for.
        missed = max(0, round(duration_s / interval_s) - 1) if interval_s > 0 else 0
        if not missed:
            return duration_s
        # Past the longest lag nothing pairs any more: no need to push more frames than that.
        pushed = min(missed, self._lags)
        unseen = np.full(len(self.clock), np.nan)
        for _ in range(pushed):
            self.push(unseen, missed * interval_s / pushed)
        return duration_s - missed * interval_s

    def score(self, candidate: int, period_s: float, fps: float | None = None) -> float:
        """The best normalised autocorrelation of ``candidate`` within the tolerance of
        ``period_s``, at ``fps`` frames a second (default: the rate it was built for); 0 when
        the period is out of range or the signal never varied. A perfect repeat scores the
        share of the session the lag leaves paired: 0.9 at a 2 s period over 20 s."""
        if not math.isfinite(period_s) or period_s <= 0:
            return 0.0
        fps = fps or self._fps
        low = max(1, math.floor(period_s * (1 - PERIOD_TOLERANCE) * fps))
        high = min(self._lags - 1, math.ceil(period_s * (1 + PERIOD_TOLERANCE) * fps))
        if low > high:
            return 0.0
        score: float = autocorrelation_score(
            candidate, low, high, self._pairs, self._later, self._earlier, self._products
        )
        return score


def steady_period(tops: Sequence[float], tolerance: float) -> float | None:
    """The median spacing of reps peaking at ``tops`` (two or more, in time order) when each
    spacing lies within ``tolerance`` of it (a set keeping its rhythm), else None."""
    spacings = [later - earlier for earlier, later in itertools.pairwise(tops)]
    if not spacings:
        return None
    period = median(spacings)
    if max(abs(spacing - period) for spacing in spacings) > tolerance * period:
        return None
    return period
