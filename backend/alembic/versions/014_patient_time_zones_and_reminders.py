"""Each account's own day: ``users.time_zone`` and ``users.reminder_time``, the ``reminders``
sent (one per patient and local day), and the notification kind ``reminder``.

Existing data: every account gets the zone "UTC", which is how its days were counted until now,
so no plan, missed day or adherence figure changes; no account has a reminder time. The
downgrade drops the two columns and the reminders table, and turns reminder notifications into
general ones (the old CHECK does not allow their kind).

Revision ID: 014
Revises: 013
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from telerehab.operations.migration_tools import in_list

revision: str = "014"
down_revision: str | None = "013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = [
    "message",
    "appointment_booked",
    "appointment_moved",
    "appointment_cancelled",
    "week_plan",
    "missed_session",
    "general",
]
NEW_KINDS = [*OLD_KINDS[:-1], "reminder", "general"]


def _kinds(kinds: list[str]) -> None:
    with op.batch_alter_table("notifications") as batch:
        batch.drop_constraint("notification_kind", type_="check")
        batch.create_check_constraint("notification_kind", in_list("kind", kinds))


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("time_zone", sa.String(64), nullable=False, server_default=sa.text("'UTC'"))
        )
        batch.add_column(sa.Column("reminder_time", sa.Time, nullable=True))
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "patient_id",
            sa.Integer,
            sa.ForeignKey("users.id", name="fk_reminders_patient_id_users", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("local_day", sa.Date, nullable=False),
        sa.Column("emailed", sa.Boolean, nullable=False, server_default=sa.text("false")),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.PrimaryKeyConstraint("id", name="pk_reminders"),
        sa.UniqueConstraint("patient_id", "local_day", name="uq_reminders_patient_id_local_day"),
    )
    _kinds(NEW_KINDS)


def downgrade() -> None:
    op.execute("UPDATE notifications SET kind = 'general' WHERE kind = 'reminder'")
    _kinds(OLD_KINDS)
    op.drop_table("reminders")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("reminder_time")
        batch.drop_column("time_zone")
