"""Judging a rep once it is over, from the last frames' measurements: its range of motion, the
side that moved, its form flags, whether it reached the target, and how sure the count is."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import replace
from statistics import median
from typing import Final

import numpy as np
import numpy.typing as npt

from telerehab.enums import ConfidenceBand, Side
from telerehab.exercise_logic.counter import Cycle, RepDetector
from telerehab.exercise_logic.events import RepCompleted
from telerehab.exercise_logic.exercises import (
    PARTIAL_REP_AFTER,
    PARTIAL_REP_CODE,
    PARTIAL_REP_MEMORY,
    PARTIAL_REP_SHARE,
    QUICKEST_CONTROLLED_REP_S,
    TOO_FAST_CODE,
    ExerciseSpec,
)
from telerehab.exercise_logic.rep_frames import RecentFrames, angle_range
from telerehab.exercise_logic.signals import FloatArray

# A rep within this share of the target range of motion reaches it (measurement is not exact).
TARGET_TOLERANCE: Final = 0.9
# The other side moved with the counted one when its range is at least this share of it.
BOTH_SIDES_SHARE: Final = 0.6
# Frames kept to measure a rep once it is over; longer reps are measured on their last part.
HISTORY_S: Final = 30.0
# Per side and frame: the measured angle, its joints' visibility, then each form rule's value.
ANGLE, VISIBILITY, FIRST_RULE = 0, 1, 2


class RepJudge:
    """Remembers each frame's measurements per side and judges the reps found in them."""

    def __init__(
        self,
        spec: ExerciseSpec,
        sides: tuple[Side, ...],
        side: Side | None,
        target_rom_deg: float | None,
        fps: float,
    ) -> None:
        self.spec = spec
        self.sides = sides
        self.side = side
        self.target_rom_deg = target_rom_deg
        self.measured_joints = {s: spec.joints.of(s) for s in sides}
        self._columns_per_side = FIRST_RULE + len(spec.form_rules)
        self._layout = [
            (s, self.measured_joints[s], [(rule, rule.needed(s)) for rule in spec.form_rules])
            for s in sides
        ]
        capacity = math.ceil(HISTORY_S * max(fps, 30.0))
        self._recent = RecentFrames(capacity, self._columns_per_side * len(sides))

    def remember(
        self,
        frame: FloatArray,
        visible: npt.NDArray[np.bool_],
        angles: dict[Side, float],
        time: float,
        body_scale: float,
    ) -> None:
        """Keep one frame's measurements; ``angles``: each side's measured angle, smoothed."""
        # Plain lists: a frame touches a few landmarks, and NumPy's cost per call was most of it.
        seen = visible.tolist()
        visibility = frame[:, 3].tolist()
        row: list[float] = []
        for side, joints, rules in self._layout:
            row.append(angles[side] if all(seen[j] for j in joints) else math.nan)
            row.append(sum(min(max(visibility[j], 0.0), 1.0) for j in joints) / len(joints))
            for rule, needed in rules:
                in_view = all(seen[j] for j in needed)
                row.append(rule.measure(frame, side, body_scale) if in_view else math.nan)
        self._recent.append(time, row)

    def judge(
        self,
        cycle: Cycle,
        side: Side,
        frame_interval: float,
        previous_end: float = math.inf,
    ) -> RepCompleted:
        """The rep ``cycle`` a signal of ``side`` found, as it would be reported (its index is
        set when it is sent). Its ``confidence`` is, for now, the share of the frames expected
        over the rep (one every ``frame_interval`` seconds) that saw its joints: a frame in which
        nothing was seen is not even kept. The session rates it in full (``confidence.py``).

        The range is read back to ``previous_end`` when that is earlier than the signal's rest
        (``read_from``: the end of the same signal's previous rep of a like size, or else the
        measured angle's rest before the same rep): a signal that is not the measured angle (a
        2-D angle, a landmark's height) can leave its rest after the measured angle has moved.
        Form is judged over the rep itself, from its rest.
        """
        start = min(cycle.rest_time, cycle.start_time)
        rows = self._recent.between(start, cycle.end_time)
        # A rep none of whose own frames saw the joints stays unmeasured (``was_unseen``).
        seen_itself = np.isfinite(self._column(rows, side, ANGLE)).any()
        span = (
            self._recent.between(min(start, previous_end), cycle.end_time) if seen_itself else rows
        )
        measured = self._measured_side(span, side)
        rom, peak, low = angle_range(self._column(span, measured, ANGLE))
        during = self._column(self._recent.between(cycle.start_time, cycle.end_time), side, ANGLE)
        expected = max(len(during), round((cycle.end_time - cycle.start_time) / frame_interval) + 1)
        seen = float(np.isfinite(during).sum()) / expected
        return RepCompleted(
            time=cycle.end_time,
            index=0,
            start_time=cycle.start_time,
            end_time=cycle.end_time,
            range_of_motion_deg=rom,
            peak_angle_deg=peak,
            min_angle_deg=low,
            duration_s=cycle.end_time - cycle.start_time,
            side=self._reported_side(span, measured, rom),
            form_flags=self._form_flags(rows, side, rom, cycle.end_time - cycle.start_time),
            confidence=seen,
            confidence_band=ConfidenceBand.HIGH,
            good=None if self.target_rom_deg is None else rom >= self.rom_goal(),
        )

    def _measured_side(self, rows: FloatArray, side: Side) -> Side:
        """The side whose range is reported: with no side set, the one whose measured angle
        moved most over ``rows`` (the signal that counted may be the standing leg's)."""
        if self.side is not None or len(self.sides) < 2:
            return side
        ranges = {s: angle_range(self._column(rows, s, ANGLE))[0] for s in self.sides}
        # A tie stays with the counting side.
        return max(self.sides, key=lambda s: (ranges[s], s is side))

    def rom_goal(self) -> float:
        """The range of motion a rep must reach: the target's, or the exercise's minimum."""
        if self.target_rom_deg is None:
            return self.spec.minimum_rom_deg
        return TARGET_TOLERANCE * self.target_rom_deg

    def _column(self, rows: FloatArray, side: Side, offset: int) -> FloatArray:
        column: FloatArray = rows[:, self.sides.index(side) * self._columns_per_side + offset]
        return column

    def _reported_side(self, rows: FloatArray, side: Side, rom: float) -> Side:
        if self.side is not None:
            return self.side
        other = Side.LEFT if side is Side.RIGHT else Side.RIGHT
        other_rom, _, _ = angle_range(self._column(rows, other, ANGLE))
        return Side.BOTH if rom > 0 and other_rom >= BOTH_SIDES_SHARE * rom else side

    def _form_flags(
        self, rows: FloatArray, side: Side, rom: float, duration_s: float
    ) -> tuple[str, ...]:
        flags = [self.spec.shallow_rep_code] if rom < self.rom_goal() else []
        if duration_s < QUICKEST_CONTROLLED_REP_S:
            flags.append(TOO_FAST_CODE)
        for offset, rule in enumerate(self.spec.form_rules, start=FIRST_RULE):
            values = self._column(rows, side, offset)
            if np.isfinite(values).any() and rule.is_broken(values[np.isfinite(values)]):
                flags.append(rule.code)
        return tuple(flags)


