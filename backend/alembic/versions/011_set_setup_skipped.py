"""A set started before the camera check passed: ``session_details.setup_skipped``.

After 20 s of a setup check that does not pass (a joint out of view, a dark room), the patient may
start anyway; the set is stored marked so that the doctor reads its counts with that in mind.

Existing data: every set starts unmarked (false); no row changes.

Revision ID: 011
Revises: 010
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "011"
down_revision: str | None = "010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("session_details") as batch:
        batch.add_column(
            sa.Column("setup_skipped", sa.Boolean, nullable=False, server_default=sa.text("false"))
        )


def downgrade() -> None:
    with op.batch_alter_table("session_details") as batch:
        batch.drop_column("setup_skipped")
