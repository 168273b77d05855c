"""Engine and session: one engine per app, one session (one transaction) per request."""

from collections.abc import Iterator
from typing import Any

from fastapi import Request
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from telerehab.config import DatabaseSettings


def _enable_sqlite_integrity(dbapi_connection: Any, _record: Any) -> None:
    # SQLite ignores foreign keys unless asked on every connection; WAL lets readers and the
    # single writer work side by side; busy_timeout waits for a lock instead of failing at once.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


# A server that vanishes (a crashed machine, a network partition) leaves an open connection
# waiting forever: the kernel gives up on unanswered data after TCP_USER_TIMEOUT and on a silent
# idle peer after the keepalive probes, so the request answers 503 and the pool replaces it.
TCP_USER_TIMEOUT_MS = 20_000
TCP_KEEPALIVE = {
    "keepalives": 1,
    "keepalives_idle": 30,
    "keepalives_interval": 5,
    "keepalives_count": 3,
}


def create_db_engine(settings: DatabaseSettings, statement_timeout_seconds: float = 0) -> Engine:
    """An engine for ``settings``; ``statement_timeout_seconds`` (PostgreSQL, 0: none) cancels
    any statement that runs longer."""
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _enable_sqlite_integrity)
        return engine
    connect_args: dict[str, Any] = {
        "connect_timeout": settings.db_connect_timeout_seconds,
        "tcp_user_timeout": TCP_USER_TIMEOUT_MS,
        **TCP_KEEPALIVE,
    }
    if statement_timeout_seconds:
        connect_args["options"] = f"-c statement_timeout={round(statement_timeout_seconds * 1000)}"
    return create_engine(
        url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_timeout=settings.db_pool_timeout_seconds,
        pool_pre_ping=True,
        connect_args=connect_args,
    )


def create_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False, autoflush=False)


def get_db(request: Request) -> Iterator[Session]:
    """The request's unit of work: commit when the handler returns, roll back on any error."""
    factory: sessionmaker[Session] = request.app.state.session_factory
    with factory() as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
