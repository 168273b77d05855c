"""The streaming core: landmarks in, events out, one frame at a time.

The live WebSocket feeds frames as they arrive; ``analyze`` feeds a whole recording through the
very same ``ExerciseSession``, so batch and live results cannot drift apart.

Every candidate signal counts reps on its own and remembers them; the session reports the reps
of the signal it trusts most. Live, a rep is sent as soon as the leading signal finds it; before
a signal leads (that takes two reps), the first rep is sent when it ends if the measured angle
and a signal read from other landmarks both found it, so the patient sees "1" after the first
rep rather than "2" after the second. ``finish`` settles the count with the whole session in
view (the final choice of signal, and each rep's size beside the session's typical rep), so the
summary can differ from the live events by a rep sent before the set began or one only the final
signal saw; ``count_note`` then says why.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, replace
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from telerehab.enums import ExerciseType, Side
from telerehab.exercise_logic.counter import Cycle, RepDetector, Stage
from telerehab.exercise_logic.events import (
    Event,
    FormFeedback,
    InView,
    OutOfView,
    PhaseChanged,
    RepCompleted,
)
from telerehab.exercise_logic.exercises import ExerciseSpec, exercise_spec
from telerehab.exercise_logic.landmarks import (
    LANDMARK_COUNT,
    SINGLE_SIDES,
    VALUES_PER_LANDMARK,
    VISIBILITY_THRESHOLD,
    landmark_name,
)
from telerehab.exercise_logic.periodicity import AutocorrelationTracker
from telerehab.exercise_logic.signals import CandidateSignals, FloatArray, SignalSmoother

DEFAULT_FPS: Final = 30.0
# The needed joints may drop out briefly (a blurred arm); only a longer absence is reported.
OUT_OF_VIEW_AFTER_S: Final = 1.0
OUT_OF_VIEW_MESSAGE: Final = "step into view"
# After an absence this long a signal starts afresh instead of joining across the gap.
GAP_RESET_S: Final = 1.0
FEEDBACK_INTERVAL_S: Final = 5.0
# Switching to another signal mid-session needs a clear margin, so the live count does not
# flicker; the count at the end of the session takes the best signal outright.
LEADER_SWITCH_MARGIN: Final = 0.05
MIN_REPS_TO_LEAD: Final = 2
# Signals read from this many different landmark sets must find a rep for it to be shown as the
# first rep, before any signal leads: one signal alone may be swinging with something else.
FIRST_REP_SOURCES: Final = 2
# Which signal leads is reconsidered this often, and whenever a signal finds a rep.
RESCORE_EVERY_S: Final = 0.5
# A rep must swing at least this share of the typical (median) swing of its signal's reps over
# the session: fidgets before and after a set, and half-hearted shifts of weight, do not count.
# The median is taken again over the reps that pass, so a cluster of fidgets cannot drag it down.
KEEP_FRACTION: Final = 0.6
KEEP_PASSES: Final = 2
# Reps remembered per signal (an hour of quick reps); older ones are forgotten.
MAX_REMEMBERED_REPS: Final = 4096
# A rep within this share of the target range of motion reaches it (measurement is not exact).
TARGET_TOLERANCE: Final = 0.9
# What a prescribed target range of motion may be: at least a degree (standing still "reaches"
# a target of 0) and at most a half turn. The API's schemas take their bounds from here.
MIN_TARGET_ROM_DEG: Final = 1.0
MAX_TARGET_ROM_DEG: Final = 180.0
# The other side moved with the counted one when its range is at least this share of it.
BOTH_SIDES_SHARE: Final = 0.6
# Reps standing this many times above the jitter get full confidence.
FULL_CONFIDENCE_CLARITY: Final = 20.0
# Frames kept to measure a rep once it is over; longer reps are measured on their last part.
HISTORY_S: Final = 30.0
# Two signals' reps that overlap by more than this share of the shorter one are the same rep.
SAME_REP_OVERLAP: Final = 0.5


@dataclass(frozen=True)
class _KeptReps:
    """One signal's reps that count, their typical swing, and their typical spacing."""

    reps: list[tuple[Cycle, RepCompleted]]
    typical_swing: float
    spacing_s: float


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


