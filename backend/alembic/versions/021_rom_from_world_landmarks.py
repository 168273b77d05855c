"""Whether a set's ranges were measured on MediaPipe's world landmarks:
``session_details.rom_from_world_landmarks``.

A client that runs MediaPipe now sends its world (3-D) landmarks with each frame, and the engine
measures ranges on them rather than on the picture, whose perspective bends them by a few degrees
(issue 21 §4). A clinician comparing a patient's ranges over weeks needs to know which a set was.

Existing data: every existing set was measured on the picture, so the column is false on all of
them (its server default); no other row changes. Downgrading drops the column.

Revision ID: 021
Revises: 020
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "021"
down_revision: str | None = "020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("session_details") as batch:
        batch.add_column(
            sa.Column(
                "rom_from_world_landmarks",
                sa.Boolean,
                nullable=False,
                server_default=sa.text("false"),
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("session_details") as batch:
        batch.drop_column("rom_from_world_landmarks")
