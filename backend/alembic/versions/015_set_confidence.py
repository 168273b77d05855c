"""How far the exercise engine trusts a set's count: ``session_details.confidence`` (0..1) and
``session_details.uncertain_reps`` (reps counted but flagged uncertain).

The engine rates every rep and every set it counts (issue 21); the set is stored with its
confidence so that the doctor sees which counts to read with care.

Existing data: both columns stay null on every existing set, meaning "not rated" (the set was
counted before the engine rated its counts); no row changes. Downgrading drops both columns and
the ratings in them.

Revision ID: 015
Revises: 014
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "015"
down_revision: str | None = "014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("session_details") as batch:
        batch.add_column(sa.Column("confidence", sa.Float, nullable=True))
        batch.add_column(sa.Column("uncertain_reps", sa.Integer, nullable=True))
        batch.create_check_constraint(
            "confidence_range", "confidence IS NULL OR confidence BETWEEN 0 AND 1"
        )
        batch.create_check_constraint(
            "uncertain_reps_range",
            "uncertain_reps IS NULL OR uncertain_reps BETWEEN 0 AND reps_done",
        )


def downgrade() -> None:
    with op.batch_alter_table("session_details") as batch:
        batch.drop_constraint("uncertain_reps_range", type_="check")
        batch.drop_constraint("confidence_range", type_="check")
        batch.drop_column("uncertain_reps")
        batch.drop_column("confidence")
