"""The engine on landmarks a browser streamed while its fake camera played bicep_curl.mp4 or a clip
made from it (``tests/data/README.md`` says where each came from; ``e2e/test_clips.py`` made them).

Each recording is one set a little longer than the clip's loop of 4 whole curls, so it holds those
and part of a fifth wherever in the loop it began: an honest count is 4, 5 at most. A curl goes
from a hanging arm to a bent one and back.
"""

from __future__ import annotations

import functools
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from telerehab.enums import ExerciseType, Side
from telerehab.exercise_logic import RepCompleted
from telerehab.exercise_logic.summary import SessionSummary
from telerehab.live.sessions import LiveSet, frame_width

TEST_DATA = Path(__file__).resolve().parent / "data"
# Of bicep_curl.mp4 (the right arm curls) and of the clip mirrored left to right (the left arm).
MEDIAPIPE = "bicep_curl_mediapipe"
MEDIAPIPE_MIRRORED = "bicep_curl_mirrored_mediapipe"
MOVENET = "bicep_curl_movenet_9.8fps"
MOVENET_MIRRORED = "bicep_curl_mirrored_movenet"
RECORDINGS = [MEDIAPIPE, MEDIAPIPE_MIRRORED, MOVENET_MIRRORED]


# The clip's picture: 406 x 720, portrait. The browser says so with each set (aspect_ratio).
PORTRAIT = 406 / 720


@functools.cache
def counted(
    name: str, aspect_ratio: float = PORTRAIT, world: bool = True
) -> tuple[int, SessionSummary]:
    """The reps shown live, and the set as saved, when the recording is streamed as the browser
    sends it: three frames a message, with its timestamps, declared rate and picture's shape, and
    its world landmarks where it has them (``world`` False: sent without them)."""
    recording = np.load(TEST_DATA / f"{name}.npz")
    with_world = world and bool(recording.get("world_landmarks", False))
    live = LiveSet(
        ExerciseType.BICEP_CURL,
        None,
        None,
        None,
        float(recording["fps"]),
        aspect_ratio=aspect_ratio,
        world_landmarks=with_world,
    )
    frames = recording["frames"].astype(np.float64)[:, : frame_width(with_world)]
    shown = 0
    for start in range(0, len(frames), 3):
        events = live.feed(frames[start : start + 3])
        shown += sum(isinstance(event, RepCompleted) for event in events)
    _, summary = live.finish()
    return shown, summary


def side_counted(summary: SessionSummary) -> Side:
    return Counter(rep.side for rep in summary.rep_events).most_common(1)[0][0]


@pytest.mark.parametrize("name", RECORDINGS)
def test_the_curls_of_a_recorded_clip_are_counted(name: str) -> None:
    shown, summary = counted(name)
    assert 4 <= summary.reps <= 5, f"4 whole curls and part of a 5th: {summary.reps} saved"
    assert summary.reps >= shown - 1, f"{shown} shown live, {summary.reps} saved"


# The fake camera loops the clip's first 13.6 s (e2e/conftest.py), curls 3 to 4.5 s apart.
LOOP_SECONDS = 13.6
CURL_SPACING_S = 3.0


@pytest.mark.parametrize("name", RECORDINGS)
def test_each_curl_of_the_loop_is_counted(name: str) -> None:
    """A set longer than the loop holds each of its 4 curls once at least: a count of 4 must be
    those 4, not 3 of them and a 5th that repeats one. Reps are told apart by where in the loop
    they begin."""
    recording = np.load(TEST_DATA / f"{name}.npz")
    _, summary = counted(name)
    start = float(recording["frames"][0, 0])
    phases = sorted((rep.start_time - start) % LOOP_SECONDS for rep in summary.rep_events)
    gaps = np.diff([*phases, phases[0] + LOOP_SECONDS])
    distinct = int((gaps > CURL_SPACING_S / 2).sum())
    assert distinct == 4, f"reps begin {[round(phase, 1) for phase in phases]} s into the loop"


@pytest.mark.parametrize("name", RECORDINGS)
def test_each_recorded_rep_is_a_whole_curl(name: str) -> None:
    """Each rep bends the elbow far beyond the resting arm's jitter and shifts (a few degrees),
    none wider than an elbow can bend, at the pace of the clip's curls (one every 3 to 4.5 s)."""
    _, summary = counted(name)
    for rep in summary.rep_events:
        assert 40 <= rep.range_of_motion_deg <= 150, rep
        assert 0.8 <= rep.duration_s <= 4.5, rep


