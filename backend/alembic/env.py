"""Alembic environment: the URL comes from the caller's config, else DATABASE_URL, else SQLite."""

import os
from typing import Any

from sqlalchemy import Engine, create_engine, event, pool

from alembic import context
from telerehab.config import DEFAULT_SQLITE_PATH
from telerehab.models import Base

config = context.config
url = (
    config.get_main_option("sqlalchemy.url")
    or os.environ.get("DATABASE_URL")
    or f"sqlite:///{DEFAULT_SQLITE_PATH}"
)


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(url, poolclass=pool.NullPool)
    if engine.dialect.name == "sqlite":
        _transactional_sqlite_ddl(engine)
    with engine.connect() as new_connection:
        _run(new_connection)


def _transactional_sqlite_ddl(engine: Engine) -> None:
    """Python's sqlite3 commits before DDL on its own; take over BEGIN so that a failed upgrade
    rolls back its CREATE and ALTER statements too (SQLAlchemy's documented recipe)."""

    @event.listens_for(engine, "connect")
    def _no_driver_transactions(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=Base.metadata,
        # SQLite cannot ALTER most things in place: batch mode copies the table instead.
        render_as_batch=True,
        compare_type=True,
        # One transaction for the whole upgrade: if any step refuses the data, the database
        # is left exactly as it was, not half-way between two revisions.
        transaction_per_migration=False,
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
