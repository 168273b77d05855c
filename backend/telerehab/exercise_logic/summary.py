"""What a set comes to once it is over: the count, the ranges of motion, the form score, and why
the count may differ from the one shown during the set."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from telerehab.enums import ExerciseType
from telerehab.exercise_logic.confidence import SetConfidence
from telerehab.exercise_logic.events import RepCompleted
from telerehab.exercise_logic.exercises import WRONG_MOVEMENT_CODE

# A set is the wrong exercise when at least this share of its reps were (one stray rep is not).
MISMATCH_SHARE: Final = 0.5


def is_movement_mismatch(rep_flags: list[list[str]] | list[tuple[str, ...]]) -> bool:
    """Whether a set whose reps have these flags was another exercise than the one prescribed."""
    wrong = sum(WRONG_MOVEMENT_CODE in flags for flags in rep_flags)
    return bool(rep_flags) and wrong >= MISMATCH_SHARE * len(rep_flags)


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
    # How far the count can be trusted (None before the set was finished): ``confidence.py``.
    confidence: SetConfidence | None = None

    @classmethod
    def of(
        cls,
        exercise: ExerciseType,
        reps: Sequence[RepCompleted],
        target_rom_deg: float | None,
        frames: tuple[int, int],
        note: str | None,
        confidence: SetConfidence | None,
    ) -> SessionSummary:
        """The summary of a set of ``reps``; ``frames``: the frames fed and those used."""
        roms = [rep.range_of_motion_deg for rep in reps]
        return cls(
            exercise=exercise,
            reps=len(reps),
            rep_events=tuple(reps),
            min_rom_deg=min(roms) if roms else None,
            max_rom_deg=max(roms) if roms else None,
            mean_rom_deg=sum(roms) / len(roms) if roms else None,
            form_score=100.0 * sum(not rep.form_flags for rep in reps) / len(roms)
            if roms
            else None,
            good_reps=None if target_rom_deg is None else sum(bool(r.good) for r in reps),
            target_rom_deg=target_rom_deg,
            frames=frames[0],
            frames_used=frames[1],
            count_note=note,
            confidence=confidence,
        )

    @property
    def movement_mismatch(self) -> bool:
        return is_movement_mismatch([rep.form_flags for rep in self.rep_events])

    @property
    def uncertain_reps(self) -> int:
        return 0 if self.confidence is None else self.confidence.uncertain_reps

    def to_dict(self) -> dict[str, Any]:
        return {
            "exercise": self.exercise.value,
            "reps": self.reps,
            "rep_events": [rep.to_dict() for rep in self.rep_events],
            "min_rom_deg": rounded(self.min_rom_deg),
            "max_rom_deg": rounded(self.max_rom_deg),
            "mean_rom_deg": rounded(self.mean_rom_deg),
            "form_score": rounded(self.form_score),
            "good_reps": self.good_reps,
            "target_rom_deg": self.target_rom_deg,
            "frames": self.frames,
            "frames_used": self.frames_used,
            "count_note": self.count_note,
            "confidence": None if self.confidence is None else self.confidence.confidence,
            "confidence_band": None if self.confidence is None else self.confidence.band.value,
            "uncertain_reps": self.uncertain_reps,
            "movement_mismatch": self.movement_mismatch,
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


def rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
