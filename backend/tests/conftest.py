"""Shared fixtures. The same suite runs on SQLite (default) and on PostgreSQL (``--db postgresql``).

On PostgreSQL each test that needs a database gets its own, created on the server named by
``TEST_POSTGRES_URL`` and dropped afterwards; the server must be reachable, since a skipped
PostgreSQL test would hide a failure.
"""

import os
import secrets
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from telerehab.config import Settings

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
# Fixtures that touch a database: tests using them also run in the PostgreSQL pass.
DATABASE_FIXTURES = {"database_url", "migrated_url", "settings", "client", "db_session"}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db",
        choices=["sqlite", "postgresql"],
        default="sqlite",
        help="database the tests run against",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "db: the test uses a database")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.db)


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
    name = f"telerehab_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(postgres_server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def migrated_url(database_url: str) -> str:
    from telerehab import migrate

    migrate.upgrade(database_url)
    return database_url


@pytest.fixture
def secret_key() -> str:
    return secrets.token_urlsafe(48)


@pytest.fixture
def settings(migrated_url: str, secret_key: str) -> Settings:
    return Settings(database_url=migrated_url, secret_key=secret_key, log_json=False)
