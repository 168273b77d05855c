"""The exercise library's catalogue holds together: enough exercises, every region and goal,
unique codes, variants that exist and point back, and key poses a body can take."""

import pytest

from telerehab.enums import BodyRegion, ExerciseGoal, ExerciseType, Recording
from telerehab.library import JOINTS, LIBRARY, LibraryExercise, camera_type, joint_range, search
from telerehab.library.ankle_spine import ANKLES, SPINES
from telerehab.library.lower import HIPS, KNEES
from telerehab.library.upper import UPPER

EVERY = (*UPPER, *HIPS, *KNEES, *ANKLES, *SPINES)


def test_at_least_forty_exercises_with_unique_codes() -> None:
    assert len(EVERY) >= 40
    codes = [exercise.code for exercise in EVERY]
    assert len(set(codes)) == len(codes) == len(LIBRARY)
    names = [exercise.name.casefold() for exercise in EVERY]
    assert len(set(names)) == len(names)


def test_every_region_and_goal_is_present() -> None:
    assert {e.region for e in EVERY} == set(BodyRegion)
    assert {e.goal for e in EVERY} == set(ExerciseGoal)


def test_the_five_camera_exercises_are_entries_named_by_the_engine() -> None:
    camera = {e.code: e.camera for e in EVERY if e.recording is Recording.CAMERA}
    assert camera == {kind.value: kind for kind in ExerciseType}
    assert camera_type("squat") is ExerciseType.SQUAT
    assert camera_type("bridge") is None
    assert camera_type("no-such-exercise") is None


@pytest.mark.parametrize("exercise", EVERY, ids=lambda e: e.code)
def test_an_exercise_is_complete(exercise: LibraryExercise) -> None:
    assert exercise.code == exercise.code.lower() and " " not in exercise.code
    assert len(exercise.instructions) >= 3
    assert exercise.cautions
    assert all(step.strip().endswith((".", "?")) for step in exercise.instructions)
    assert 1 <= exercise.dose.sets <= 20 and 1 <= exercise.dose.reps <= 200
    assert 0 <= exercise.dose.rest_seconds <= 900


@pytest.mark.parametrize("exercise", EVERY, ids=lambda e: e.code)
def test_variants_exist_and_point_back(exercise: LibraryExercise) -> None:
    for variant, back in ((exercise.harder, "easier"), (exercise.easier, "harder")):
        if variant is None:
            continue
        assert variant in LIBRARY and variant != exercise.code
        # The variant leads back here, or on to another step of the same progression.
        assert getattr(LIBRARY[variant], back) is not None


@pytest.mark.parametrize("exercise", EVERY, ids=lambda e: e.code)
def test_key_poses_are_within_anatomical_range(exercise: LibraryExercise) -> None:
    demonstration = exercise.demonstration
    assert len(demonstration.poses) >= 2
    assert demonstration.move_s > 0
    for pose in demonstration.poses:
        assert pose.label and pose.hold_s >= 0
        for joint, degrees in pose.angles.items():
            assert joint in JOINTS, joint
            low, high = joint_range(demonstration.view, joint)
            assert low <= degrees <= high, (joint, degrees)
    distinct = {tuple(sorted(pose.angles.items())) for pose in demonstration.poses}
    assert len(distinct) == len(demonstration.poses)  # every key pose shows a movement


def test_search_matches_words_and_filters() -> None:
    assert [e.code for e in search("SLIDE heel")] == ["heel-slide"]
    assert "straight-leg-raise" in {e.code for e in search("leg raise")}
    assert search("no such words") == []
    knees = search(regions=[BodyRegion.KNEE], goals=[ExerciseGoal.RANGE_OF_MOTION])
    assert knees and all(e.region is BodyRegion.KNEE for e in knees)
    assert all(e.goal is ExerciseGoal.RANGE_OF_MOTION for e in knees)
    assert {e.code for e in search(recording=Recording.CAMERA)} == {t.value for t in ExerciseType}
    names = [e.name.casefold() for e in search()]
    assert names == sorted(names)
