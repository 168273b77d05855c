"""Outcome questionnaires: ``questionnaire_schedules`` (what a doctor ordered, once or every N
weeks) and ``questionnaire_responses`` (a patient's answers, score and item values).

Existing data: two new empty tables; no existing row changes. Downgrade drops both tables and
every response in them.

Revision ID: 012
Revises: 011
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "012"
down_revision: str | None = "011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DATETIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "questionnaire_schedules",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "patient_id",
            sa.Integer,
            sa.ForeignKey("users.id", name="fk_questionnaire_schedules_patient_id_users"),
            nullable=False,
        ),
        sa.Column(
            "doctor_id",
            sa.Integer,
            sa.ForeignKey("users.id", name="fk_questionnaire_schedules_doctor_id_users"),
            nullable=False,
        ),
        sa.Column("instrument", sa.String(20), nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("every_weeks", sa.Integer),
        sa.Column("end_date", sa.Date),
        sa.Column("notified_on", sa.Date),
        sa.Column("stopped_at", UTC_DATETIME),
        sa.Column("created_at", UTC_DATETIME, nullable=False, server_default=sa.func.now()),
        sa.CheckConstraint(
            "every_weeks IS NULL OR every_weeks BETWEEN 1 AND 52",
            name="every_weeks",
        ),
        sa.CheckConstraint(
            "end_date IS NULL OR end_date >= start_date",
            name="end_after_start",
        ),
        sa.CheckConstraint("length(instrument) > 0", name="instrument_not_empty"),
        sa.PrimaryKeyConstraint("id", name="pk_questionnaire_schedules"),
    )
    op.create_index(
        "ix_questionnaire_schedules_patient_id", "questionnaire_schedules", ["patient_id"]
    )
    op.create_index(
        "ix_questionnaire_schedules_doctor_id", "questionnaire_schedules", ["doctor_id"]
    )
    op.create_table(
        "questionnaire_responses",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "schedule_id",
            sa.Integer,
            sa.ForeignKey(
                "questionnaire_schedules.id",
                name="fk_questionnaire_responses_schedule_id_questionnaire_schedules",
            ),
            nullable=False,
        ),
        sa.Column(
            "patient_id",
            sa.Integer,
            sa.ForeignKey("users.id", name="fk_questionnaire_responses_patient_id_users"),
            nullable=False,
        ),
        sa.Column("instrument", sa.String(20), nullable=False),
        sa.Column("due_on", sa.Date, nullable=False),
        sa.Column("answered_at", UTC_DATETIME, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("items", sa.JSON, nullable=False),
        sa.CheckConstraint("score >= 0", name="score_not_negative"),
        sa.UniqueConstraint(
            "schedule_id", "due_on", name="uq_questionnaire_responses_schedule_id_due_on"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_questionnaire_responses"),
    )
    op.create_index(
        "ix_questionnaire_responses_patient_id", "questionnaire_responses", ["patient_id"]
    )
    op.create_index(
        "ix_questionnaire_responses_patient_id_instrument_answered_at_id",
        "questionnaire_responses",
        ["patient_id", "instrument", "answered_at", "id"],
    )


def downgrade() -> None:
    op.drop_table("questionnaire_responses")
    op.drop_table("questionnaire_schedules")
