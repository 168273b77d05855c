"""A set that sends MediaPipe's world landmarks beside the picture's (``world_landmarks``): its
ranges are measured on them, free of the camera's perspective, over the stream and the batch
endpoint alike; a frame of the wrong width for its set is a clear error."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from telerehab.enums import ExerciseType

from ..factories import Clinic
from .test_exercise_sessions import patient_stream, start

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from skeleton_synth import FPS, Camera, recording, world_recording

CAMERA = Camera()  # 1280 x 720, straight in front
ASPECT_RATIO = CAMERA.width / CAMERA.height
TRUTH_DEG = 90.0
# An arm raised forward to 90 degrees brings the elbow towards the camera: the picture's angle
# reads 97 (docs/benchmarks.md, "Range of motion against a known truth", item 3).
PICTURE_READS_ABOVE_DEG = 95.0


def raises(world: bool) -> np.ndarray:
    """Five forward raises of 90 degrees as the web app sends them: rows of the timestamp, the
    picture's landmarks in MediaPipe's units, then (``world``) the world landmarks."""
    picture = recording(ExerciseType.SHOULDER_FLEXION, TRUTH_DEG, CAMERA)
    times = np.arange(len(picture)) / FPS
    columns = [times, picture.reshape(len(picture), -1)]
    if world:
        worlds = world_recording(ExerciseType.SHOULDER_FLEXION, TRUTH_DEG, CAMERA)
        columns.append(worlds.reshape(len(worlds), -1))
    return np.column_stack(columns).astype("<f4")


def prescription(world: bool) -> dict[str, object]:
    return {
        "exercise": "shoulder-flexion",
        "fps": FPS,
        "aspect_ratio": ASPECT_RATIO,
        "world_landmarks": world,
    }


def ranges(reps: list[dict[str, object]]) -> list[float]:
    return [float(rep["range_of_motion_deg"]) for rep in reps]  # type: ignore[arg-type]


def test_a_set_with_world_landmarks_is_measured_on_them_live_and_stored(
    client: TestClient, clinic: Clinic
) -> None:
    session = start(client, clinic)
    rows = raises(world=True)
    assert rows.shape[1] == 232
    with patient_stream(client, clinic, session["id"]) as ws:
        ws.send_json({"type": "start_set", **prescription(world=True)})
        ws.receive_json()
        for begin in range(0, len(rows), 3):  # as the web app batches them
            ws.send_bytes(rows[begin : begin + 3].tobytes())
        ws.send_json({"type": "end_set"})
        messages = [ws.receive_json()]
        while messages[-1]["type"] != "set_saved":
            messages.append(ws.receive_json())
    live = ranges([m for m in messages if m["type"] == "rep_completed"])
    stored = messages[-1]["detail"]
    assert stored["reps_done"] == 5
    assert stored["rom_from_world_landmarks"] is True
    assert len(live) >= 4
    assert all(abs(rom - TRUTH_DEG) <= 5 for rom in live), live
    assert all(abs(rom - TRUTH_DEG) <= 5 for rom in ranges(stored["rep_metrics"]))

    # The same set without the world landmarks reads the perspective's 7 degrees more.
    batch = client.post(
        f"/api/v1/exercise-sessions/{session['id']}/sets",
        headers=clinic.headers(clinic.patient_a1),
        json={**prescription(world=False), "frames": raises(world=False).tolist()},
    )
    assert batch.status_code == 201, batch.text
    picture = ranges(batch.json()["detail"]["rep_metrics"])
    assert batch.json()["detail"]["reps_done"] == 5
    assert batch.json()["detail"]["rom_from_world_landmarks"] is False
    assert all(rom > PICTURE_READS_ABOVE_DEG for rom in picture), picture

    # The doctor's export says how each set's range was measured.
    export = client.get(
        f"/api/v1/patients/{clinic.patient_a1.id}/fhir",
        headers=clinic.headers(clinic.doctor_a),
    )
    assert export.status_code == 200, export.text
    methods = {
        entry["resource"]["id"]: entry["resource"]["method"]["text"]
        for entry in export.json()["entry"]
        if entry["resource"]["id"].endswith("-rom")
    }
    assert methods[f"set-{stored['id']}-rom"] == (
        "Camera pose estimation, measured on 3-D (world) landmarks"
    )
    assert methods[f"set-{batch.json()['detail']['id']}-rom"] == (
        "Camera pose estimation, measured on the picture's landmarks"
    )


def test_the_batch_endpoint_measures_a_world_set_as_the_stream_does(
    client: TestClient, clinic: Clinic
) -> None:
    session = start(client, clinic)
    response = client.post(
        f"/api/v1/exercise-sessions/{session['id']}/sets",
        headers=clinic.headers(clinic.patient_a1),
        json={**prescription(world=True), "frames": raises(world=True).tolist()},
    )
    assert response.status_code == 201, response.text
    detail = response.json()["detail"]
    assert detail["reps_done"] == 5
    assert all(abs(rom - TRUTH_DEG) <= 5 for rom in ranges(detail["rep_metrics"]))


@pytest.mark.parametrize(("world", "width"), [(True, 133), (False, 232)])
def test_frames_of_the_other_width_are_a_clear_422(
    client: TestClient, clinic: Clinic, world: bool, width: int
) -> None:
    session = start(client, clinic)
    frames = [[0.1 * row] + [0.5] * (width - 1) for row in range(3)]
    response = client.post(
        f"/api/v1/exercise-sessions/{session['id']}/sets",
        headers=clinic.headers(clinic.patient_a1),
        json={**prescription(world), "frames": frames},
    )
    assert response.status_code == 422
    expected = 232 if world else 133
    assert f"needs {expected} numbers" in response.json()["detail"]


def test_the_stream_tells_a_frame_of_the_other_width_apart(
    client: TestClient, clinic: Clinic
) -> None:
    session = start(client, clinic)
    with patient_stream(client, clinic, session["id"]) as ws:
        ws.send_json({"type": "start_set", **prescription(world=True)})
        ws.receive_json()
        ws.send_bytes(np.zeros((1, 133), dtype="<f4").tobytes())
        assert "rows of 232 float32" in ws.receive_json()["detail"]
        ws.send_json({"type": "frames", "frames": [[0.0] + [0.5] * 132]})
        assert "needs 232 numbers" in ws.receive_json()["detail"]
        ws.send_json({"type": "start_set", **prescription(world=False)})
        while ws.receive_json()["type"] != "set_started":
            pass
        ws.send_bytes(np.zeros((1, 232), dtype="<f4").tobytes())
        assert "rows of 133 float32" in ws.receive_json()["detail"]


def test_a_whole_three_minute_world_set_fits_the_batch_endpoint(
    client: TestClient, clinic: Clinic
) -> None:
    """The most frames the endpoint takes (5400), 232 numbers each, written as the web app
    writes them (float32 values as JSON numbers): about 25 MiB, under the body limit."""
    one_set = raises(world=True)
    repeats = -(-5400 // len(one_set))
    rows = np.tile(one_set, (repeats, 1))[:5400]
    rows[:, 0] = np.arange(len(rows)) / FPS
    body = {**prescription(world=True), "frames": rows.astype("<f4").tolist()}
    content = json.dumps(body)
    assert len(content) > 20 * 1_048_576
    session = start(client, clinic)
    response = client.post(
        f"/api/v1/exercise-sessions/{session['id']}/sets",
        headers={**clinic.headers(clinic.patient_a1), "content-type": "application/json"},
        content=content,
    )
    assert response.status_code == 201, response.text[:300]
    assert response.json()["detail"]["reps_done"] >= 5 * (repeats - 1)
