"""A forced password change after an admin reset, and the append-only audit log on SQLite too.

``users.must_change_password``: set when an admin (or ``telerehab reset-password``) gives an
account a temporary password; until it is cleared by the account's own password change, the API
answers that account only on the routes that change the password.

On SQLite two triggers refuse UPDATE and DELETE on ``audit_log``, as 006's trigger does on
PostgreSQL. A later migration that rebuilds ``audit_log`` in batch mode on SQLite must create
them again (a table rebuild drops its triggers).

Existing data: every account starts with ``must_change_password`` false; no row changes.

Revision ID: 009
Revises: 008
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "009"
down_revision: str | None = "008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The same sentence as PostgreSQL's trigger, so a refusal reads alike on both databases.
SQLITE_APPEND_ONLY_TRIGGERS = {
    f"audit_log_append_only_{event.lower()}": (
        f"CREATE TRIGGER audit_log_append_only_{event.lower()} BEFORE {event} ON audit_log"
        " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )
    for event in ("UPDATE", "DELETE")
}


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column(
                "must_change_password",
                sa.Boolean,
                nullable=False,
                server_default=sa.text("false"),
            )
        )
    if op.get_bind().dialect.name == "sqlite":
        for create in SQLITE_APPEND_ONLY_TRIGGERS.values():
            op.execute(create)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in SQLITE_APPEND_ONLY_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("must_change_password")
