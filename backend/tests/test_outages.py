"""A database outage under load: PostgreSQL stops amid a stream of writes, then comes back.

The promise to a clinic: a write the API confirmed (2xx) is stored, whatever happens after; a write
it could not make is refused at once with 503 problem+json (Retry-After, no driver message), not
left hanging; /readyz says so while it lasts; and the server recovers by itself when the database
is back, without a restart.

The test runs the app in a real uvicorn process against a PostgreSQL server of its own (the shared
one is never stopped), so it belongs to the PostgreSQL pass.
"""

import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from telerehab.config import Settings
from telerehab.models import Message, PatientNote
from telerehab.operations import migrate

from .factories import Clinic, build_clinic
from .postgres_instance import PostgresInstance, app_server, postgres_instance

# PostgreSQL only, and in the database pass (`-m db`), though no shared-database fixture is used.
pytestmark = [pytest.mark.postgres_only, pytest.mark.db]

CONNECT_TIMEOUT_SECONDS = 2
POOL_TIMEOUT_SECONDS = 2
# At worst an answer waits for one connection attempt (two writers never exhaust the pool):
# anything slower is a hang.
SLOWEST_ANSWER_SECONDS = CONNECT_TIMEOUT_SECONDS + 1.0
BEFORE_SECONDS = 2.0
DOWN_SECONDS = 4.0
AFTER_SECONDS = 3.0
# Words of a driver, a stack trace or a connection string: none may reach a client.
LEAKS = ("psycopg", "sqlalchemy", "traceback", "operationalerror", "127.0.0.1", "postgres", "sql")


@dataclass
class Write:
    kind: str
    marker: str
    started: float
    seconds: float
    status: int | None
    content_type: str = ""
    body: object = None
    retry_after: str | None = None
    error: str | None = None


@dataclass
class Timeline:
    down_from: float = 0.0
    down_until: float = 0.0
    ready_while_down: list[int] = field(default_factory=list)
    ready_after: list[int] = field(default_factory=list)


@pytest.fixture(scope="module")
def private_postgres() -> Iterator[PostgresInstance]:
    with postgres_instance() as instance:
        yield instance


