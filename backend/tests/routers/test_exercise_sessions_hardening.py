"""Live exercise under hostile or unlucky input: targets the engine cannot judge, timestamps at
the float limits, nested JSON, ids out of range, an account shut while it streams, a stranger's
megabytes, and a server error mid-set. None of them may answer 500 or leave the socket hanging."""

import asyncio
import json
import logging
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.testclient import WebSocketTestSession
from starlette.websockets import WebSocketDisconnect

from telerehab.access.credentials import create_access_token
from telerehab.live.sessions import LiveSet
from telerehab.models import SessionDetail, WorkoutSession

from ..factories import Clinic
from .test_exercise_sessions import FPS, squats, start, stream_set

NESTED = "[" * 4000 + "]" * 4000  # under 8 KiB, deeper than json.loads can go


def stream_url(session_id: object) -> str:
    return f"/api/v1/exercise-sessions/{session_id}/stream"


def sets_url(session_id: object) -> str:
    return f"/api/v1/exercise-sessions/{session_id}/sets"


def closed_with(ws: WebSocketTestSession) -> int:
    """Read until the server closes the socket; its close code."""
    try:
        while True:
            ws.receive_json()
    except WebSocketDisconnect as closed:
        return int(closed.code)


def open_set(ws: WebSocketTestSession, token: str, **prescription: object) -> None:
    ws.send_json({"type": "auth", "token": token})
    assert ws.receive_json()["type"] == "ready"
    ws.send_json({"type": "start_set", "exercise": "squat", "side": "both", **prescription})
    assert ws.receive_json()["type"] == "set_started"


def send_frames(ws: WebSocketTestSession, rows: np.ndarray) -> None:
    """Send ``rows`` and wait until the server has counted them."""
    for begin in range(0, len(rows), 100):
        ws.send_bytes(rows[begin : begin + 100].astype("<f4").tobytes())
    ws.send_json({"type": "ping"})
    while ws.receive_json()["type"] != "pong":
        pass


def stored_reps(db: Session, session_id: object) -> list[int]:
    db.expire_all()
    details = db.scalars(
        select(SessionDetail)
        .where(SessionDetail.session_id == session_id)
        .order_by(SessionDetail.position)
    )
    return [detail.reps_done for detail in details]


# -- a target the engine cannot judge ---------------------------------------------------------


def test_a_target_of_0_degrees_is_a_clear_422_and_a_stream_error(
    client: TestClient, clinic: Clinic
) -> None:
    session = start(client, clinic)
    token = clinic.token(clinic.patient_a1)
    batch = client.post(
        sets_url(session["id"]),
        headers=clinic.headers(clinic.patient_a1),
        json={"exercise": "squat", "target_rom_deg": 0, "frames": squats(1).tolist()},
    )
    assert batch.status_code == 422, batch.text
    assert "target_rom_deg" in batch.json()["detail"]
    with client.websocket_connect(stream_url(session["id"])) as ws:
        ws.send_json({"type": "auth", "token": token})
        ws.receive_json()
        ws.send_json({"type": "start_set", "exercise": "squat", "target_rom_deg": 0})
        refused = ws.receive_json()
        assert refused["type"] == "error" and "target_rom_deg" in refused["detail"]
        ws.send_json({"type": "ping"})
        assert ws.receive_json() == {"type": "pong"}  # the stream goes on


# -- timestamps -------------------------------------------------------------------------------


@pytest.mark.parametrize(("first", "last"), [(-1e308, 1e308), (0.0, 1e308), (-1.0, 0.0)])
def test_timestamps_outside_0_to_1e10_seconds_are_refused(
    client: TestClient, clinic: Clinic, first: float, last: float
) -> None:
    """±1e308 once stored a set lasting Infinity seconds, which the API then sent as null."""
    session = start(client, clinic)
    rows = squats(1).astype(np.float64)
    rows[0, 0], rows[-1, 0] = first, last
    batch = client.post(
        sets_url(session["id"]),
        headers=clinic.headers(clinic.patient_a1),
        json={"exercise": "squat", "frames": rows.tolist()},
    )
    assert batch.status_code == 422, batch.text
    assert "timestamps" in batch.json()["detail"]
    with client.websocket_connect(stream_url(session["id"])) as ws:
        open_set(ws, clinic.token(clinic.patient_a1))
        ws.send_json({"type": "frames", "frames": rows[:2].tolist()})
        ws.send_json({"type": "frames", "frames": rows[-2:].tolist()})
        errors = [ws.receive_json() for _ in range(2 if first < 0 else 1)]
        assert all(e["type"] == "error" and "timestamps" in e["detail"] for e in errors)


