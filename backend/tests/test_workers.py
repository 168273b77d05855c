"""Several uvicorn workers behave as one server: `telerehab serve --workers 2` on PostgreSQL with
Redis (a redis-server of the test's own).

- Failed sign-ins are counted per account and address across workers: wrong guesses made over
  many connections, which land on both workers, make that address wait after the third failure,
  on every worker, while the account's owner signs in from another address.
- A logout ends the sign-in's access token on every worker at once.
- SIGTERM stops the server gracefully: a request in flight (a patient's set of pose frames
  arriving slowly, as from a phone on a weak uplink) is finished and stored before the workers exit.
"""

import http.client
import json
import os
import secrets
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from telerehab.config import Settings
from telerehab.enums import ExerciseType
from telerehab.models import SessionDetail

from .exercise_synth import rep_progress, synthesize
from .factories import TEST_PASSWORD, Clinic, build_clinic
from .postgres_instance import AppServer, app_server
from .services import redis_server

pytestmark = pytest.mark.postgres_only

FREE_FAILURES = 3
STRANGER = "198.51.100.7"
OWNER = "203.0.113.20"


@dataclass
class Served:
    server: AppServer
    clinic: Clinic
    database_url: str


@pytest.fixture
def two_workers(app_db_url: str, tmp_path: Path) -> Iterator[Served]:
    """Two workers sharing Redis, in front of a fresh PostgreSQL database with the test clinic."""
    settings = Settings(database_url=app_db_url, secret_key=secrets.token_urlsafe(48))
    engine = create_engine(app_db_url)
    with Session(engine, expire_on_commit=False) as db:
        clinic = build_clinic(db, settings)
    engine.dispose()
    with redis_server(tmp_path) as redis_url:
        environment = {
            "DATABASE_URL": app_db_url,
            "SECRET_KEY": settings.secret_key,
            "REDIS_URL": redis_url,
            "LOGIN_FREE_FAILURES": str(FREE_FAILURES),
            # Long enough that the wait still holds when the test checks it.
            "LOGIN_FIRST_DELAY_SECONDS": "120",
            # Only the per-pair rule is under test; the per-address ones must not interfere.
            "RATE_LIMIT_LOGIN_PER_ADDRESS": "1000/minute",
            # The test's connections come from 127.0.0.1, a proxy forwarding each client.
            "TRUSTED_PROXIES": '["127.0.0.0/8"]',
        }
        with app_server(tmp_path, environment, workers=2) as server:
            yield Served(server, clinic, app_db_url)


def worker_pids(server: AppServer) -> set[int]:
    """The server's worker processes (not multiprocessing's resource tracker, also a child)."""
    children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children")
    return {
        int(pid)
        for pid in children.read_text().split()
        if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
    }


def serving_worker(server: AppServer, client_port: int) -> int:
    """The worker process holding the server end of the connection from ``client_port``."""
    wanted = f"0100007F:{server.port:04X} 0100007F:{client_port:04X}"
    inode = None
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if f"{fields[1]} {fields[2]}" == wanted:
            inode = fields[9]
    assert inode is not None, f"no server socket for the connection from port {client_port}"
    for pid in worker_pids(server):
        for descriptor in Path(f"/proc/{pid}/fd").iterdir():
            try:
                if os.readlink(descriptor) == f"socket:[{inode}]":
                    return pid
            except FileNotFoundError:
                continue
    raise AssertionError(f"no worker holds socket {inode}")


