"""The engine's per-frame arithmetic over candidates, compiled with Numba.

A frame touches a dozen candidate signals, so NumPy's cost per call (a microsecond or two, some
forty calls a frame) was most of the engine's time (issue 23 §1's profile, docs/benchmarks.md);
these loops do the same arithmetic in the same order, one pass over the candidates. Each is
compiled for its one signature when this module is imported, never in the middle of a live
stream, and cached beside the module (``cache=True``): only the first process on a machine pays
for compiling.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, TypeVar, cast

import numpy as np
import numpy.typing as npt
from numba import njit

F = TypeVar("F", bound=Callable[..., Any])
FloatArray = npt.NDArray[np.float64]
IndexArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]


def _compiled(signature: str) -> Callable[[F], F]:
    """Compile for ``signature`` now (at import), cached on disk; a division by zero gives
    inf or NaN as in NumPy, not an exception."""
    return cast(Callable[[F], F], njit(signature, cache=True, error_model="numpy"))


@_compiled("float64(float64[:, :], int64, float64[:])")
def _median_of_column(history: FloatArray, column: int, scratch: FloatArray) -> float:
    """The middle value of one column of an odd-length window; NaN if any value is NaN."""
    size = history.shape[0]
    for row in range(size):
        value = history[row, column]
        if math.isnan(value):
            return math.nan
        # Insertion sort: the window holds a handful of frames.
        at = row
        while at > 0 and scratch[at - 1] > value:
            scratch[at] = scratch[at - 1]
            at -= 1
        scratch[at] = value
    return float(scratch[size // 2])


@_compiled(
    "float64[:](float64[:], int64, float64, float64, float64, float64, "
    "float64[:, :], float64[:], float64[:], float64[:, :, :], float64[:], "
    "float64[:, :], float64[:], float64[:, :])"
)
def smooth_frame(
    raw: FloatArray,
    cursor: int,
    weight: float,
    noise_weight: float,
    glitch_multiple: float,
    glitch_settle_frames: float,
    history: FloatArray,
    stage_one: FloatArray,
    stage_two: FloatArray,
    previous: FloatArray,
    last_raw: FloatArray,
    jitter: FloatArray,
    jitter_samples: FloatArray,
    jitter_total: FloatArray,
) -> FloatArray:
    """One frame of ``SignalSmoother.update``: despike, smooth and track jitter, in place.

    ``raw`` holds each candidate's value (NaN: not seen); ``cursor`` is the history row this
    frame overwrites. Returns the smoothed values (a new array).
    """
    window = history.shape[0]
    scratch = np.empty(window)
    smoothed = np.empty(raw.shape[0])
    for c in range(raw.shape[0]):
        seen = not math.isnan(raw[c])
        held = raw[c] if seen else last_raw[c]
        last_raw[c] = held
        first_seen = seen and math.isnan(stage_one[c])
        if first_seen:  # seen for the first time, or again after a reset: start from itself
            for row in range(window):
                history[row, c] = held
        history[cursor, c] = held
        despiked = _median_of_column(history, c, scratch)

        if first_seen:
            stage_one[c] = despiked
            stage_two[c] = despiked
        else:
            stage_one[c] = stage_one[c] + weight * (despiked - stage_one[c])
            stage_two[c] = stage_two[c] + weight * (stage_one[c] - stage_two[c])
        smoothed[c] = stage_two[c]

        # Second differences: of the despiked values over one frame, of the raw over one and two.
        one_despiked = abs(despiked - 2 * previous[0, 0, c] + previous[1, 0, c])
        one_raw = abs(held - 2 * previous[0, 1, c] + previous[1, 1, c])
        two_raw = abs(held - 2 * previous[1, 1, c] + previous[3, 1, c])
        known = seen and not (
            math.isnan(one_despiked) or math.isnan(one_raw) or math.isnan(two_raw)
        )
        if jitter_samples[c] >= glitch_settle_frames:  # a glitch does not pass for noise
            one_raw = min(one_raw, glitch_multiple * jitter[1, c])
            two_raw = min(two_raw, glitch_multiple * jitter[2, c])
        if known:
            jitter_samples[c] += 1.0
            jitter_total[0, c] += one_despiked
            jitter_total[1, c] += one_raw
            jitter_total[2, c] += two_raw
            # A plain mean until the average has seen a few time constants.
            step = max(noise_weight, 1.0 / max(jitter_samples[c], 1.0))
            jitter[0, c] = jitter[0, c] + step * (one_despiked - jitter[0, c])
            jitter[1, c] = jitter[1, c] + step * (one_raw - jitter[1, c])
            jitter[2, c] = jitter[2, c] + step * (two_raw - jitter[2, c])
        if seen:
            for back in range(3, 0, -1):
                previous[back, 0, c] = previous[back - 1, 0, c]
                previous[back, 1, c] = previous[back - 1, 1, c]
            previous[0, 0, c] = despiked
            previous[0, 1, c] = held
    return smoothed


@_compiled("float64[:](float64[:, :], float64)")
def jitter_at_reference(jitter: FloatArray, per_interval: float) -> FloatArray:
    """``SignalSmoother._at_reference_interval``'s scaling, for ``per_interval`` < 1."""
    size = jitter.shape[1]
    scaled = np.empty(size)
    shrink = 1.0 - per_interval**2
    for c in range(size):
        despiked, raw_one, raw_two = jitter[0, c], jitter[1, c], jitter[2, c]
        growth = (raw_two / raw_one if raw_one > 0 else 1.0) ** 2
        growing_share = min(max((growth - 1.0) / 3.0, 0.0), 1.0)
        scaled[c] = despiked * math.sqrt(1.0 - shrink * growing_share)
    return scaled


