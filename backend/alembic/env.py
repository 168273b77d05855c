"""Alembic environment: the URL comes from the caller's config, else DATABASE_URL, else SQLite."""

import os

from sqlalchemy import create_engine, pool

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
    with engine.connect() as new_connection:
        _run(new_connection)


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=Base.metadata,
        # SQLite cannot ALTER most things in place: batch mode copies the table instead.
        render_as_batch=True,
        compare_type=True,
        # Each migration runs in its own transaction, so a failure leaves the previous step intact.
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
