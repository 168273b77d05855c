"""Feedback that coaches: each rule fires on real recordings changed to show the fault, and
stays quiet on the real recordings as they are (figures in docs/api.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from telerehab.enums import ExerciseType
from telerehab.exercise_logic import FormFeedback, RepCompleted, analyze
from telerehab.exercise_logic.exercises import TOO_FAST_CODE, TOO_FAST_MESSAGE

sys.path.insert(0, str(Path(__file__).resolve().parent))
from exercise_synth import change_tempo

from .shared_data import shared_data

# Controlled raises, 10 reps, a true 3D skeleton (UI-PRMD), and brisk front raises (RepCount).
CLEAN_SETS = [
    ("uiprmd_m07_s01.npy", ExerciseType.SHOULDER_ABDUCTION),
    ("uiprmd_m06_s02.npy", ExerciseType.KNEE_RAISE),
]
# How much quicker each set is played to make its reps rushed (under a second each).
RUSHED = {ExerciseType.SHOULDER_ABDUCTION: 3.0, ExerciseType.KNEE_RAISE: 2.0}


def recording(name: str) -> np.ndarray:
    path = shared_data(f"pose/{name}", "the real pose recordings")
    return np.load(path)


def flagged(reps: tuple[RepCompleted, ...], code: str) -> float:
    return sum(code in rep.form_flags for rep in reps) / len(reps)


@pytest.mark.parametrize(("name", "exercise"), CLEAN_SETS)
def test_controlled_reps_are_not_called_too_fast(name: str, exercise: ExerciseType) -> None:
    result = analyze(recording(name), exercise, 30.0)
    assert len(result.reps) >= 8
    assert flagged(result.reps, TOO_FAST_CODE) == 0.0
    assert all(
        event.code != TOO_FAST_CODE for event in result.events if isinstance(event, FormFeedback)
    )


@pytest.mark.parametrize(("name", "exercise"), CLEAN_SETS)
def test_the_same_reps_rushed_are(name: str, exercise: ExerciseType) -> None:
    result = analyze(change_tempo(recording(name), RUSHED[exercise]), exercise, 30.0)
    assert len(result.reps) >= 8
    assert flagged(result.reps, TOO_FAST_CODE) >= 0.8
    feedback = [e for e in result.events if isinstance(e, FormFeedback) and e.code == TOO_FAST_CODE]
    assert feedback
    assert {e.message for e in feedback} == {TOO_FAST_MESSAGE}
    # The form score then says so: a set of flagged reps is not clean.
    assert result.summary.form_score is not None
    assert result.summary.form_score <= 20.0
