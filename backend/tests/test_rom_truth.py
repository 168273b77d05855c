"""Range of motion against a known truth (issue 21 §4).

A 3-D skeleton whose joint angles are set (``skeleton_synth.py``) does five reps of a known range,
filmed by a perspective camera at 0, 20 and 40 degrees of yaw; ``bench/rom_truth.py`` prints the
whole table and ``docs/benchmarks.md`` explains it. Here: every rep within 5 degrees of the truth
wherever the geometry lets the engine measure it, and the cases where it does not pinned at the
error measured today, each with the reason. A pinned case that comes within 5 degrees fails too,
so that it moves to the first list.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from exercise_synth import load_bench, rep_progress
from shared_data import shared_data
from skeleton_synth import (
    FPS,
    MOVEMENTS,
    NO_JITTER,
    REPS,
    STANDING_PIVOT,
    Camera,
    Jitter,
    angle_range_deg,
    body_frames,
    in_height_units,
    recording,
    skeleton,
    world_recording,
)

from telerehab.enums import ExerciseType, Side
from telerehab.exercise_logic import ExerciseSession, RepCompleted, exercise_spec
from telerehab.exercise_logic import session as session_module
from telerehab.live.sessions import LiveSet

rom_truth = load_bench("rom_truth")

CURL = ExerciseType.BICEP_CURL
FLEXION = ExerciseType.SHOULDER_FLEXION
ABDUCTION = ExerciseType.SHOULDER_ABDUCTION
SQUAT = ExerciseType.SQUAT
KNEE_RAISE = ExerciseType.KNEE_RAISE
TOLERANCE_DEG = 5.0

# Without jitter, in a square picture's units (x and z in units of the picture's height).
WITHIN = [
    *((CURL, yaw, truth) for yaw in (0, 20, 40) for truth in (60, 90, 120)),
    (FLEXION, 0, 60),
    (FLEXION, 0, 150),
    (FLEXION, 20, 60),
    (FLEXION, 20, 150),
    *((FLEXION, 40, truth) for truth in (60, 90, 120, 150)),
    *((ABDUCTION, yaw, truth) for yaw in (0, 20, 40) for truth in (60, 90, 120, 150)),
    (SQUAT, 0, 45),
    (SQUAT, 0, 60),
    *((SQUAT, yaw, truth) for yaw in (20, 40) for truth in (45, 60, 90)),
    (KNEE_RAISE, 0, 45),
    (KNEE_RAISE, 0, 90),
    (KNEE_RAISE, 20, 90),
    (KNEE_RAISE, 40, 45),
    (KNEE_RAISE, 40, 90),
]
# On the edge, in neither list: a knee raise of 60 at 40 degrees (-4.98), of 45 at 20 (-5.08).

# (exercise, yaw, truth): the worst rep's error measured on 2026-12-06 (degrees), and why. Every
# angle is now measured from the trunk's axis, as a goniometer measures it, so the landmarks'
# angle on the body is the truth (the first test): what is left is the picture's and the engine's.
HAND_TOWARDS_CAMERA = (
    "perspective: an arm raised forward brings the elbow towards the camera, where it is drawn "
    "larger (x and y) while its depth (z) is not, so the picture's angle swings 8 to 9 degrees "
    "more than the body's; the smoothing rounds off 2 of it"
)
THIGH_TOWARDS_CAMERA = (
    "perspective: the raised thigh comes towards the camera, below its height, and is drawn "
    "larger and lower, so the picture's angle swings 4 to 5 degrees less than the body's; the "
    "smoothing rounds off the top by 1 more"
)
PINNED: dict[tuple[ExerciseType, int, int], tuple[float, str]] = {
    (FLEXION, 0, 90): (+7.1, HAND_TOWARDS_CAMERA),
    (FLEXION, 20, 120): (+6.4, HAND_TOWARDS_CAMERA),
    (SQUAT, 0, 90): (
        -5.2,
        "perspective: the knees come towards the camera and are drawn larger (-3.5), and the "
        "smoothing rounds off the bottom (-1.7)",
    ),
    (KNEE_RAISE, 0, 60): (-5.6, THIGH_TOWARDS_CAMERA),
    (KNEE_RAISE, 20, 60): (-6.0, THIGH_TOWARDS_CAMERA),
}
# Measured bounds leave this much room for a change of a few tenths.
PIN_MARGIN_DEG = 1.0

# What MediaPipe gives: x over the width and y over the height of a 1280 x 720 picture (z on the
# scale of x). Taken as square, an angle between a vertical and a slanted limb is squeezed
# sideways; the web app sends the picture's shape with each set so that the stream does not.
MEDIAPIPE_UNITS_PINNED: dict[tuple[ExerciseType, int, int], float] = {
    (CURL, 0, 120): +21.0,
    (ABDUCTION, 0, 60): -17.1,
    (SQUAT, 0, 90): -34.1,
}


def errors(
    exercise: ExerciseType,
    yaw: float,
    truth: float,
    jitter: Jitter = NO_JITTER,
    *,
    height_units: bool = True,
) -> list[float]:
    """Each rep's error (engine minus truth), once the count is checked."""
    frames = recording(exercise, truth, Camera(yaw_deg=yaw), jitter, height_units=height_units)
    count, reps = rom_truth.engine_reps(frames, exercise)
    assert count == REPS, f"{exercise} at {yaw} degrees, range {truth}: counted {count}"
    return [rep - truth for rep in reps]