def read_from(
    cycle: Cycle,
    found: Sequence[tuple[Cycle, RepCompleted]],
    angles: Iterable[tuple[Sequence[tuple[Cycle, RepCompleted]], RepDetector]],
    keep_fraction: float,
) -> float:
    """Where a rep a signal found (``cycle``; ``found``: the reps that signal found before it)
    is read back to (``RepJudge.judge``'s ``previous_end``): the end of the last of them that
    swung at least ``keep_fraction`` of ``cycle``'s swing (the share the set keeps beside its
    typical rep, ``rep_frames.keep_typical``); with none, the measured angle's rest before the
    same rep (``angle_rest``), or the end of the signal's previous rep if earlier.

    A smaller swing is no rep before this one, and its end may lie after the measured angle
    left its rest: a signal that swung with something smaller before the set (stepping into
    place) takes it for a rep, which lowers its typical swing until its detector also counts
    the small swings such a signal makes between reps (an ankle's height dips as the knee
    starts up and as it comes down, so it peaks at rest). Read back only to their end, the
    rep after each missed its start."""
    for previous, _ in reversed(found):
        if previous.swing >= keep_fraction * cycle.swing:
            return previous.end_time
    previous_end = found[-1][0].end_time if found else math.inf
    return min(previous_end, angle_rest(cycle, angles))


