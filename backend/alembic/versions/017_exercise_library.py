"""The exercise library: routine items and stored sets name a library exercise
(``exercise_code``), and a workout session may be ``self_report`` (sets and reps the patient
entered for an exercise the camera does not count).

- ``combo_items`` and ``session_details`` get ``exercise_code`` (not null); ``exercise_type``
  becomes nullable (null: a self-reported exercise) and, when set, must equal the code (the five
  camera exercises' library codes are the engine's names), a CHECK each.
- ``workout_sessions.source`` admits ``self_report``.

Existing data: every routine item and set gets the library code of its exercise type (the same
text), so every routine and every history reads as before. Downgrade refuses, changing nothing,
while any routine item, set or session is self-reported (the older schema cannot hold them, and
deleting a patient's record is a person's decision); remove those first. Otherwise it drops the
codes and the checks.

Revision ID: 017
Revises: 016
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from telerehab.operations.migration_tools import in_list, require_none

revision: str = "017"
down_revision: str | None = "016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("combo_items", "session_details")
CAMERA_TYPE_IS_CODE = "exercise_type IS NULL OR exercise_type = exercise_code"
SOURCES_BEFORE = ["live", "batch", "legacy_simple_log"]
SOURCES_AFTER = [*SOURCES_BEFORE, "self_report"]
EXERCISE_TYPE = sa.Enum(
    "bicep-curl",
    "shoulder-flexion",
    "squat",
    "knee-raise",
    "shoulder-abduction",
    name="exercise_type",
    native_enum=False,
    create_constraint=False,
    length=18,
)


def _sources(values: list[str]) -> None:
    with op.batch_alter_table("workout_sessions") as batch:
        batch.drop_constraint("workout_source", type_="check")
        batch.create_check_constraint("workout_source", in_list("source", values))


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("exercise_code", sa.String(64), nullable=True))
        op.execute(f"UPDATE {table} SET exercise_code = exercise_type")  # noqa: S608
        with op.batch_alter_table(table) as batch:
            batch.alter_column("exercise_code", existing_type=sa.String(64), nullable=False)
            batch.alter_column("exercise_type", existing_type=EXERCISE_TYPE, nullable=True)
            batch.create_check_constraint("camera_type_is_code", CAMERA_TYPE_IS_CODE)
    _sources(SOURCES_AFTER)


def downgrade() -> None:
    problem = "are self-reported exercises, which the schema before 017 cannot hold"
    for table in TABLES:
        require_none(table, "exercise_type IS NULL", problem)
    require_none("workout_sessions", "source = 'self_report'", problem)
    _sources(SOURCES_BEFORE)
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint("camera_type_is_code", type_="check")
            batch.alter_column("exercise_type", existing_type=EXERCISE_TYPE, nullable=False)
            batch.drop_column("exercise_code")
