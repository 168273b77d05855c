"""Counting reps on one smoothed signal, oriented so the effort makes it grow.

No fixed angles: a rep is a rise from a rest level and a return, both judged against the
person's own recent reps (their typical swing) and against the signal's own jitter. That keeps
counting independent of camera angle, per-frame normalisation, and how far the patient can move.
"""

from __future__ import annotations

import itertools
import math
from collections import deque
from dataclasses import dataclass, replace
from enum import Enum
from statistics import median
from typing import Final

from telerehab.exercise_logic.periodicity import steady_period

# The effort starts once the signal rose this share of the typical swing above its rest level...
ENTRY_FRACTION: Final = 0.35
# ...and the rep is over once it came back this share of its own swing.
RETURN_FRACTION: Final = 0.6
MIN_REPS_TO_TRUST: Final = 2
# A rep starts when the signal leaves its rest level by this share of the rise needed.
DEPARTURE_MARGIN: Final = 0.25
# Coming back in less than this share of the person's usual effort time is a dip, not a rep end.
SHORTEST_REP_SHARE: Final = 0.5
# A swing smaller than this share of the typical swing is a fidget, not a rep.
COUNT_FRACTION: Final = 0.5
# Whatever the typical swing, a rise must stand this far above the jitter.
NOISE_MULTIPLE: Final = 6.0
# Once a signal has counted reps, the noise gate stands at most this share of their swing. The
# jitter is read over everything the signal does, its reps too, and grows with their tempo: in a
# fast set it rose until the gate stood level with the reps and every other one went uncounted.
# A rep-sized rise is no jitter, whatever the jitter reads.
GATE_CAP_SHARE: Final = 0.6
# The typical swing is the median of the last few reps...
SWING_MEMORY: Final = 5
# ...and after a pause of this many typical rep durations it shrinks, so a patient who tires and
# moves less is still counted.
PATIENCE_IN_REPS: Final = 3.0
AMPLITUDE_DECAY_TAU_S: Final = 10.0
# An effort that neither goes further nor comes back for this long (and this many typical rep
# durations) was a change of posture or camera, not a rep: the new level becomes the rest level.
# Holding the top of a rep that long is no change of posture: if the signal comes back before a
# new effort starts, the stalled effort counts as the rep it was.
STALL_LIMIT_S: Final = 5.0
STALL_LIMIT_IN_REPS: Final = 3.0
# When the frames stop for a while (a device stalling in mid-set), an effort in progress before
# the stall that has gone on this many of the person's usual effort times when the frames resume
# came back inside the stall: it counts as a rep there, and what the frames show now is the next.
BRIDGE_EFFORTS: Final = 1.5
# ...when it had come back this share of its swing before the stall (or is lower after it).
BRIDGE_RETURN_SHARE: Final = 0.25
# In a set whose last few reps peaked at a steady spacing (each within this share of the median
# spacing), a rep due inside a stall that began at rest counts.
RHYTHM_REPS: Final = 3
RHYTHM_TOLERANCE: Final = 0.25


# What an effort in progress is, so a stalled one can be taken up again when the signal comes back.
EFFORT_STATE: Final = (
    "_rest_level",
    "_departure_time",
    "_rest_low_time",
    "_effort_start",
    "_peak",
    "_peak_time",
    "_peak_clock",
)


class Stage(Enum):
    RESTING = "resting"
    EFFORT = "effort"


@dataclass(frozen=True)
class Cycle:
    """One rep found on one signal.

    ``rest_time`` is when the signal was lowest before the rep (the posture the range of motion
    is measured from); ``start_time`` is when it left that rest, which can be much later.
    ``peak_clock`` is the peak on the signal's moving clock (held stretches left out), from
    which the spacing of reps is read.
    """

    rest_time: float
    start_time: float
    peak_time: float
    end_time: float
    swing: float
    peak_clock: float = math.nan


NO_CYCLES: Final[tuple[Cycle, ...]] = ()