@_compiled("float64(float64[:, :], int64, int64, int64, int64)")
def _angle(points: FloatArray, a: int, vertex: int, b: int, dims: int) -> float:
    dot = 0.0
    norm_a = 0.0
    norm_b = 0.0
    for d in range(dims):
        to_a = points[a, d] - points[vertex, d]
        to_b = points[b, d] - points[vertex, d]
        dot += to_a * to_b
        norm_a += to_a * to_a
        norm_b += to_b * to_b
    cosine = dot / math.sqrt(norm_a * norm_b)
    if math.isnan(cosine):
        return math.nan
    return math.degrees(math.acos(min(max(cosine, -1.0), 1.0)))


@_compiled(
    "float64[:](float64[:, :], boolean[:], int64[:, :], int64[:], float64[:], "
    "int64[:, :], float64[:], int64[:, :], float64)"
)
def candidate_values(
    points: FloatArray,
    visible: BoolArray,
    angle_joints: IndexArray,
    angle_dims: IndexArray,
    angle_signs: FloatArray,
    height_pairs: IndexArray,
    height_signs: FloatArray,
    required: IndexArray,
    body_scale: float,
) -> FloatArray:
    """Every candidate's oriented value for one frame (``CandidateSignals.compute``)."""
    angles = angle_joints.shape[0]
    values = np.empty(angles + height_pairs.shape[0])
    for c in range(angles):
        a, vertex, b = angle_joints[c, 0], angle_joints[c, 1], angle_joints[c, 2]
        values[c] = _angle(points, a, vertex, b, angle_dims[c]) * angle_signs[c]
    for h in range(height_pairs.shape[0]):
        moving, reference = height_pairs[h, 0], height_pairs[h, 1]
        height = (points[reference, 1] - points[moving, 1]) / body_scale
        values[angles + h] = height * height_signs[h]
    for c in range(values.shape[0]):
        for j in range(required.shape[1]):
            if not visible[required[c, j]]:
                values[c] = math.nan
                break
    return values


@_compiled("float64(float64[:, :], boolean[:])")
def torso_length(points: FloatArray, visible: BoolArray) -> float:
    """The distance in the picture from the shoulders' midpoint (11, 12) to the hips' (23, 24),
    the body scale's reading for one frame; NaN unless all four are seen."""
    if not (visible[11] and visible[12] and visible[23] and visible[24]):
        return math.nan
    across = (points[11, 0] + points[12, 0]) / 2 - (points[23, 0] + points[24, 0]) / 2
    along = (points[11, 1] + points[12, 1]) / 2 - (points[23, 1] + points[24, 1]) / 2
    return math.hypot(across, along)


