"""Replace the old ``password`` column by a bcrypt ``password_hash``.

Existing data: a value that already is a bcrypt hash is kept as it is; every other value (the
old app's plain text) is hashed with bcrypt, so login never compares plain text again. An account
with no password gets an unusable hash: it must be reset by an administrator.

Downgrade puts the hashes back into ``password`` (the plain text is gone for good, by design; the
old app accepted bcrypt hashes as well).

Revision ID: 004
Revises: 003
"""

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import bcrypt
import sqlalchemy as sa

from alembic import op

revision: str = "004"
down_revision: str | None = "003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BCRYPT_ROUNDS = 12
BCRYPT_PREFIXES = ("$2a$", "$2b$", "$2y$")
# Not a hash any password can produce: bcrypt.checkpw against it is always false.
UNUSABLE_HASH = "!disabled-by-migration-004"


def _hash(plain: str | None) -> str:
    if plain is None or plain == "":
        return UNUSABLE_HASH
    if plain.startswith(BCRYPT_PREFIXES) and len(plain) == 60:
        return plain
    # bcrypt reads at most 72 bytes; longer legacy passwords keep their first 72, as bcrypt did.
    secret = plain.encode("utf-8")[:72]
    return bcrypt.hashpw(secret, bcrypt.gensalt(BCRYPT_ROUNDS)).decode("ascii")


def upgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("password_hash", sa.String(100)))
    rows = bind.execute(sa.text("SELECT id, password FROM users ORDER BY id")).all()
    # bcrypt releases the GIL, so hashing thousands of legacy passwords uses every core.
    with ThreadPoolExecutor() as pool:
        hashes = list(pool.map(_hash, [row.password for row in rows]))
    if rows:
        bind.execute(
            sa.text("UPDATE users SET password_hash = :hash WHERE id = :user_id"),
            [{"hash": h, "user_id": row.id} for row, h in zip(rows, hashes, strict=True)],
        )
    with op.batch_alter_table("users") as batch:
        batch.alter_column("password_hash", existing_type=sa.String(100), nullable=False)
        batch.drop_column("password")


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("password", sa.String(255)))
    op.execute("UPDATE users SET password = password_hash")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("password_hash")
