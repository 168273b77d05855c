"""Clips of bicep_curl.mp4 the engine had not seen as a camera, counted through the exercise screen,
and the landmarks the browser streams for them kept as the backend's test data.

Every clip is made from the loop of shared/data/video/bicep_curl.mp4 (4 whole curls of the right
arm, see its README) with ffmpeg at test time, and never committed. Mirrored left to right, the
same person curls the left arm: an honest count is still 4, 5 at most for a set longer than the
loop (it holds part of a fifth curl wherever it starts).

``--record-landmarks`` keeps what the browser sent in each set as ``backend/tests/data/*.npz``
(with a line in its README), and also records MediaPipe Pose, the app's tracker on a real GPU. On
software WebGL MediaPipe sees about two frames a second, too few for a curl of 3 s; its camera
therefore plays the clip ``MEDIAPIPE_SLOWER`` times slower, and the recording's timestamps are
divided by as much again, which gives the clip's own time (checked with MoveNet: see
backend/tests/data/README.md). MediaPipe's landmark smoothing sees movements ten times slower
than a patient's, which a real camera would not show it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from conftest import BICEP_CURL, Api, Clip
from exercise_screen import SET_SECONDS, one_set_stored, tracker_badge, turn_on_camera
from landmark_recording import Provenance, StreamRecorder, write_recording
from playwright.sync_api import Browser, Page, expect

from telerehab.live.sessions import VALUES_PER_FRAME, VALUES_PER_WORLD_FRAME

MIRRORED = Clip("bicep_curl_mirrored", "hflip")
MEDIAPIPE_SLOWER = 10
LOOP = "the first 13.6 s of shared/data/video/bicep_curl.mp4 (4 curls of the right arm), looped"
MADE = {
    BICEP_CURL: LOOP,
    MIRRORED: f"{LOOP}, mirrored left to right by ffmpeg's hflip (the left arm curls)",
}


@pytest.mark.camera
def test_a_mirrored_clip_counts_the_left_arms_curls(
    open_as: Callable[..., Page],
    camera_playing: Callable[[Clip], Browser],
    api: Callable[[str], Api],
    patient_id: int,
    record_landmarks: bool,
) -> None:
    page = open_as("patient", "/exercise?exercise=bicep-curl", on=camera_playing(MIRRORED))
    recorder = StreamRecorder(page)
    turn_on_camera(page)
    start = page.get_by_role("button", name="Start set 1")
    expect(start).to_be_enabled(timeout=90_000)
    backend, fps = tracker_badge(page, "MoveNet Lightning", 1000)
    start.click()
    details = one_set_stored(page, api, patient_id, seconds=SET_SECONDS, timeout_ms=15_000)
    reps = details[0]["reps_done"]
    [streamed] = recorder.sets
    print(f"mirrored bicep_curl.mp4: {reps} reps stored, {backend} at {fps} frames/s")
    assert 4 <= reps <= 5, f"the set holds 4 whole curls (part of a 5th); {reps} were stored"
    # What the page sent is what the server counted.
    assert streamed.ended and len(streamed.frames) == details[0]["frame_count"]
    if record_landmarks:
        write_recording(
            "bicep_curl_mirrored_movenet",
            streamed,
            Provenance(MADE[MIRRORED], backend, "e2e/test_clips.py --record-landmarks"),
        )


@pytest.mark.camera
@pytest.mark.records
@pytest.mark.parametrize("clip", [BICEP_CURL, MIRRORED], ids=lambda clip: clip.name)
def test_record_what_mediapipe_sees(
    open_as: Callable[..., Page],
    camera_playing: Callable[[Clip], Browser],
    record_landmarks: bool,
    clip: Clip,
) -> None:
    """One set of SET_SECONDS of the clip, as MediaPipe Pose tracks it in this browser."""
    slowed = Clip(f"{clip.name}_slowed", clip.filters, slower=MEDIAPIPE_SLOWER)
    page = open_as(
        "patient", "/exercise?exercise=bicep-curl&pose=mediapipe", on=camera_playing(slowed)
    )
    recorder = StreamRecorder(page)
    turn_on_camera(page)
    start = page.get_by_role("button", name="Start set 1")
    expect(start).to_be_enabled(timeout=300_000)
    backend, fps = tracker_badge(page, "MediaPipe Pose", 1000)
    start.click()
    end_set = page.get_by_role("button", name="End set")
    expect(end_set).to_be_visible(timeout=60_000)
    page.wait_for_timeout(SET_SECONDS * MEDIAPIPE_SLOWER * 1000)
    end_set.click()
    expect(page.get_by_test_id("set-result")).to_be_visible(timeout=60_000)
    [streamed] = recorder.sets
    frames = streamed.frames
    span = (frames[-1, 0] - frames[0, 0]) / MEDIAPIPE_SLOWER
    print(f"{clip.name}: {len(frames)} frames, {backend} at {fps} frames/s, {span:.1f} s of clip")
    assert streamed.ended and span > SET_SECONDS - 2, f"{span:.1f} s of the clip were sent"
    # MediaPipe sends its world landmarks after the picture's (docs/api.md), and has them.
    assert streamed.world and frames.shape[1] == VALUES_PER_WORLD_FRAME
    assert np.abs(frames[:, VALUES_PER_FRAME:]).sum(axis=1).min() > 0
    # The person was tracked: one arm's elbow and wrist were seen in most frames.
    visible = frames[:, 1:VALUES_PER_FRAME].reshape(-1, 33, 4)[:, :, 3] > 0.5
    seen = (visible[:, [13, 15]].all(axis=1) | visible[:, [14, 16]].all(axis=1)).mean()
    assert seen > 0.5, f"the arms were seen in {seen:.0%} of the frames"
    write_recording(
        f"{clip.name}_mediapipe",
        streamed,
        Provenance(MADE[clip], backend, "e2e/test_clips.py --record-landmarks"),
        slower=MEDIAPIPE_SLOWER,
    )
