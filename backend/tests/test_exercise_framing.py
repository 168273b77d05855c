"""A patient seated and framed from the chest up can do every upper-limb exercise (issue 22).

The synthetic recordings with their hips, knees and feet out of view (visibility 0, as the pose
model reports joints below the picture) must count and measure as the whole-body ones do.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from telerehab.enums import ExerciseType
from telerehab.exercise_logic import EXERCISES, OutOfView, analyze
from telerehab.exercise_logic.framing import with_upright_trunk

sys.path.insert(0, str(Path(__file__).resolve().parent))
from exercise_synth import hide, rep_progress, synthesize

FPS = 30.0
UPPER_LIMB = [
    ExerciseType.BICEP_CURL,
    ExerciseType.SHOULDER_FLEXION,
    ExerciseType.SHOULDER_ABDUCTION,
]
BELOW_THE_CHEST = (23, 24, 25, 26, 27, 28, 29, 30, 31, 32)  # hips, knees, ankles, heels, feet


def chest_up(frames: np.ndarray) -> np.ndarray:
    return hide(frames, BELOW_THE_CHEST, [(0, len(frames) - 1)])


def test_the_upper_limb_exercises_are_the_arm_ones() -> None:
    assert [kind for kind, spec in EXERCISES.items() if spec.upper_limb] == UPPER_LIMB


@pytest.mark.parametrize("exercise", UPPER_LIMB)
def test_framed_from_the_chest_up_counts_and_measures_as_whole(exercise: ExerciseType) -> None:
    whole = synthesize(exercise, rep_progress(5, FPS), rom_deg=90.0, noise=0.002, seed=4)
    seen = analyze(whole, exercise, FPS)
    seated = analyze(chest_up(whole), exercise, FPS)
    assert len(seated.reps) == len(seen.reps) == 5
    # The range is read over the counting signal's rep, and the two framings may be counted by
    # different (equally clean) signals, whose reps start and end a frame or two apart.
    for chest_up_rep, whole_rep in zip(seated.reps, seen.reps, strict=True):
        assert chest_up_rep.range_of_motion_deg == pytest.approx(90.0, abs=8.0)
        assert chest_up_rep.range_of_motion_deg == pytest.approx(
            whole_rep.range_of_motion_deg, abs=1.5
        )
    assert not [event for event in seated.events if isinstance(event, OutOfView)]


@pytest.mark.parametrize("exercise", [ExerciseType.SQUAT, ExerciseType.KNEE_RAISE])
def test_a_leg_exercise_still_needs_the_legs(exercise: ExerciseType) -> None:
    frames = chest_up(synthesize(exercise, rep_progress(3, FPS), rom_deg=90.0))
    result = analyze(frames, exercise, FPS)
    assert not result.reps
    assert [event for event in result.events if isinstance(event, OutOfView)]


def test_a_seen_hip_is_used_as_it_is_and_a_missing_one_is_put_below_the_shoulder() -> None:
    frame = synthesize(ExerciseType.SHOULDER_FLEXION, np.zeros(1), rom_deg=0.0)[0].astype(float)
    frame[23, :3] = (0.40, 0.62, 0.1)  # the left hip seen, a little aside
    frame[24, 3] = 0.0  # the right hip out of view
    visible = frame[:, 3] >= 0.5
    stood_in, now_visible = with_upright_trunk(frame, visible)
    assert stood_in[23].tolist() == frame[23].tolist()
    shoulder, elbow = frame[12], frame[14]
    upper_arm = float(np.hypot(*(elbow[:2] - shoulder[:2])))
    assert stood_in[24, 0] == shoulder[0] and stood_in[24, 2] == shoulder[2]
    assert stood_in[24, 1] == pytest.approx(shoulder[1] + upper_arm / 0.6)
    assert now_visible[24] and not visible[24]