@dataclass(frozen=True)
class SessionSummary:
    exercise: ExerciseType
    reps: int
    rep_events: tuple[RepCompleted, ...]
    min_rom_deg: float | None
    max_rom_deg: float | None
    mean_rom_deg: float | None
    form_score: float | None  # 0..100: share of reps without a form flag
    good_reps: int | None  # reps that reached the target range (None without a target)
    target_rom_deg: float | None
    frames: int
    frames_used: int  # frames in which the exercise's joints were seen
    # Why the count differs from what was shown during the set (None when it does not).
    count_note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "exercise": self.exercise.value,
            "reps": self.reps,
            "rep_events": [rep.to_dict() for rep in self.rep_events],
            "min_rom_deg": _rounded(self.min_rom_deg),
            "max_rom_deg": _rounded(self.max_rom_deg),
            "mean_rom_deg": _rounded(self.mean_rom_deg),
            "form_score": _rounded(self.form_score),
            "good_reps": self.good_reps,
            "target_rom_deg": self.target_rom_deg,
            "frames": self.frames,
            "frames_used": self.frames_used,
            "count_note": self.count_note,
        }


def count_note(dropped: int, added: int, first_dropped: bool) -> str | None:
    """Why the saved count differs from the one shown during the set, in the patient's words:
    ``dropped`` movements shown live were not counted in the end, ``added`` reps were found only
    when the whole set was in view."""
    notes = []
    if dropped == 1 and first_dropped:
        notes.append("The first movement was a warm-up and was not counted.")
    elif dropped:
        moves = "movement" if dropped == 1 else "movements"
        notes.append(
            f"{dropped} {moves} shown during the set were small beside your other reps and "
            "were not counted."
        )
    if added:
        reps = "rep was" if added == 1 else "reps were"
        notes.append(f"{added} more {reps} found when the whole set was checked.")
    return " ".join(notes) or None


def is_valid_target_rom(degrees: float) -> bool:
    """Whether reps can be judged against ``degrees`` as their target range of motion."""
    return MIN_TARGET_ROM_DEG <= degrees <= MAX_TARGET_ROM_DEG


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


