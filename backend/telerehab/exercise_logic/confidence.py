"""How sure the engine is of each rep it counts and of a set's count, from what it already knows.

A rep's confidence (0..1) is the product of four shares, each 1 for a clean rep:

- **seen**: the share of the rep's frames in which its joints were seen (a limb out of view
  leaves a rep that was half guessed);
- **agreement**: how far signals read from other landmarks found the same rep, weighted by how
  much each signal is trusted (a rep only one signal saw may be something else swinging it);
- **clarity**: how far the rep's swing stands above the signal's jitter, on a log scale;
- **regularity**: how like the set's other reps it is, in swing and in duration (half a rep, two
  reps run together, or a rep with a pause inside it stand out).

A rep below ``REP_HIGH`` is *uncertain*: it is still counted, and flagged. A set's confidence is
the share of its reps that are not uncertain, times four shares of set-wide evidence: how far the
other signals bear out its count (``weigh_by_agreement``), how regular the gaps between its reps
are (a long gap may hide a missed rep), how much of the set the counting signal was seen, and how
much of the set its reps fill (full from ``ACTIVE_SHARE``: a set of a few reps in a long stretch
of movement may have more the engine did not see). A set at or above ``SET_HIGH`` is *high*.
The three thresholds were chosen by ``bench/confidence_accuracy.py`` so that sets rated high are
counted within one rep in at least 97 % of cases, and checked by leave one subject out
(docs/benchmarks.md, "Confidence").
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Final

import numpy as np

from telerehab.enums import ConfidenceBand
from telerehab.exercise_logic.counter import Cycle
from telerehab.exercise_logic.events import RepCompleted
from telerehab.exercise_logic.signals import FloatArray

# Chosen by bench/confidence_accuracy.py on the shared recordings under every stress.
REP_HIGH: Final = 0.35
SET_HIGH: Final = 0.85
# A rep this many times above its jitter is clear beyond doubt; one at the gate (about six
# times) is half as clear.
CLEAR_SWING: Final = 30.0
# A rep whose swing or duration is within this factor of the set's median is regular.
REGULAR_WITHIN: Final = 1.5
# A set whose reps fill less than this share of its time may have reps the engine did not see.
ACTIVE_SHARE: Final = 0.2
# A set seen at this rate or slower is marked, and the patient warned while it runs: a rep is then
# a handful of frames, and the stress tests lose reps at 6 frames/s that 10 frames/s keeps
# (docs/benchmarks.md, "Stress", frame rate).
SLOW_CAMERA_FPS: Final = 6.0


def measured_frame_rate(frames: int | None, duration_s: float) -> float | None:
    """Frames a second a set was actually seen at (None: not recorded, or a single frame)."""
    if not frames or frames < 2 or duration_s <= 0:
        return None
    return (frames - 1) / duration_s


def band(confidence: float, threshold: float) -> ConfidenceBand:
    return ConfidenceBand.HIGH if confidence >= threshold else ConfidenceBand.UNCERTAIN


@dataclass(frozen=True)
class RepEvidence:
    """The four shares a rep's confidence is made of (each 0..1)."""

    seen: float
    agreement: float
    clarity: float
    regularity: float

    @property
    def confidence(self) -> float:
        return self.seen * self.agreement * self.clarity * self.regularity


def clarity_share(swing: float, noise: float) -> float:
    """0 for a swing no larger than the jitter, 1 from ``CLEAR_SWING`` times it."""
    ratio = swing / max(noise, 1e-9)
    return min(1.0, max(0.0, math.log(max(ratio, 1.0)) / math.log(CLEAR_SWING)))


def regularity_share(cycle: Cycle, swings: Sequence[float], durations: Sequence[float]) -> float:
    """How like the set's typical rep ``cycle`` is: 1 within ``REGULAR_WITHIN`` of the median
    swing and duration, falling as the ratio grows beyond that. A set of one rep is regular."""
    if len(swings) < 2:
        return 1.0
    share = 1.0
    for value, typical in (
        (cycle.swing, float(np.median(swings))),
        (cycle.end_time - cycle.start_time, float(np.median(durations))),
    ):
        if value <= 0.0 or typical <= 0.0:
            return 0.0
        ratio = max(value / typical, typical / value) / REGULAR_WITHIN
        share = min(share, 1.0 / ratio if ratio > 1.0 else 1.0)
    return share


