"""Indexes whose order is the order of each keyset page: the patient, then the page's sort key,
then ``id`` (the tie-break), so a page of any depth is one index range scan, with no sort.

Replaces three indexes that led with the same columns but lacked ``id`` (and so made PostgreSQL
sort each page): the workout and brain-game history indexes of 007 and the audit log's two.

Existing data: unchanged; only indexes are built and dropped.

Revision ID: 008
Revises: 007
"""

from collections.abc import Sequence

from alembic import op

revision: str = "008"
down_revision: str | None = "007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (new index, table, columns, index it replaces (name, columns) or None)
INDEXES: list[tuple[str, str, list[str], tuple[str, list[str]] | None]] = [
    (
        "ix_workout_sessions_user_id_started_at_id",
        "workout_sessions",
        ["user_id", "started_at", "id"],
        ("ix_workout_sessions_user_id_started_at", ["user_id", "started_at"]),
    ),
    (
        "ix_brain_exercise_sessions_user_id_started_at_id",
        "brain_exercise_sessions",
        ["user_id", "started_at", "id"],
        ("ix_brain_exercise_sessions_user_id_started_at", ["user_id", "started_at"]),
    ),
    (
        "ix_audit_log_patient_id_created_at_id",
        "audit_log",
        ["patient_id", "created_at", "id"],
        ("ix_audit_log_patient_id_created_at", ["patient_id", "created_at"]),
    ),
    (
        "ix_audit_log_created_at_id",
        "audit_log",
        ["created_at", "id"],
        ("ix_audit_log_created_at", ["created_at"]),
    ),
    (
        "ix_notifications_user_id_created_at_id",
        "notifications",
        ["user_id", "created_at", "id"],
        None,
    ),
    (
        "ix_messages_sender_id_receiver_id_created_at_id",
        "messages",
        ["sender_id", "receiver_id", "created_at", "id"],
        None,
    ),
    ("ix_schedules_doctor_id_starts_at_id", "schedules", ["doctor_id", "starts_at", "id"], None),
    ("ix_schedules_patient_id_starts_at_id", "schedules", ["patient_id", "starts_at", "id"], None),
    (
        "ix_medical_records_patient_id_created_at_id",
        "medical_records",
        ["patient_id", "created_at", "id"],
        None,
    ),
    (
        "ix_patient_notes_patient_id_created_at_id",
        "patient_notes",
        ["patient_id", "created_at", "id"],
        None,
    ),
    (
        "ix_week_plans_patient_id_week_start_id",
        "week_plans",
        ["patient_id", "week_start", "id"],
        None,
    ),
]


def upgrade() -> None:
    for name, table, columns, replaced in INDEXES:
        op.create_index(name, table, columns)
        if replaced is not None:
            op.drop_index(replaced[0], table_name=table)


def downgrade() -> None:
    for name, table, _columns, replaced in reversed(INDEXES):
        if replaced is not None:
            op.create_index(replaced[0], table, replaced[1])
        op.drop_index(name, table_name=table)
