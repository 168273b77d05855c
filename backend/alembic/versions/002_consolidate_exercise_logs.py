"""Make workout sessions the single record of exercise: fold ``exercise_log_simple`` into them.

Existing data: every ``exercise_log_simple`` row becomes one workout session (``source =
'legacy_simple_log'``, its original id kept in ``legacy_simple_log_id``, started and ended at the
log's timestamp, since the old log kept no other time) with one session detail holding its exercise,
reps and duration. Then the old table is dropped.

Downgrade recreates the table and moves those rows back under their original ids; sessions logged
through the deprecated simple-log URL since the upgrade go back too, under new ids. Other
sessions stay where they are, as the old app also had workout sessions.

Revision ID: 002
Revises: 001
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "002"
down_revision: str | None = "001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LEGACY_SOURCE = "legacy_simple_log"


def upgrade() -> None:
    with op.batch_alter_table("workout_sessions") as batch:
        batch.add_column(sa.Column("source", sa.String(17), nullable=False, server_default="live"))
        batch.add_column(sa.Column("legacy_simple_log_id", sa.Integer))
        batch.create_unique_constraint(
            "uq_workout_sessions_legacy_simple_log_id", ["legacy_simple_log_id"]
        )
    op.execute(
        sa.text(
            "INSERT INTO workout_sessions"
            " (user_id, started_at, ended_at, created_at, source, legacy_simple_log_id)"
            " SELECT user_id, created_at, created_at, created_at, :source, id"
            " FROM exercise_log_simple ORDER BY id"
        ).bindparams(source=LEGACY_SOURCE)
    )
    op.execute(
        "INSERT INTO session_details"
        " (session_id, exercise_type, set_number, reps_done, duration_seconds)"
        " SELECT ws.id, log.exercise_type, 1, log.reps, log.duration_seconds"
        " FROM exercise_log_simple log"
        " JOIN workout_sessions ws ON ws.legacy_simple_log_id = log.id"
    )
    op.drop_index("ix_exercise_log_simple_user_id", table_name="exercise_log_simple")
    op.drop_table("exercise_log_simple")


def downgrade() -> None:
    op.create_table(
        "exercise_log_simple",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id")),
        sa.Column("exercise_type", sa.String(50)),
        sa.Column("reps", sa.Integer),
        sa.Column("duration_seconds", sa.Float),
        sa.Column("created_at", sa.DateTime, server_default=sa.func.now()),
    )
    op.create_index("ix_exercise_log_simple_user_id", "exercise_log_simple", ["user_id"])
    first_detail = (
        " FROM workout_sessions ws JOIN session_details sd ON sd.id ="
        " (SELECT MIN(d.id) FROM session_details d WHERE d.session_id = ws.id)"
        " WHERE ws.source = :source"
    )
    op.execute(
        sa.text(
            "INSERT INTO exercise_log_simple"
            " (id, user_id, exercise_type, reps, duration_seconds, created_at)"
            " SELECT ws.legacy_simple_log_id, ws.user_id, sd.exercise_type, sd.reps_done,"
            " sd.duration_seconds, ws.created_at"
            + first_detail
            + " AND ws.legacy_simple_log_id IS NOT NULL ORDER BY ws.legacy_simple_log_id"
        ).bindparams(source=LEGACY_SOURCE)
    )
    if op.get_bind().dialect.name == "postgresql":
        # Rows went in with explicit ids; move the sequence past them before new ids are drawn.
        op.execute(
            "SELECT setval(pg_get_serial_sequence('exercise_log_simple', 'id'),"
            " COALESCE((SELECT MAX(id) FROM exercise_log_simple), 0) + 1, false)"
        )
    op.execute(
        sa.text(
            "INSERT INTO exercise_log_simple"
            " (user_id, exercise_type, reps, duration_seconds, created_at)"
            " SELECT ws.user_id, sd.exercise_type, sd.reps_done, sd.duration_seconds,"
            " ws.created_at" + first_detail + " AND ws.legacy_simple_log_id IS NULL ORDER BY ws.id"
        ).bindparams(source=LEGACY_SOURCE)
    )
    op.execute(
        sa.text(
            "DELETE FROM session_details WHERE session_id IN"
            " (SELECT id FROM workout_sessions WHERE source = :source)"
        ).bindparams(source=LEGACY_SOURCE)
    )
    op.execute(
        sa.text("DELETE FROM workout_sessions WHERE source = :source").bindparams(
            source=LEGACY_SOURCE
        )
    )
    with op.batch_alter_table("workout_sessions") as batch:
        batch.drop_constraint("uq_workout_sessions_legacy_simple_log_id", type_="unique")
        batch.drop_column("legacy_simple_log_id")
        batch.drop_column("source")