class ExerciseSession:
    """Counts and judges one exercise from a stream of MediaPipe Pose frames.

    ``side`` None follows whichever side moves (and reports ``both`` when both do); LEFT or RIGHT
    looks at that side only; BOTH counts on either side and reports ``both``. ``target_rom_deg``
    (from the prescription) decides ``good`` and the shallow-rep feedback; it never changes the
    count.
    """

    def __init__(
        self,
        exercise: ExerciseType,
        *,
        fps: float | None = None,
        side: Side | None = None,
        target_rom_deg: float | None = None,
    ) -> None:
        if fps is not None and not fps > 0:
            raise ValueError("fps must be a positive number")
        if target_rom_deg is not None and not is_valid_target_rom(target_rom_deg):
            raise ValueError(
                f"target_rom_deg must be between {MIN_TARGET_ROM_DEG:g} and "
                f"{MAX_TARGET_ROM_DEG:g} degrees"
            )
        self.exercise = ExerciseType(exercise)
        self.spec: ExerciseSpec = exercise_spec(self.exercise)
        self.fps = fps
        self.side = side
        self.target_rom_deg = target_rom_deg
        self.sides: tuple[Side, ...] = (
            (side,) if side in (Side.LEFT, Side.RIGHT) and side is not None else SINGLE_SIDES
        )

        self._signals = CandidateSignals(self.spec, self.sides)
        self._candidates = self._signals.candidates
        self._smoother = SignalSmoother(len(self._signals), fps or DEFAULT_FPS)
        self._detectors = [
            RepDetector(self.spec.min_rep_duration_s, min_swing)
            for min_swing in self._signals.min_swings
        ]
        self._autocorrelation = AutocorrelationTracker(len(self._candidates), fps or DEFAULT_FPS)
        # Every rep each signal found, measured when it was found, and what they say together.
        self._found: list[deque[tuple[Cycle, RepCompleted]]] = [
            deque(maxlen=MAX_REMEMBERED_REPS) for _ in self._candidates
        ]
        self._kept_cache: dict[int, _KeptReps] = {}
        self._next_rescore = -math.inf
        self._measured_index = {
            candidate.side: index
            for index, candidate in enumerate(self._candidates)
            if candidate.is_measured_angle
        }
        self._measured_joints = {s: self.spec.joints.of(s) for s in self.sides}
        self._messages = {self.spec.shallow_rep_code: self.spec.shallow_rep_message} | {
            rule.code: rule.message for rule in self.spec.form_rules
        }
        columns_per_side = 2 + len(self.spec.form_rules)
        capacity = math.ceil(HISTORY_S * max(fps or DEFAULT_FPS, DEFAULT_FPS))
        self._recent = RecentFrames(capacity, columns_per_side * len(self.sides))

        self.frames = 0
        self.frames_used = 0
        self.reps: list[RepCompleted] = []
        self._last_time: float | None = None
        self._last_seen = np.full(len(self._candidates), -math.inf)
        self._leader: int | None = None
        self._phase: str | None = None
        self._in_view = True
        self._last_visible_time: float | None = None
        self._last_feedback: dict[str, float] = {}
        self._count_note: str | None = None

    # -- public API ---------------------------------------------------------------------------

    def feed(self, landmarks: npt.ArrayLike, timestamp: float | None = None) -> list[Event]:
        """Take one ``(33, 4)`` frame; ``timestamp`` in seconds (default: frame number / fps)."""
        frame = np.asarray(landmarks, dtype=np.float64)
        if frame.shape != (LANDMARK_COUNT, VALUES_PER_LANDMARK):
            raise ValueError(f"a frame must have shape (33, 4), not {frame.shape}")
        time = self._clock(timestamp)
        dt = 1.0 / (self.fps or DEFAULT_FPS) if self._last_time is None else time - self._last_time
        self._last_time = time
        self.frames += 1

        visible = (frame[:, 3] >= VISIBILITY_THRESHOLD) & np.isfinite(frame[:, :3]).all(axis=1)
        raw = self._signals.compute(frame, visible, max(dt, 1e-6))
        seen = ~np.isnan(raw)
        events: list[Event] = self._track_view(visible, time)
        if not seen.any():
            return events
        self.frames_used += 1

        returning = seen & (time - self._last_seen > GAP_RESET_S)
        if returning.any():
            self._smoother.reset(returning)
            for returned in np.flatnonzero(returning):
                self._detectors[returned].reset()
        self._last_seen[seen] = time

        smoothed = self._smoother.update(raw, max(dt, 1e-6))
        noise = self._smoother.noise.tolist()
        values = smoothed.tolist()
        completed: list[tuple[int, Cycle]] = []
        seen_indices: list[int] = np.flatnonzero(seen).tolist()
        for index in seen_indices:
            cycle = self._detectors[index].update(values[index], time, noise[index])
            if cycle is not None:
                completed.append((index, cycle))

        self._remember(frame, visible, smoothed, time)
        self._autocorrelation.push(smoothed)
        for index, cycle in completed:
            self._found_rep(index, cycle, noise)
        if completed or time >= self._next_rescore:
            self._next_rescore = time + RESCORE_EVERY_S
            self._choose_leader(final=False)
        events.extend(self._phase_events(time))
        events.extend(self._new_reps())
        return events

    def finish(self) -> list[Event]:
        """End of the stream: settle the count on everything that was seen.

        A rep in progress counts if it is already on its way back. The signal that leads is
        chosen again over the whole session, and its reps become the session's reps: the live
        count may have included a fidget from before the set that the whole session shows to
        be small, or missed reps that only the final choice of signal saw. Reps already sent
        keep their events; reps found only now are sent now.
        """
        if self._last_time is None:
            return []
        noise = self._smoother.noise.tolist()
        for index, detector in enumerate(self._detectors):
            cycle = detector.flush(noise[index])
            if cycle is not None:
                self._found_rep(index, cycle, noise)
        self._choose_leader(final=True)
        if self._leader is None:
            return []
        final: list[RepCompleted] = []
        events: list[Event] = []
        sent = list(self.reps)
        for cycle, draft in self._kept(self._leader).reps:
            match = next((rep for rep in sent if _overlaps(rep, cycle)), None)
            if match is not None:
                sent.remove(match)
                final.append(replace(match, index=len(final) + 1))
                continue
            rep = replace(draft, index=len(final) + 1)
            final.append(rep)
            events.append(rep)
            events.extend(self._feedback(rep.form_flags, rep.end_time))
        # ``sent`` now holds the reps shown live that the whole set does not bear out.
        first_dropped = bool(sent) and sent[0] is self.reps[0]
        added = sum(isinstance(event, RepCompleted) for event in events)
        self._count_note = count_note(len(sent), added, first_dropped)
        self.reps = final
        return events

    def summary(self) -> SessionSummary:
        roms = [rep.range_of_motion_deg for rep in self.reps]
        return SessionSummary(
            exercise=self.exercise,
            reps=len(self.reps),
            rep_events=tuple(self.reps),
            min_rom_deg=min(roms) if roms else None,
            max_rom_deg=max(roms) if roms else None,
            mean_rom_deg=sum(roms) / len(roms) if roms else None,
            form_score=(
                100.0 * sum(not rep.form_flags for rep in self.reps) / len(roms) if roms else None
            ),
            good_reps=(
                None if self.target_rom_deg is None else sum(bool(r.good) for r in self.reps)
            ),
            target_rom_deg=self.target_rom_deg,
            frames=self.frames,
            frames_used=self.frames_used,
            count_note=self._count_note,
        )

    # -- one frame, step by step --------------------------------------------------------------

    def _clock(self, timestamp: float | None) -> float:
        if timestamp is not None:
            return float(timestamp)
        return self.frames / (self.fps or DEFAULT_FPS)

    def _track_view(self, visible: npt.NDArray[np.bool_], time: float) -> list[Event]:
        in_view = any(visible[list(joints)].all() for joints in self._measured_joints.values())
        if self._last_visible_time is None:
            self._last_visible_time = time
        if in_view:
            self._last_visible_time = time
            if not self._in_view:
                self._in_view = True
                return [InView(time)]
            return []
        if self._in_view and time - self._last_visible_time >= OUT_OF_VIEW_AFTER_S:
            self._in_view = False
            missing = sorted(
                {
                    landmark_name(joint)
                    for joints in self._measured_joints.values()
                    for joint in joints
                    if not visible[joint]
                }
            )
            return [OutOfView(time, OUT_OF_VIEW_MESSAGE, tuple(missing))]
        return []

    def _remember(
        self,
        frame: FloatArray,
        visible: npt.NDArray[np.bool_],
        smoothed: FloatArray,
        time: float,
    ) -> None:
        row: list[float] = []
        scale = self._signals.body_scale()
        for side in self.sides:
            joints = list(self._measured_joints[side])
            angle = (
                smoothed[self._measured_index[side]]
                * self._signals.orientation[self._measured_index[side]]
            )
            row.append(float(angle) if visible[joints].all() else math.nan)
            row.append(float(frame[joints, 3].clip(0.0, 1.0).mean()))
            for rule in self.spec.form_rules:
                seen = visible[list(rule.needed(side))].all()
                row.append(rule.measure(frame, side, scale) if seen else math.nan)
        self._recent.append(time, row)

    def _found_rep(self, index: int, cycle: Cycle, noise: list[float]) -> None:
        """Remember a rep one signal found, measured now while its frames are at hand."""
        self._found[index].append((cycle, self._measure(index, cycle, noise)))
        self._kept_cache.pop(index, None)

    def _kept(self, index: int) -> _KeptReps:
        """The reps of one signal that are big enough beside its typical rep over the session."""
        cached = self._kept_cache.get(index)
        if cached is not None:
            return cached
        found = list(self._found[index])
        swings = np.array([cycle.swing for cycle, _ in found])
        keep = np.ones(len(found), dtype=bool)
        for _ in range(KEEP_PASSES):
            if not keep.any():
                break
            keep = swings >= KEEP_FRACTION * float(np.median(swings[keep]))
        reps = [item for item, kept in zip(found, keep, strict=True) if kept]
        peaks = np.array([cycle.peak_time for cycle, _ in reps])
        kept_reps = _KeptReps(
            reps=reps,
            typical_swing=float(np.median(swings[keep])) if keep.any() else 0.0,
            spacing_s=float(np.median(np.diff(peaks))) if len(peaks) > 1 else math.inf,
        )
        self._kept_cache[index] = kept_reps
        return kept_reps

    def _score(self, index: int, noise: float) -> float:
        """How much to trust one signal's count: how far its reps stand above its jitter
        (on a log scale, since that only has to be clear, not huge) times how well the signal
        repeats itself at the spacing of those reps."""
        kept = self._kept(index)
        if len(kept.reps) < MIN_REPS_TO_LEAD:
            return 0.0
        clarity = kept.typical_swing / max(noise, 1e-9)
        # Lags are frames: the rate the frames came at, not the one declared when the set began.
        frame_rate = 1.0 / self._smoother.frame_interval()
        repeat = self._autocorrelation.score(index, kept.spacing_s, frame_rate)
        return math.log(max(clarity, 1.0)) * repeat

    def _choose_leader(self, *, final: bool) -> None:
        """Follow the signal whose reps are clearest and most regular over the session.

        Every candidate counts reps on its own; their counts differ when a signal also swings
        with something else (the arms moving change a per-frame normalised angle, a fidget
        before the set) or misses reps (a limb moving along the camera's line of sight). The
        leader is the one whose reps stand furthest above its jitter and whose signal repeats
        at the very spacing of its reps.
        """
        noise = self._smoother.session_noise().tolist()
        scores = [self._score(index, noise[index]) for index in range(len(self._candidates))]
        if final:
            scores = self._weigh_by_agreement(scores)
        best = max(range(len(scores)), key=scores.__getitem__)
        if scores[best] <= 0.0:
            if final and self._leader is None:
                # Too little to trust any signal: take the one with the largest reps for its
                # jitter (a recording of a single rep).
                counted = [index for index, found in enumerate(self._found) if found]
                if counted:
                    self._leader = max(
                        counted, key=lambda i: self._kept(i).typical_swing / max(noise[i], 1e-9)
                    )
            return
        margin = 0.0 if final else LEADER_SWITCH_MARGIN
        if self._leader is None or scores[best] > scores[self._leader] * (1.0 + margin):
            self._leader = best

    def _weigh_by_agreement(self, scores: list[float]) -> list[float]:
        """Scale each signal's score by how far the other signals, weighted by their own
        scores, found the same reps (F1 of matched reps), so that a clear signal whose count
        stands alone loses to one the others bear out."""
        peaks = [
            np.array([cycle.peak_time for cycle, _ in self._kept(index).reps])
            for index in range(len(scores))
        ]
        weighed = []
        for index, score in enumerate(scores):
            if score <= 0.0:
                weighed.append(score)
                continue
            agreement = weight = 0.0
            for other, other_score in enumerate(scores):
                if other == index or other_score <= 0.0:
                    continue
                # F1 of the two signals' reps; a rep matches when the other's peak is inside it.
                precision = _reps_holding(self._kept(index).reps, peaks[other]) / len(peaks[index])
                recall = _reps_holding(self._kept(other).reps, peaks[index]) / len(peaks[other])
                matched = precision + recall
                weight += other_score
                agreement += other_score * (2 * precision * recall / matched if matched else 0.0)
            weighed.append(score * (agreement / weight if weight > 0 else 1.0))
        return weighed

    def _new_reps(self) -> list[Event]:
        """Send the leader's reps that ended after the last rep sent (the first rep before
        there is a leader, when signals of different sources agree on it)."""
        if self._leader is None or len(self._kept(self._leader).reps) < MIN_REPS_TO_LEAD:
            return self._first_rep()
        kept = self._kept(self._leader)
        last_end = self.reps[-1].end_time if self.reps else -math.inf
        fresh: list[tuple[Cycle, RepCompleted]] = []
        for item in reversed(kept.reps):  # only the newest few, however long the session
            if item[0].end_time <= last_end:
                break
            fresh.append(item)
        events: list[Event] = []
        for cycle, draft in reversed(fresh):
            # Another signal may already have counted this very rep before the lead changed.
            if self.reps and _is_same_rep(self.reps[-1], cycle):
                continue
            events.extend(self._send(draft))
        return events

    def _first_rep(self) -> list[Event]:
        """The measured angle's first rep, once signals of FIRST_REP_SOURCES sources found it."""
        if self.reps:
            return []
        for index in self._measured_index.values():
            found = self._found[index]
            if len(found) != 1:
                continue
            cycle, draft = found[0]
            sources = {
                self._candidates[other].source
                for other, reps in enumerate(self._found)
                if any(_overlaps(rep, cycle) for _, rep in reps)
            }
            if len(sources) >= FIRST_REP_SOURCES:
                return self._send(draft)
        return []

    def _send(self, draft: RepCompleted) -> list[Event]:
        rep = replace(draft, index=len(self.reps) + 1)
        self.reps.append(rep)
        return [rep, *self._feedback(rep.form_flags, rep.end_time)]

    def _phase_events(self, time: float) -> list[Event]:
        if self._leader is None:
            return []
        stage = self._detectors[self._leader].stage
        phase = self.spec.effort_phase if stage is Stage.EFFORT else self.spec.return_phase
        if phase == self._phase:
            return []
        self._phase = phase
        return [PhaseChanged(time, phase)]

    def _measure(self, index: int, cycle: Cycle, noise: list[float]) -> RepCompleted:
        """The rep one signal just found, as it would be reported (its index is set when sent)."""
        rows = self._recent.between(min(cycle.rest_time, cycle.start_time), cycle.end_time)
        side = self._candidates[index].side
        angles = self._side_column(rows, side, 0)
        rom, peak, low = _angle_range(angles)
        reported_side = self._reported_side(rows, side, rom)
        visibility = float(np.nanmean(self._side_column(rows, side, 1))) if len(rows) else 0.0
        clarity = self._detectors[index].clarity(noise[index])
        confidence = visibility * min(1.0, clarity / FULL_CONFIDENCE_CLARITY)
        flags = self._form_flags(rows, side, rom)
        return RepCompleted(
            time=cycle.end_time,
            index=0,
            start_time=cycle.start_time,
            end_time=cycle.end_time,
            range_of_motion_deg=rom,
            peak_angle_deg=peak,
            min_angle_deg=low,
            duration_s=cycle.end_time - cycle.start_time,
            side=reported_side,
            form_flags=flags,
            confidence=round(confidence, 3),
            good=None if self.target_rom_deg is None else rom >= self._rom_goal(),
        )

    def _side_column(self, rows: FloatArray, side: Side, offset: int) -> FloatArray:
        columns_per_side = 2 + len(self.spec.form_rules)
        column: FloatArray = rows[:, self.sides.index(side) * columns_per_side + offset]
        return column

    def _reported_side(self, rows: FloatArray, side: Side, rom: float) -> Side:
        if self.side is not None:
            return self.side
        other = Side.LEFT if side is Side.RIGHT else Side.RIGHT
        other_rom, _, _ = _angle_range(self._side_column(rows, other, 0))
        return Side.BOTH if rom > 0 and other_rom >= BOTH_SIDES_SHARE * rom else side

    def _rom_goal(self) -> float:
        if self.target_rom_deg is None:
            return self.spec.minimum_rom_deg
        return TARGET_TOLERANCE * self.target_rom_deg

    def _form_flags(self, rows: FloatArray, side: Side, rom: float) -> tuple[str, ...]:
        flags = [self.spec.shallow_rep_code] if rom < self._rom_goal() else []
        for offset, rule in enumerate(self.spec.form_rules, start=2):
            values = self._side_column(rows, side, offset)
            if np.isfinite(values).any() and rule.is_broken(values[np.isfinite(values)]):
                flags.append(rule.code)
        return tuple(flags)

    def _feedback(self, flags: tuple[str, ...], time: float) -> list[Event]:
        events: list[Event] = []
        for code in flags:
            if time - self._last_feedback.get(code, -math.inf) >= FEEDBACK_INTERVAL_S:
                self._last_feedback[code] = time
                events.append(FormFeedback(time, code, self._messages[code]))
        return events