# The clip's elbow, measured by eye on its pictures (shoulder, elbow and wrist in pixels): 167
# degrees with the arm hanging (2.8 s), 47 at the top of the curl (4.3 s).
CURL_BY_EYE_DEG = 120
MEDIAPIPE_SHORT = pytest.mark.xfail(
    strict=True,
    reason="MediaPipe's elbow falls short of the picture's in these recordings (from its world "
    "landmarks 91-93 degrees a curl, mean 92, and mirrored 73-83, mean 77; from the picture "
    "81-98 and 77-89): it ran at 1-2 frames/s in headless Chromium, on the clip slowed 10 times "
    "(tests/data/README.md), which its own smoothing does not expect",
)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(MEDIAPIPE, marks=MEDIAPIPE_SHORT),
        pytest.param(MEDIAPIPE_MIRRORED, marks=MEDIAPIPE_SHORT),
        MOVENET_MIRRORED,
    ],
)
def test_the_range_of_motion_is_the_one_the_picture_shows(name: str) -> None:
    _, summary = counted(name)
    assert summary.mean_rom_deg == pytest.approx(CURL_BY_EYE_DEG, abs=25)


def test_the_picture_s_shape_is_what_puts_the_range_right() -> None:
    """Taken as square, the portrait picture stretches every sideways length 1.77 times: the
    same curls then measure 73-103 degrees instead of the picture's 120 (issue 21 §4)."""
    _, as_square = counted(MOVENET_MIRRORED, aspect_ratio=1.0)
    _, as_sent = counted(MOVENET_MIRRORED)
    assert as_square.mean_rom_deg is not None and as_sent.mean_rom_deg is not None
    assert as_square.mean_rom_deg < CURL_BY_EYE_DEG - 25 < as_sent.mean_rom_deg


@pytest.mark.parametrize(
    ("clip", "mirrored"), [(MEDIAPIPE, MEDIAPIPE_MIRRORED), (MOVENET, MOVENET_MIRRORED)]
)
def test_a_mirrored_clip_is_counted_on_the_other_side(clip: str, mirrored: str) -> None:
    """Mirrored left to right, the other arm curls; whichever side the tracker calls it, the
    reps move to the other side with it."""
    original_side = side_counted(counted(clip)[1])
    mirrored_side = side_counted(counted(mirrored)[1])
    assert {original_side, mirrored_side} == {Side.LEFT, Side.RIGHT}


@pytest.mark.parametrize("name", [MEDIAPIPE, MEDIAPIPE_MIRRORED])
def test_a_mediapipe_set_is_measured_on_its_world_landmarks(name: str) -> None:
    """The browser sent MediaPipe's world landmarks with each frame; the ranges are read on
    them, and the count and the reps' times are the picture's, as without them."""
    assert bool(np.load(TEST_DATA / f"{name}.npz")["world_landmarks"])
    _, world = counted(name)
    _, picture = counted(name, world=False)
    spans = [(rep.start_time, rep.end_time) for rep in world.rep_events]
    assert spans == [(rep.start_time, rep.end_time) for rep in picture.rep_events]
    differences = [
        abs(a.range_of_motion_deg - b.range_of_motion_deg)
        for a, b in zip(world.rep_events, picture.rep_events, strict=True)
    ]
    assert max(differences) > 3.0, differences


def test_the_clip_s_curls_read_alike_from_the_world_landmarks() -> None:
    """The clip's four curls are alike; from the picture they read 81 to 98 degrees, from the
    world landmarks, which perspective does not bend, 91 to 93 (MediaPipe in Python, on the
    clip at its own speed, reads 89 to 92: docs/benchmarks.md)."""
    _, world = counted(MEDIAPIPE)
    _, picture = counted(MEDIAPIPE, world=False)

    def spread(summary: SessionSummary) -> float:
        assert summary.min_rom_deg is not None and summary.max_rom_deg is not None
        return summary.max_rom_deg - summary.min_rom_deg

    assert spread(world) <= 5.0 < 10.0 <= spread(picture), (world.rep_events, picture.rep_events)
