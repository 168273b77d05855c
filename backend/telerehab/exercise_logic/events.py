"""What the engine tells its callers: frozen events that serialise to JSON-ready dicts."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from enum import Enum
from typing import Any, ClassVar

from telerehab.enums import ConfidenceBand, Side


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, float):
        return round(value, 3)
    return value


@dataclass(frozen=True)
class _Event:
    type: ClassVar[str]
    time: float  # seconds, on the caller's clock

    def to_dict(self) -> dict[str, Any]:
        """The event as JSON-ready primitives, with its ``type`` first."""
        body = {field.name: _plain(getattr(self, field.name)) for field in fields(self)}
        return {"type": self.type, **body}


@dataclass(frozen=True)
class RepCompleted(_Event):
    """A rep was counted. Angles are those of the exercise's measured joint, in degrees.

    ``good`` is whether the rep reached the patient's target range of motion (None without one).
    ``confidence`` (0..1) combines how well the joints were seen, how far other signals found
    the same rep, how clearly it stood out of the landmark jitter and how like the set's other
    reps it is (``confidence.py``); ``confidence_band`` is ``uncertain`` below the calibrated
    threshold. An uncertain rep is counted all the same.
    """

    type: ClassVar[str] = "rep_completed"
    index: int
    start_time: float
    end_time: float
    range_of_motion_deg: float
    peak_angle_deg: float  # the largest angle during the rep
    min_angle_deg: float  # the smallest angle during the rep
    duration_s: float
    side: Side
    form_flags: tuple[str, ...]
    confidence: float
    confidence_band: ConfidenceBand
    good: bool | None


@dataclass(frozen=True)
class PhaseChanged(_Event):
    """The movement turned: ``phase`` is the exercise's effort or return phase (e.g. down, up)."""

    type: ClassVar[str] = "phase_changed"
    phase: str


@dataclass(frozen=True)
class FormFeedback(_Event):
    """Something to tell the patient, at most once every few seconds per ``code``."""

    type: ClassVar[str] = "form_feedback"
    code: str
    message: str


@dataclass(frozen=True)
class OutOfView(_Event):
    """The joints the exercise needs have not been seen for a while."""

    type: ClassVar[str] = "out_of_view"
    message: str
    missing_joints: tuple[str, ...]


@dataclass(frozen=True)
class InView(_Event):
    """The needed joints are visible again after an ``OutOfView``."""

    type: ClassVar[str] = "in_view"


Event = RepCompleted | PhaseChanged | FormFeedback | OutOfView | InView


class FeedbackPacer:
    """Form feedback at a pace a patient can follow: one message for a rep at most, its most
    pressing flag (lowest ``rank``) not told in the last ``interval_s`` seconds."""

    def __init__(
        self, messages: Mapping[str, str], rank: Mapping[str, int], interval_s: float
    ) -> None:
        self._messages, self._rank, self._interval_s = messages, rank, interval_s
        self._last_told: dict[str, float] = {}

    def tell(self, flags: tuple[str, ...], time: float) -> list[Event]:
        ranked = sorted(flags, key=lambda code: self._rank.get(code, len(self._rank)))
        for code in ranked:
            if time - self._last_told.get(code, -math.inf) >= self._interval_s:
                self._last_told[code] = time
                return [FormFeedback(time, code, self._messages[code])]
        return []
