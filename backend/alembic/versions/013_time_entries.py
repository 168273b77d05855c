"""The doctors' monitoring time log: ``time_entries``.

A doctor records the minutes spent on a patient's remote monitoring (reviewing data, a call, a
message); the monthly monitoring report adds them up per patient.

Existing data: a new, empty table; no row changes. The downgrade drops the table and every
entry in it.

Revision ID: 013
Revises: 012
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "013"
down_revision: str | None = "012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "time_entries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("patient_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("doctor_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("minutes", sa.Integer, nullable=False),
        sa.Column("activity", sa.String(200), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True)),
        sa.CheckConstraint("minutes BETWEEN 1 AND 600", name=op.f("ck_time_entries_minutes_range")),
        sa.CheckConstraint("length(activity) > 0", name=op.f("ck_time_entries_activity_not_empty")),
    )
    op.create_index(
        "ix_time_entries_patient_id_doctor_id_started_at_id",
        "time_entries",
        ["patient_id", "doctor_id", "started_at", "id"],
    )
    op.create_index(
        "ix_time_entries_doctor_id_started_at", "time_entries", ["doctor_id", "started_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_time_entries_doctor_id_started_at", table_name="time_entries")
    op.drop_index("ix_time_entries_patient_id_doctor_id_started_at_id", table_name="time_entries")
    op.drop_table("time_entries")
