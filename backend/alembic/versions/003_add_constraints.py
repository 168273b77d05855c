"""Database rules: NOT NULL where a value is required, CHECK for every enum and range, UNIQUE for
the business rules.

Existing data: free-text enums are lower-cased and mapped onto the enum values (``Bicep Curl``
-> ``bicep-curl``, ``canceled`` -> ``cancelled``); missing values get the defaults named below;
positions within a routine or a day are renumbered 0, 1, 2... in their current order. Rows that no
rule can repair without losing something (a message with no sender, two accounts whose names
differ only in case, ...) stop the migration with a sentence naming them; nothing is changed then.

Downgrade removes the rules; normalised values stay normalised (the old app read them as well).

Revision ID: 003
Revises: 002
"""

from collections.abc import Sequence

from alembic import op
from telerehab.operations.migration_tools import (
    fill_nulls,
    in_list,
    normalise_enum,
    renumber_positions,
    require_none,
)

revision: str = "003"
down_revision: str | None = "002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The enum values as they stand at this revision (frozen here: later code may add values).
ROLES = ["doctor", "patient", "admin"]
EXERCISES = ["bicep-curl", "shoulder-flexion", "squat", "knee-raise", "shoulder-abduction"]
SCHEDULE_STATUSES = ["scheduled", "completed", "cancelled"]
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
GAMES = ["memory-match", "reaction-time", "stroop", "sequence-recall"]
SOURCES = ["live", "batch", "legacy_simple_log"]

EXERCISE_ALIASES = {"bicep-curls": "bicep-curl", "biceps-curl": "bicep-curl", "squats": "squat"}
WEEKDAY_ALIASES = {day[:3]: day for day in WEEKDAYS}

# (table, column) pairs made NOT NULL, after their NULLs are filled or refused.
REQUIRED = {
    "users": ["full_name", "role", "created_at"],
    "assignments": ["doctor_id", "patient_id", "created_at"],
    "schedules": [
        "doctor_id",
        "patient_id",
        "title",
        "starts_at",
        "ends_at",
        "status",
        "created_at",
    ],
    "messages": ["sender_id", "receiver_id", "body", "is_read", "created_at"],
    "combos": ["doctor_id", "name", "created_at"],
    "combo_items": ["combo_id", "position", "exercise_type", "sets", "reps", "rest_seconds"],
    "week_plans": ["patient_id", "doctor_id", "week_start", "created_at"],
    "week_plan_items": ["week_plan_id", "weekday", "position", "combo_id"],
    "workout_sessions": ["user_id", "started_at", "created_at"],
    "session_details": [
        "session_id",
        "exercise_type",
        "set_number",
        "reps_done",
        "duration_seconds",
    ],
    "brain_exercise_sessions": ["user_id", "game", "started_at", "score", "created_at"],
    "brain_exercise_logs": ["user_id", "game", "correct", "created_at"],
    "patient_notes": ["patient_id", "doctor_id", "body", "created_at"],
    "notifications": ["user_id", "title", "is_read", "created_at"],
    "medical_records": ["patient_id", "diagnosis", "created_at"],
}

# (table, constraint name, SQL); names become ck_<table>_<name> through the naming convention.
CHECKS = [
    ("users", "user_role", in_list("role", ROLES)),
    ("users", "username_lowercase", "username = lower(username)"),
    ("assignments", "not_self", "doctor_id <> patient_id"),
    ("schedules", "schedule_status", in_list("status", SCHEDULE_STATUSES)),
    ("schedules", "ends_after_start", "ends_at > starts_at"),
    ("messages", "not_to_self", "sender_id <> receiver_id"),
    ("messages", "body_not_empty", "length(body) > 0"),
    ("combo_items", "exercise_type", in_list("exercise_type", EXERCISES)),
    ("combo_items", "sets_range", "sets BETWEEN 1 AND 20"),
    ("combo_items", "reps_range", "reps BETWEEN 1 AND 200"),
    ("combo_items", "rest_range", "rest_seconds BETWEEN 0 AND 900"),
    ("week_plan_items", "weekday", in_list("weekday", WEEKDAYS)),
    ("workout_sessions", "workout_source", in_list("source", SOURCES)),
    ("workout_sessions", "ends_after_start", "ended_at IS NULL OR ended_at >= started_at"),
    ("session_details", "exercise_type", in_list("exercise_type", EXERCISES)),
    ("session_details", "reps_done_nonnegative", "reps_done >= 0"),
    ("session_details", "duration_nonnegative", "duration_seconds >= 0"),
    ("brain_exercise_sessions", "brain_game", in_list("game", GAMES)),
    ("brain_exercise_sessions", "score_nonnegative", "score >= 0"),
    ("brain_exercise_logs", "brain_game", in_list("game", GAMES)),
    ("brain_exercise_logs", "reaction_nonnegative", "reaction_ms IS NULL OR reaction_ms >= 0"),
    ("patient_notes", "body_not_empty", "length(body) > 0"),
    ("medical_records", "diagnosis_not_empty", "length(diagnosis) > 0"),
]

# (table, columns, index it makes redundant or None)
UNIQUES = [
    ("users", ["email"], None),
    ("combos", ["doctor_id", "name"], None),
    ("combo_items", ["combo_id", "position"], "ix_combo_items_combo_id"),
    ("week_plans", ["patient_id", "week_start"], None),
    ("week_plan_items", ["week_plan_id", "weekday", "position"], "ix_week_plan_items_week_plan_id"),
]