def test_the_skeleton_turns_its_joints_as_far_as_it_is_told() -> None:
    """The engine's angle, measured on the body itself, is the model's own: a raise and a hip's
    flexion from the trunk's axis (not the same side's hip-to-shoulder line, which leans inwards:
    a forward raise of 150 read 139.7 from it, a knee raised 45 read 36.7)."""
    for exercise in MOVEMENTS:
        triplet = exercise_spec(exercise).joints.left
        for truth in MOVEMENTS[exercise].ranges_deg:
            body = rom_truth.engine_points(body_frames(exercise, truth))
            assert angle_range_deg(body, triplet) == pytest.approx(truth, abs=0.2)


@pytest.mark.parametrize(("exercise", "yaw", "truth"), WITHIN)
def test_every_rep_within_5_degrees_where_the_geometry_allows(
    exercise: ExerciseType, yaw: int, truth: int
) -> None:
    worst = max(errors(exercise, yaw, truth), key=abs)
    assert abs(worst) <= TOLERANCE_DEG, f"worst rep off by {worst:+.1f} degrees"


def test_a_wrong_truth_fails_the_check() -> None:
    """The same curl checked against a range 10 degrees off is caught."""
    frames = recording(CURL, 90.0, Camera(), height_units=True)
    _, reps = rom_truth.engine_reps(frames, CURL)
    assert all(abs(rep - 90.0) <= TOLERANCE_DEG for rep in reps)
    assert all(abs(rep - 80.0) > TOLERANCE_DEG for rep in reps)


@pytest.mark.parametrize(("case"), list(PINNED), ids=lambda c: f"{c[0].value}-{c[1]}deg-{c[2]}")
def test_outside_5_degrees_where_the_geometry_does_not_allow(
    case: tuple[ExerciseType, int, int],
) -> None:
    exercise, yaw, truth = case
    bound, why = PINNED[case]
    worst = max(errors(exercise, yaw, truth), key=abs)
    assert abs(worst) <= abs(bound) + PIN_MARGIN_DEG, f"{worst:+.1f}, pinned at {bound}: {why}"
    assert abs(worst) > TOLERANCE_DEG, f"now within 5 degrees ({worst:+.1f}): move it to WITHIN"


@pytest.mark.parametrize(
    ("case"), list(MEDIAPIPE_UNITS_PINNED), ids=lambda c: f"{c[0].value}-{c[1]}deg-{c[2]}"
)
def test_a_wide_picture_in_mediapipe_units_distorts_the_angles(
    case: tuple[ExerciseType, int, int],
) -> None:
    exercise, yaw, truth = case
    bound = MEDIAPIPE_UNITS_PINNED[case]
    worst = max(errors(exercise, yaw, truth, height_units=False), key=abs)
    assert math.copysign(1.0, worst) == math.copysign(1.0, bound)
    assert abs(worst) == pytest.approx(abs(bound), abs=PIN_MARGIN_DEG)


