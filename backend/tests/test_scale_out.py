"""The scale-out, shown (issue 23 §5): two app servers behind nginx (Debian's package, WebSocket
upgrade and server-sent events passed through), sharing one PostgreSQL database and one Redis, as
a clinic runs them on two machines. Every request goes through the proxy.

A doctor and a patient, each with the app open (its event stream held by one of the servers):
- write to each other, and the message reaches the other's open app although the other server
  took it in;
- the patient exercises live; the connection drops and comes back through the proxy on the other
  server, which takes the session over: the older stream is closed (4000) with its reps kept,
  the session is stored once, and the doctor reads it;
- the doctor books an appointment, and the patient's app is told at once and finds the
  notification;
- the audit trail names each person's own address, which only the proxy saw (X-Forwarded-For,
  believed from a trusted proxy).

nginx's round robin (one worker) alternates between the servers, and each answer names the server
that gave it (X-Served-By): the test steers each step to the server it needs and checks it got
there.
"""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session
from websockets.sync.client import ClientConnection, connect

from telerehab.models import AuditEvent, User

from .factories import Clinic
from .postgres_instance import AppServer
from .reverse_proxy import ReverseProxy, nginx_proxy, served_by, site
from .services import redis_server
from .test_push import EventReader, serve
from .test_stream_owners import (
    REPLACED,
    closed_with,
    json_text,
    receive,
    three_squats_counted,
    until,
)

ROOT = Path(__file__).resolve().parents[2]
# Where each person connects from, as the proxy sees it (any 127.x address is this machine).
PHONE = "127.0.0.3"
DESK = "127.0.0.4"
# The documented site: two app machines, TLS on the proxy.
DOCUMENTED_SERVERS = ("10.0.0.11:8000", "10.0.0.12:8000")
DOCUMENTED_CERTIFICATE = ("/etc/ssl/telerehab/fullchain.pem", "/etc/ssl/telerehab/privkey.pem")


@dataclass
class Site:
    proxy: ReverseProxy
    servers: list[AppServer]
    clinic: Clinic
    database_url: str

    def server_of(self, headers: Mapping[str, str]) -> AppServer:
        port = served_by(headers)
        return next(server for server in self.servers if server.port == port)

    def next_lands_on(self, server: AppServer) -> None:
        """Make the proxy's next request go to ``server``: round robin sends it to the other
        server than the last request's, so end on one that ``server`` did not answer."""
        for _ in range(3):
            answer = httpx.get(self.proxy.base_url + "/healthz", timeout=10)
            if self.server_of(answer.headers) is not server:
                return
        raise AssertionError(f"three requests in a row went to one server:\n{self.proxy.logs()}")

    @contextmanager
    def person(self, user: User, address: str) -> Iterator[httpx.Client]:
        """A signed-in person's client, connecting to the proxy from ``address``."""
        with httpx.Client(
            base_url=self.proxy.base_url,
            headers=self.clinic.headers(user),
            transport=httpx.HTTPTransport(local_address=address),
            timeout=10,
        ) as client:
            yield client

    @contextmanager
    def exercise_stream(self, session_id: int) -> Iterator[tuple[ClientConnection, AppServer]]:
        """The patient's live stream of ``session_id`` through the proxy, signed in, and the
        server that holds it."""
        url = self.proxy.base_url.replace("http", "ws", 1)
        path = f"/api/v1/exercise-sessions/{session_id}/stream"
        with connect(url + path, open_timeout=10, source_address=(PHONE, 0)) as ws:
            assert ws.response is not None
            server = self.server_of(ws.response.headers)
            ws.send(json_text({"type": "auth", "token": self.clinic.token(self.clinic.patient_a1)}))
            assert receive(ws)["type"] == "ready"
            yield ws, server

    def open_app(self, user: User, server: AppServer) -> EventReader:
        """``user``'s app, its event stream held by ``server``."""
        self.next_lands_on(server)
        app = EventReader(self.proxy.base_url, self.clinic.token(user))
        assert app.status == 200
        assert self.server_of(app.headers) is server
        return app


@pytest.fixture
def behind_proxy(app_db_url: str, tmp_path: Path) -> Iterator[Site]:
    # The proxy connects to the servers from 127.0.0.1: its X-Forwarded-For is believed.
    trust_the_proxy = {"TRUSTED_PROXIES": '["127.0.0.1"]'}
    with (
        redis_server(tmp_path) as redis_url,
        serve(app_db_url, tmp_path, 2, redis_url, trust_the_proxy) as two,
        nginx_proxy([server.port for server in two.servers]) as proxy,
    ):
        yield Site(proxy, two.servers, two.clinic, app_db_url)


