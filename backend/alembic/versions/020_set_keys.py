"""A live set's key and frame count: ``session_details.set_key`` (unique within a session) and
``session_details.frame_count``.

The browser keeps every frame of a set until the server says the set is stored, and resends the
set (its key, then its frames from the first) after a reconnection, to whichever worker it lands
on: a worker that died mid-set loses no rep (issue 23). The key makes the resend idempotent: a
set already stored under it is replaced only by a version counted from more frames, so no frame
counts twice.

Existing data: both columns stay null on every existing set (stored before sets had keys); no
row changes. Downgrading drops both columns and the constraint.

Revision ID: 020
Revises: 019
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "020"
down_revision: str | None = "019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("session_details") as batch:
        batch.add_column(sa.Column("set_key", sa.String(64), nullable=True))
        batch.add_column(sa.Column("frame_count", sa.Integer, nullable=True))
        batch.create_unique_constraint(
            "uq_session_details_session_id_set_key", ["session_id", "set_key"]
        )


def downgrade() -> None:
    with op.batch_alter_table("session_details") as batch:
        batch.drop_constraint("uq_session_details_session_id_set_key", type_="unique")
        batch.drop_column("frame_count")
        batch.drop_column("set_key")