class RepDetector:
    """Hysteresis rep detector with thresholds relative to the person's own range and tempo."""

    def __init__(self, min_rep_duration_s: float, min_swing: float) -> None:
        self.min_rep_duration_s = min_rep_duration_s
        self.min_swing = min_swing
        self.stage = Stage.RESTING
        self.typical_swing = 0.0
        self.reps = 0
        self._swings: deque[float] = deque(maxlen=SWING_MEMORY)
        self._cycles: deque[Cycle] = deque(maxlen=SWING_MEMORY)  # the last reps counted
        self._efforts: deque[float] = deque(maxlen=SWING_MEMORY)  # entry to return, seconds
        self._rest_level = math.inf
        self._departure_time = 0.0
        self._rest_low_time = 0.0
        self._effort_start = 0.0
        self._peak = -math.inf
        self._peak_time = 0.0
        self._peak_clock = 0.0
        # The last stretch the signal was out of view (last seen, seen again).
        self._gap = (-math.inf, -math.inf)
        # A stretch without frames whose first value after has yet to be read (``bridge``), and
        # the value last read before it.
        self._stall: tuple[float, float] | None = None
        self._before_stall = math.nan
        # An effort given up as a change of posture (its ``EFFORT_STATE``), until the signal comes
        # back or a new effort starts.
        self._stalled: dict[str, float] | None = None
        # An effort that went on across a stall (``_bridge`` found no return in it): its top
        # before the stall (time, value, clock), its rest level and the stall (last seen, seen
        # again); and its top after, so that when it comes back ``_split`` can tell whether the
        # stall hid a return and a new rise.
        self._across: tuple[float, float, float, float, float, float] | None = None
        self._top_after = (-math.inf, 0.0, 0.0)
        self._valley = math.inf
        self._last_value = math.nan
        self._last_rep_end: float | None = None
        # The noise gate's ceiling: a share of the swing of the reps counted, once they can be
        # trusted (it does not fade with ``typical_swing`` in a pause).
        self._gate_cap = math.inf
        self._last_time: float | None = None

    def reset(self) -> None:
        """Drop a rep in progress (the person left the frame); keep what was learnt about them."""
        self.stage = Stage.RESTING
        self._rest_level = math.inf
        self._last_time = None
        self._stalled = None
        self._across = None

    @property
    def pending(self) -> tuple[float, float] | None:
        """The rep in progress (None at rest): when its rest was lowest, when it peaked so far."""
        return (self._rest_low_time, self._peak_time) if self.stage is Stage.EFFORT else None

    def resume(self, last_seen: float, time: float, *, no_frames: bool = False) -> None:
        """The signal is seen again at ``time``, unseen since ``last_seen``. A rep in progress
        goes on across a gap shorter than a stall (its top may have been out of view); after a
        longer one it is dropped (the person left the frame). ``no_frames``: no frames came at
        all meanwhile (the device stalled), so a rep may have come and gone unseen (``update``
        bridges it)."""
        if time - last_seen > self._stall_limit():
            self.reset()
            return
        self._gap = (last_seen, time)
        if no_frames and self._last_time == last_seen:
            self._stall = (last_seen, time)
            self._before_stall = self._last_value

    def update(
        self, value: float, time: float, noise: float, clock: float | None = None
    ) -> tuple[Cycle, ...]:
        """Take one smoothed value at ``time`` (``clock``: the signal's moving time, by default
        ``time``); the reps that have just come back (after a stall, those it hid too)."""
        clock = time if clock is None else clock
        dt = 0.0 if self._last_time is None else time - self._last_time
        self._last_time = time
        self._last_value = value
        self._forget_slowly(time, dt)
        rise_needed = self._rise_needed(noise)
        bridged = NO_CYCLES
        if self._stall is not None:
            bridged = self._bridge(value, time, clock, rise_needed)
        if self._across is not None and value > self._top_after[0]:
            self._top_after = (value, time, clock)
        across = self._across if self.stage is Stage.EFFORT else None
        cycle = self._step(value, time, clock, rise_needed)
        if cycle is None:
            return bridged
        if across is not None:
            return (*bridged, *self._split(cycle, across))
        return (*bridged, cycle)

    def _step(self, value: float, time: float, clock: float, rise_needed: float) -> Cycle | None:
        if self.stage is Stage.RESTING:
            if self._stalled is not None and self._came_back(value):
                return self._close_stalled(value, time, rise_needed)
            self._rest(value, time, clock, rise_needed)
            return None
        if value > self._peak:
            self._peak, self._peak_time, self._peak_clock, self._valley = value, time, clock, value
            return None
        self._valley = min(self._valley, value)
        if time - self._peak_time > self._stall_limit():
            # Neither further nor back for long: a new posture, whose level is the new rest.
            self._stalled = {name: getattr(self, name) for name in EFFORT_STATE}
            self.stage = Stage.RESTING
            self._rest_level, self._departure_time = self._valley, time
            self._rest_low_time = time
            return None
        swing = self._peak - self._rest_level
        if value > self._peak - RETURN_FRACTION * swing:
            return None
        if time - self._effort_start < self._shortest_effort():
            # Back down far sooner than this person's reps take: a dip inside one rep.
            return None
        return self._close_rep(value, time, swing, rise_needed)

    def flush(self, noise: float) -> Cycle | None:
        """At the end of a recording: a rep that came back as far as any rep does counts,
        however short its way back was (it may have been cut off by the end)."""
        if self.stage is not Stage.EFFORT or self._last_time is None:
            return None
        swing = self._peak - self._rest_level
        if self._last_value > self._peak - RETURN_FRACTION * swing:
            return None
        return self._close_rep(self._last_value, self._last_time, swing, self._rise_needed(noise))

    def _rest(self, value: float, time: float, clock: float, rise_needed: float) -> None:
        if value < self._rest_level:
            self._rest_level, self._rest_low_time = value, time
        if value <= self._rest_level + DEPARTURE_MARGIN * rise_needed:
            self._departure_time = time
        elif value - self._rest_level >= rise_needed:
            self._enter_effort(value, time, clock)

    def _enter_effort(self, value: float, time: float, clock: float) -> None:
        self.stage = Stage.EFFORT
        self._stalled = None
        self._across = None
        self._effort_start = time
        self._peak, self._peak_time, self._peak_clock, self._valley = value, time, clock, value

    def _close_rep(
        self,
        value: float,
        time: float,
        swing: float,
        rise_needed: float,
        *,
        unseen_top: bool = False,
    ) -> Cycle | None:
        rest_time, start, effort = (
            self._rest_low_time,
            self._departure_time,
            time - self._effort_start,
        )
        self.stage = Stage.RESTING
        self._across = None
        self._rest_level, self._departure_time, self._rest_low_time = value, time, time
        if unseen_top or self._top_unseen():
            # The highest value seen is at the edge of a gap in view, so the top lay inside it:
            # the rep is taken to have swung as far as the person's reps do.
            swing = max(swing, self.typical_swing)
        big_enough = swing >= max(rise_needed, COUNT_FRACTION * self.typical_swing)
        if not big_enough or time - start < self.min_rep_duration_s:
            return None
        self._swings.append(swing)
        self._efforts.append(effort)
        self.typical_swing = median(self._swings)
        self._last_rep_end = time
        self.reps += 1
        if self.reps >= MIN_REPS_TO_TRUST:
            self._gate_cap = GATE_CAP_SHARE * self.typical_swing
        cycle = Cycle(rest_time, start, self._peak_time, time, swing, self._peak_clock)
        self._cycles.append(cycle)
        return cycle

    def _bridge(
        self, value: float, time: float, clock: float, rise_needed: float
    ) -> tuple[Cycle, ...]:
        """The first value after a stall: the reps whose top (or return) fell inside it, when
        the values before and after, or the set's rhythm, show them. An effort on its way back
        before the stall (or lower after it) that has gone on far longer than this person's
        efforts came back in the stall; a rise from rest before the stall that is lower again
        after it went up and back in the stall; in a regular set, a rep due inside the stall
        with time to rise and come back there came and went unseen. A level held, or higher
        after than before (a new posture), is no rep."""
        assert self._stall is not None
        (last_seen, resumed), before = self._stall, self._before_stall
        self._stall = None
        if not self._efforts:
            return NO_CYCLES
        middle = (last_seen + resumed) / 2
        if self.stage is Stage.EFFORT:
            swing = self._peak - self._rest_level
            on_its_way_back = before <= self._peak - BRIDGE_RETURN_SHARE * swing
            if not (on_its_way_back or value < before) or (
                resumed - self._effort_start < BRIDGE_EFFORTS * median(self._efforts)
            ):
                # It went on across the stall, or a rep came back and the next rose inside
                # it: ``_split`` tells which when it comes back.
                top = (self._peak_time, self._peak, self._peak_clock)
                self._across = (*top, self._rest_level, last_seen, resumed)
                self._top_after = (-math.inf, time, clock)
                return NO_CYCLES
            rest = self._rest_level
            cycle = self._close_rep(value, middle, swing, rise_needed, unseen_top=True)
            # The next rep, which may be under way, rises from the same rest.
            self._rest_level, self._departure_time, self._rest_low_time = rest, middle, middle
            if cycle is None:
                return NO_CYCLES
            # In a regular set, whole reps may have gone by in the rest of the stall: the one
            # that came back then ended before the first of them began.
            rhythm = self._in_rhythm(last_seen, resumed, value - rest >= rise_needed, clock)
            if rhythm and rhythm[0].start_time < cycle.end_time:
                cycle = replace(cycle, end_time=rhythm[0].start_time)
                self._cycles[-1] = cycle
            return (cycle, *rhythm)
        departed = self._departure_time < last_seen and before - self._rest_level < rise_needed
        if departed and value < before:
            # Left rest before the stall, lower again after: up and back inside it.
            self.stage = Stage.EFFORT
            self._effort_start, self._peak, self._peak_time = last_seen, before, middle
            self._peak_clock = clock - (time - middle)
            cycle = self._close_rep(value, time, self.typical_swing, rise_needed, unseen_top=True)
            return NO_CYCLES if cycle is None else (cycle,)
        if departed:
            return NO_CYCLES
        return self._in_rhythm(last_seen, resumed, value - self._rest_level >= rise_needed, clock)

    def _split(
        self, cycle: Cycle, across: tuple[float, float, float, float, float, float]
    ) -> tuple[Cycle, ...]:
        """A rep that came back after an effort went on across a stall: two reps, the first
        coming back and the second rising inside the stall, when the set kept a steady rhythm
        up to the stall (``_period``), the top seen before the stall and the top seen after it
        lie a rep period apart (less ``RHYTHM_TOLERANCE``), as two reps' tops do, and each lies
        within a period of the stall (a top further from it was held where frames were seen,
        which no rep of this rhythm does); and as many whole reps between them as further
        periods fit, and fit inside the stall. Else the one rep it looks like (a top held
        across the stall)."""
        top_time, top, top_clock, rest_level, last_seen, resumed = across
        after_value, after_time, after_clock = self._top_after
        period = self._period(cycle)
        spacing = after_time - top_time
        if (
            period is None
            or spacing < (1.0 - RHYTHM_TOLERANCE) * period
            or last_seen - top_time > period
            or after_time - resumed > period
        ):
            return (cycle,)
        between = max(0, min(round(spacing / period) - 1, int((resumed - last_seen) / period)))
        count = 2 + between
        # The tops: the one seen before, those the rhythm puts between, the one seen after.
        tops = [top_time + spacing * at / (count - 1) for at in range(count)]
        clocks = [top_clock + (after_clock - top_clock) * at / (count - 1) for at in range(count)]
        middle = (last_seen + resumed) / 2
        bounds = [middle] if count == 2 else [(a + b) / 2 for a, b in itertools.pairwise(tops)]
        rests, starts = [cycle.rest_time, *bounds], [cycle.start_time, *bounds]
        # Each top may have been inside the stall: each rep swung at least as far as the
        # person's reps do (as a rep whose top was out of view).
        swings = [top - rest_level, *[0.0] * between, after_value - rest_level]
        shape = zip(rests, starts, tops, [*bounds, cycle.end_time], swings, clocks, strict=True)
        found = tuple(
            Cycle(rest, start, at, end, max(swing, self.typical_swing), on_clock)
            for rest, start, at, end, swing, on_clock in shape
        )
        self.reps += count - 1
        self._cycles.pop()
        self._cycles.extend(found)
        return found

    def _period(self, last: Cycle | None = None) -> float | None:
        """The spacing of the tops of the last ``RHYTHM_REPS`` reps before ``last`` when the set
        kept a steady rhythm: each spacing within ``RHYTHM_TOLERANCE`` of their median."""
        tops = [cycle.peak_time for cycle in self._cycles if cycle is not last][-RHYTHM_REPS:]
        return steady_period(tops, RHYTHM_TOLERANCE) if len(tops) == RHYTHM_REPS else None

    def _in_rhythm(
        self, last_seen: float, resumed: float, rising: bool, clock: float
    ) -> tuple[Cycle, ...]:
        """The reps a regular set had due inside a stall that began at rest: due when one rep
        period after the last, with the time the person's reps take to rise before their top
        and to come back after it inside the stall (and a rise left for the rep already under
        way after it, if ``rising``); only when the set kept its rhythm up to the stall."""
        period = self._period()
        if period is None:
            return NO_CYCLES
        due = self._cycles[-1].peak_time + period
        if due < last_seen - RHYTHM_TOLERANCE * period:
            return NO_CYCLES  # overdue before the stall: the person had stopped
        rise = median(cycle.peak_time - cycle.start_time for cycle in self._cycles)
        fall = median(cycle.end_time - cycle.peak_time for cycle in self._cycles)
        due = max(due, last_seen + rise)
        end_by = resumed - (rise if rising else 0.0)
        found: list[Cycle] = []
        while due + fall <= end_by:
            on_clock = clock - (resumed - due)
            found.append(
                Cycle(due - rise, due - rise, due, due + fall, self.typical_swing, on_clock)
            )
            self.reps += 1
            due += period
        if found:  # the next rep leaves rest after these
            self._departure_time = self._rest_low_time = found[-1].end_time
        return tuple(found)

    def _came_back(self, value: float) -> bool:
        """Whether ``value`` is as far back from the stalled effort's top as a rep comes."""
        assert self._stalled is not None
        rest, peak = self._stalled["_rest_level"], self._stalled["_peak"]
        return value <= peak - RETURN_FRACTION * (peak - rest)

    def _close_stalled(self, value: float, time: float, rise_needed: float) -> Cycle | None:
        """The stalled effort came back: it was a rep with its top held."""
        assert self._stalled is not None
        for name, value_then in self._stalled.items():
            setattr(self, name, value_then)
        self._stalled = None
        return self._close_rep(value, time, self._peak - self._rest_level, rise_needed)

    def _top_unseen(self) -> bool:
        """Whether the rep now ending went through a gap in view with its highest value seen
        at the gap's edge."""
        return self._gap[1] >= self._effort_start and self._peak_time in self._gap

    def _rise_needed(self, noise: float) -> float:
        return max(
            ENTRY_FRACTION * self.typical_swing,
            min(NOISE_MULTIPLE * noise, self._gate_cap),
            self.min_swing,
        )

    def _shortest_effort(self) -> float:
        return SHORTEST_REP_SHARE * min(self._efforts) if self._efforts else 0.0

    def _stall_limit(self) -> float:
        if not self._efforts:
            return STALL_LIMIT_S
        return max(STALL_LIMIT_S, STALL_LIMIT_IN_REPS * median(self._efforts))

    def _forget_slowly(self, time: float, dt: float) -> None:
        if self._last_rep_end is None or self.stage is Stage.EFFORT:
            return
        patience = PATIENCE_IN_REPS * median(self._efforts)
        if time - self._last_rep_end > patience:
            self.typical_swing *= math.exp(-dt / AMPLITUDE_DECAY_TAU_S)