@pytest.mark.parametrize(
    ("case"), list(MEDIAPIPE_UNITS_PINNED), ids=lambda c: f"{c[0].value}-{c[1]}deg-{c[2]}"
)
def test_the_stream_told_the_picture_s_shape_measures_as_in_a_square_picture(
    case: tuple[ExerciseType, int, int],
) -> None:
    """What the web app sends (MediaPipe's units) with the picture's shape (``aspect_ratio`` of
    ``start_set``): the stream puts x and z in the height's unit, and the reps measure as the
    square picture's (the tables in docs/benchmarks.md), far closer to the truth."""
    exercise, yaw, truth = case
    frames = recording(exercise, truth, Camera(yaw_deg=yaw), height_units=False)
    rows = np.column_stack([np.arange(len(frames)) / FPS, frames.reshape(len(frames), -1)])
    live = LiveSet(exercise, None, None, None, FPS, aspect_ratio=Camera().width / Camera().height)
    for start in range(0, len(rows), 3):
        live.feed(rows[start : start + 3].astype(np.float64))
    _, summary = live.finish()
    measured = [rep.range_of_motion_deg for rep in summary.rep_events]
    assert measured == pytest.approx(
        [truth + error for error in errors(exercise, yaw, truth)], abs=0.01
    )
    taken_as_square = MEDIAPIPE_UNITS_PINNED[case]
    assert all(abs(rep - truth) < abs(taken_as_square) - 10 for rep in measured), measured


@pytest.mark.parametrize("exercise", list(MOVEMENTS))
def test_jitter_keeps_the_count(exercise: ExerciseType) -> None:
    """With MediaPipe-like jitter (seeded) the count stays right at every yaw."""
    truth = MOVEMENTS[exercise].ranges_deg[1]
    for yaw in (0, 20, 40):
        errors(exercise, yaw, truth, Jitter(seed=0))


JITTER_SEEDS = (0, 1, 2)
# Single reps spread more than 5 degrees under jitter (docs/benchmarks.md); a set's mean does
# not, where the limb moves across the picture or the jitter on depth is a small part of it.
MEAN_WITHIN = [
    (ABDUCTION, 0, 90),
    (ABDUCTION, 20, 90),
    (FLEXION, 20, 60),
    (FLEXION, 40, 120),
    (SQUAT, 0, 60),
    (SQUAT, 20, 60),
    (SQUAT, 40, 60),
]


def worst_set_mean(exercise: ExerciseType, yaw: int, truth: int) -> float:
    """The set's mean error furthest from the truth over JITTER_SEEDS seeds."""
    means = [float(np.mean(errors(exercise, yaw, truth, Jitter(seed=s)))) for s in JITTER_SEEDS]
    return max(means, key=abs)


@pytest.mark.parametrize(("exercise", "yaw", "truth"), MEAN_WITHIN)
def test_with_jitter_the_sets_mean_is_within_5_degrees(
    exercise: ExerciseType, yaw: int, truth: int
) -> None:
    worst = worst_set_mean(exercise, yaw, truth)
    assert abs(worst) <= TOLERANCE_DEG, f"set mean off by {worst:+.1f} degrees"


def test_with_jitter_a_curl_facing_the_camera_reads_large() -> None:
    """Pinned: the forearm of a curl seen from the front moves along the camera's axis, where
    MediaPipe's depth jitter is three times its jitter across the picture, and a range read as
    the highest minus the lowest angle of a jittery rep grows with the jitter: the more so as
    it is read back to the end of the rep before and from the arm that swung most (measured
    +10.9; +9.3 when it was read from the rep's rest on the counting arm)."""
    worst = worst_set_mean(CURL, 0, 90)
    assert TOLERANCE_DEG < worst <= 10.9 + PIN_MARGIN_DEG


def test_a_bump_shown_live_as_the_first_rep_is_stored_as_the_rep_it_overlaps() -> None:
    """With this seed a jitter bump in the lead-in is sent live as rep 1 (two signals saw it),
    before any signal leads; the final count matches it with the first real rep, which it
    overlaps. The event stays, but the summary (and so the stored set) reads the rep's range."""
    truth = 120.0
    frames = recording(CURL, truth, Camera(yaw_deg=20), Jitter(seed=1), height_units=True)
    session = ExerciseSession(CURL, fps=FPS)
    live: list[RepCompleted] = []
    for index, frame in enumerate(frames):
        events = session.feed(frame, index / FPS)
        live.extend(event for event in events if isinstance(event, RepCompleted))
    session.finish()
    stored = session.summary().rep_events
    assert len(stored) == REPS
    assert live[0].range_of_motion_deg < 30, "the bump sent live"
    assert stored[0].end_time == live[0].end_time, "the event sent is the one kept"
    assert all(abs(rep.range_of_motion_deg - truth) <= 15 for rep in stored), stored


