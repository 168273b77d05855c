"""Which connection owns a live exercise session: ``workout_sessions.stream_epoch``.

A connection that takes a session's live stream over raises the number by one and keeps the value
it got: a fencing token. A stream whose value is no longer the session's was replaced (a reload, a
second tab, a reconnect that landed on another worker or machine) and stops, so that two streams
never go on writing into one session. See ``telerehab.live.owners``.

Existing data: every session starts at 0; no row changes.

Revision ID: 010
Revises: 009
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "010"
down_revision: str | None = "009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("workout_sessions") as batch:
        batch.add_column(
            sa.Column("stream_epoch", sa.Integer, nullable=False, server_default=sa.text("0"))
        )


def downgrade() -> None:
    with op.batch_alter_table("workout_sessions") as batch:
        batch.drop_column("stream_epoch")
