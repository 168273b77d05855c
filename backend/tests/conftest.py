"""Shared fixtures. The same suite runs on SQLite (default) and on PostgreSQL (``--db postgresql``).

On PostgreSQL each test that needs a database gets its own, created on the server named by
``TEST_POSTGRES_URL`` and dropped afterwards; the server must be reachable, since a skipped
PostgreSQL test would hide a failure.
"""

import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from functools import partialmethod
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from telerehab.config import Settings
from telerehab.main import create_app
from telerehab.models import User

from .factories import Clinic, build_clinic
from .services import scratch_database

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
# Fixtures that touch a database: tests using them also run in the PostgreSQL pass.
DATABASE_FIXTURES = {
    "database_url",
    "migrated_url",
    "app_db_url",
    "settings",
    "client",
    "db_session",
    "clinic",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db",
        choices=["sqlite", "postgresql"],
        default="sqlite",
        help="database the tests run against",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "db: the test uses a database")
    config.addinivalue_line("markers", "postgres_only: a PostgreSQL feature (pass --db postgresql)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    on_sqlite = config.getoption("--db") == "sqlite"
    deselected = []
    for item in items:
        if DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.db)
        if on_sqlite and item.get_closest_marker("postgres_only"):
            deselected.append(item)  # runs in the PostgreSQL pass, not skipped in this one
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if item not in deselected]


@pytest.fixture(scope="session")
def db_kind(request: pytest.FixtureRequest) -> str:
    return str(request.config.getoption("--db"))


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    return os.environ.get("TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


@pytest.fixture
def database_url(db_kind: str, postgres_server_url: str, tmp_path: Path) -> Iterator[str]:
    """An empty database of the kind under test, removed after the test."""
    if db_kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'telerehab.db'}"
        return
    with scratch_database(postgres_server_url, "telerehab_test") as url:
        yield url


@pytest.fixture
def migrated_url(database_url: str) -> str:
    from telerehab.operations import migrate

    migrate.upgrade(database_url)
    return database_url


@pytest.fixture
def secret_key() -> str:
    return secrets.token_urlsafe(48)


@pytest.fixture(scope="session")
def template_url(
    db_kind: str, postgres_server_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A database migrated to head once per test session; each test gets a copy of it."""
    from telerehab.operations import migrate

    if db_kind == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('template') / 'template.db'}"
        migrate.upgrade(url)
        yield url
        return
    with scratch_database(postgres_server_url, "telerehab_template") as url:
        migrate.upgrade(url)
        yield url


@pytest.fixture
def app_db_url(
    db_kind: str, template_url: str, postgres_server_url: str, tmp_path: Path
) -> Iterator[str]:
    """A fresh database at head for one test: a file copy (SQLite) or a template clone."""
    if db_kind == "sqlite":
        source = Path(make_url(template_url).database or "")
        target = tmp_path / "app.db"
        shutil.copyfile(source, target)
        yield f"sqlite:///{target}"
        return
    with scratch_database(postgres_server_url, "telerehab_test", template=template_url) as url:
        yield url


@pytest.fixture
def settings(app_db_url: str, secret_key: str) -> Settings:
    return Settings(database_url=app_db_url, secret_key=secret_key, log_json=False)


@pytest.fixture
def app(settings: Settings) -> Iterator[FastAPI]:
    application = create_app(settings)
    yield application
    application.state.engine.dispose()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def db_session(app: FastAPI) -> Iterator[Session]:
    """A session on the app's database, for arranging data and checking what was stored."""
    with app.state.session_factory() as session:
        yield session


@pytest.fixture
def clinic(db_session: Session, settings: Settings) -> Clinic:
    return build_clinic(db_session, settings)


class SignedIn:
    """The test client signed in as ``user``: each request carries their access token (headers
    a request passes are added to it). The clinic's callers are fixtures: ``as_doctor``,
    ``as_patient`` (in that doctor's care), ``as_admin``, and the foreign side ``other_doctor``
    and ``other_patient`` (the other doctor's patient)."""

    def __init__(self, client: TestClient, clinic: Clinic, user: User) -> None:
        self.client = client
        self.user = user
        self.headers = clinic.headers(user)

    def request(self, method: str, url: str, **options: Any) -> httpx.Response:
        headers = {**self.headers, **(options.pop("headers", None) or {})}
        return self.client.request(method, url, headers=headers, **options)

    get = partialmethod(request, "GET")
    post = partialmethod(request, "POST")
    put = partialmethod(request, "PUT")
    patch = partialmethod(request, "PATCH")
    delete = partialmethod(request, "DELETE")


def _signed_in(clinic_attribute: str) -> Callable[[TestClient, Clinic], SignedIn]:
    def signed_in(client: TestClient, clinic: Clinic) -> SignedIn:
        return SignedIn(client, clinic, getattr(clinic, clinic_attribute))

    return signed_in


as_doctor = pytest.fixture(_signed_in("doctor_a"), name="as_doctor")
as_patient = pytest.fixture(_signed_in("patient_a1"), name="as_patient")  # doctor A's
as_admin = pytest.fixture(_signed_in("admin"), name="as_admin")
other_doctor = pytest.fixture(_signed_in("doctor_b"), name="other_doctor")
other_patient = pytest.fixture(_signed_in("patient_b1"), name="other_patient")  # doctor B's


@dataclass
class StatementCount:
    count: int = 0
    statements: list[str] = field(default_factory=list)


@pytest.fixture
def count_statements(app: FastAPI) -> Callable[[], AbstractContextManager[StatementCount]]:
    """``with count_statements() as counted: ...`` counts the SQL the app runs inside the block
    (the N+1 guard: a page of 50 must cost as many statements as a page of 1)."""
    engine = app.state.engine

    @contextmanager
    def counting() -> Iterator[StatementCount]:
        counted = StatementCount()

        def on_execute(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
            counted.count += 1
            counted.statements.append(statement)

        event.listen(engine, "before_cursor_execute", on_execute)
        try:
            yield counted
        finally:
            event.remove(engine, "before_cursor_execute", on_execute)

    return counting