@_compiled("void(float64[:, :], boolean[:], int64[:, :], float64[:, :], boolean[:])")
def trunk_axis_points(
    frame: FloatArray,
    visible: BoolArray,
    table: IndexArray,
    added: FloatArray,
    added_seen: BoolArray,
) -> None:
    """``landmarks.with_trunk_axis`` for one frame, into ``added`` and ``added_seen``. Each row
    of ``table``: the landmark a point starts from, the same side's other end of the trunk, and
    +1 to move it up the trunk's midline (a hip) or -1 down (a shoulder)."""
    # Both shoulders (11, 12) and both hips (23, 24) seen: the trunk's midline is known.
    trunk = visible[11] and visible[12] and visible[23] and visible[24]
    trunk_visibility = min(frame[11, 3], frame[12, 3], frame[23, 3], frame[24, 3])
    for row in range(table.shape[0]):
        start, other_end, sign = table[row, 0], table[row, 1], table[row, 2]
        for d in range(3):
            if trunk:
                up = (frame[11, d] + frame[12, d] - frame[23, d] - frame[24, d]) / 2
                added[row, d] = frame[start, d] + sign * up
            else:
                added[row, d] = frame[other_end, d]
        added[row, 3] = trunk_visibility if trunk else min(frame[start, 3], frame[other_end, 3])
        added_seen[row] = visible[start] and visible[other_end]


@_compiled("float64[:](float64[:, :], boolean[:], int64[:, :], int64[:, :])")
def measured_angles(
    frame: FloatArray, visible: BoolArray, table: IndexArray, triplets: IndexArray
) -> FloatArray:
    """Each row of ``triplets``' 3-D angle on ``frame`` (``(33, 4)``), with the trunk-axis
    points of ``table`` added first (none for an empty table: ``trunk_axis_points``); NaN where
    a landmark of it is not ``visible`` (``world.WorldAngles``)."""
    rows = frame.shape[0]
    points = np.empty((rows + table.shape[0], frame.shape[1]))
    seen = np.empty(rows + table.shape[0], dtype=np.bool_)
    points[:rows] = frame
    seen[:rows] = visible
    if table.shape[0]:
        trunk_axis_points(frame, visible, table, points[rows:], seen[rows:])
    angles = np.empty(triplets.shape[0])
    for row in range(triplets.shape[0]):
        a, vertex, b = triplets[row, 0], triplets[row, 1], triplets[row, 2]
        if seen[a] and seen[vertex] and seen[b]:
            angles[row] = _angle(points, a, vertex, b, 3)
        else:
            angles[row] = np.nan
    return angles


@_compiled("float64(float64[:, :], int64, int64, int64)")
def joint_angle_3d(points: FloatArray, end_a: int, vertex: int, end_b: int) -> float:
    """The angle at ``vertex`` between the segments to ``end_a`` and ``end_b``, in 3-D (degrees);
    NaN when a segment has no length."""
    return _angle(points, end_a, vertex, end_b, 3)


@_compiled("float64(float64[:, :], int64, int64, int64, int64, int64, int64, float64)")
def plane_of_elevation(
    points: FloatArray,
    left_shoulder: int,
    right_shoulder: int,
    left_hip: int,
    right_hip: int,
    shoulder: int,
    wrist: int,
    read_from_elevation_deg: float,
) -> float:
    """``RaisePlaneRule.measure``: the plane an arm is raised in, 0 (sideways) to 90 degrees
    (forward); NaN when the trunk has no width or height, the arm is raised less than
    ``read_from_elevation_deg``, or the frame has no depth."""
    across = np.empty(3)
    up = np.empty(3)
    arm = np.empty(3)
    for d in range(3):
        across[d] = points[right_shoulder, d] - points[left_shoulder, d]
        up[d] = (
            points[left_shoulder, d]
            + points[right_shoulder, d]
            - points[left_hip, d]
            - points[right_hip, d]
        ) / 2
        arm[d] = points[wrist, d] - points[shoulder, d]
    # A pose model without depth (MoveNet: z is 0 for every landmark) shows an arm raised straight
    # forward as one that never leaves the frontal plane: 0 degrees, "sideways". Such a frame (one
    # depth for every landmark; a body seen in depth has its nose ahead of its shoulders) is not
    # read at all: the picture alone does not tell the plane across people (docs/benchmarks.md,
    # issue 21).
    flat = True
    for row in range(points.shape[0]):
        if points[row, 2] != points[0, 2]:
            flat = False
            break
    if flat:
        return math.nan
    width = math.sqrt(across[0] ** 2 + across[1] ** 2 + across[2] ** 2)
    if width == 0.0:
        return math.nan
    across /= width
    along = up[0] * across[0] + up[1] * across[1] + up[2] * across[2]
    up -= along * across
    height = math.sqrt(up[0] ** 2 + up[1] ** 2 + up[2] ** 2)
    if height == 0.0:
        return math.nan
    up /= height
    forward = np.array(
        [
            across[1] * up[2] - across[2] * up[1],
            across[2] * up[0] - across[0] * up[2],
            across[0] * up[1] - across[1] * up[0],
        ]
    )
    # Out to either side: an image mirrored left to right reads the same.
    outward = abs(arm[0] * across[0] + arm[1] * across[1] + arm[2] * across[2])
    ahead = abs(arm[0] * forward[0] + arm[1] * forward[1] + arm[2] * forward[2])
    lifted = -(arm[0] * up[0] + arm[1] * up[1] + arm[2] * up[2])
    if math.degrees(math.atan2(math.hypot(outward, ahead), lifted)) < read_from_elevation_deg:
        return math.nan
    return math.degrees(math.atan2(ahead, outward))


