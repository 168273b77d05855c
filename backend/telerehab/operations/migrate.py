"""Run the Alembic history from code (the CLI, ``make run`` and the tests all come through here)."""

from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, pool

from alembic import command

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "alembic"
LEGACY_BASELINE = "000"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # Alembic's config is an ini file underneath: a literal % must be doubled.
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str) -> None:
    command.downgrade(alembic_config(database_url), revision)


def stamp(database_url: str, revision: str) -> None:
    command.stamp(alembic_config(database_url), revision)


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head


def current_revision(database_url: str) -> str | None:
    engine = create_engine(database_url, poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def all_revisions() -> set[str]:
    """Every revision this version of Telerehab knows (a backup from a newer one is refused)."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return {revision.revision for revision in script.walk_revisions()}


def is_old_app_database(database_url: str) -> bool:
    """The old app's tables without Alembic's version table: an upgrade starts at the baseline."""
    engine = create_engine(database_url, poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
    finally:
        engine.dispose()
    return "alembic_version" not in tables and "users" in tables


def is_at(database_url: str, revision: str) -> bool:
    """Whether the database already stands at ``revision`` ("head" or an id): nothing to run."""
    script = ScriptDirectory.from_config(alembic_config(database_url))
    targets: set[str | None] = {
        target.revision for target in script.get_revisions(revision) if target
    }
    return {current_revision(database_url)} == (targets or {None})