@pytest.fixture
def outage_clinic(private_postgres: PostgresInstance) -> Iterator[tuple[str, Clinic]]:
    """A migrated database with the test clinic on the private server."""
    # No pool: the server restarts in between, and a pooled connection would not survive it.
    admin = create_engine(private_postgres.url(), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as connection:
        connection.execute(text('CREATE DATABASE "telerehab_outage"'))
    url = private_postgres.url("telerehab_outage")
    migrate.upgrade(url)
    settings = Settings(database_url=url, secret_key=secrets.token_urlsafe(48))
    engine = create_engine(url)
    with Session(engine, expire_on_commit=False) as db:
        clinic = build_clinic(db, settings)
    engine.dispose()
    try:
        yield url, clinic
    finally:
        with admin.connect() as connection:
            connection.execute(text('DROP DATABASE IF EXISTS "telerehab_outage" WITH (FORCE)'))
        admin.dispose()


def _writer(
    base_url: str, kind: str, clinic: Clinic, stop: threading.Event, writes: list[Write]
) -> None:
    """Write one note (doctor) or message (patient) after another, each with a unique marker."""
    if kind == "note":
        url = f"/api/v1/patients/{clinic.patient_a1.id}/notes"
        headers = clinic.headers(clinic.doctor_a)
    else:
        url = "/api/v1/messages"
        headers = clinic.headers(clinic.patient_a1)
    number = 0
    with httpx.Client(base_url=base_url, headers=headers, timeout=30) as client:
        while not stop.is_set():
            number += 1
            marker = f"outage-{kind}-{number:05d}"
            body = {"body": marker}
            if kind == "message":
                body["receiver_id"] = clinic.doctor_a.id
            started = time.monotonic()
            try:
                response = client.post(url, json=body)
            except httpx.HTTPError as error:
                writes.append(
                    Write(
                        kind, marker, started, time.monotonic() - started, None, error=repr(error)
                    )
                )
                continue
            seconds = time.monotonic() - started
            is_json = "json" in response.headers.get("content-type", "")
            writes.append(
                Write(
                    kind,
                    marker,
                    started,
                    seconds,
                    response.status_code,
                    response.headers.get("content-type", ""),
                    response.json() if is_json else response.text,
                    response.headers.get("retry-after"),
                )
            )


def _ready(base_url: str) -> int:
    return httpx.get(base_url + "/readyz", timeout=SLOWEST_ANSWER_SECONDS + 5).status_code


def test_writes_survive_a_database_restart(
    private_postgres: PostgresInstance,
    outage_clinic: tuple[str, Clinic],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, clinic = outage_clinic
    environment = {
        "DATABASE_URL": url,
        "SECRET_KEY": clinic.settings.secret_key,
        "DB_CONNECT_TIMEOUT_SECONDS": str(CONNECT_TIMEOUT_SECONDS),
        "DB_POOL_TIMEOUT_SECONDS": str(POOL_TIMEOUT_SECONDS),
    }
    with app_server(tmp_path, environment) as server:
        assert _ready(server.base_url) == 200
        writes: list[Write] = []
        stop = threading.Event()
        writers = [
            threading.Thread(target=_writer, args=(server.base_url, kind, clinic, stop, writes))
            for kind in ("note", "message")
        ]
        timeline = Timeline()
        for writer in writers:
            writer.start()
        try:
            time.sleep(BEFORE_SECONDS)
            timeline.down_from = time.monotonic()
            private_postgres.stop("fast")
            while time.monotonic() - timeline.down_from < DOWN_SECONDS:
                timeline.ready_while_down.append(_ready(server.base_url))
                time.sleep(0.5)
            private_postgres.start()
            timeline.down_until = time.monotonic()
            time.sleep(AFTER_SECONDS)
            timeline.ready_after.append(_ready(server.base_url))
        finally:
            stop.set()
            for writer in writers:
                writer.join(timeout=60)
        assert server.process.poll() is None, "the server died:\n" + server.output()

    engine = create_engine(url)
    with Session(engine) as db:
        stored = set(db.scalars(select(PatientNote.body).where(PatientNote.body.like("outage-%"))))
        stored |= set(db.scalars(select(Message.body).where(Message.body.like("outage-%"))))
    engine.dispose()

    accepted = [w for w in writes if w.status is not None and 200 <= w.status < 300]
    refused = [w for w in writes if w not in accepted]
    lost = [w.marker for w in accepted if w.marker not in stored]
    # A refusal whose transaction still committed (the answer, not the write, was lost): allowed,
    # as on any network, but counted.
    refused_yet_stored = [w.marker for w in refused if w.marker in stored]
    recovered = [w for w in accepted if w.started > timeline.down_until]
    slowest = max(w.seconds for w in writes)
    with capsys.disabled():
        print(
            f"\noutage: {len(writes)} writes, {len(accepted)} accepted, {len(refused)} refused "
            f"(503), {len(lost)} lost, {len(refused_yet_stored)} refused yet stored; slowest "
            f"answer {slowest:.2f} s; database down {timeline.down_until - timeline.down_from:.1f}"
            f" s; /readyz while down {sorted(set(timeline.ready_while_down))}"
        )

    assert lost == []
    assert [w for w in refused if w.status != 503] == []
    for write in refused:
        assert write.content_type == "application/problem+json"
        assert isinstance(write.body, dict)
        assert set(write.body) == {"type", "title", "status", "detail"}
        assert write.body["status"] == 503
        assert not any(leak in str(write.body).lower() for leak in LEAKS), write.body
        assert write.retry_after is not None
    assert slowest < SLOWEST_ANSWER_SECONDS, sorted(w.seconds for w in writes)[-5:]
    # The outage happened and was felt, and the server came back on its own.
    assert refused
    assert [w for w in accepted if w.started < timeline.down_from]
    assert recovered
    assert timeline.ready_while_down and set(timeline.ready_while_down) == {503}
    assert timeline.ready_after == [200]
