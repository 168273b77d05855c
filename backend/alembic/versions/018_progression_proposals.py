"""Weekly progression proposals: ``progression_proposals``.

Each row is the rule's proposal (progress, hold, regress) for one exercise of a patient's plan
after a finished week, and the doctor's decision on it (``telerehab.progression``).

Existing data: a new, empty table; no row changes. The downgrade drops the table and every
proposal and decision in it (the routine copies made by accepted proposals stay).

Revision ID: 018
Revises: 017
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from telerehab.operations.migration_tools import in_list

revision: str = "018"
down_revision: str | None = "017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "progression_proposals"
SIDES = ["left", "right", "both"]
KINDS = ["progress", "hold", "regress", "harder_variant", "easier_variant"]
STATUSES = ["proposed", "accepted", "edited", "dismissed"]


def _check(name: str, condition: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(condition, name=op.f(f"ck_{TABLE}_{name}"))


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("patient_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("week_start", sa.Date, nullable=False),
        sa.Column("combo_id", sa.Integer, sa.ForeignKey("combos.id", ondelete="SET NULL")),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("exercise_code", sa.String(64), nullable=False),
        sa.Column("side", sa.String(5), nullable=False),
        sa.Column("kind", sa.String(14), nullable=False),
        sa.Column("reason", sa.String(300), nullable=False),
        sa.Column("facts", sa.JSON, nullable=False),
        sa.Column("sets", sa.Integer, nullable=False),
        sa.Column("reps", sa.Integer, nullable=False),
        sa.Column("target_rom_deg", sa.Float),
        sa.Column("proposed_sets", sa.Integer, nullable=False),
        sa.Column("proposed_reps", sa.Integer, nullable=False),
        sa.Column("proposed_target_rom_deg", sa.Float),
        sa.Column("proposed_variant", sa.String(64)),
        sa.Column("status", sa.String(9), nullable=False, server_default="proposed"),
        sa.Column("applied_sets", sa.Integer),
        sa.Column("applied_reps", sa.Integer),
        sa.Column("applied_target_rom_deg", sa.Float),
        sa.Column("applied_week_start", sa.Date),
        sa.Column("applied_combo_id", sa.Integer, sa.ForeignKey("combos.id", ondelete="SET NULL")),
        sa.Column("decided_by_id", sa.Integer, sa.ForeignKey("users.id")),
        sa.Column("decided_at", sa.DateTime(timezone=True)),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.UniqueConstraint(
            "patient_id",
            "week_start",
            "combo_id",
            "position",
            name=op.f("uq_progression_proposals_patient_id_week_start_combo_id_position"),
        ),
        _check("side", in_list("side", SIDES)),
        _check("proposal_kind", in_list("kind", KINDS)),
        _check("proposal_status", in_list("status", STATUSES)),
        _check("sets_range", "sets BETWEEN 1 AND 20"),
        _check("reps_range", "reps BETWEEN 1 AND 200"),
        _check("proposed_sets_range", "proposed_sets BETWEEN 1 AND 20"),
        _check("proposed_reps_range", "proposed_reps BETWEEN 1 AND 200"),
        _check("applied_sets_range", "applied_sets IS NULL OR applied_sets BETWEEN 1 AND 20"),
        _check("applied_reps_range", "applied_reps IS NULL OR applied_reps BETWEEN 1 AND 200"),
        _check("reason_not_empty", "length(reason) > 0"),
    )
    op.create_index("ix_progression_proposals_combo_id", TABLE, ["combo_id"])
    op.create_index("ix_progression_proposals_applied_combo_id", TABLE, ["applied_combo_id"])
    op.create_index("ix_progression_proposals_decided_by_id", TABLE, ["decided_by_id"])


def downgrade() -> None:
    op.drop_index("ix_progression_proposals_decided_by_id", table_name=TABLE)
    op.drop_index("ix_progression_proposals_applied_combo_id", table_name=TABLE)
    op.drop_index("ix_progression_proposals_combo_id", table_name=TABLE)
    op.drop_table(TABLE)