def _reps_holding(reps: list[tuple[Cycle, RepCompleted]], peaks: FloatArray) -> int:
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


def _overlaps(rep: RepCompleted, cycle: Cycle) -> bool:
    """Whether ``rep`` and ``cycle`` overlap by more than half the shorter of them."""
    overlap = min(rep.end_time, cycle.end_time) - max(rep.start_time, cycle.start_time)
    shorter = min(rep.duration_s, cycle.end_time - cycle.start_time)
    return overlap > SAME_REP_OVERLAP * shorter


def _is_same_rep(rep: RepCompleted, cycle: Cycle) -> bool:
    """Whether ``cycle`` is ``rep`` again, or earlier: they overlap by half the shorter one."""
    return cycle.end_time <= rep.end_time or _overlaps(rep, cycle)


def _angle_range(angles: FloatArray) -> tuple[float, float, float]:
    """Range of motion, largest and smallest angle; zeros when the joint was never seen."""
    seen = angles[np.isfinite(angles)]
    if not len(seen):
        return 0.0, 0.0, 0.0
    high, low = float(seen.max()), float(seen.min())
    return high - low, high, low


@dataclass(frozen=True)
class AnalysisResult:
    """A whole recording run through ``ExerciseSession``: every event, and the summary."""

    events: tuple[Event, ...]
    summary: SessionSummary

    @property
    def reps(self) -> tuple[RepCompleted, ...]:
        return self.summary.rep_events

    def to_dict(self) -> dict[str, Any]:
        return {**self.summary.to_dict(), "events": [event.to_dict() for event in self.events]}


def analyze(
    frames: npt.ArrayLike,
    exercise: ExerciseType,
    fps: float = DEFAULT_FPS,
    *,
    side: Side | None = None,
    target_rom_deg: float | None = None,
) -> AnalysisResult:
    """Run a whole ``(frames, 33, 4)`` recording through the streaming core."""
    recording = np.asarray(frames, dtype=np.float64)
    if recording.ndim != 3 or recording.shape[1:] != (LANDMARK_COUNT, VALUES_PER_LANDMARK):
        raise ValueError(f"frames must have shape (n, 33, 4), not {recording.shape}")
    session = ExerciseSession(exercise, fps=fps, side=side, target_rom_deg=target_rom_deg)
    events: list[Event] = []
    for number, frame in enumerate(recording):
        events.extend(session.feed(frame, number / fps))
    events.extend(session.finish())
    return AnalysisResult(tuple(events), session.summary())
