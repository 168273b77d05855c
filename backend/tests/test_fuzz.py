"""Fuzzing the whole API with schemathesis: every operation of the OpenAPI document, called as a
doctor, a patient and an admin, with generated valid and invalid input.

Each (operation, role) pair is one pytest test with a fresh copy of the test clinic (so a DELETE in
one test cannot starve another), run in-process on the ASGI app. The checks are the API's promises:
no 5xx anywhere, and every answer is documented: its status code, its content type and its body
schema. Generation is derandomized with a fixed seed, so CI sees the same requests on every run.

What is not fuzzed, and why, is listed in NOT_IN_THE_DOCUMENT; a test fails for any other route
the document lacks, so nothing is skipped silently.
"""

import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.python.asgi import shutdown_lifespans
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool
from starlette.routing import WebSocketRoute

from telerehab.config import Settings
from telerehab.main import create_app, openapi_document
from telerehab.models import Base

from .factories import Clinic, build_clinic
from .services import scratch_database

# Every test here uses a database (the fuzz tests through fixtures of their own): both passes.
pytestmark = pytest.mark.db

SEED = 20261201
EXAMPLES_PER_OPERATION = 15
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
# The test clinic (tests/factories.py) has a handful of rows of every kind, so ids 1..8 name real
# users, records, schedules, notes, plans, sessions, combos, messages and assignments: some the
# caller's own, some someone else's. Generated ids are swapped for one of these half of the time,
# so requests reach past the 404 into the handlers.
CLINIC_IDS = st.integers(min_value=1, max_value=8)
# Routes the OpenAPI document does not describe, so schemathesis cannot generate calls for them.
NOT_IN_THE_DOCUMENT = {
    ("GET", "/openapi.json"): "the document itself",
    ("GET", "/docs"): "the interactive documentation page (HTML)",
    ("GET", "/docs/assets"): "Swagger UI's own files, served from our origin (test_api_docs.py)",
    ("GET", "/docs/init.js"): "part of the documentation page (tested in test_api_docs.py)",
    ("GET", "/metrics"): "Prometheus text for a scraper, tested in test_metrics.py",
    ("GET", "/{path:webpath}"): "the web app's files, tested in test_app_shell.py and e2e/",
    # The exercise stream is a WebSocket, which OpenAPI cannot describe; its protocol is tested in
    # tests/routers/test_exercise_sessions.py.
    ("WEBSOCKET", "/api/v1/exercise-sessions/{session_id}/stream"): "a WebSocket",
}

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": SEED,
        "base-url": "http://testserver",
        "generation": {
            "mode": "all",  # valid input, and invalid input that must be refused with a 4xx
            "max-examples": EXAMPLES_PER_OPERATION,
            "deterministic": True,
            "database": "none",
        },
        "phases": {
            "coverage": {
                # Boundary values of every field and parameter, valid ones only: the invalid
                # side is the fuzzing phase's job, and doing both would double the run's time.
                "generation": {"mode": "positive"},
                # Methods the document does not list (TRACE, QUERY...) only meet the router's 405.
                "unexpected-methods": [],
            }
        },
    }
)
# Built without a database or a real secret: the document does not depend on either.
schema = schemathesis.openapi.from_dict(openapi_document(), config=CONFIG)
# Documented, but not fuzzed: a call would wait on an open stream until its token runs out.
NOT_FUZZED = {
    ("GET", "/api/v1/events"): "the server-sent event stream, with no parameter to fuzz; "
    "tested in test_push.py against real servers",
}


def _with_clinic_ids(value: Any) -> st.SearchStrategy[Any]:
    """``value`` as it was generated, with each integer ``*_id`` field possibly a clinic id."""
    if isinstance(value, dict):
        return st.fixed_dictionaries(
            {
                key: st.one_of(st.just(item), CLINIC_IDS)
                if key.endswith("_id") and type(item) is int
                else _with_clinic_ids(item)
                for key, item in value.items()
            }
        )
    if isinstance(value, list):
        return st.tuples(*(_with_clinic_ids(item) for item in value)).map(list)
    return st.just(value)


@schema.hook
def flatmap_path_parameters(_context: Any, path_parameters: dict[str, Any]) -> Any:
    return _with_clinic_ids(path_parameters)


@schema.hook
def flatmap_body(_context: Any, body: Any) -> Any:
    return _with_clinic_ids(body)


ROLES = ("doctor", "patient", "admin")
# How many requests each (role, operation) sent: printed at the end, checked to be non-zero.
SENT: Counter[tuple[str, str]] = Counter()


