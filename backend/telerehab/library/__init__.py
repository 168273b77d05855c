"""The exercise library: common rehabilitation exercises as data, each with its instructions,
cautions, starting dose, how it is recorded (the camera engine's five, or the patient's own
report) and the key poses of its demonstration figure.

Routine items name a library exercise by its code; the five camera exercises' codes are the
engine's names (``ExerciseType`` values), so routines written before the library read the same.
"""

from collections.abc import Iterable

from telerehab.enums import BodyRegion, ExerciseGoal, ExerciseType, Recording
from telerehab.library.ankle_spine import ANKLES, SPINES
from telerehab.library.lower import HIPS, KNEES
from telerehab.library.model import (
    JOINTS,
    Demonstration,
    Dose,
    KeyPose,
    LibraryExercise,
    View,
    joint_range,
)
from telerehab.library.upper import UPPER

__all__ = [
    "JOINTS",
    "LIBRARY",
    "Demonstration",
    "Dose",
    "KeyPose",
    "LibraryExercise",
    "View",
    "camera_type",
    "exercise_name",
    "joint_range",
    "search",
]

LIBRARY: dict[str, LibraryExercise] = {
    exercise.code: exercise for exercise in (*UPPER, *HIPS, *KNEES, *ANKLES, *SPINES)
}
SELF_REPORT_CODES = frozenset(c for c, e in LIBRARY.items() if e.recording is Recording.SELF_REPORT)


def exercise_name(code: str) -> str:
    """The library's name of an exercise (its code if the library no longer has it)."""
    exercise = LIBRARY.get(code)
    return exercise.name if exercise else code


def camera_type(code: str) -> ExerciseType | None:
    """The engine's exercise for a library code, or None for a self-reported one."""
    exercise = LIBRARY.get(code)
    return exercise.camera if exercise else None


def search(
    text: str | None = None,
    regions: Iterable[BodyRegion] = (),
    goals: Iterable[ExerciseGoal] = (),
    recording: Recording | None = None,
    codes: Iterable[str] = (),
) -> list[LibraryExercise]:
    """The exercises matching every filter given, by name (then code). ``text`` matches words
    of the name or the summary, in any case and order."""
    words = (text or "").casefold().split()
    region_set, goal_set, code_set = set(regions), set(goals), set(codes)

    def matches(exercise: LibraryExercise) -> bool:
        haystack = f"{exercise.name} {exercise.summary}".casefold()
        return (
            all(word in haystack for word in words)
            and (not region_set or exercise.region in region_set)
            and (not goal_set or exercise.goal in goal_set)
            and (recording is None or exercise.recording is recording)
            and (not code_set or exercise.code in code_set)
        )

    return sorted(filter(matches, LIBRARY.values()), key=lambda e: (e.name.casefold(), e.code))
