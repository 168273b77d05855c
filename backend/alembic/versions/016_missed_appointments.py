"""A no-show: ``schedules.status`` may be ``missed`` (the patient did not attend).

A past appointment still "scheduled" used to offer only "held" or "cancelled"; a no-show is a
different clinical fact (and FHIR's Appointment ``noshow``), so the status CHECK admits it.

Existing data: no row changes. Downgrade: missed appointments become ``cancelled``, the nearest
status the older schema knows (they did not take place).

Revision ID: 016
Revises: 015
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from telerehab.operations.migration_tools import in_list

revision: str = "016"
down_revision: str | None = "015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = ["scheduled", "completed", "cancelled"]
AFTER = [*BEFORE, "missed"]


def _status_check(values: list[str]) -> None:
    with op.batch_alter_table("schedules") as batch:
        batch.drop_constraint("schedule_status", type_="check")
        batch.create_check_constraint("schedule_status", in_list("status", values))


def upgrade() -> None:
    _status_check(AFTER)


def downgrade() -> None:
    op.execute(sa.text("UPDATE schedules SET status = 'cancelled' WHERE status = 'missed'"))
    _status_check(BEFORE)