def test_a_knee_raise_reports_the_leg_that_rose() -> None:
    """UI-PRMD ``m06_s01``: the standing (left) leg's knee angle leads the count, and its hip
    barely moves (7 degrees a rep when that side's range was reported); the raised leg's rises
    about 32 (the raw landmarks, ``bench/rom_truth.py --real``). With no side set, the side
    whose measured angle moved most over the rep is reported."""
    path = shared_data("pose/uiprmd_m06_s01.npy", "the UI-PRMD knee-raise recording")
    frames = np.load(path)
    session = ExerciseSession(KNEE_RAISE, fps=30.0)
    for index, frame in enumerate(frames):
        session.feed(frame, index / 30.0)
    session.finish()
    summary = session.summary()
    assert summary.reps == 10
    assert summary.mean_rom_deg is not None and summary.mean_rom_deg > 18.0
    assert {rep.side for rep in summary.rep_events} <= {Side.RIGHT, Side.BOTH}


@pytest.mark.parametrize(
    ("exercise", "yaw", "truth", "leader"),
    [(KNEE_RAISE, 0, 45, "left:height:27-23"), (SQUAT, 20, 60, "left:angle2d:11-23-25")],
)
def test_a_first_rep_not_shown_live_reads_from_the_measured_angle_s_rest(
    monkeypatch: pytest.MonkeyPatch, exercise: ExerciseType, yaw: int, truth: int, leader: str
) -> None:
    """The signal that leads here (an ankle's height, a 2-D angle) leaves its rest after the
    measured angle has moved, and its first rep has no rep before it to read back to: read from
    its own rest it was 15 to 19 degrees short (25.1 for a knee raise reading 40.5 a rep, 38.8
    for a squat reading 58.2). In the bench the measured angle sends rep 1 live and the summary
    keeps the larger reading (``judging.settled``); here no first rep is shown live (as when one
    source alone saw it), so the leader's own reading is stored: it now reads back to where the
    measured angle rested (``judging.first_rest``)."""
    monkeypatch.setattr(session_module, "FIRST_REP_SOURCES", math.inf)
    frames = recording(exercise, truth, Camera(yaw_deg=yaw), NO_JITTER, height_units=True)
    session = ExerciseSession(exercise, fps=FPS)
    sent_at: list[float] = []  # when each rep was sent
    for index, frame in enumerate(frames):
        events = session.feed(frame, index / FPS)
        sent_at.extend(index / FPS for event in events if isinstance(event, RepCompleted))
    session.finish()
    reps = session.summary().rep_events
    stored = [rep.range_of_motion_deg for rep in reps]
    assert len(stored) == REPS
    assert session._candidates[session._leader].name == leader  # the premise
    assert sent_at[0] >= reps[1].end_time, "rep 1 was sent with rep 2, once a signal led"
    others = float(np.median(stored[1:]))
    assert stored[0] == pytest.approx(others, abs=1.0), stored
    assert abs(stored[0] - truth) <= TOLERANCE_DEG + 1.0, stored


def with_lead_in(exercise: ExerciseType, truth: float, lead_deg: float, gap_s: float) -> np.ndarray:
    """Five reps of ``truth`` degrees as ``recording`` films them from the front (no jitter, in
    height units), after a single movement of ``lead_deg`` (a second's raised cosine, after a
    second at rest) that ends ``gap_s`` before the first rep."""
    lead = np.arange(round(FPS)) / FPS
    progress = np.concatenate(
        [
            np.zeros(round(FPS)),
            lead_deg / truth * (1 - np.cos(2 * math.pi * lead)) / 2,
            np.zeros(round(gap_s * FPS)),
            rep_progress(REPS, FPS, rep_s=2.5, pause_s=1.0, lead_s=0.0),
        ]
    )
    movement = MOVEMENTS[exercise]
    angles = movement.rest_deg + truth * progress
    body = np.stack([skeleton(movement.pose(exercise, float(angle))) for angle in angles])
    camera = Camera(yaw_deg=0.0)
    picture = in_height_units(camera.project(body, STANDING_PIVOT), camera)
    return np.concatenate([picture, np.full((*picture.shape[:2], 1), 0.98)], axis=-1)


@pytest.mark.parametrize("lead_deg", [20, 30])
def test_a_movement_before_the_set_leaves_the_reps_after_it_whole(lead_deg: int) -> None:
    """A knee raised 20 or 30 degrees 0.3 s before a set of knee raises of 45 (stepping into
    place). The ankle's height leads; it took the lead-in for a rep, and with its typical swing
    lowered it counted the small swing it makes between reps (it dips as the knee starts up and
    as it comes down). The set drops those, but the rep after each read back only to its end,
    after the hip had left its rest: two or three of the first three reps read 32.4 to 33.7 for
    40.5. A rep now reads back past a rep of its signal that swung less than the set keeps
    (``judging.read_from``)."""
    frames = with_lead_in(KNEE_RAISE, 45.0, lead_deg, gap_s=0.3)
    session = ExerciseSession(KNEE_RAISE, fps=FPS)
    for index, frame in enumerate(frames):
        session.feed(frame, index / FPS)
    session.finish()
    stored = [rep.range_of_motion_deg for rep in session.summary().rep_events]
    assert len(stored) == REPS
    assert session._candidates[session._leader].name == "left:height:27-23"  # the premise
    assert max(stored) - min(stored) <= 1.0, stored
    assert all(abs(rom - 45.0) <= TOLERANCE_DEG for rom in stored), stored


