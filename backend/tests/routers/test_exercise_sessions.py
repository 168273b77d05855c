"""Live exercise end to end: start, stream landmarks over the WebSocket (or batch a set), finish."""

import json
import math
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.testclient import WebSocketTestSession
from starlette.websockets import WebSocketDisconnect

from telerehab.enums import ExerciseType, Side
from telerehab.models import SessionDetail, WorkoutSession

from ..exercise_synth import rep_progress, synthesize
from ..factories import Clinic
from ..shared_data import shared_data

FPS = 30.0


def compact(frames: np.ndarray, fps: float = FPS, start: float = 0.0) -> np.ndarray:
    """(n, 33, 4) landmarks -> (n, 133) rows of [timestamp, 132 values]."""
    times = start + np.arange(len(frames)) / fps
    return np.column_stack([times, frames.reshape(len(frames), -1)]).astype(np.float32)


def squats(reps: int) -> np.ndarray:
    return compact(synthesize(ExerciseType.SQUAT, rep_progress(reps, FPS), 80.0))


def start(client: TestClient, clinic: Clinic, **body: object) -> dict[str, object]:
    response = client.post(
        "/api/v1/exercise-sessions", json=body, headers=clinic.headers(clinic.patient_a1)
    )
    assert response.status_code in (200, 201), response.text
    return response.json()


@contextmanager
def patient_stream(
    client: TestClient, clinic: Clinic, session_id: object
) -> Iterator[WebSocketTestSession]:
    """The exercise stream of ``session_id``, signed in as its patient and ready."""
    with client.websocket_connect(f"/api/v1/exercise-sessions/{session_id}/stream") as ws:
        ws.send_json({"type": "auth", "token": clinic.token(clinic.patient_a1)})
        assert ws.receive_json()["type"] == "ready"
        yield ws


def stream_set(ws: object, rows: np.ndarray, chunk: int = 120) -> list[dict[str, object]]:
    events = []
    for begin in range(0, len(rows), chunk):
        ws.send_bytes(rows[begin : begin + chunk].astype("<f4").tobytes())  # type: ignore[attr-defined]
    ws.send_json({"type": "end_set"})  # type: ignore[attr-defined]
    while True:
        message = ws.receive_json()  # type: ignore[attr-defined]
        events.append(message)
        if message["type"] == "set_saved":
            return events


