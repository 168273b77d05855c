"""Indexes for reading a patient's workout and brain-game history newest first.

Existing data: unchanged; only indexes are built.

Revision ID: 007
Revises: 006
"""

from collections.abc import Sequence

from alembic import op

revision: str = "007"
down_revision: str | None = "006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = [
    ("ix_workout_sessions_user_id_started_at", "workout_sessions"),
    ("ix_brain_exercise_sessions_user_id_started_at", "brain_exercise_sessions"),
]


def upgrade() -> None:
    for name, table in INDEXES:
        op.create_index(name, table, ["user_id", "started_at"])


def downgrade() -> None:
    for name, table in reversed(INDEXES):
        op.drop_index(name, table_name=table)