def test_unix_time_stamps_are_taken_and_a_set_lasts_at_most_a_day(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    session = start(client, clinic)
    headers = clinic.headers(clinic.patient_a1)
    rows = squats(3).astype(np.float64)
    rows[:, 0] += 1.7e9  # Unix time
    taken = client.post(
        sets_url(session["id"]),
        headers=headers,
        json={"exercise": "squat", "frames": rows.tolist()},
    )
    assert taken.status_code == 201, taken.text
    span = rows[-1, 0] - rows[0, 0]
    assert taken.json()["detail"]["duration_seconds"] == pytest.approx(span, abs=0.01)
    rows[-1, 0] = rows[0, 0] + 86_401
    too_long = client.post(
        sets_url(session["id"]),
        headers=headers,
        json={"exercise": "squat", "frames": rows.tolist()},
    )
    assert too_long.status_code == 422
    assert "at most 86400 seconds" in too_long.json()["detail"]
    durations = db_session.scalars(
        select(SessionDetail.duration_seconds).where(SessionDetail.session_id == session["id"])
    ).all()
    assert durations == [pytest.approx(span, abs=0.01)]


# -- the stream's messages and its id ---------------------------------------------------------


def test_nested_or_oversized_messages_never_break_the_stream(
    client: TestClient, clinic: Clinic
) -> None:
    session = start(client, clinic)
    token = clinic.token(clinic.patient_a1)
    with client.websocket_connect(stream_url(session["id"])) as ws:
        ws.send_text(NESTED)  # before authentication
        assert closed_with(ws) == 4401
    with client.websocket_connect(stream_url(session["id"])) as ws:
        ws.send_text(json.dumps({"type": "auth", "token": "x" * 9000}))
        assert closed_with(ws) == 1009
    with client.websocket_connect(stream_url(session["id"])) as ws:
        ws.send_json({"type": "auth", "token": token})
        ws.receive_json()
        for nested in (NESTED, '{"type": "frames", "frames": ' + NESTED + "}"):
            ws.send_text(nested)
            answer = ws.receive_json()
            assert answer["type"] == "error" and "recursion" in answer["detail"]
        ws.send_json({"type": "start_set", "exercise": "squat", "extra": 1})
        assert "extra" in ws.receive_json()["detail"]
        ws.send_json({"type": "wave"})
        assert ws.receive_json()["type"] == "error"
        ws.send_json({"type": "ping"})
        assert ws.receive_json() == {"type": "pong"}


def test_a_session_id_out_of_range_closes_as_not_yours(client: TestClient, clinic: Clinic) -> None:
    """The HTTP routes' bounds (1..2^31-1); 2^63 and 2^70 once reached the database and made
    the handler answer HTTP on a WebSocket."""
    for session_id in (0, -1, 2**31, 2**63, 2**70):
        with client.websocket_connect(stream_url(session_id)) as ws:
            ws.send_json({"type": "auth", "token": clinic.token(clinic.patient_a1)})
            assert closed_with(ws) == 4404, session_id


def test_a_server_error_mid_set_closes_1011_once_logged_and_keeps_the_reps(
    client: TestClient,
    clinic: Clinic,
    db_session: Session,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    session = start(client, clinic)
    with client.websocket_connect(stream_url(session["id"])) as ws:
        open_set(ws, clinic.token(clinic.patient_a1))
        send_frames(ws, squats(3))

        def broken(*_args: object) -> None:
            raise RuntimeError("a bug")

        monkeypatch.setattr(LiveSet, "feed", broken)
        with caplog.at_level(logging.ERROR, logger="telerehab.exercise"):
            ws.send_bytes(squats(1)[:10].astype("<f4").tobytes())
            assert closed_with(ws) == 1011
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(failures) == 1 and failures[0].exc_info is not None
    assert stored_reps(db_session, session["id"]) == [3]


def test_a_session_finished_elsewhere_closes_4409(client: TestClient, clinic: Clinic) -> None:
    session = start(client, clinic)
    with client.websocket_connect(stream_url(session["id"])) as ws:
        open_set(ws, clinic.token(clinic.patient_a1))
        send_frames(ws, squats(2))
        finished = client.post(
            f"/api/v1/exercise-sessions/{session['id']}/finish",
            headers=clinic.headers(clinic.patient_a1),
            json={},
        )
        assert finished.status_code == 200
        ws.send_json({"type": "end_set"})
        assert closed_with(ws) == 4409


# -- an account shut while it streams ---------------------------------------------------------


def test_a_disabled_patient_stores_no_set_and_is_closed_4401(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    session = start(client, clinic)
    with client.websocket_connect(stream_url(session["id"])) as ws:
        open_set(ws, clinic.token(clinic.patient_a1))
        send_frames(ws, squats(3))
        clinic.patient_a1.is_active = False
        db_session.commit()
        ws.send_json({"type": "end_set"})
        assert closed_with(ws) == 4401
    assert stored_reps(db_session, session["id"]) == []  # nor when the socket then closed


def test_a_password_change_stops_finish_with_4401(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    session = start(client, clinic)
    with client.websocket_connect(stream_url(session["id"])) as ws:
        open_set(ws, clinic.token(clinic.patient_a1))
        stream_set(ws, squats(2))
        clinic.patient_a1.token_version += 1  # what a password change does
        db_session.commit()
        ws.send_json({"type": "finish", "pain_score": 1, "difficulty": 2})
        assert closed_with(ws) == 4401
    db_session.expire_all()
    assert db_session.get(WorkoutSession, session["id"]).ended_at is None  # type: ignore[union-attr]
    assert stored_reps(db_session, session["id"]) == [2]  # stored while the sign-in held


def test_a_token_that_runs_out_mid_set_keeps_the_set_then_closes_4401(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    lifetime = timedelta(minutes=clinic.settings.access_token_minutes)
    expires = datetime.now(UTC) + timedelta(seconds=3)
    token = create_access_token(clinic.patient_a1, clinic.settings, now=expires - lifetime)
    session = start(client, clinic)
    with client.websocket_connect(stream_url(session["id"])) as ws:
        open_set(ws, token)
        send_frames(ws, squats(3))
        time.sleep(max(0.0, (expires - datetime.now(UTC)).total_seconds()) + 0.5)
        ws.send_json({"type": "end_set"})
        message = ws.receive_json()
        while message["type"] != "set_saved":
            message = ws.receive_json()
        assert message["detail"]["reps_done"] == 3
        assert closed_with(ws) == 4401  # the app refreshes its token and reconnects
    assert stored_reps(db_session, session["id"]) == [3]


# -- the batch endpoint reads its body only for the session's owner --------------------------


def _post_counting_body_reads(app: FastAPI, url: str, headers: dict[str, str]) -> tuple[int, bool]:
    """POST a set straight to the ASGI app: its status, and whether it asked for the body."""
    body = json.dumps({"exercise": "squat", "frames": squats(2).tolist()}).encode()
    read = False
    statuses: list[int] = []

    async def receive() -> dict[str, Any]:
        nonlocal read
        read = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    raw_headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *((name.lower().encode(), value.encode()) for name, value in headers.items()),
    ]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": url,
        "raw_path": url.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": raw_headers,
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    asyncio.run(app(scope, receive, send))
    return statuses[0], read


def test_a_set_body_is_read_only_after_the_caller_is_known_to_own_the_session(
    app: FastAPI, client: TestClient, clinic: Clinic
) -> None:
    """A stranger's 12 MiB of frames were parsed before the 401 (300-560 ms a request)."""
    url = sets_url(start(client, clinic)["id"])
    assert _post_counting_body_reads(app, url, {}) == (401, False)
    assert _post_counting_body_reads(app, url, {"Authorization": "Bearer forged"}) == (401, False)
    assert _post_counting_body_reads(app, url, clinic.headers(clinic.doctor_a)) == (403, False)
    assert _post_counting_body_reads(app, url, clinic.headers(clinic.patient_b1)) == (404, False)
    assert _post_counting_body_reads(app, url, clinic.headers(clinic.patient_a1)) == (201, True)


def test_set_events_and_rep_metrics_are_typed_and_keep_the_engine_json(
    app: FastAPI, client: TestClient, clinic: Clinic
) -> None:
    document = app.openapi()
    operation = document["paths"]["/api/v1/exercise-sessions/{session_id}/sets"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert operation["requestBody"]["required"] is True
    assert {"exercise", "frames", "target_rom_deg"} <= set(body["properties"])
    schemas = document["components"]["schemas"]
    events = schemas["SetResult"]["properties"]["events"]["items"]
    assert set(events["discriminator"]["mapping"]) == {
        "rep_completed",
        "phase_changed",
        "form_feedback",
        "out_of_view",
        "in_view",
    }
    rep_metrics = schemas["SessionDetailRead"]["properties"]["rep_metrics"]["items"]
    assert {"$ref": "#/components/schemas/RepCompletedEvent"} in rep_metrics["anyOf"]

    session = start(client, clinic)
    added = client.post(
        sets_url(session["id"]),
        headers=clinic.headers(clinic.patient_a1),
        json={"exercise": "squat", "target_rom_deg": 70, "frames": squats(4).tolist(), "fps": FPS},
    )
    assert added.status_code == 201, added.text
    rep = next(e for e in added.json()["events"] if e["type"] == "rep_completed")
    assert set(rep) == {
        "type",
        "time",
        "index",
        "start_time",
        "end_time",
        "range_of_motion_deg",
        "peak_angle_deg",
        "min_angle_deg",
        "duration_s",
        "side",
        "form_flags",
        "confidence",
        "confidence_band",
        "good",
    }
    assert set(added.json()["detail"]["rep_metrics"][0]) == set(rep)
