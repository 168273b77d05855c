"""The exercise engine: MediaPipe Pose landmarks in, counted and judged reps out.

Pure Python, NumPy and SciPy; it knows nothing of the web app or the database. The live
WebSocket, the batch endpoint and the CLI all use ``ExerciseSession`` (``analyze`` runs a whole
recording through it).
"""

from telerehab.exercise_logic.analysis import AnalysisResult, analyze
from telerehab.exercise_logic.confidence import SLOW_CAMERA_FPS, measured_frame_rate, set_band
from telerehab.exercise_logic.events import (
    Event,
    FormFeedback,
    InView,
    OutOfView,
    PhaseChanged,
    RepCompleted,
)
from telerehab.exercise_logic.exercises import EXERCISES, ExerciseSpec, exercise_spec
from telerehab.exercise_logic.landmarks import MAX_ASPECT_RATIO, MIN_ASPECT_RATIO, in_height_units
from telerehab.exercise_logic.session import (
    MAX_TARGET_ROM_DEG,
    MIN_TARGET_ROM_DEG,
    ExerciseSession,
    is_valid_target_rom,
)
from telerehab.exercise_logic.summary import SessionSummary, is_movement_mismatch

__all__ = [
    "EXERCISES",
    "MAX_ASPECT_RATIO",
    "MAX_TARGET_ROM_DEG",
    "MIN_ASPECT_RATIO",
    "MIN_TARGET_ROM_DEG",
    "SLOW_CAMERA_FPS",
    "AnalysisResult",
    "Event",
    "ExerciseSession",
    "ExerciseSpec",
    "FormFeedback",
    "InView",
    "OutOfView",
    "PhaseChanged",
    "RepCompleted",
    "SessionSummary",
    "analyze",
    "exercise_spec",
    "in_height_units",
    "is_movement_mismatch",
    "is_valid_target_rom",
    "measured_frame_rate",
    "set_band",
]