def angle_rest(
    cycle: Cycle, angles: Iterable[tuple[Sequence[tuple[Cycle, RepCompleted]], RepDetector]]
) -> float:
    """The time of the measured angle's lowest point at rest before the rep ``cycle``, the
    earliest over ``angles`` (each side's measured angle: the reps it found, its detector).
    The same rep is the measured angle's rep under way, or the last it found, whose peak lies
    inside ``cycle`` (as ``rep_frames.matched_share`` matches reps). inf when none has one.

    The angle's own detector says where the angle rested: its rest starts afresh after any
    effort it came back from (a movement before the set, such as stepping into place), so that
    movement is not read as range."""
    rests = [math.inf]
    for reps, detector in angles:
        latest = [(reps[-1][0].rest_time, reps[-1][0].peak_time)] if reps else []
        if detector.pending is not None:
            latest.append(detector.pending)
        rests.extend(rest for rest, peak in latest if cycle.start_time <= peak <= cycle.end_time)
    return min(rests)


def return_shortfall(
    rep: RepCompleted, previous: list[RepCompleted], effort_closes_joint: bool
) -> float | None:
    """How far short of the set's usual starting angle ``rep`` began, as a share of the usual
    range of motion (both the median over the last ``PARTIAL_REP_MEMORY`` of ``previous``, the
    set's reps before it); None before there are ``PARTIAL_REP_AFTER`` of them."""
    # A habit of partial reps becomes the set's usual start after a few (the range against the
    # target still speaks for a set that stays short).
    recent = previous[-PARTIAL_REP_MEMORY:]
    if len(recent) < PARTIAL_REP_AFTER:
        return None
    usual_range = median(r.range_of_motion_deg for r in recent)
    if usual_range <= 0.0:
        return None
    # The rest end of a rep is its largest angle when the effort closes the joint (a curl).
    if effort_closes_joint:
        usual_start = median(r.peak_angle_deg for r in recent)
        return (usual_start - rep.peak_angle_deg) / usual_range
    usual_start = median(r.min_angle_deg for r in recent)
    return (rep.min_angle_deg - usual_start) / usual_range


def with_partial_flag(
    rep: RepCompleted, previous: list[RepCompleted], effort_closes_joint: bool
) -> RepCompleted:
    """``rep``, flagged partial when it began well short of where the set's reps begin."""
    shortfall = return_shortfall(rep, previous, effort_closes_joint)
    if shortfall is None or shortfall <= PARTIAL_REP_SHARE:
        return rep
    return replace(rep, form_flags=(*rep.form_flags, PARTIAL_REP_CODE))


def settled(sent: RepCompleted, final: RepCompleted, index: int, shallow_code: str) -> RepCompleted:
    """A rep already sent, as the set's summary keeps it (rep ``index``): its confidence as
    rated at the end (``final``: the final leader's rep that matches it), and of the two
    measurements of its range (when sent, and ``final``) the larger, with its side, ``good``
    and shallow-rep flag; the other form flags as sent (the feedback was given). Both are ranges
    of the measured angle over spans ending with the rep, so the smaller one read from a span
    that missed part of it: a rep sent before there was a leader may be a bump before the set
    that overlaps the first rep, and a first rep whose measured angle had no rep under way when
    the leader found it starts late (``angle_rest``)."""
    measured = max(sent, final, key=lambda rep: rep.range_of_motion_deg)
    flags = tuple(flag for flag in sent.form_flags if flag != shallow_code)
    if shallow_code in measured.form_flags:
        flags = (shallow_code, *flags)
    return replace(
        sent,
        index=index,
        range_of_motion_deg=measured.range_of_motion_deg,
        peak_angle_deg=measured.peak_angle_deg,
        min_angle_deg=measured.min_angle_deg,
        side=measured.side,
        good=measured.good,
        form_flags=flags,
        confidence=final.confidence,
        confidence_band=final.confidence_band,
    )
