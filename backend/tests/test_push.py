"""Push instead of poll (issue 23 §4): what one server writes reaches an app open on another within
a second, through Redis; one server without Redis pushes to itself; with Redis down the event
stream answers 503 so the app polls; a stream ends when its access token does.

Real servers on their own ports sharing PostgreSQL, as two machines behind a load balancer.
"""

import json
import queue
import secrets
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from telerehab.access.credentials import create_access_token
from telerehab.config import Settings

from .factories import Clinic, build_clinic
from .postgres_instance import AppServer, app_server
from .services import free_port, redis_server

pytestmark = pytest.mark.postgres_only

EVENTS = "/api/v1/events"
DELIVERY_BOUND_S = 1.0  # the target: from send to the app, under a second


@dataclass
class Servers:
    servers: list[AppServer]
    clinic: Clinic
    settings: Settings


@contextmanager
def serve(
    app_db_url: str,
    tmp_path: Path,
    count: int,
    redis_url: str | None,
    extra_environment: Mapping[str, str] | None = None,
) -> Iterator[Servers]:
    """``count`` servers of the test clinic, with ``extra_environment`` added to theirs."""
    settings = Settings(database_url=app_db_url, secret_key=secrets.token_urlsafe(48))
    engine = create_engine(app_db_url)
    with Session(engine, expire_on_commit=False) as db:
        clinic = build_clinic(db, settings)
    engine.dispose()
    environment = {
        "DATABASE_URL": app_db_url,
        "SECRET_KEY": settings.secret_key,
        **(extra_environment or {}),
    }
    if redis_url:
        environment["REDIS_URL"] = redis_url
    with ExitStack() as stack:
        servers = []
        for index in range(count):
            directory = tmp_path / f"server{index}"
            directory.mkdir()
            servers.append(stack.enter_context(app_server(directory, environment)))
        yield Servers(servers, clinic, settings)


class EventReader:
    """An app's event stream read on a thread of its own: each event with when it arrived."""

    def __init__(self, base_url: str, token: str) -> None:
        self.events: queue.Queue[tuple[float, str, dict[str, object]] | None] = queue.Queue()
        self.connected = threading.Event()
        self.status: int | None = None
        self.headers: httpx.Headers = httpx.Headers()
        self._thread = threading.Thread(target=self._read, args=(base_url, token), daemon=True)
        self._thread.start()
        assert self.connected.wait(10), "the event stream did not open"

    def _read(self, base_url: str, token: str) -> None:
        headers = {"Authorization": f"Bearer {token}"}
        try:
            with httpx.stream(
                "GET", base_url + EVENTS, headers=headers, timeout=httpx.Timeout(30)
            ) as response:
                self.status, self.headers = response.status_code, response.headers
                self.connected.set()
                kind = ""
                for line in response.iter_lines():
                    if line.startswith("event:"):
                        kind = line.removeprefix("event:").strip()
                    elif line.startswith("data:"):
                        data = json.loads(line.removeprefix("data:").strip())
                        self.events.put((time.monotonic(), kind, data))
        except httpx.HTTPError:
            pass
        finally:
            self.connected.set()
            self.events.put(None)  # the stream ended

    def next(self, timeout: float = 5) -> tuple[float, str, dict[str, object]] | None:
        return self.events.get(timeout=timeout)

    def ended_within(self, seconds: float) -> bool:
        self._thread.join(seconds)
        return not self._thread.is_alive()


def send_message(server: AppServer, clinic: Clinic, body: str) -> float:
    """The doctor writes to patient A1; when the request left."""
    sent = time.monotonic()
    response = httpx.post(
        server.base_url + "/api/v1/messages",
        json={"receiver_id": clinic.patient_a1.id, "body": body},
        headers=clinic.headers(clinic.doctor_a),
        timeout=10,
    )
    assert response.status_code == 201, response.text
    return sent


def test_a_message_written_on_one_server_reaches_the_app_open_on_another(
    app_db_url: str, tmp_path: Path
) -> None:
    with (
        redis_server(tmp_path) as redis_url,
        serve(app_db_url, tmp_path, 2, redis_url) as two,
    ):
        first, second = two.servers
        clinic = two.clinic
        app = EventReader(second.base_url, clinic.token(clinic.patient_a1))
        assert app.status == 200
        time.sleep(0.5)  # both servers have subscribed by the time a patient's app is open

        delays = []
        for round_ in range(5):
            sent = send_message(first, clinic, f"Private words {round_}")
            pushed = app.next()
            assert pushed is not None, "the stream ended"
            arrived, kind, data = pushed
            assert (kind, data) == ("update", {"kind": "message"})  # only the kind travels
            delays.append(arrived - sent)
        assert max(delays) < DELIVERY_BOUND_S, delays

        # An appointment booked on the first server reaches the app too.
        start = (datetime.now(UTC) + timedelta(days=12)).replace(microsecond=0)
        booked = httpx.post(
            first.base_url + "/api/v1/schedules",
            json={
                "patient_id": clinic.patient_a1.id,
                "title": "Review",
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(minutes=30)).isoformat(),
            },
            headers=clinic.headers(clinic.doctor_a),
            timeout=10,
        )
        assert booked.status_code == 201, booked.text
        pushed = app.next()
        assert pushed is not None
        assert pushed[2] == {"kind": "appointment_booked"}


def test_one_server_without_redis_pushes_to_itself(app_db_url: str, tmp_path: Path) -> None:
    with serve(app_db_url, tmp_path, 1, None) as one:
        server, clinic = one.servers[0], one.clinic
        app = EventReader(server.base_url, clinic.token(clinic.patient_a1))
        assert app.status == 200
        sent = send_message(server, clinic, "Hello")
        pushed = app.next()
        assert pushed is not None
        assert pushed[2] == {"kind": "message"}
        assert pushed[0] - sent < DELIVERY_BOUND_S


def test_with_redis_down_the_app_is_told_to_poll(app_db_url: str, tmp_path: Path) -> None:
    with serve(app_db_url, tmp_path, 1, f"redis://127.0.0.1:{free_port()}/0") as one:
        server, clinic = one.servers[0], one.clinic
        response = httpx.get(server.base_url + EVENTS, headers=clinic.headers(clinic.patient_a1))
        assert response.status_code == 503
        assert response.headers["content-type"].startswith("application/problem+json")
        assert "refreshes itself" in response.json()["detail"]
        # Writing still works: the push is simply not delivered anywhere.
        send_message(server, clinic, "Still delivered by polling")


def test_the_stream_ends_when_its_access_token_does(app_db_url: str, tmp_path: Path) -> None:
    with serve(app_db_url, tmp_path, 1, None) as one:
        server, clinic = one.servers[0], one.clinic
        lifetime = timedelta(minutes=one.settings.access_token_minutes)
        issued = datetime.now(UTC) - lifetime + timedelta(seconds=3)  # 3 s left
        token = create_access_token(clinic.patient_a1, one.settings, now=issued)
        app = EventReader(server.base_url, token)
        assert app.status == 200
        assert app.ended_within(10)
        assert (
            httpx.get(
                server.base_url + EVENTS, headers={"Authorization": f"Bearer {token}"}
            ).status_code
            == 401
        )
