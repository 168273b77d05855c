"""A whole recording at once, through the very same streaming core as the live stream, so batch and
live results cannot drift apart."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from telerehab.enums import ExerciseType, Side
from telerehab.exercise_logic.events import Event, RepCompleted
from telerehab.exercise_logic.landmarks import LANDMARK_COUNT, VALUES_PER_LANDMARK, in_height_units
from telerehab.exercise_logic.session import DEFAULT_FPS, ExerciseSession
from telerehab.exercise_logic.summary import SessionSummary


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
    timestamps: npt.ArrayLike | None = None,
    aspect_ratio: float = 1.0,
    world: npt.ArrayLike | None = None,
) -> AnalysisResult:
    """Run a whole ``(frames, 33, 4)`` recording through the streaming core; ``fps`` is the rate
    the device declares, ``timestamps`` each frame's time in seconds (default: frame number /
    ``fps``), ``aspect_ratio`` the picture's width over its height (landmarks.py says why),
    ``world`` the recording's ``(frames, 33, 3)`` world landmarks, to measure ranges on
    (world.py)."""
    recording = np.asarray(frames, dtype=np.float64)
    if recording.ndim != 3 or recording.shape[1:] != (LANDMARK_COUNT, VALUES_PER_LANDMARK):
        raise ValueError(f"frames must have shape (n, 33, 4), not {recording.shape}")
    times = (
        np.arange(len(recording)) / fps
        if timestamps is None
        else np.asarray(timestamps, dtype=np.float64)
    )
    if times.shape != (len(recording),):
        raise ValueError(f"timestamps must have one time per frame, not shape {times.shape}")
    worlds = None if world is None else np.asarray(world, dtype=np.float64)
    if worlds is not None and worlds.shape != (len(recording), LANDMARK_COUNT, 3):
        raise ValueError(f"world must have shape (frames, 33, 3), not {worlds.shape}")
    recording = in_height_units(recording, aspect_ratio)
    session = ExerciseSession(exercise, fps=fps, side=side, target_rom_deg=target_rom_deg)
    events: list[Event] = []
    for index, (frame, time) in enumerate(zip(recording, times.tolist(), strict=True)):
        events.extend(session.feed(frame, time, None if worlds is None else worlds[index]))
    events.extend(session.finish())
    return AnalysisResult(tuple(events), session.summary())
