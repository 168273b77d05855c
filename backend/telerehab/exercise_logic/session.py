"""The streaming core: landmarks in, events out, one frame at a time (``analyze`` feeds a whole
recording through it, so batch and live results cannot drift apart).

Every candidate signal counts reps on its own; the session reports the reps of the signal it
trusts most, as soon as that signal finds them. Before a signal leads (that takes two reps), the
first rep is sent when it ends if the measured angle and a signal read from other landmarks both
found it, so the patient sees "1" after the first rep. ``finish`` settles the count with the whole
set in view, so the summary can differ from the live events; ``count_note`` then says why.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import replace
from typing import Final

import numpy as np
import numpy.typing as npt

from telerehab.enums import ExerciseType, Side
from telerehab.exercise_logic.confidence import SetConfidence, rate_reps, rate_set, set_confidence
from telerehab.exercise_logic.counter import Cycle, RepDetector, Stage
from telerehab.exercise_logic.events import Event, FeedbackPacer, PhaseChanged, RepCompleted
from telerehab.exercise_logic.exercises import (
    FEEDBACK_RANK,
    ExerciseSpec,
    exercise_spec,
    feedback_messages,
)
from telerehab.exercise_logic.framing import with_upright_trunk
from telerehab.exercise_logic.gaps import Reps, ViewGaps, carried
from telerehab.exercise_logic.judging import RepJudge, read_from, settled, with_partial_flag
from telerehab.exercise_logic.landmarks import (
    LANDMARK_COUNT,
    SINGLE_SIDES,
    VALUES_PER_LANDMARK,
    VISIBILITY_THRESHOLD,
    with_trunk_axis,
)
from telerehab.exercise_logic.periodicity import AutocorrelationTracker
from telerehab.exercise_logic.rep_frames import (
    KeptReps,
    found_by,
    is_same_rep,
    keep_typical,
    overlaps,
    was_unseen,
)
from telerehab.exercise_logic.signals import LONGEST_FRAME_INTERVAL_S as LONGEST_INTERVAL_S
from telerehab.exercise_logic.signals import CandidateSignals, SignalSmoother
from telerehab.exercise_logic.stalls import Stalls
from telerehab.exercise_logic.summary import SessionSummary, count_note
from telerehab.exercise_logic.view import ViewTracker
from telerehab.exercise_logic.world import WorldAngles

DEFAULT_FPS: Final = 30.0
# After an absence this long a signal's smoothing starts afresh (its rep goes on: ``resume``).
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
# What a prescribed target range of motion may be: at least a degree (standing still "reaches"
# a target of 0) and at most a half turn. The API's schemas take their bounds from here.
MIN_TARGET_ROM_DEG: Final = 1.0
MAX_TARGET_ROM_DEG: Final = 180.0


def is_valid_target_rom(degrees: float) -> bool:
    """Whether reps can be judged against ``degrees`` as their target range of motion."""
    return MIN_TARGET_ROM_DEG <= degrees <= MAX_TARGET_ROM_DEG


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
        self._kept_cache: dict[int, KeptReps] = {}
        self._reps_found = 0
        self._gaps = ViewGaps(len(self._candidates))
        self._stalls = Stalls()
        self._counted_cache: tuple[tuple[int, ...], Reps] | None = None
        # Each signal's trust when the leader was last chosen; how far the others bear out the
        # leader's count over the whole set (0..1).
        self._trust = [0.0] * len(self._candidates)
        self._count_agreement = 0.0
        self._unseen_s = np.zeros(len(self._candidates))  # each signal's time out of view
        self._set_confidence: SetConfidence | None = None
        self._next_rescore = -math.inf
        self._measured_index = {
            candidate.side: index
            for index, candidate in enumerate(self._candidates)
            if candidate.is_measured_angle
        }
        self._angles = [(self._found[i], self._detectors[i]) for i in self._measured_index.values()]
        self._judge = RepJudge(self.spec, self.sides, side, target_rom_deg, fps or DEFAULT_FPS)
        self._view = ViewTracker(self._judge.measured_joints)
        self._world = WorldAngles(self.spec, self.sides, fps or DEFAULT_FPS, GAP_RESET_S)
        self._feedback = FeedbackPacer(
            feedback_messages(self.spec), FEEDBACK_RANK, FEEDBACK_INTERVAL_S
        )

        self.frames = 0
        self.frames_used = 0
        self.reps: list[RepCompleted] = []
        self._last_time: float | None = None
        self._last_seen = np.full(len(self._candidates), -math.inf)
        self._leader: int | None = None
        self._phase: str | None = None
        self._count_note: str | None = None

    # -- public API ---------------------------------------------------------------------------

    def feed(
        self, landmarks: npt.ArrayLike, timestamp: float | None = None, world: object = None
    ) -> list[Event]:
        """Take one ``(33, 4)`` frame; ``timestamp`` in seconds (default: frame number / fps);
        ``world``: the same frame's ``(33, 3)`` world landmarks, to measure ranges on (world.py)."""
        frame = np.asarray(landmarks, dtype=np.float64)
        if frame.shape != (LANDMARK_COUNT, VALUES_PER_LANDMARK):
            raise ValueError(f"a frame must have shape (33, 4), not {frame.shape}")
        time = self._clock(timestamp)
        dt = 1.0 / (self.fps or DEFAULT_FPS) if self._last_time is None else time - self._last_time
        self._last_time = time
        self.frames += 1

        visible = (frame[:, 3] >= VISIBILITY_THRESHOLD) & np.isfinite(frame[:, :3]).all(axis=1)
        picture_visible = visible
        if self.spec.upper_limb:  # seated, framed from the chest up: the hips may be unseen
            frame, visible = with_upright_trunk(frame, visible)
        if self.spec.uses_trunk_axis:
            frame, visible = with_trunk_axis(frame, visible)
        raw = self._signals.compute(frame, visible, max(dt, 1e-6))
        seen = ~np.isnan(raw)
        events: list[Event] = self._view.track(visible, time)
        self._unseen_s[~seen] += dt
        returned = self._gaps.track(seen, time, self._last_seen)
        if not seen.any():
            return events
        self.frames_used += 1

        returning = seen & (time - self._last_seen > GAP_RESET_S)
        if returning.any():
            self._smoother.reset(returning)
        if stalled := dt > LONGEST_INTERVAL_S:  # no frames for a while: nothing was seen
            returned = np.flatnonzero(seen).tolist()
        for index in returned:
            self._detectors[index].resume(float(self._last_seen[index]), time, no_frames=stalled)
        self._last_seen[seen] = time

        smoothed = self._smoother.update(raw, max(dt, 1e-6))
        swings = np.array([detector.typical_swing for detector in self._detectors])
        if stalled:  # the frames it kept back were unseen ones (``stalls``, ``pass_stall``)
            self._stalls.note(time - dt, time)
            dt = self._autocorrelation.pass_stall(dt, self._smoother.frame_interval())
        self._autocorrelation.push(smoothed, max(dt, 1e-6), swings)
        noise = self._smoother.noise.tolist()
        values = smoothed.tolist()
        clock = self._autocorrelation.clock.tolist()
        completed: list[tuple[int, Cycle]] = []
        seen_indices: list[int] = np.flatnonzero(seen).tolist()
        for index in seen_indices:
            for cycle in self._detectors[index].update(
                values[index], time, noise[index], clock[index]
            ):
                completed.append((index, cycle))

        # Ranges are measured on the world landmarks when the client sent them (world.py).
        angles = self._world.measure(world, picture_visible, time, max(dt, 1e-6)) or {
            side: float(smoothed[index] * self._signals.orientation[index])
            for side, index in self._measured_index.items()
        }
        self._judge.remember(frame, visible, angles, time, self._signals.body_scale())
        for index, cycle in completed:
            self._found_rep(index, cycle)
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
        keep their events but take the larger measurement (``judging.settled``); reps found only now
        are sent now.
        """
        if self._last_time is None:
            return []
        noise = self._smoother.noise.tolist()
        for index, detector in enumerate(self._detectors):
            cycle = detector.flush(noise[index])
            if cycle is not None:
                self._found_rep(index, cycle)
        self._choose_leader(final=True)
        if self._leader is None:
            self._set_confidence = set_confidence([], 0.0, 0.0, 0.0, 0.0)
            return []
        final: list[RepCompleted] = []
        events: list[Event] = []
        sent = list(self.reps)
        kept = self._counted(self._leader)
        for (cycle, _), rated in zip(kept, self._rate(kept, self._leader, live=False), strict=True):
            match = next((rep for rep in sent if overlaps(rep, cycle)), None)
            if match is not None:
                sent.remove(match)
                final.append(settled(match, rated, len(final) + 1, self.spec.shallow_rep_code))
                continue
            rep = replace(rated, index=len(final) + 1)
            final.append(rep)
            events.append(rep)
            events.extend(self._feedback.tell(rep.form_flags, rep.end_time))
        # ``sent`` now holds the reps shown live that the whole set does not bear out.
        first_dropped = bool(sent) and sent[0] is self.reps[0]
        added = sum(isinstance(event, RepCompleted) for event in events)
        self._count_note = count_note(len(sent), added, first_dropped)
        self.reps = final
        span, unseen = self._last_time - self._view.first_time, self._unseen_s[self._leader]
        self._set_confidence = rate_set(final, kept, self._count_agreement, float(unseen), span)
        return events

    def summary(self) -> SessionSummary:
        return SessionSummary.of(
            self.exercise,
            self.reps,
            self.target_rom_deg,
            (self.frames, self.frames_used),
            self._count_note,
            self._set_confidence,
        )

    # -- one frame, step by step --------------------------------------------------------------

    def _clock(self, timestamp: float | None) -> float:
        if timestamp is not None:
            return float(timestamp)
        return self.frames / (self.fps or DEFAULT_FPS)

    def _found_rep(self, index: int, cycle: Cycle) -> None:
        """Remember a rep one signal found, measured now while its frames are at hand."""
        interval = self._smoother.frame_interval()
        read_back = read_from(cycle, self._found[index], self._angles, KEEP_FRACTION)
        rep = self._judge.judge(cycle, self._candidates[index].side, interval, read_back)
        if was_unseen(rep):  # wholly inside a stall: its form cannot be judged
            rep = replace(rep, form_flags=(), good=None)
        self._found[index].append((cycle, rep))
        self._kept_cache.pop(index, None)
        self._reps_found += 1

    def _kept(self, index: int) -> KeptReps:
        """The reps of one signal that are big enough beside its typical rep over the session."""
        if index not in self._kept_cache:
            found = list(self._found[index])
            self._kept_cache[index] = keep_typical(found, KEEP_FRACTION, KEEP_PASSES)
        return self._kept_cache[index]

    def _counted(self, leader: int) -> Reps:
        """``leader``'s reps, and the other side's where it was unseen (``gaps.carried``)."""
        side = self._candidates[leader].side
        others = [i for i, c in enumerate(self._candidates) if c.side != side]
        carrier = max(others, key=self._trust.__getitem__, default=None)
        if carrier is None or self._trust[carrier] <= 0.0:
            return self._kept(leader).reps
        key = (leader, carrier, self._reps_found, self._gaps.version)
        if self._counted_cache is None or self._counted_cache[0] != key:
            spans = self._gaps.spans(leader, self._last_time or 0.0)
            reps = carried(self._kept(leader).reps, self._kept(carrier).reps, spans)
            self._counted_cache = (key, reps)
        return self._counted_cache[1]

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
        self._trust = support = scores
        if final:  # borne out by the others where frames saw the reps (``stalls``)
            kept = [self._kept(i).reps for i in range(len(scores))]
            scores, support = self._stalls.weigh(scores, kept)
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
        if final:
            self._count_agreement = support[best] / self._trust[best]

    def _new_reps(self) -> list[Event]:
        """Send the leader's reps that ended after the last rep sent (the first rep before
        there is a leader, when signals of different sources agree on it)."""
        if self._leader is None or len(self._kept(self._leader).reps) < MIN_REPS_TO_LEAD:
            return self._first_rep()
        last_end = self.reps[-1].end_time if self.reps else -math.inf
        fresh: list[tuple[Cycle, RepCompleted]] = []
        for item in reversed(self._counted(self._leader)):  # the newest few only
            if item[0].end_time <= last_end:
                break
            fresh.append(item)
        events: list[Event] = []
        for cycle, draft in reversed(fresh):
            # Another signal may already have counted this very rep before the lead changed.
            if self.reps and is_same_rep(self.reps[-1], cycle):
                continue
            events.extend(self._send(cycle, draft))
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
            sources = {self._candidates[other].source for other in found_by(cycle, self._found)}
            if len(sources) >= FIRST_REP_SOURCES:
                return self._send(cycle, draft, index)
        return []

    def _send(self, cycle: Cycle, draft: RepCompleted, index: int | None = None) -> list[Event]:
        """Send a rep of the leader (of signal ``index`` before there is one), rated so far."""
        counting = self._leader if index is None else index
        (draft,) = self._rate([(cycle, draft)], counting or 0, live=True)
        if not was_unseen(draft):
            draft = with_partial_flag(draft, self.reps, self.spec.effort_closes_joint)
        rep = replace(draft, index=len(self.reps) + 1)
        self.reps.append(rep)
        return [rep, *self._feedback.tell(rep.form_flags, rep.end_time)]

    def _rate(
        self, reps: list[tuple[Cycle, RepCompleted]], counting: int, *, live: bool
    ) -> list[RepCompleted]:
        """``reps`` of signal ``counting`` with their confidence (``confidence.rate_reps``): the
        signals read from other landmarks are the witnesses (live, with the peak of a rep they
        are in the middle of)."""
        others = []
        for other, candidate in enumerate(self._candidates):
            if candidate.source == self._candidates[counting].source:
                continue
            peaks = [cycle.peak_time for cycle, _ in self._kept(other).reps]
            pending = self._detectors[other].pending
            if live and pending is not None:
                peaks.append(pending[1])  # its peak so far
            others.append((self._trust[other], np.array(peaks)))
        noise = float(self._smoother.session_noise()[counting])
        set_reps = [cycle for cycle, _ in self._kept(counting).reps]
        return rate_reps(reps, set_reps, noise, others)

    def _phase_events(self, time: float) -> list[Event]:
        if self._leader is None:
            return []
        stage = self._detectors[self._leader].stage
        phase = self.spec.effort_phase if stage is Stage.EFFORT else self.spec.return_phase
        if phase == self._phase:
            return []
        self._phase = phase
        return [PhaseChanged(time, phase)]