def test_websocket_flow_counts_reps_and_stores_the_session(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    plan_item = clinic.data["a1"].week_plan.items[0]
    session = start(client, clinic, week_plan_item_id=plan_item.id, client_key="tab-1-abcdef")
    assert session["combo_id"] == plan_item.combo_id
    with patient_stream(client, clinic, session["id"]) as ws:
        ws.send_json(
            {
                "type": "start_set",
                "exercise": "squat",
                "reps_target": 6,
                "target_rom_deg": 70,
                "fps": FPS,
            }
        )
        assert ws.receive_json() == {"type": "set_started", "exercise": "squat", "set_key": None}
        events = stream_set(ws, squats(6))
        reps = [e for e in events if e["type"] == "rep_completed"]
        assert len(reps) == 6
        assert all(abs(float(e["range_of_motion_deg"]) - 80) < 8 for e in reps)  # type: ignore[arg-type]
        saved = events[-1]["detail"]
        assert saved["reps_done"] == 6 and saved["reps_target"] == 6  # type: ignore[index]

        ws.send_json({"type": "start_set", "exercise": "squat"})
        ws.receive_json()
        stream_set(ws, squats(4))
        ws.send_json({"type": "finish", "pain_score": 2, "difficulty": 4})
        finished = ws.receive_json()
        assert finished["type"] == "finished"
        assert [d["reps_done"] for d in finished["session"]["details"]] == [6, 4]
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
        assert closed.value.code == 1000

    stored = db_session.scalars(
        select(WorkoutSession).where(WorkoutSession.id == session["id"])
    ).one()
    details = db_session.scalars(
        select(SessionDetail)
        .where(SessionDetail.session_id == stored.id)
        .order_by(SessionDetail.position)
    ).all()
    assert [(d.reps_done, d.set_number) for d in details] == [(6, 1), (4, 2)]
    assert len(details[0].rep_metrics) == 6
    assert stored.ended_at is not None and stored.pain_score == 2
    # The doctor sees the finished session in the patient's history.
    history = client.get(
        f"/api/v1/patients/{clinic.patient_a1.id}/workout-sessions",
        headers=clinic.headers(clinic.doctor_a),
    ).json()
    assert history["items"][0]["id"] == session["id"]


def test_real_recording_streamed_as_json_frames(client: TestClient, clinic: Clinic) -> None:
    # Shoulder abduction, 10 reps.
    recording = np.load(shared_data("pose/uiprmd_m07_s01.npy", "the real pose recording"))
    rows = compact(recording)
    session = start(client, clinic)
    with patient_stream(client, clinic, session["id"]) as ws:
        ws.send_json({"type": "start_set", "exercise": "shoulder-abduction"})
        ws.receive_json()
        for begin in range(0, len(rows), 90):
            ws.send_json({"type": "frames", "frames": rows[begin : begin + 90].tolist()})
        ws.send_json({"type": "end_set"})
        message = ws.receive_json()
        while message["type"] != "set_saved":
            message = ws.receive_json()
    assert message["detail"]["reps_done"] == 10


def test_batch_set_and_idempotent_finish(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    headers = clinic.headers(clinic.patient_a1)
    session = start(client, clinic, client_key="retry-key-123")
    again = start(client, clinic, client_key="retry-key-123")
    # The first answer is built from the new row in memory, the retry's read back: the same.
    assert again == session
    rows = squats(5)
    added = client.post(
        f"/api/v1/exercise-sessions/{session['id']}/sets",
        headers=headers,
        json={"exercise": "squat", "reps_target": 5, "frames": rows.tolist()},
    )
    assert added.status_code == 201, added.text
    assert added.json()["detail"]["reps_done"] == 5
    assert sum(e["type"] == "rep_completed" for e in added.json()["events"]) == 5
    first = client.post(
        f"/api/v1/exercise-sessions/{session['id']}/finish",
        headers=headers,
        json={"pain_score": 3, "difficulty": 5},
    )
    retry = client.post(
        f"/api/v1/exercise-sessions/{session['id']}/finish",
        headers=headers,
        json={"pain_score": 3, "difficulty": 5},
    )
    assert first.status_code == retry.status_code == 200
    assert first.json() == retry.json()
    assert len(first.json()["details"]) == 1
    count = db_session.scalar(
        select(func.count())
        .select_from(SessionDetail)
        .where(SessionDetail.session_id == session["id"])
    )
    assert count == 1
    late = client.post(
        f"/api/v1/exercise-sessions/{session['id']}/sets",
        headers=headers,
        json={"exercise": "squat", "frames": rows.tolist()},
    )
    assert late.status_code == 409


@pytest.mark.parametrize(
    ("frames", "reason"),
    [
        ([[0.0] * 10], "133 numbers"),
        ([[math.nan] * 133], "NaN"),
        ([[1.0] + [0.5] * 132, [0.5] + [0.5] * 132], "backwards"),
        ([[0.0] + [0.5, 0.5, 0.0, 7.0] * 33], "visibility"),
        ("not frames", "valid array"),
    ],
)
def test_bad_frames_are_a_clear_422(
    client: TestClient, clinic: Clinic, frames: object, reason: str
) -> None:
    session = start(client, clinic)
    body = json.dumps({"exercise": "squat", "frames": frames}, allow_nan=True)
    response = client.post(
        f"/api/v1/exercise-sessions/{session['id']}/sets",
        headers={**clinic.headers(clinic.patient_a1), "content-type": "application/json"},
        content=body,
    )
    assert response.status_code == 422
    assert reason.lower() in response.text.lower()


def test_too_many_frames_and_strangers(client: TestClient, clinic: Clinic) -> None:
    session = start(client, clinic)
    url = f"/api/v1/exercise-sessions/{session['id']}/sets"
    rows = np.zeros((5401, 133)).tolist()
    assert (
        client.post(
            url,
            headers=clinic.headers(clinic.patient_a1),
            json={"exercise": "squat", "frames": rows},
        ).status_code
        == 422
    )
    small = {"exercise": "squat", "frames": squats(1).tolist()}
    assert (
        client.post(url, headers=clinic.headers(clinic.patient_b1), json=small).status_code == 404
    )
    assert client.post(url, headers=clinic.headers(clinic.doctor_a), json=small).status_code == 403


def _close_code(client: TestClient, session_id: object, first: object) -> int:
    with client.websocket_connect(f"/api/v1/exercise-sessions/{session_id}/stream") as ws:
        if first is not None:
            ws.send_json(first)
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    return int(closed.value.code)


def test_websocket_refuses_strangers_and_bad_tokens(client: TestClient, clinic: Clinic) -> None:
    session = start(client, clinic)
    assert _close_code(client, session["id"], {"type": "hello"}) == 4401
    assert _close_code(client, session["id"], {"type": "auth", "token": "forged"}) == 4401
    doctor = {"type": "auth", "token": clinic.token(clinic.doctor_a)}
    assert _close_code(client, session["id"], doctor) == 4403
    other = {"type": "auth", "token": clinic.token(clinic.patient_b1)}
    assert _close_code(client, session["id"], other) == 4404
    client.post(
        f"/api/v1/exercise-sessions/{session['id']}/finish",
        headers=clinic.headers(clinic.patient_a1),
        json={},
    )
    own = {"type": "auth", "token": clinic.token(clinic.patient_a1)}
    assert _close_code(client, session["id"], own) == 4409


def test_websocket_survives_bad_messages_and_limits_size(
    client: TestClient, clinic: Clinic
) -> None:
    session = start(client, clinic)
    with patient_stream(client, clinic, session["id"]) as ws:
        ws.send_bytes(np.zeros((1, 133), dtype="<f4").tobytes())
        assert "start_set" in ws.receive_json()["detail"]
        ws.send_json({"type": "start_set", "exercise": "juggling"})
        assert ws.receive_json()["type"] == "error"
        ws.send_json({"type": "start_set", "exercise": "squat"})
        ws.receive_json()
        ws.send_bytes(b"\x00" * 12)
        assert "float32" in ws.receive_json()["detail"]
        ws.send_text("{not json")
        assert ws.receive_json()["type"] == "error"
        nan_rows = np.full((2, 133), np.nan, dtype="<f4")
        ws.send_bytes(nan_rows.tobytes())
        assert "NaN" in ws.receive_json()["detail"]
        ws.send_json({"type": "ping"})
        assert ws.receive_json() == {"type": "pong"}
        ws.send_bytes(np.zeros((400, 232), dtype="<f8").tobytes())
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
        assert closed.value.code == 1009


def test_a_client_that_vanishes_mid_set_keeps_its_reps(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    session = start(client, clinic)
    rows = squats(5)
    with patient_stream(client, clinic, session["id"]) as ws:
        ws.send_json({"type": "start_set", "exercise": "squat", "side": "both"})
        ws.receive_json()
        for begin in range(0, len(rows), 100):
            ws.send_bytes(rows[begin : begin + 100].tobytes())
        ws.send_json({"type": "ping"})
        while ws.receive_json()["type"] != "pong":
            pass
    # The socket closed without end_set or finish: the set is stored with its reps.
    detail = db_session.scalars(
        select(SessionDetail).where(SessionDetail.session_id == session["id"])
    ).one()
    assert detail.reps_done == 5
    assert detail.side == Side.BOTH


def test_a_newer_connection_takes_over_and_the_older_set_is_kept(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    session = start(client, clinic)
    url = f"/api/v1/exercise-sessions/{session['id']}/stream"
    token = clinic.token(clinic.patient_a1)
    rows = squats(3)
    with client.websocket_connect(url) as first:
        first.send_json({"type": "auth", "token": token})
        first.receive_json()
        first.send_json({"type": "start_set", "exercise": "squat", "side": "both"})
        first.receive_json()
        first.send_bytes(rows.tobytes())
        first.send_json({"type": "ping"})
        while first.receive_json()["type"] != "pong":
            pass
        # The same patient opens the session again (a reload, a second tab).
        with client.websocket_connect(url) as second:
            second.send_json({"type": "auth", "token": token})
            assert second.receive_json()["type"] == "ready"
            with pytest.raises(WebSocketDisconnect) as replaced:
                first.receive_json()
            assert replaced.value.code == 4000
            second.send_json({"type": "start_set", "exercise": "squat", "side": "both"})
            assert second.receive_json()["type"] == "set_started"
            events = stream_set(second, squats(2))
            assert events[-1]["detail"]["reps_done"] == 2
    details = db_session.scalars(
        select(SessionDetail)
        .where(SessionDetail.session_id == session["id"])
        .order_by(SessionDetail.id)
    ).all()
    # The replaced connection's reps were stored as their own set, then the new one's.
    assert [detail.reps_done for detail in details] == [3, 2]


def test_a_set_started_anyway_is_stored_marked(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    """ "Start anyway" (the camera check had not passed): the set is stored marked for the doctor,
    live and in a batch; a set started after a passed check is not."""
    session = start(client, clinic)
    url = f"/api/v1/exercise-sessions/{session['id']}/stream"
    with client.websocket_connect(url) as ws:
        ws.send_json({"type": "auth", "token": clinic.token(clinic.patient_a1)})
        ws.receive_json()
        ws.send_json({"type": "start_set", "exercise": "squat", "setup_skipped": True})
        assert ws.receive_json()["type"] == "set_started"
        anyway = stream_set(ws, squats(2))[-1]["detail"]
        ws.send_json({"type": "start_set", "exercise": "squat"})
        ws.receive_json()
        checked = stream_set(ws, squats(2))[-1]["detail"]
    assert (anyway["setup_skipped"], checked["setup_skipped"]) == (True, False)  # type: ignore[index]
    batch = client.post(
        f"/api/v1/exercise-sessions/{session['id']}/sets",
        headers=clinic.headers(clinic.patient_a1),
        json={"exercise": "squat", "setup_skipped": True, "frames": squats(2).tolist()},
    )
    assert batch.status_code == 201, batch.text
    assert batch.json()["detail"]["setup_skipped"] is True
    stored = db_session.scalars(
        select(SessionDetail.setup_skipped)
        .where(SessionDetail.session_id == session["id"])
        .order_by(SessionDetail.id)
    ).all()
    assert stored == [True, False, True]


def squats_with_a_gap() -> np.ndarray:
    """Six squats, the legs lost for 0.7 s of the third (``test_exercise_confidence``)."""
    frames = synthesize(ExerciseType.SQUAT, rep_progress(6, FPS), 80.0)
    gap = round(6.6 * FPS)
    frames[gap : gap + round(0.7 * FPS), 23:29, 3] = 0.0
    return compact(frames)


def test_the_stored_set_carries_its_confidence(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    """Issue 21 §3: rep events and the saved set say how sure the count is, live and in a batch;
    the set row keeps it, and the doctor's view of the sessions reads it back."""
    session = start(client, clinic)
    url = f"/api/v1/exercise-sessions/{session['id']}/stream"
    with client.websocket_connect(url) as ws:
        ws.send_json({"type": "auth", "token": clinic.token(clinic.patient_a1)})
        ws.receive_json()
        ws.send_json({"type": "start_set", "exercise": "squat"})
        ws.receive_json()
        clean = stream_set(ws, squats(6))
        ws.send_json({"type": "start_set", "exercise": "squat"})
        ws.receive_json()
        gap = stream_set(ws, squats_with_a_gap())
    bands = [e["confidence_band"] for e in clean if e["type"] == "rep_completed"]
    assert bands == ["high"] * 6
    saved = clean[-1]["detail"]
    assert (saved["reps_done"], saved["uncertain_reps"]) == (6, 0)  # type: ignore[index]
    assert saved["confidence_band"] == "high"  # type: ignore[index]
    flagged = gap[-1]["detail"]
    assert (flagged["reps_done"], flagged["uncertain_reps"]) == (6, 1)  # type: ignore[index]
    assert flagged["rep_metrics"][2]["confidence_band"] == "uncertain"  # type: ignore[index]
    batch = client.post(
        f"/api/v1/exercise-sessions/{session['id']}/sets",
        headers=clinic.headers(clinic.patient_a1),
        json={"exercise": "squat", "frames": squats_with_a_gap().tolist()},
    )
    assert batch.status_code == 201, batch.text
    assert batch.json()["detail"]["uncertain_reps"] == 1
    stored = db_session.execute(
        select(SessionDetail.uncertain_reps, SessionDetail.confidence)
        .where(SessionDetail.session_id == session["id"])
        .order_by(SessionDetail.id)
    ).all()
    assert [row.uncertain_reps for row in stored] == [0, 1, 1]
    assert all(row.confidence is not None and 0 <= row.confidence <= 1 for row in stored)
    history = client.get(
        f"/api/v1/patients/{clinic.patient_a1.id}/workout-sessions",
        headers=clinic.headers(clinic.doctor_a),
    ).json()
    details = next(s for s in history["items"] if s["id"] == session["id"])["details"]
    assert [d["uncertain_reps"] for d in details] == [0, 1, 1]


def test_a_set_stored_before_sets_were_rated_reads_as_unknown(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    session = start(client, clinic)
    db_session.add(
        SessionDetail(
            session_id=session["id"], exercise_type=ExerciseType.SQUAT, reps_done=5, rep_metrics=[]
        )
    )
    db_session.commit()
    history = client.get(
        f"/api/v1/patients/{clinic.patient_a1.id}/workout-sessions",
        headers=clinic.headers(clinic.doctor_a),
    ).json()
    detail = next(s for s in history["items"] if s["id"] == session["id"])["details"][0]
    assert (detail["confidence"], detail["confidence_band"], detail["uncertain_reps"]) == (
        None,
        None,
        None,
    )
    # Nor did it count its frames: no rate, and no mark for a slow camera.
    assert (detail["frame_count"], detail["frame_rate"], detail["slow_camera"]) == (
        None,
        None,
        False,
    )


def test_a_set_seen_at_six_frames_a_second_or_fewer_is_marked_slow(
    client: TestClient, clinic: Clinic
) -> None:
    # The same squats seen at 30, 10 and 5 frames a second: only the last is marked.
    session = start(client, clinic)
    marked = {}
    for fps in (30.0, 10.0, 5.0):
        rows = compact(synthesize(ExerciseType.SQUAT, rep_progress(4, fps), 80.0), fps=fps)
        added = client.post(
            f"/api/v1/exercise-sessions/{session['id']}/sets",
            headers=clinic.headers(clinic.patient_a1),
            json={"exercise": "squat", "fps": fps, "frames": rows.tolist()},
        )
        assert added.status_code == 201, added.text
        detail = added.json()["detail"]
        assert detail["frame_count"] == len(rows)
        assert detail["frame_rate"] == pytest.approx(fps, abs=0.1)
        marked[fps] = detail["slow_camera"]
    assert marked == {30.0: False, 10.0: False, 5.0: True}
    # Read back with the session, the sets carry the same marks.
    finished = client.post(
        f"/api/v1/exercise-sessions/{session['id']}/finish",
        headers=clinic.headers(clinic.patient_a1),
        json={},
    )
    assert [d["slow_camera"] for d in finished.json()["details"]] == [False, False, True]
