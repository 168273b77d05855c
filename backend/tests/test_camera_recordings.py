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
from telerehab.exercise_logic import ExerciseSession, RepCompleted
from telerehab.exercise_logic.summary import SessionSummary

TEST_DATA = Path(__file__).resolve().parent / "data"
# Of bicep_curl.mp4 (the right arm curls) and of the clip mirrored left to right (the left arm).
MEDIAPIPE = "bicep_curl_mediapipe"
MEDIAPIPE_MIRRORED = "bicep_curl_mirrored_mediapipe"
MOVENET = "bicep_curl_movenet_9.8fps"
MOVENET_MIRRORED = "bicep_curl_mirrored_movenet"
RECORDINGS = [MEDIAPIPE, MEDIAPIPE_MIRRORED, MOVENET_MIRRORED]


@functools.cache
def counted(name: str) -> tuple[int, SessionSummary]:
    """The reps shown live, and the set as saved, when the recording is streamed to the engine
    frame by frame with the browser's timestamps and declared rate."""
    recording = np.load(TEST_DATA / f"{name}.npz")
    session = ExerciseSession(ExerciseType.BICEP_CURL, fps=float(recording["fps"]))
    shown = 0
    for row in recording["frames"].astype(np.float64):
        events = session.feed(row[1:].reshape(33, 4), float(row[0]))
        shown += sum(isinstance(event, RepCompleted) for event in events)
    session.finish()
    return shown, session.summary()


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
SQUARE_PIXELS = (
    "the engine measures angles on x and y normalised by the picture's width and height, so a "
    "portrait camera (406 x 720) stretches every sideways length 1.77 times; the stream does not "
    "say the picture's shape"
)


def short_of_the_picture(measured: str, square: str, also: str = "") -> pytest.MarkDecorator:
    return pytest.mark.xfail(
        strict=True,
        reason=f"Curls of {measured} degrees: {SQUARE_PIXELS}. With y scaled by 720/406 they "
        f"measure {square}{also}.",
    )


MEDIAPIPE_SHORT = ": MediaPipe's elbow falls short of the picture's as well"


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            MEDIAPIPE, marks=short_of_the_picture("42-69 (mean 49)", "80-97", MEDIAPIPE_SHORT)
        ),
        pytest.param(
            MEDIAPIPE_MIRRORED,
            marks=short_of_the_picture("48-59 (mean 53)", "80-90", MEDIAPIPE_SHORT),
        ),
        pytest.param(MOVENET_MIRRORED, marks=short_of_the_picture("72-88 (mean 82)", "111-120")),
    ],
)
def test_the_range_of_motion_is_the_one_the_picture_shows(name: str) -> None:
    _, summary = counted(name)
    assert summary.mean_rom_deg == pytest.approx(CURL_BY_EYE_DEG, abs=25)


@pytest.mark.parametrize(
    ("clip", "mirrored"), [(MEDIAPIPE, MEDIAPIPE_MIRRORED), (MOVENET, MOVENET_MIRRORED)]
)
def test_a_mirrored_clip_is_counted_on_the_other_side(clip: str, mirrored: str) -> None:
    """Mirrored left to right, the other arm curls; whichever side the tracker calls it, the
    reps move to the other side with it."""
    original_side = side_counted(counted(clip)[1])
    mirrored_side = side_counted(counted(mirrored)[1])
    assert {original_side, mirrored_side} == {Side.LEFT, Side.RIGHT}
