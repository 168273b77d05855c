"""One owner per live exercise session across servers: two app processes on different ports share
PostgreSQL (and Redis, when there is one), as two machines behind a load balancer would.

A patient's phone loses the connection and reconnects, landing on the other server (or opens the
session in a second tab there). The newer connection takes over: the older one stores the reps it
counted and is closed with 4000, and never writes again: it cannot store a set or finish the session
after the takeover, whether Redis told its server at once or its server found out by asking the
database.
"""

import json
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import numpy as np
import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from telerehab.config import Settings
from telerehab.enums import ExerciseType
from telerehab.live.owners import POLL_SECONDS
from telerehab.models import SessionDetail, WorkoutSession

from .exercise_synth import rep_progress, synthesize
from .factories import Clinic, build_clinic
from .postgres_instance import AppServer, app_server
from .services import free_port, redis_server

pytestmark = pytest.mark.postgres_only

FPS = 30.0
REPLACED = 4000


@dataclass
class TwoServers:
    first: AppServer
    second: AppServer
    clinic: Clinic
    database_url: str


def _serve_two(app_db_url: str, tmp_path: Path, redis_url: str) -> Iterator[TwoServers]:
    settings = Settings(database_url=app_db_url, secret_key=secrets.token_urlsafe(48))
    engine = create_engine(app_db_url)
    with Session(engine, expire_on_commit=False) as db:
        clinic = build_clinic(db, settings)
    engine.dispose()
    environment = {
        "DATABASE_URL": app_db_url,
        "SECRET_KEY": settings.secret_key,
        "REDIS_URL": redis_url,
    }
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with (
        app_server(tmp_path / "a", environment) as first,
        app_server(tmp_path / "b", environment) as second,
    ):
        yield TwoServers(first, second, clinic, app_db_url)


@pytest.fixture
def with_redis(app_db_url: str, tmp_path: Path) -> Iterator[TwoServers]:
    with redis_server(tmp_path) as redis_url:
        yield from _serve_two(app_db_url, tmp_path, redis_url)


@pytest.fixture
def redis_down(app_db_url: str, tmp_path: Path) -> Iterator[TwoServers]:
    """Both servers are configured for a Redis that does not answer (it is down)."""
    yield from _serve_two(app_db_url, tmp_path, f"redis://127.0.0.1:{free_port()}/0")


def squats(reps: int, start: float = 0.0) -> bytes:
    frames = synthesize(ExerciseType.SQUAT, rep_progress(reps, FPS), 80.0)
    times = start + np.arange(len(frames)) / FPS
    rows = np.column_stack([times, frames.reshape(len(frames), -1)])
    return rows.astype("<f4").tobytes()


def open_session(servers: TwoServers) -> int:
    response = httpx.post(
        servers.first.base_url + "/api/v1/exercise-sessions",
        json={},
        headers=servers.clinic.headers(servers.clinic.patient_a1),
        timeout=10,
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


@contextmanager
def stream(server: AppServer, servers: TwoServers, session_id: int) -> Iterator[ClientConnection]:
    """A signed-in stream of the session on ``server``."""
    url = server.base_url.replace("http", "ws", 1)
    with connect(f"{url}/api/v1/exercise-sessions/{session_id}/stream", open_timeout=10) as ws:
        token = servers.clinic.token(servers.clinic.patient_a1)
        ws.send(json_text({"type": "auth", "token": token}))
        assert receive(ws)["type"] == "ready"
        yield ws


def json_text(message: dict[str, object]) -> str:
    return json.dumps(message)


def receive(ws: ClientConnection, timeout: float = 10) -> dict[str, object]:
    message = json.loads(ws.recv(timeout=timeout))
    assert isinstance(message, dict)
    return message


def until(ws: ClientConnection, kind: str) -> dict[str, object]:
    while True:
        message = receive(ws)
        if message["type"] == kind:
            return message


def closed_with(ws: ClientConnection, timeout: float) -> tuple[int | None, float]:
    """The close code the server sent, and how long it took to come."""
    began = time.monotonic()
    try:
        while True:
            ws.recv(timeout=max(0.01, began + timeout - time.monotonic()))
    except ConnectionClosed as closed:
        return (closed.rcvd.code if closed.rcvd else None), time.monotonic() - began


def three_squats_counted(ws: ClientConnection) -> None:
    ws.send(json_text({"type": "start_set", "exercise": "squat", "side": "both"}))
    until(ws, "set_started")
    ws.send(squats(3))
    ws.send(json_text({"type": "ping"}))
    until(ws, "pong")


def sets_and_end(servers: TwoServers, session_id: int) -> tuple[list[int], bool]:
    engine = create_engine(servers.database_url)
    with Session(engine) as db:
        reps = db.scalars(
            select(SessionDetail.reps_done)
            .where(SessionDetail.session_id == session_id)
            .order_by(SessionDetail.id)
        ).all()
        ended = db.scalar(
            select(WorkoutSession.ended_at.is_not(None)).where(WorkoutSession.id == session_id)
        )
    engine.dispose()
    return list(reps), bool(ended)


def test_a_connection_to_another_server_takes_over_at_once(with_redis: TwoServers) -> None:
    session_id = open_session(with_redis)
    with stream(with_redis.first, with_redis, session_id) as older:
        three_squats_counted(older)
        with stream(with_redis.second, with_redis, session_id) as newer:
            code, waited = closed_with(older, timeout=10)
            assert code == REPLACED
            assert waited < POLL_SECONDS, "told through Redis, not found by polling"

            newer.send(json_text({"type": "start_set", "exercise": "squat", "side": "both"}))
            until(newer, "set_started")
            newer.send(squats(2))
            newer.send(json_text({"type": "end_set"}))
            assert until(newer, "set_saved")["detail"]["reps_done"] == 2  # type: ignore[index]
            newer.send(json_text({"type": "finish"}))
            until(newer, "finished")
    # The older connection's reps were stored as their own set before the newer one's.
    assert sets_and_end(with_redis, session_id) == ([3, 2], True)


def test_with_redis_down_the_older_stream_is_found_and_closed(redis_down: TwoServers) -> None:
    session_id = open_session(redis_down)
    with stream(redis_down.first, redis_down, session_id) as older:
        three_squats_counted(older)
        with stream(redis_down.second, redis_down, session_id) as newer:
            code, waited = closed_with(older, timeout=3 * POLL_SECONDS + 5)
            assert code == REPLACED
            assert waited < 2 * POLL_SECONDS + 2
            newer.send(json_text({"type": "finish"}))
            until(newer, "finished")
    assert sets_and_end(redis_down, session_id) == ([3], True)


def test_a_replaced_stream_cannot_finish_the_session(redis_down: TwoServers) -> None:
    """Before its server finds out, the older stream asks to finish: the database's claim
    refuses it (its set is kept), and the newer connection goes on."""
    session_id = open_session(redis_down)
    with stream(redis_down.first, redis_down, session_id) as older:
        three_squats_counted(older)
        with stream(redis_down.second, redis_down, session_id) as newer:
            older.send(json_text({"type": "finish", "pain_score": 3}))
            code, _ = closed_with(older, timeout=10)
            assert code == REPLACED
            assert sets_and_end(redis_down, session_id) == ([3], False)

            newer.send(json_text({"type": "start_set", "exercise": "squat", "side": "both"}))
            until(newer, "set_started")
            newer.send(squats(2))
            newer.send(json_text({"type": "finish"}))
            assert until(newer, "finished")["session"]["pain_score"] is None  # type: ignore[index]
    assert sets_and_end(redis_down, session_id) == ([3, 2], True)
