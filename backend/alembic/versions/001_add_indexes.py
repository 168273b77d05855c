"""Index every foreign key: the plan's fourteen, under the plan's names, and the ones it forgot.

Existing data: none is changed; only indexes are built.

Revision ID: 001
Revises: 000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "001"
down_revision: str | None = "000"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (index name, table, column)
PLAN_INDEXES = [
    ("idx_assignment_doctor_id", "assignments", "doctor_id"),
    ("idx_schedule_doctor_id", "schedules", "doctor_id"),
    ("idx_schedule_patient_id", "schedules", "patient_id"),
    ("idx_message_sender_id", "messages", "sender_id"),
    ("idx_message_receiver_id", "messages", "receiver_id"),
    ("idx_combo_doctor_id", "combos", "doctor_id"),
    ("idx_workout_session_user_id", "workout_sessions", "user_id"),
    ("idx_brain_exercise_log_user_id", "brain_exercise_logs", "user_id"),
    ("idx_brain_exercise_session_user_id", "brain_exercise_sessions", "user_id"),
    ("idx_patient_note_patient_id", "patient_notes", "patient_id"),
    ("idx_patient_note_doctor_id", "patient_notes", "doctor_id"),
    ("idx_week_plan_patient_id", "week_plans", "patient_id"),
    ("idx_week_plan_doctor_id", "week_plans", "doctor_id"),
    ("idx_notification_user_id", "notifications", "user_id"),
]

# Foreign keys the plan's list missed. Some are later folded into a composite UNIQUE (003).
FORGOTTEN_INDEXES = [
    ("ix_assignments_patient_id", "assignments", "patient_id"),
    ("ix_combo_items_combo_id", "combo_items", "combo_id"),
    ("ix_week_plan_items_week_plan_id", "week_plan_items", "week_plan_id"),
    ("ix_week_plan_items_combo_id", "week_plan_items", "combo_id"),
    ("ix_session_details_session_id", "session_details", "session_id"),
    ("ix_exercise_log_simple_user_id", "exercise_log_simple", "user_id"),
    ("ix_brain_exercise_logs_session_id", "brain_exercise_logs", "session_id"),
    ("ix_medical_records_patient_id", "medical_records", "patient_id"),
    ("ix_medical_records_doctor_id", "medical_records", "doctor_id"),
]


def upgrade() -> None:
    for name, table, column in PLAN_INDEXES + FORGOTTEN_INDEXES:
        op.create_index(name, table, [column])


def downgrade() -> None:
    for name, table, _column in reversed(PLAN_INDEXES + FORGOTTEN_INDEXES):
        op.drop_index(name, table_name=table)