@_compiled(
    "void(float64[:], float64, float64[:], boolean, float64, float64[:, :], float64[:, :], "
    "int64[:], int64, float64[:], float64[:], float64[:, :], float64[:, :], float64[:, :], "
    "float64[:, :])"
)
def autocorrelation_push(
    values: FloatArray,
    dt: float,
    swings: FloatArray,
    has_swings: bool,
    max_period_s: float,
    history: FloatArray,
    history_seen: FloatArray,
    cursor: IndexArray,
    lags: int,
    last: FloatArray,
    clock: FloatArray,
    pairs: FloatArray,
    later: FloatArray,
    earlier_sums: FloatArray,
    products: FloatArray,
) -> None:
    """One frame of ``AutocorrelationTracker.push``, in place (its docstring says what is
    kept): each candidate's value is written at its cursor, then paired with each lag's. Every
    array holds one row per candidate, so a candidate's lags are contiguous in memory."""
    for c in range(values.shape[0]):
        value = values[c]
        seen = not math.isnan(value)
        advance = True
        if has_swings and dt > 0:  # a held frame does not advance the candidate's clock
            advance = not (abs(value - last[c]) * max_period_s < swings[c] * dt)
        if seen:
            last[c] = value
        clock[c] += (1.0 if advance else 0.0) * dt
        current = value if seen else 0.0
        at = cursor[c]
        values_of, seen_of = history[c], history_seen[c]
        values_of[at] = values_of[at + lags] = current
        seen_of[at] = seen_of[at + lags] = 1.0 if seen else 0.0
        if advance:
            cursor[c] = (at + 1) % lags
        if not (seen and advance):
            continue  # this frame pairs with nothing: every sum would add zero
        pairs_of, later_of = pairs[c], later[c]
        earlier_of, products_of = earlier_sums[c], products[c]
        now = lags + at  # the frame ``lag`` before this one is at ``now - lag``
        for lag in range(lags):
            pair_seen = seen_of[now - lag]
            earlier = values_of[now - lag] * pair_seen
            pairs_of[lag] += pair_seen
            later_of[lag] += pair_seen * current
            earlier_of[lag] += earlier
            products_of[lag] += earlier * current


@_compiled(
    "float64(int64, int64, int64, float64[:, :], float64[:, :], float64[:, :], float64[:, :])"
)
def autocorrelation_score(
    candidate: int,
    low: int,
    high: int,
    pairs: FloatArray,
    later: FloatArray,
    earlier_sums: FloatArray,
    products: FloatArray,
) -> float:
    """``AutocorrelationTracker.score`` over the lags ``low`` to ``high``: the best covariance
    over the variance, within 0..1; 0 when the signal never varied or no lag has pairs."""
    count = pairs[candidate, 0]
    mean = later[candidate, 0] / count if count else 0.0

    def covariance(lag: int) -> float:
        # Centred on the mean of all samples and divided by their count (module docstring).
        if not pairs[candidate, lag] > 1:
            return math.nan
        centred: float = (
            products[candidate, lag]
            - mean * (later[candidate, lag] + earlier_sums[candidate, lag])
            + pairs[candidate, lag] * mean * mean
        ) / count
        return centred

    variance = covariance(0)
    best = math.nan
    for lag in range(low, high + 1):
        value = covariance(lag)
        if not math.isnan(value) and (math.isnan(best) or value > best):
            best = value
    if not variance > 0 or math.isnan(best):
        return 0.0
    return max(0.0, min(1.0, best / variance))