@pytest.fixture(scope="module", params=ROLES)
def role(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def fuzz_database(db_kind: str, template_url: str, postgres_server_url: str) -> Iterator[str]:
    """SQLite: the migrated template, copied for each test. PostgreSQL: one clone of it for the
    module, emptied before each test (a clone takes a second, emptying it a twentieth)."""
    if db_kind == "sqlite":
        yield template_url
        return
    with scratch_database(postgres_server_url, "telerehab_fuzz", template=template_url) as url:
        yield url


@pytest.fixture
def fuzz_settings(db_kind: str, fuzz_database: str, tmp_path: Path, secret_key: str) -> Settings:
    """A database holding the test clinic and nothing else, with the same ids in every test."""
    if db_kind == "sqlite":
        target = tmp_path / "fuzz.db"
        shutil.copyfile(make_url(fuzz_database).database or "", target)
        url = f"sqlite:///{target}"
    else:
        url = fuzz_database
        engine = create_engine(url, poolclass=NullPool)
        with engine.begin() as connection:
            # Faster than TRUNCATE (which makes new files for every table). Triggers are off in
            # this transaction only: the audit log refuses deletes, as it should in the app.
            connection.execute(text("SET LOCAL session_replication_role = replica"))
            for table in reversed(Base.metadata.sorted_tables):
                connection.execute(table.delete())
            sequences = connection.scalars(
                text("SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()")
            )
            for sequence in list(sequences):
                connection.execute(text(f'ALTER SEQUENCE "{sequence}" RESTART'))
        engine.dispose()
    # Warnings only: thousands of request lines would bury a failure report.
    return Settings(database_url=url, secret_key=secret_key, log_json=False, log_level="WARNING")


@pytest.fixture
def fuzz_clinic(fuzz_settings: Settings) -> Clinic:
    engine = create_engine(fuzz_settings.database_url, poolclass=NullPool)
    with Session(engine, expire_on_commit=False) as db:
        clinic = build_clinic(db, fuzz_settings)
    engine.dispose()
    return clinic


@pytest.fixture
def fuzzed_app(fuzz_settings: Settings, fuzz_clinic: Clinic) -> Iterator[FastAPI]:
    app = create_app(fuzz_settings)
    yield app
    # Schemathesis started the app's lifespan on the first request; stopping it disposes the
    # engine, so the next test may empty the database.
    shutdown_lifespans()


@pytest.fixture(scope="module", autouse=True)
def report_sent(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if not SENT:
        return
    operations = {operation for _, operation in SENT}
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(
            f"\nfuzz: {len(operations)} operations x {len({r for r, _ in SENT})} roles, "
            f"{sum(SENT.values())} requests (seed {SEED}, up to {EXAMPLES_PER_OPERATION} "
            "fuzzed examples per operation, plus schemathesis' explicit and boundary cases)"
        )


# After the hooks, so that the filtered schema is built with them.
fuzzed_schema = schema.exclude(operation_id="events-stream")


@fuzzed_schema.parametrize()
@settings(
    # One clinic serves all the examples of one operation: that is the point (state builds up).
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
    deadline=None,
)
def test_api(case: schemathesis.Case, fuzzed_app: FastAPI, fuzz_clinic: Clinic, role: str) -> None:
    clinic = fuzz_clinic
    user = {"doctor": clinic.doctor_a, "patient": clinic.patient_a1, "admin": clinic.admin}[role]
    SENT[role, case.operation.label] += 1
    case.call_and_validate(app=fuzzed_app, headers=clinic.headers(user), checks=CHECKS)


def test_every_http_route_is_in_the_document_or_listed(settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<!doctype html>")  # so the web app's route exists
    app = create_app(settings.model_copy(update={"web_app_dir": tmp_path}))
    documented = {
        (method.upper(), path)
        for path, item in openapi_document()["paths"].items()
        for method in item
    }
    routes = set()
    # The old app's URLs that have no successor answer 410 Gone whatever is sent, so they are
    # left out of the document; tests/routers/test_legacy.py walks every one of them.
    gone = set()
    for context in iter_route_contexts(app.routes):
        methods = context.methods or (
            {"WEBSOCKET"} if isinstance(context.route, WebSocketRoute) else {"GET"}  # a mount
        )
        pairs = {(method, str(context.path)) for method in methods - {"HEAD"}}
        routes |= pairs
        if getattr(context.route, "status_code", None) == 410:
            gone |= pairs
    fuzzed = {
        (result.ok().method.upper(), result.ok().path)
        for result in fuzzed_schema.get_all_operations()
    }
    assert fuzzed | set(NOT_FUZZED) == documented
    assert not fuzzed & set(NOT_FUZZED)
    assert gone and all(path.startswith("/api/") for _, path in gone)
    assert not any(path.startswith("/api/v1/") for _, path in gone)
    assert routes - documented - gone == set(NOT_IN_THE_DOCUMENT)
    assert len(fuzzed) > 80


# What the fuzzer found in the error renderer, pinned so it stays fixed.


def test_a_body_that_is_not_text_is_invalid_input(client: TestClient, clinic: Clinic) -> None:
    response = client.patch(
        "/api/v1/users/me",
        content=b'{"full_name": "\xff\xfe"}',
        headers={**clinic.headers(clinic.patient_a1), "Content-Type": "application/json"},
    )
    assert response.status_code == 422  # FastAPI alone answers 400, which no route documents
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["loc"] == ["body"]


def test_a_nul_character_is_invalid_input(client: TestClient, clinic: Clinic) -> None:
    response = client.post(
        f"/api/v1/patients/{clinic.patient_a1.id}/notes",
        json={"body": "before\x00after"},
        headers=clinic.headers(clinic.doctor_a),
    )
    # PostgreSQL stores no NUL in text: refused on every database, as invalid input.
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["loc"] == ["body", "body"]


def test_a_nul_character_in_a_query_is_never_a_server_error(
    client: TestClient, clinic: Clinic, db_kind: str
) -> None:
    # A query parameter goes to the database unchecked by the schemas: its refusal is the
    # database's, turned into 422 on PostgreSQL; SQLite finds no match.
    response = client.get(
        "/api/v1/patients",
        params={"search": "a\x00b"},
        headers=clinic.headers(clinic.doctor_a),
    )
    if db_kind == "postgresql":
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        assert "psycopg" not in response.text.lower()
    else:
        assert response.status_code == 200
        assert response.json()["items"] == []
