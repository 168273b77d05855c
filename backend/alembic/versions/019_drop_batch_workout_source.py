"""``workout_sessions.source`` no longer admits ``batch``: no code ever wrote it (a set whose
frames arrive in one request belongs to a session started, and stored, as ``live``).

Existing data: a session whose source is ``batch`` (written by hand, or by a version outside
this history) becomes ``live``, the source of every session recorded by the app, whether its
frames were streamed or sent in one batch; nothing else changes. The downgrade admits ``batch``
again and changes no row (which sessions were ``batch`` before the upgrade is not kept: they
read the same either way).

Revision ID: 019
Revises: 018
"""

from collections.abc import Sequence

from alembic import op
from telerehab.operations.migration_tools import in_list

revision: str = "019"
down_revision: str | None = "018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SOURCES_AFTER = ["live", "legacy_simple_log", "self_report"]
SOURCES_BEFORE = ["live", "batch", "legacy_simple_log", "self_report"]


def _sources(values: list[str]) -> None:
    with op.batch_alter_table("workout_sessions") as batch:
        batch.drop_constraint("workout_source", type_="check")
        batch.create_check_constraint("workout_source", in_list("source", values))


def upgrade() -> None:
    op.execute("UPDATE workout_sessions SET source = 'live' WHERE source = 'batch'")
    _sources(SOURCES_AFTER)


def downgrade() -> None:
    _sources(SOURCES_BEFORE)