# -- with MediaPipe's world landmarks (``exercise_logic/world.py``) ------------------------------


def world_errors(
    exercise: ExerciseType, yaw: float, truth: float, *, height_units: bool
) -> list[float]:
    """Each rep's error with the world landmarks sent beside the picture's."""
    camera = Camera(yaw_deg=yaw)
    frames = recording(exercise, truth, camera, height_units=height_units)
    world = world_recording(exercise, truth, camera)
    count, reps = rom_truth.engine_reps(frames, exercise, world)
    assert count == REPS, f"{exercise} at {yaw} degrees, range {truth}: counted {count}"
    return [rep - truth for rep in reps]


@pytest.mark.parametrize(
    ("case", "height_units"),
    [*((case, True) for case in PINNED), *((case, False) for case in MEDIAPIPE_UNITS_PINNED)],
    ids=lambda c: f"{c[0].value}-{c[1]}deg-{c[2]}" if isinstance(c, tuple) else str(c),
)
def test_world_landmarks_bring_what_the_picture_bends_within_5_degrees(
    case: tuple[ExerciseType, int, int], height_units: bool
) -> None:
    """The cases the picture cannot measure (perspective; a wide picture taken as square) come
    within 5 degrees, and closer than the picture."""
    exercise, yaw, truth = case
    world = max(world_errors(exercise, yaw, truth, height_units=height_units), key=abs)
    picture = max(errors(exercise, yaw, truth, height_units=height_units), key=abs)
    assert abs(world) <= TOLERANCE_DEG, f"{world:+.1f} with world landmarks"
    assert abs(world) < abs(picture) - 1.0, (world, picture)


@pytest.mark.parametrize(("exercise", "yaw", "truth"), [(FLEXION, 0, 90), (KNEE_RAISE, 20, 60)])
def test_world_landmarks_leave_the_count_alone(
    exercise: ExerciseType, yaw: int, truth: int
) -> None:
    """Counting reads the picture: the same reps, at the same times, with or without them."""
    camera = Camera(yaw_deg=yaw)
    frames = recording(exercise, truth, camera, Jitter(seed=1), height_units=True)
    world = world_recording(exercise, truth, camera, Jitter(seed=1))
    spans = []
    for worlds in (None, world):
        session = ExerciseSession(exercise, fps=FPS)
        for index, frame in enumerate(frames):
            session.feed(frame, index / FPS, None if worlds is None else worlds[index])
        session.finish()
        spans.append([(rep.start_time, rep.end_time) for rep in session.summary().rep_events])
    assert len(spans[0]) == REPS
    assert spans[0] == spans[1]


def test_world_landmarks_of_the_wrong_shape_are_refused() -> None:
    session = ExerciseSession(FLEXION, fps=FPS)
    frame = recording(FLEXION, 90.0, Camera(), height_units=True)[0]
    with pytest.raises(ValueError, match=r"\(33, 3\)"):
        session.feed(frame, 0.0, np.zeros((33, 4)))


def test_frames_sent_without_world_landmarks_are_measured_on_the_picture() -> None:
    """A world set whose client lost its world landmarks halfway (its pose model changed, and
    it sent zeros): the reps after it read the picture, as a set without them would."""
    camera = Camera()
    frames = recording(FLEXION, 90.0, camera, height_units=True)
    world = world_recording(FLEXION, 90.0, camera)
    half = len(frames) // 2
    world[half:] = 0.0
    _, mixed = rom_truth.engine_reps(frames, FLEXION, world)
    _, picture = rom_truth.engine_reps(frames, FLEXION)
    _, whole = rom_truth.engine_reps(frames, FLEXION, world_recording(FLEXION, 90.0, camera))
    assert mixed[0] == pytest.approx(whole[0], abs=0.01)
    assert mixed[-1] == pytest.approx(picture[-1], abs=0.01)
    assert abs(picture[-1] - whole[-1]) > 5
