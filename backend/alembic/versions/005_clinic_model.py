"""What the clinic product needs beyond the old schema.

New columns: account state and contact details, assignment end, prescription side and target range
of motion, session ratings, engine metrics per set, brain-game metrics, notification kinds, the
structured medical record. Enum columns are narrowed to their values' length; child rows go with
their parent (routine items, plan days, session sets, game trials); timestamps become
timezone-aware on PostgreSQL (the old naive values were UTC).

Existing data: new columns start empty or at their default; a doctor-patient pair with several
open assignments keeps the oldest open and the others are ended at their own start; the sets of
each session are numbered 0, 1, 2... by set number.

Revision ID: 005
Revises: 004
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from telerehab.operations.migration_tools import in_list, renumber_positions

revision: str = "005"
down_revision: str | None = "004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SIDES = ["left", "right", "both"]
NOTIFICATION_KINDS = [
    "message",
    "appointment_booked",
    "appointment_moved",
    "appointment_cancelled",
    "week_plan",
    "missed_session",
    "general",
]

# (table, column, length in the old schema, length of the longest enum value)
ENUM_COLUMNS = [
    ("users", "role", 20, 7),
    ("schedules", "status", 20, 9),
    ("combo_items", "exercise_type", 50, 18),
    ("session_details", "exercise_type", 50, 18),
    ("week_plan_items", "weekday", 10, 9),
    ("brain_exercise_sessions", "game", 50, 15),
    ("brain_exercise_logs", "game", 50, 15),
]

# Child rows that go with their parent: (table, column, parent table).
CASCADES = [
    ("combo_items", "combo_id", "combos"),
    ("week_plan_items", "week_plan_id", "week_plans"),
    ("session_details", "session_id", "workout_sessions"),
    ("brain_exercise_logs", "session_id", "brain_exercise_sessions"),
]

TIMESTAMPS = {
    "users": ["created_at"],
    "assignments": ["created_at"],
    "schedules": ["starts_at", "ends_at", "created_at"],
    "messages": ["created_at"],
    "combos": ["created_at"],
    "week_plans": ["created_at"],
    "workout_sessions": ["started_at", "ended_at", "created_at"],
    "brain_exercise_sessions": ["started_at", "ended_at", "created_at"],
    "brain_exercise_logs": ["created_at"],
    "patient_notes": ["created_at"],
    "notifications": ["created_at"],
    "medical_records": ["created_at", "updated_at"],
}


def _new_columns() -> dict[str, list[sa.Column[object]]]:
    """Fresh Column objects on each call: a Column belongs to one table once added."""
    return {
        "users": [
            sa.Column("is_active", sa.Boolean, nullable=False, server_default=sa.true()),
            sa.Column("date_of_birth", sa.Date),
            sa.Column("phone", sa.String(32)),
        ],
        "assignments": [sa.Column("ended_at", sa.DateTime(timezone=True))],
        "combo_items": [
            sa.Column("side", sa.String(5), nullable=False, server_default="both"),
            sa.Column("target_rom_deg", sa.Float),
        ],
        "workout_sessions": [
            sa.Column("combo_id", sa.Integer),
            sa.Column("week_plan_item_id", sa.Integer),
            sa.Column("pain_score", sa.Integer),
            sa.Column("difficulty", sa.Integer),
            sa.Column("client_key", sa.String(64)),
        ],
        "session_details": [
            sa.Column("position", sa.Integer, nullable=False, server_default=sa.text("0")),
            sa.Column("side", sa.String(5)),
            sa.Column("reps_target", sa.Integer),
            sa.Column("rom_min_deg", sa.Float),
            sa.Column("rom_max_deg", sa.Float),
            sa.Column("rom_mean_deg", sa.Float),
            sa.Column("form_score", sa.Float),
            sa.Column("rep_metrics", sa.JSON, nullable=False, server_default=sa.text("'[]'")),
        ],
        "brain_exercise_sessions": [
            sa.Column("accuracy", sa.Float),
            sa.Column("median_reaction_ms", sa.Float),
            sa.Column("level_reached", sa.Integer, nullable=False, server_default=sa.text("1")),
            sa.Column("errors", sa.Integer, nullable=False, server_default=sa.text("0")),
        ],
        "brain_exercise_logs": [
            sa.Column("trial", sa.Integer, nullable=False, server_default=sa.text("0")),
            sa.Column("level", sa.Integer, nullable=False, server_default=sa.text("1")),
        ],
        "notifications": [
            sa.Column("kind", sa.String(21), nullable=False, server_default="general"),
            sa.Column("link", sa.String(300)),
        ],
        "patient_notes": [sa.Column("updated_at", sa.DateTime(timezone=True))],
        "medical_records": [
            sa.Column("affected_side", sa.String(5)),
            sa.Column("precautions", sa.Text),
            sa.Column("goals", sa.Text),
        ],
    }


NEW_CHECKS = [
    ("assignments", "ends_after_start", "ended_at IS NULL OR ended_at >= created_at"),
    ("combo_items", "side", in_list("side", SIDES)),
    ("combo_items", "rom_range", "target_rom_deg IS NULL OR target_rom_deg BETWEEN 0 AND 180"),
    ("workout_sessions", "pain_range", "pain_score IS NULL OR pain_score BETWEEN 0 AND 10"),
    ("workout_sessions", "difficulty_range", "difficulty IS NULL OR difficulty BETWEEN 1 AND 10"),
    ("session_details", "side", in_list("side", SIDES)),
    ("session_details", "reps_target_positive", "reps_target IS NULL OR reps_target > 0"),
    ("session_details", "form_score_range", "form_score IS NULL OR form_score BETWEEN 0 AND 100"),
    (
        "session_details",
        "rom_order",
        "rom_min_deg IS NULL OR rom_max_deg IS NULL OR rom_min_deg <= rom_max_deg",
    ),
    ("brain_exercise_sessions", "accuracy_range", "accuracy IS NULL OR accuracy BETWEEN 0 AND 1"),
    ("brain_exercise_sessions", "errors_nonnegative", "errors >= 0"),
    ("brain_exercise_sessions", "level_positive", "level_reached >= 1"),
    ("notifications", "notification_kind", in_list("kind", NOTIFICATION_KINDS)),
    ("medical_records", "side", in_list("affected_side", SIDES)),
]

ACTIVE_PAIR_INDEX = "uq_assignments_active_pair"
OPEN_ONLY = sa.text("ended_at IS NULL")


def _fk_name(table: str, column: str, parent: str) -> str:
    return f"fk_{table}_{column}_{parent}"


def _alter_timestamps(to_aware: bool) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite keeps no zone; the UTCDateTime type adds it when reading
    for table, columns in TIMESTAMPS.items():
        for column in columns:
            op.alter_column(
                table,
                column,
                type_=sa.DateTime(timezone=to_aware),
                existing_type=sa.DateTime(timezone=not to_aware),
                postgresql_using=f"{column} AT TIME ZONE 'UTC'",
            )


def upgrade() -> None:
    _alter_timestamps(to_aware=True)
    for table, columns in _new_columns().items():
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.add_column(column)
    # The oldest open assignment of a pair stays open; duplicates are ended at their own start.
    op.execute(
        "UPDATE assignments SET ended_at = created_at WHERE ended_at IS NULL AND id NOT IN"
        " (SELECT MIN(id) FROM assignments WHERE ended_at IS NULL GROUP BY doctor_id, patient_id)"
    )
    op.execute("UPDATE session_details SET position = set_number")
    renumber_positions("session_details", ["session_id"])
    with op.batch_alter_table("assignments") as batch:
        batch.create_index(
            ACTIVE_PAIR_INDEX,
            ["doctor_id", "patient_id"],
            unique=True,
            sqlite_where=OPEN_ONLY,
            postgresql_where=OPEN_ONLY,
        )
    with op.batch_alter_table("session_details") as batch:
        batch.drop_index("ix_session_details_session_id")
        batch.create_unique_constraint(
            "uq_session_details_session_id_position", ["session_id", "position"]
        )
    with op.batch_alter_table("workout_sessions") as batch:
        batch.create_foreign_key(
            _fk_name("workout_sessions", "combo_id", "combos"),
            "combos",
            ["combo_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_foreign_key(
            _fk_name("workout_sessions", "week_plan_item_id", "week_plan_items"),
            "week_plan_items",
            ["week_plan_item_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index("ix_workout_sessions_combo_id", ["combo_id"])
        batch.create_index("ix_workout_sessions_week_plan_item_id", ["week_plan_item_id"])
        batch.create_unique_constraint("uq_workout_sessions_client_key", ["client_key"])
    for table, column, old_length, new_length in ENUM_COLUMNS:
        with op.batch_alter_table(table) as batch:
            batch.alter_column(
                column,
                type_=sa.String(new_length),
                existing_type=sa.String(old_length),
                existing_nullable=False,
            )
    with op.batch_alter_table("users") as batch:
        batch.alter_column("email", type_=sa.String(254), existing_type=sa.String(120))
    for table, column, parent in CASCADES:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(_fk_name(table, column, parent), type_="foreignkey")
            batch.create_foreign_key(
                _fk_name(table, column, parent), parent, [column], ["id"], ondelete="CASCADE"
            )
    for table, name, condition in NEW_CHECKS:
        with op.batch_alter_table(table) as batch:
            batch.create_check_constraint(name, condition)


def downgrade() -> None:
    for table, name, _condition in reversed(NEW_CHECKS):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(name, type_="check")
    for table, column, parent in CASCADES:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(_fk_name(table, column, parent), type_="foreignkey")
            batch.create_foreign_key(_fk_name(table, column, parent), parent, [column], ["id"])
    with op.batch_alter_table("users") as batch:
        batch.alter_column("email", type_=sa.String(120), existing_type=sa.String(254))
    for table, column, old_length, new_length in ENUM_COLUMNS:
        with op.batch_alter_table(table) as batch:
            batch.alter_column(
                column,
                type_=sa.String(old_length),
                existing_type=sa.String(new_length),
                existing_nullable=False,
            )
    with op.batch_alter_table("workout_sessions") as batch:
        batch.drop_constraint("uq_workout_sessions_client_key", type_="unique")
        batch.drop_index("ix_workout_sessions_week_plan_item_id")
        batch.drop_index("ix_workout_sessions_combo_id")
        batch.drop_constraint(
            _fk_name("workout_sessions", "week_plan_item_id", "week_plan_items"),
            type_="foreignkey",
        )
        batch.drop_constraint(
            _fk_name("workout_sessions", "combo_id", "combos"), type_="foreignkey"
        )
    with op.batch_alter_table("session_details") as batch:
        batch.drop_constraint("uq_session_details_session_id_position", type_="unique")
        batch.create_index("ix_session_details_session_id", ["session_id"])
    with op.batch_alter_table("assignments") as batch:
        batch.drop_index(ACTIVE_PAIR_INDEX)
    for table, columns in reversed(_new_columns().items()):
        with op.batch_alter_table(table) as batch:
            for column in reversed(columns):
                batch.drop_column(column.name)
    _alter_timestamps(to_aware=False)
