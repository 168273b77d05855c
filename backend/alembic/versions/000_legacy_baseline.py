"""The old app's schema, as it ran before the refactor.

A clinic upgrading from the old app runs ``telerehab migrate``: it recognises the old app's
database (a ``users`` table and no ``alembic_version``), takes a verified backup, stamps the
database at this revision and upgrades from here; a new clinic simply runs every step.
Deliberately reproduced as it was: a ``password`` column that may hold plain text, free-text
roles and exercise names, naive timestamps, nullable columns, no CHECK or UNIQUE rules beyond
the username, and none of the indexes that 001 adds. Existing data: none is touched.

Revision ID: 000
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "000"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer, primary_key=True)


def _user_fk(name: str) -> sa.Column[int]:
    return sa.Column(name, sa.Integer, sa.ForeignKey("users.id"))


def _created_at() -> sa.Column[sa.DateTime]:
    return sa.Column("created_at", sa.DateTime, server_default=sa.func.now())


LEGACY_TABLES = [
    "users",
    "assignments",
    "schedules",
    "messages",
    "combos",
    "combo_items",
    "week_plans",
    "week_plan_items",
    "workout_sessions",
    "session_details",
    "exercise_log_simple",
    "brain_exercise_sessions",
    "brain_exercise_logs",
    "patient_notes",
    "notifications",
    "medical_records",
]


def upgrade() -> None:
    op.create_table(
        "users",
        _id(),
        sa.Column("username", sa.String(50), nullable=False, unique=True),
        sa.Column("email", sa.String(120)),
        sa.Column("password", sa.String(255)),
        sa.Column("role", sa.String(20)),
        sa.Column("full_name", sa.String(120)),
        _created_at(),
    )
    op.create_table(
        "assignments", _id(), _user_fk("doctor_id"), _user_fk("patient_id"), _created_at()
    )
    op.create_table(
        "schedules",
        _id(),
        _user_fk("doctor_id"),
        _user_fk("patient_id"),
        sa.Column("title", sa.String(200)),
        sa.Column("starts_at", sa.DateTime),
        sa.Column("ends_at", sa.DateTime),
        sa.Column("status", sa.String(20)),
        sa.Column("notes", sa.Text),
        _created_at(),
    )
    op.create_table(
        "messages",
        _id(),
        _user_fk("sender_id"),
        _user_fk("receiver_id"),
        sa.Column("body", sa.Text),
        sa.Column("is_read", sa.Boolean, server_default=sa.false()),
        _created_at(),
    )
    op.create_table(
        "combos",
        _id(),
        _user_fk("doctor_id"),
        sa.Column("name", sa.String(120)),
        sa.Column("description", sa.Text),
        _created_at(),
    )
    op.create_table(
        "combo_items",
        _id(),
        sa.Column("combo_id", sa.Integer, sa.ForeignKey("combos.id")),
        sa.Column("position", sa.Integer),
        sa.Column("exercise_type", sa.String(50)),
        sa.Column("sets", sa.Integer),
        sa.Column("reps", sa.Integer),
        sa.Column("rest_seconds", sa.Integer),
    )
    op.create_table(
        "week_plans",
        _id(),
        _user_fk("patient_id"),
        _user_fk("doctor_id"),
        sa.Column("week_start", sa.Date),
        sa.Column("notes", sa.Text),
        _created_at(),
    )
    op.create_table(
        "week_plan_items",
        _id(),
        sa.Column("week_plan_id", sa.Integer, sa.ForeignKey("week_plans.id")),
        sa.Column("weekday", sa.String(10)),
        sa.Column("position", sa.Integer),
        sa.Column("combo_id", sa.Integer, sa.ForeignKey("combos.id")),
    )
    op.create_table(
        "workout_sessions",
        _id(),
        _user_fk("user_id"),
        sa.Column("started_at", sa.DateTime),
        sa.Column("ended_at", sa.DateTime),
        sa.Column("notes", sa.Text),
        _created_at(),
    )
    op.create_table(
        "session_details",
        _id(),
        sa.Column("session_id", sa.Integer, sa.ForeignKey("workout_sessions.id")),
        sa.Column("exercise_type", sa.String(50)),
        sa.Column("set_number", sa.Integer),
        sa.Column("reps_done", sa.Integer),
        sa.Column("duration_seconds", sa.Float),
    )
    op.create_table(
        "exercise_log_simple",
        _id(),
        _user_fk("user_id"),
        sa.Column("exercise_type", sa.String(50)),
        sa.Column("reps", sa.Integer),
        sa.Column("duration_seconds", sa.Float),
        _created_at(),
    )
    op.create_table(
        "brain_exercise_sessions",
        _id(),
        _user_fk("user_id"),
        sa.Column("game", sa.String(50)),
        sa.Column("started_at", sa.DateTime),
        sa.Column("ended_at", sa.DateTime),
        sa.Column("score", sa.Integer),
        _created_at(),
    )
    op.create_table(
        "brain_exercise_logs",
        _id(),
        _user_fk("user_id"),
        sa.Column("session_id", sa.Integer, sa.ForeignKey("brain_exercise_sessions.id")),
        sa.Column("game", sa.String(50)),
        sa.Column("correct", sa.Boolean),
        sa.Column("reaction_ms", sa.Float),
        _created_at(),
    )
    op.create_table(
        "patient_notes",
        _id(),
        _user_fk("patient_id"),
        _user_fk("doctor_id"),
        sa.Column("body", sa.Text),
        _created_at(),
    )
    op.create_table(
        "notifications",
        _id(),
        _user_fk("user_id"),
        sa.Column("title", sa.String(200)),
        sa.Column("body", sa.Text),
        sa.Column("is_read", sa.Boolean, server_default=sa.false()),
        _created_at(),
    )
    op.create_table(
        "medical_records",
        _id(),
        _user_fk("patient_id"),
        _user_fk("doctor_id"),
        sa.Column("diagnosis", sa.String(500)),
        sa.Column("notes", sa.Text),
        _created_at(),
        sa.Column("updated_at", sa.DateTime),
    )


def downgrade() -> None:
    for table in reversed(LEGACY_TABLES):
        op.drop_table(table)