def request_on_a_new_connection(
    server: AppServer,
    method: str,
    path: str,
    body: str | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, int]:
    """(status, worker pid) of one request made on a connection of its own."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        headers = dict(headers or {})
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        assert connection.sock is not None
        return response.status, serving_worker(server, connection.sock.getsockname()[1])
    finally:
        connection.close()


def login_on_a_new_connection(
    server: AppServer, username: str, password: str, address: str
) -> tuple[int, int]:
    body = urlencode({"username": username, "password": password})
    return request_on_a_new_connection(
        server, "POST", "/api/v1/auth/login", body, {"X-Forwarded-For": address}
    )


def wait_until_every_worker_serves(server: AppServer, timeout: float = 30) -> None:
    """The server answers as soon as one worker is up; the other may still be starting."""
    workers = worker_pids(server)
    assert len(workers) == 2
    seen: set[int] = set()
    deadline = time.monotonic() + timeout
    while seen != workers:
        assert time.monotonic() < deadline, f"only workers {seen} of {workers} answered"
        seen.add(request_on_a_new_connection(server, "GET", "/healthz")[1])


def test_failed_sign_ins_slow_down_a_pair_on_every_worker(two_workers: Served) -> None:
    server, clinic = two_workers.server, two_workers.clinic
    wait_until_every_worker_serves(server)
    doctor = clinic.doctor_a.username
    attempts: list[tuple[int, int]] = []  # (status, worker) of each wrong guess

    def wait_shown_by_a_worker_that_did_not_count_it() -> bool:
        # A worker that saw fewer than the free failures itself, yet refuses: the count is
        # the clinic's, not the worker's.
        failures_seen = Counter(worker for status, worker in attempts if status == 401)
        return any(
            status == 429 and failures_seen[worker] < FREE_FAILURES for status, worker in attempts
        )

    # Each guess on a new connection, until both workers have answered and the wait was shown.
    while (
        len(attempts) < 2 * FREE_FAILURES
        or len({worker for _, worker in attempts}) < 2
        or not wait_shown_by_a_worker_that_did_not_count_it()
    ):
        assert len(attempts) < 40, f"no shared count across workers: {attempts}"
        attempts.append(
            login_on_a_new_connection(server, doctor, f"wrong-guess-{len(attempts)}", STRANGER)
        )
    statuses = [status for status, _ in attempts]
    assert statuses == [401] * FREE_FAILURES + [429] * (len(attempts) - FREE_FAILURES)
    # The stranger waits on every worker, even with the right password...
    right_from_stranger = [
        login_on_a_new_connection(server, doctor, TEST_PASSWORD, STRANGER) for _ in range(4)
    ]
    assert {status for status, _ in right_from_stranger} == {429}
    # ...while the doctor, from their own address, is never locked out, on any worker.
    workers_seen: set[int] = set()
    for _ in range(40):
        status, worker = login_on_a_new_connection(server, doctor, TEST_PASSWORD, OWNER)
        assert status == 200
        workers_seen.add(worker)
        if len(workers_seen) == 2:
            break
    assert len(workers_seen) == 2


def test_logout_ends_the_access_token_on_every_worker(two_workers: Served) -> None:
    server, clinic = two_workers.server, two_workers.clinic
    wait_until_every_worker_serves(server)
    with httpx.Client(base_url=server.base_url, timeout=10) as browser:
        signed_in = browser.post(
            "/api/v1/auth/login",
            data={"username": clinic.patient_a1.username, "password": TEST_PASSWORD},
        )
        assert signed_in.status_code == 200, signed_in.text
        bearer = {"Authorization": f"Bearer {signed_in.json()['access_token']}"}

        def statuses_on_both_workers() -> set[int]:
            answers: dict[int, int] = {}  # worker -> status
            for _ in range(40):
                status, worker = request_on_a_new_connection(
                    server, "GET", "/api/v1/users/me", headers=bearer
                )
                answers[worker] = status
                if len(answers) == 2:
                    return set(answers.values())
            raise AssertionError(f"only workers {set(answers)} answered")

        assert statuses_on_both_workers() == {200}
        assert browser.post("/api/v1/auth/logout").status_code == 204
        assert statuses_on_both_workers() == {401}


def pose_frames(reps: int) -> list[list[float]]:
    """Squats as compact rows [timestamp, 132 landmark values], 30 frames a second."""
    frames = synthesize(ExerciseType.SQUAT, rep_progress(reps, 30.0), 80.0)
    return [
        [round(index / 30.0, 4), *(round(float(v), 5) for v in frame.reshape(-1))]
        for index, frame in enumerate(frames)
    ]


def test_sigterm_lets_a_request_in_flight_finish(two_workers: Served) -> None:
    server, clinic = two_workers.server, two_workers.clinic
    headers = clinic.headers(clinic.patient_a1)
    started = httpx.post(
        f"{server.base_url}/api/v1/exercise-sessions", json={}, headers=headers, timeout=10
    )
    assert started.status_code == 201, started.text
    body = json.dumps({"exercise": "squat", "reps_target": 5, "frames": pose_frames(5)}).encode()
    chunks = [body[i : i + len(body) // 20 + 1] for i in range(0, len(body), len(body) // 20 + 1)]
    halfway = threading.Event()

    def slow_upload() -> Iterator[bytes]:
        for number, chunk in enumerate(chunks):
            if number == len(chunks) // 2:
                halfway.set()
            time.sleep(0.1)  # about two seconds for the whole set
            yield chunk

    result: dict[str, Any] = {}

    def send() -> None:
        try:
            response = httpx.post(
                f"{server.base_url}/api/v1/exercise-sessions/{started.json()['id']}/sets",
                content=slow_upload(),
                headers={**headers, "Content-Type": "application/json"},
                timeout=30,
            )
            result["status"] = response.status_code
            result["body"] = response.json()
            result["answered"] = time.monotonic()
        except httpx.HTTPError as error:
            result["error"] = repr(error)

    sender = threading.Thread(target=send)
    sender.start()
    assert halfway.wait(timeout=20)
    terminated_at = time.monotonic()
    exit_code = server.terminate(timeout=30)
    stopped_after = time.monotonic() - terminated_at
    sender.join(timeout=30)

    assert result.get("status") == 201, (result, server.output())
    assert result["answered"] > terminated_at  # it was in flight
    assert result["body"]["detail"]["reps_done"] == 5
    assert exit_code == 0, server.output()
    assert stopped_after < 10  # waited for the request, not for the 30 s graceful timeout
    engine = create_engine(two_workers.database_url)
    with Session(engine) as db:
        stored = db.scalar(
            select(func.count())
            .select_from(SessionDetail)
            .where(SessionDetail.session_id == started.json()["id"])
        )
    engine.dispose()
    assert stored == 1