def _clean() -> None:
    require_none(
        "users",
        "lower(username) IN (SELECT lower(username) FROM users GROUP BY"
        " lower(username) HAVING COUNT(*) > 1)",
        "share a username apart from case",
    )
    op.execute("UPDATE users SET username = lower(trim(username))")
    op.execute("UPDATE users SET email = NULL WHERE trim(email) = ''")
    op.execute("UPDATE users SET email = lower(trim(email)) WHERE email IS NOT NULL")
    require_none(
        "users",
        "email IN (SELECT email FROM users WHERE email IS NOT NULL GROUP BY"
        " email HAVING COUNT(*) > 1)",
        "share an e-mail address",
    )
    # An account with no role gets the one with the least access.
    fill_nulls("users", {"full_name": "username", "role": "'patient'"})
    normalise_enum("users", "role", ROLES)
    normalise_enum(
        "schedules",
        "status",
        SCHEDULE_STATUSES,
        {"canceled": "cancelled", "done": "completed", "booked": "scheduled"},
    )
    fill_nulls("schedules", {"title": "'Appointment'", "status": "'scheduled'"})
    require_none(
        "schedules",
        "starts_at IS NULL OR ends_at IS NULL OR ends_at <= starts_at",
        "have no valid start and end time",
    )
    fill_nulls("messages", {"is_read": "false"})
    op.execute("UPDATE messages SET body = '(no text)' WHERE body IS NULL OR trim(body) = ''")
    fill_nulls("combos", {"name": "'Routine'"})
    # Same-named routines of one doctor keep their names with the id appended.
    op.execute(
        "UPDATE combos SET name = name || ' #' || CAST(id AS VARCHAR(12)) WHERE id NOT IN"
        " (SELECT MIN(id) FROM combos GROUP BY doctor_id, name)"
    )
    normalise_enum("combo_items", "exercise_type", EXERCISES, EXERCISE_ALIASES)
    normalise_enum("session_details", "exercise_type", EXERCISES, EXERCISE_ALIASES)
    fill_nulls("combo_items", {"position": "0", "sets": "3", "reps": "10", "rest_seconds": "60"})
    renumber_positions("combo_items", ["combo_id"])
    normalise_enum("week_plan_items", "weekday", WEEKDAYS, WEEKDAY_ALIASES)
    fill_nulls("week_plan_items", {"position": "0"})
    renumber_positions("week_plan_items", ["week_plan_id", "weekday"])
    fill_nulls("workout_sessions", {"started_at": "created_at"})
    fill_nulls("session_details", {"set_number": "1", "reps_done": "0", "duration_seconds": "0"})
    normalise_enum("brain_exercise_sessions", "game", GAMES)
    fill_nulls("brain_exercise_sessions", {"started_at": "created_at", "score": "0"})
    fill_nulls(
        "brain_exercise_logs",
        {
            "game": "(SELECT s.game FROM brain_exercise_sessions s WHERE s.id = session_id)",
            "correct": "false",
        },
    )
    normalise_enum("brain_exercise_logs", "game", GAMES)
    fill_nulls("notifications", {"title": "'Notification'", "is_read": "false"})
    op.execute(
        "UPDATE medical_records SET diagnosis = 'Not recorded'"
        " WHERE diagnosis IS NULL OR trim(diagnosis) = ''"
    )
    for table, columns in REQUIRED.items():
        for column in columns:
            require_none(table, f"{column} IS NULL", f"have no {column}")
    for table, _name, condition in CHECKS:
        require_none(table, f"NOT ({condition})", f"break the rule {condition}")


def upgrade() -> None:
    # created_at had a server default in the old schema too; rows without one get their
    # nearest meaningful time.
    fill_nulls("users", {"created_at": "CURRENT_TIMESTAMP"})
    for table in (
        "assignments",
        "messages",
        "combos",
        "week_plans",
        "notifications",
        "patient_notes",
        "medical_records",
        "workout_sessions",
        "brain_exercise_sessions",
        "brain_exercise_logs",
    ):
        fill_nulls(table, {"created_at": "CURRENT_TIMESTAMP"})
    fill_nulls("schedules", {"created_at": "starts_at"})
    _clean()
    for table, columns in REQUIRED.items():
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.alter_column(column, nullable=False)
            for check_table, name, condition in CHECKS:
                if check_table == table:
                    batch.create_check_constraint(name, condition)
            for unique_table, unique_columns, redundant_index in UNIQUES:
                if unique_table == table:
                    if redundant_index:
                        batch.drop_index(redundant_index)
                    batch.create_unique_constraint(
                        f"uq_{table}_{'_'.join(unique_columns)}", unique_columns
                    )


def downgrade() -> None:
    for table, columns in reversed(REQUIRED.items()):
        with op.batch_alter_table(table) as batch:
            for unique_table, unique_columns, redundant_index in UNIQUES:
                if unique_table == table:
                    batch.drop_constraint(f"uq_{table}_{'_'.join(unique_columns)}", type_="unique")
                    if redundant_index:
                        batch.create_index(redundant_index, [unique_columns[0]])
            for check_table, name, _condition in CHECKS:
                if check_table == table:
                    batch.drop_constraint(name, type_="check")
            for column in columns:
                batch.alter_column(column, nullable=True)