def agreement_share(cycle: Cycle, others: Sequence[tuple[float, FloatArray]]) -> float:
    """The trust-weighted share of ``others`` (each a signal's trust and the sorted peak times
    of its reps) that found a rep peaking inside ``cycle``; 1 when no other signal is trusted."""
    weight = agreed = 0.0
    for trust, peaks in others:
        if trust <= 0.0:
            continue
        weight += trust
        first = int(np.searchsorted(peaks, cycle.start_time))
        if first < len(peaks) and peaks[first] <= cycle.end_time:
            agreed += trust
    return agreed / weight if weight > 0.0 else 1.0


def spacing_share(peaks: FloatArray) -> float:
    """The share of the gaps between consecutive reps (their peaks, in time order) no longer
    than ``REGULAR_WITHIN`` times the typical gap: a longer one may hide a rep that was missed
    (or a pause). 1 for a set of fewer than three reps."""
    if len(peaks) < 3:
        return 1.0
    gaps = np.diff(peaks)
    return float(np.mean(gaps <= REGULAR_WITHIN * float(np.median(gaps))))


@dataclass(frozen=True)
class SetConfidence:
    """A set's confidence and band, its uncertain reps, and the set-wide evidence (0..1 each):
    how far the other signals bore out the count, how regular the gaps between reps were, and
    the share of the set's time the counting signal was seen."""

    confidence: float
    band: ConfidenceBand
    uncertain_reps: int
    count_agreement: float
    spacing: float
    seen: float
    active: float  # the share of the set's time inside its reps


def set_value(
    rep_confidences: Sequence[float],
    count_agreement: float,
    spacing: float,
    seen: float,
    active: float,
    rep_high: float = REP_HIGH,
    active_share: float = ACTIVE_SHARE,
) -> float:
    """The share of the reps at or above ``rep_high``, times the set-wide evidence (``active``
    counts in full from ``active_share`` up); 0 without reps."""
    if not rep_confidences:
        return 0.0
    certain = sum(value >= rep_high for value in rep_confidences)
    busy = min(1.0, active / active_share) if active_share > 0 else 1.0
    return certain / len(rep_confidences) * count_agreement * spacing * seen * busy


def set_band(confidence: float) -> ConfidenceBand:
    """The band of a set whose confidence is ``confidence``."""
    return band(confidence, SET_HIGH)


def set_confidence(
    rep_confidences: Sequence[float],
    count_agreement: float,
    spacing: float,
    seen: float,
    active: float,
) -> SetConfidence:
    """A set's confidence and band; its reps below ``REP_HIGH`` are its uncertain ones."""
    value = round(set_value(rep_confidences, count_agreement, spacing, seen, active), 3)
    uncertain = sum(rep < REP_HIGH for rep in rep_confidences)
    evidence = tuple(round(x, 3) for x in (count_agreement, spacing, seen, active))
    return SetConfidence(value, set_band(value), uncertain, *evidence)


def rate_reps(
    reps: Sequence[tuple[Cycle, RepCompleted]],
    set_reps: Sequence[Cycle],
    noise: float,
    others: Sequence[tuple[float, FloatArray]],
) -> list[RepCompleted]:
    """``reps`` (each as judged, its ``confidence`` the share of its frames that saw its joints)
    with their confidence and band, beside ``set_reps`` (the counting signal's reps, for what is
    regular), that signal's ``noise``, and the ``others``' trust and peaks (``agreement_share``)."""
    swings = [cycle.swing for cycle in set_reps]
    durations = [cycle.end_time - cycle.start_time for cycle in set_reps]
    rated = []
    for cycle, rep in reps:
        evidence = RepEvidence(
            seen=rep.confidence,
            agreement=agreement_share(cycle, others),
            clarity=clarity_share(cycle.swing, noise),
            regularity=regularity_share(cycle, swings, durations),
        )
        value = round(evidence.confidence, 3)
        rated.append(replace(rep, confidence=value, confidence_band=band(value, REP_HIGH)))
    return rated


def rate_set(
    reps: Sequence[RepCompleted],
    kept: Sequence[tuple[Cycle, RepCompleted]],
    count_agreement: float,
    unseen_s: float,
    span_s: float,
) -> SetConfidence:
    """The confidence of a set of ``reps`` (rated), counted by a signal whose reps are ``kept``
    and which was out of view ``unseen_s`` of the set's ``span_s`` seconds."""
    span_s = max(span_s, 1e-9)
    return set_confidence(
        [rep.confidence for rep in reps],
        count_agreement,
        spacing_share(np.array([cycle.peak_time for cycle, _ in kept])),
        max(0.0, 1.0 - unseen_s / span_s),
        min(1.0, sum(rep.duration_s for rep in reps) / span_s),
    )
