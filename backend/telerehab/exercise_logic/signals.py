"""Per-frame candidate signals and their causal smoothing.

Every exercise is counted on several candidate signals at once (the measured angle and its
helpers, in 3D and in the camera's 2D view, and landmark heights, on each side in use). Each
candidate is oriented so that the effort makes it grow; the rep detector then picks the clearest.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from telerehab.enums import Side
from telerehab.exercise_logic.exercises import ExerciseSpec
from telerehab.exercise_logic.kernels import (
    candidate_values,
    jitter_at_reference,
    smooth_frame,
    torso_length,
)

FloatArray = npt.NDArray[np.float64]
IndexArray = npt.NDArray[np.intp]

# Landmark jitter is mostly single-frame spikes (a median removes them) plus fine noise (two
# cascaded exponential averages, about a 1.5 Hz low-pass: reps are slower than that). The median
# spans about this long (five frames at 30 frames/s) and at least three frames: a window counted
# in frames would flatten the top of quick reps on a slow device.
MEDIAN_SPAN_S: Final = 0.15
SMOOTHING_TAU_S: Final = 0.08
# Jitter is tracked as the mean absolute second difference, over a few seconds, as it would be
# at 30 frames/s. Pose jitter has two parts: the pose model's own noise, the same at any frame
# rate, and a wobble whose power falls steeply with frequency, so that its change between frames
# grows about in proportion to the time between them. Read per frame on a slow device, the
# wobble passes for noise so large that whole reps fall below the noise gate (at 10 frames/s,
# three times the jitter at 30). The parts are told apart on the raw values (the median
# correlates neighbouring frames) by the second difference over one frame and over two: the
# growing part doubles, the steady part does not; the growing part is scaled to this interval.
JITTER_INTERVAL_S: Final = 1 / 30
# A raw second difference counts at most this multiple of the recent mean, so that a glitch
# (which the median removes from the signal) does not pass for steady noise.
GLITCH_MULTIPLE: Final = 2.0
GLITCH_SETTLE_FRAMES: Final = 10
# The frame interval is measured, not taken from the frame rate the device declared when the set
# began (a phone that heats up slows down); a longer wait between frames is a gap, not the rate.
LONGEST_FRAME_INTERVAL_S: Final = 0.5
NOISE_TAU_S: Final = 3.0
BODY_SCALE_TAU_S: Final = 5.0
# The least movement that can be a rep at all, whatever the jitter: a joint turning a few
# degrees, or a landmark rising a few hundredths of the torso length.
MIN_SWING_DEG: Final = 5.0
MIN_SWING_BODY_SHARE: Final = 0.03


@dataclass(frozen=True)
class Candidate:
    """One counted signal: which side it belongs to and what it is, for reports and debugging."""

    name: str
    side: Side
    is_measured_angle: bool  # the 3D angle whose range of motion is reported for this side
    # What the signal is read from (an angle's three landmarks, a height's two), whatever the
    # projection: the 3D and 2D forms of one angle are one source, not two witnesses.
    source: str


class CandidateSignals:
    """Computes every candidate of an exercise from one frame, vectorised over candidates."""

    def __init__(self, spec: ExerciseSpec, sides: tuple[Side, ...]) -> None:
        candidates: list[Candidate] = []
        angle_joints: list[tuple[int, int, int]] = []
        angle_dims: list[int] = []
        angle_signs: list[float] = []
        height_pairs: list[tuple[int, int]] = []
        height_signs: list[float] = []
        required: list[tuple[int, ...]] = []
        angle_sign = -1.0 if spec.effort_closes_joint else 1.0

        for side in sides:
            for order, sided in enumerate((spec.joints, *spec.helper_joints)):
                triplet = sided.of(side)
                for dims in (3, 2):
                    is_measured = order == 0 and dims == 3
                    label = "-".join(str(i) for i in triplet)
                    name = f"{side}:angle{dims}d:{label}"
                    candidates.append(Candidate(name, side, is_measured, f"angle:{label}"))
                    angle_joints.append(triplet)
                    angle_dims.append(dims)
                    angle_signs.append(angle_sign)
                    required.append(triplet)
        for side in sides:
            for cue in spec.heights:
                moving, reference = cue.landmarks.of(side)
                pair = f"{moving}-{reference}"
                candidates.append(Candidate(f"{side}:height:{pair}", side, False, f"height:{pair}"))
                height_pairs.append((moving, reference))
                height_signs.append(1.0 if cue.rises_with_effort else -1.0)
                required.append((moving, reference))

        self.candidates: tuple[Candidate, ...] = tuple(candidates)
        self.min_swings: tuple[float, ...] = (MIN_SWING_DEG,) * len(angle_joints) + (
            MIN_SWING_BODY_SHARE,
        ) * len(height_pairs)
        self._angle_joints = np.array(angle_joints, dtype=np.intp).reshape(-1, 3)
        self._angle_dims = np.array(angle_dims, dtype=np.intp)
        self._angle_signs = np.array(angle_signs, dtype=np.float64)
        # +1 or -1 per candidate: multiplying an oriented value by it gives back the raw one.
        self.orientation = np.concatenate([self._angle_signs, np.array(height_signs)])
        self._heights = np.array(height_pairs, dtype=np.intp).reshape(-1, 2)
        self._height_signs = np.array(height_signs, dtype=np.float64)
        width = max(len(r) for r in required)
        # Pad with the first index so one fancy-index reads every candidate's landmarks.
        self._required: IndexArray = np.array(
            [r + (r[0],) * (width - len(r)) for r in required], dtype=np.intp
        )
        self._body_scale: float | None = None

    def __len__(self) -> int:
        return len(self.candidates)

    def body_scale(self) -> float:
        return self._body_scale if self._body_scale is not None else 1.0

    def compute(self, points: FloatArray, visible: npt.NDArray[np.bool_], dt: float) -> FloatArray:
        """Oriented candidate values for one frame; NaN where a landmark is not visible."""
        self._update_body_scale(points, visible, dt)
        values: FloatArray = candidate_values(
            points,
            visible,
            self._angle_joints,
            self._angle_dims,
            self._angle_signs,
            self._heights,
            self._height_signs,
            self._required,
            self.body_scale(),
        )
        return values

    def _update_body_scale(
        self, points: FloatArray, visible: npt.NDArray[np.bool_], dt: float
    ) -> None:
        torso = torso_length(points, visible)
        if not torso > 0.0:  # NaN: the shoulders and hips are not all seen
            return
        if self._body_scale is None:
            self._body_scale = torso
        else:
            self._body_scale += smoothing_weight(dt, BODY_SCALE_TAU_S) * (torso - self._body_scale)


def median_window(interval: float) -> int:
    """The median's frames at ``interval`` seconds a frame: about ``MEDIAN_SPAN_S``, at least
    three, odd (so the median is one frame's value)."""
    frames = max(3, round(MEDIAN_SPAN_S / interval))
    return frames + 1 - frames % 2


def smoothing_weight(dt: float, tau: float) -> float:
    """Weight of a new sample in an exponential average with time constant ``tau`` seconds."""
    return 1.0 - math.exp(-dt / tau)


class SignalSmoother:
    """Causal smoothing and jitter tracking of all candidates at once.

    A candidate that is not visible holds its last value; one that has never been seen stays NaN.
    """

    def __init__(self, size: int, fps: float) -> None:
        self._window = median_window(1.0 / fps)
        self._history = np.full((self._window, size), np.nan)
        self._cursor = 0
        self._stage_one = np.full(size, np.nan)
        self._stage_two = np.full(size, np.nan)
        # The last four frames' despiked and raw values, newest first.
        self._previous = np.full((4, 2, size), np.nan)
        self._last_raw = np.full(size, np.nan)
        # The frame interval, recent and over the session (the declared rate until measured).
        self._interval = 1.0 / fps
        self._intervals_total = 0.0
        self._intervals = 0
        # Mean absolute second differences, recent (a few seconds) and over the whole session:
        # of the despiked values over one frame, and of the raw values over one and two frames.
        self._jitter = np.zeros((3, size))
        self._jitter_samples = np.zeros(size)
        self._jitter_total = np.zeros((3, size))
        self.noise = np.zeros(size)

    def reset(self, which: npt.NDArray[np.bool_]) -> None:
        """Forget the past of candidates that were out of view too long to join up."""
        self._history[:, which] = np.nan
        self._stage_one[which] = np.nan
        self._stage_two[which] = np.nan
        self._previous[..., which] = np.nan
        self._last_raw[which] = np.nan

    def _resize_median(self, window: int) -> None:
        """The median over ``window`` frames from now on (the measured frame rate differs from
        the declared one): the newest frames kept, the oldest repeated to fill a longer one."""
        newest_last = np.roll(self._history, -self._cursor, axis=0)[-window:]
        padding = np.repeat(newest_last[:1], window - len(newest_last), axis=0)
        self._history = np.concatenate([padding, newest_last])
        self._window, self._cursor = window, 0

    def session_noise(self) -> FloatArray:
        """Each candidate's jitter averaged over the whole session (0 before it was seen)."""
        return self._at_reference_interval(
            self._jitter_total / np.maximum(self._jitter_samples, 1.0), self.frame_interval()
        )

    def frame_interval(self) -> float:
        """The mean time between frames over the session, gaps left out (seconds)."""
        return self._intervals_total / self._intervals if self._intervals else self._interval

    def _at_reference_interval(self, jitter: FloatArray, interval: float) -> FloatArray:
        """The despiked jitter as it would be at 30 frames/s. The raw jitter's square splits
        into a steady part and a part that doubles over a doubled interval (so the square over
        two frames is four times as large); that part is scaled to the reference interval, and
        the despiked jitter shrinks by as much as the raw did."""
        per_interval = JITTER_INTERVAL_S / interval
        if per_interval >= 1.0:
            kept: FloatArray = jitter[0].copy()
            return kept
        scaled: FloatArray = jitter_at_reference(jitter, per_interval)
        return scaled

    def update(self, raw: FloatArray, dt: float) -> FloatArray:
        smoothed: FloatArray = smooth_frame(
            raw,
            self._cursor,
            smoothing_weight(dt, SMOOTHING_TAU_S),
            smoothing_weight(dt, NOISE_TAU_S),
            GLITCH_MULTIPLE,
            float(GLITCH_SETTLE_FRAMES),
            self._history,
            self._stage_one,
            self._stage_two,
            self._previous,
            self._last_raw,
            self._jitter,
            self._jitter_samples,
            self._jitter_total,
        )
        self._cursor = (self._cursor + 1) % self._window
        if dt <= LONGEST_FRAME_INTERVAL_S:
            self._intervals += 1
            self._intervals_total += dt
            weight = max(smoothing_weight(dt, NOISE_TAU_S), 1.0 / self._intervals)
            self._interval += weight * (dt - self._interval)
        self.noise = self._at_reference_interval(self._jitter, self._interval)
        window = median_window(self.frame_interval())
        if window != self._window:
            self._resize_median(window)
        return smoothed