def next_update(app: EventReader) -> str:
    """The kind of the next update the app hears."""
    pushed = app.next(timeout=10)
    assert pushed is not None, "the event stream ended"
    _, event, data = pushed
    assert event == "update"
    return str(data["kind"])


def answered_by(site: Site, response: httpx.Response, server: AppServer, status: int) -> None:
    assert response.status_code == status, response.text
    assert site.server_of(response.headers) is server


def audited_addresses(database_url: str, users: list[User]) -> dict[int, set[str | None]]:
    engine = create_engine(database_url)
    with Session(engine) as db:
        rows = db.execute(
            select(AuditEvent.actor_id, AuditEvent.client_address)
            .where(AuditEvent.actor_id.in_([user.id for user in users]))
            .distinct()
        ).all()
    engine.dispose()
    addresses: dict[int, set[str | None]] = {}
    for actor_id, address in rows:
        addresses.setdefault(actor_id, set()).add(address)
    return addresses


@pytest.mark.postgres_only
def test_a_doctor_and_a_patient_through_two_servers_behind_a_proxy(behind_proxy: Site) -> None:
    site, clinic = behind_proxy, behind_proxy.clinic
    first, second = site.servers
    patient, doctor = clinic.patient_a1, clinic.doctor_a
    patient_app = site.open_app(patient, first)
    doctor_app = site.open_app(doctor, second)

    with site.person(patient, PHONE) as phone, site.person(doctor, DESK) as desk:
        # Messages: each written on the server that does not hold the reader's stream.
        site.next_lands_on(second)
        written = desk.post(
            "/api/v1/messages", json={"receiver_id": patient.id, "body": "How is the knee?"}
        )
        answered_by(site, written, second, 201)
        assert next_update(patient_app) == "message"
        thread = phone.get(f"/api/v1/messages/with/{doctor.id}")
        assert thread.json()["items"][0]["body"] == "How is the knee?"  # the newest

        site.next_lands_on(first)
        reply = phone.post(
            "/api/v1/messages", json={"receiver_id": doctor.id, "body": "Better, thank you."}
        )
        answered_by(site, reply, first, 201)
        assert next_update(doctor_app) == "message"

        # A live exercise: the stream moves from the first server to the second.
        started = phone.post("/api/v1/exercise-sessions", json={})
        assert started.status_code == 201, started.text
        session_id = started.json()["id"]
        site.next_lands_on(first)
        with site.exercise_stream(session_id) as (older, holder):
            assert holder is first
            three_squats_counted(older)
            site.next_lands_on(second)
            with site.exercise_stream(session_id) as (newer, holder):
                assert holder is second
                code, _ = closed_with(older, timeout=10)
                assert code == REPLACED
                newer.send(json_text({"type": "finish", "pain_score": 2}))
                until(newer, "finished")
        # Stored once: the older stream's set, in the session the newer one finished.
        stored = desk.get(f"/api/v1/workout-sessions/{session_id}")
        assert stored.status_code == 200, stored.text
        assert stored.json()["ended_at"] is not None
        assert stored.json()["pain_score"] == 2
        assert [detail["reps_done"] for detail in stored.json()["details"]] == [3]

        # A notification: booked on the second server, heard by the app on the first.
        start = (datetime.now(UTC) + timedelta(days=12)).replace(microsecond=0)  # a free slot
        site.next_lands_on(second)
        booked = desk.post(
            "/api/v1/schedules",
            json={
                "patient_id": patient.id,
                "title": "Knee review",
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(minutes=30)).isoformat(),
            },
        )
        answered_by(site, booked, second, 201)
        assert next_update(patient_app) == "appointment_booked"
        notifications = phone.get("/api/v1/notifications").json()["items"]
        assert [item["kind"] for item in notifications[:2]] == ["appointment_booked", "message"]

    # The app saw each person's own address behind the proxy, in HTTP and in the live stream.
    assert audited_addresses(site.database_url, [patient, doctor]) == {
        patient.id: {PHONE},
        doctor.id: {DESK},
    }


def test_the_deployment_guide_shows_the_site_the_test_runs() -> None:
    """docs/deployment.md's nginx site is this module's, for two machines and TLS."""
    guide = (ROOT / "docs" / "deployment.md").read_text()
    documented = site(DOCUMENTED_SERVERS, "443 ssl", DOCUMENTED_CERTIFICATE)
    assert f"```nginx\n{documented}```" in guide
