"""Migration 017 (the exercise library) on data: routine items and sets get their exercise's
library code; downgrade refuses while self-reported data exists, and works once it is gone."""

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, pool, text

from telerehab.operations import migrate
from telerehab.operations.migration_tools import LegacyDataError

# Columns given in full: a raw INSERT relies on no default of the schema of the time.
ITEM = "side, sets, reps, rest_seconds"
SET = "reps_done, set_number, duration_seconds, rep_metrics, setup_skipped"


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = create_engine(database_url, poolclass=pool.NullPool)
    yield engine
    engine.dispose()


def _run(engine: Engine, *statements: str) -> None:
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))


def _rows(engine: Engine, sql: str) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


def test_codes_are_filled_and_self_reports_block_the_downgrade(
    database_url: str, engine: Engine
) -> None:
    migrate.upgrade(database_url, "016")
    _run(
        engine,
        "INSERT INTO users (id, username, full_name, role, password_hash, is_active) VALUES "
        "(1, 'doc', 'Doc', 'doctor', 'x', true), (2, 'pat', 'Pat', 'patient', 'x', true)",
        "INSERT INTO combos (id, doctor_id, name) VALUES (1, 1, 'R')",
        f"INSERT INTO combo_items (id, combo_id, position, exercise_type, {ITEM}) VALUES "
        "(1, 1, 0, 'squat', 'both', 3, 10, 60), (2, 1, 1, 'knee-raise', 'both', 3, 10, 60)",
        "INSERT INTO workout_sessions (id, user_id, started_at, source, stream_epoch) VALUES "
        "(1, 2, '2026-01-05 10:00:00+00', 'live', 0)",
        f"INSERT INTO session_details (id, session_id, position, exercise_type, {SET}) "
        "VALUES (1, 1, 0, 'bicep-curl', 9, 1, 0, '[]', false)",
    )
    migrate.upgrade(database_url, "017")
    assert _rows(engine, "SELECT exercise_code, exercise_type FROM combo_items ORDER BY id") == [
        ("squat", "squat"),
        ("knee-raise", "knee-raise"),
    ]
    assert _rows(engine, "SELECT exercise_code FROM session_details") == [("bicep-curl",)]

    _run(
        engine,
        f"INSERT INTO combo_items (id, combo_id, position, exercise_code, {ITEM}) VALUES "
        "(3, 1, 2, 'bridge', 'both', 3, 10, 60)",
        "INSERT INTO workout_sessions (id, user_id, started_at, ended_at, source, stream_epoch) "
        "VALUES (2, 2, '2026-01-06 10:00:00+00', '2026-01-06 10:00:00+00', 'self_report', 0)",
        f"INSERT INTO session_details (id, session_id, position, exercise_code, {SET}) "
        "VALUES (2, 2, 0, 'bridge', 12, 1, 0, '[]', false)",
    )
    with pytest.raises(LegacyDataError, match="self-reported"):
        migrate.downgrade(database_url, "016")
    assert migrate.current_revision(database_url) == "017"  # nothing was changed

    _run(
        engine,
        "DELETE FROM session_details WHERE id = 2",
        "DELETE FROM workout_sessions WHERE id = 2",
        "DELETE FROM combo_items WHERE id = 3",
    )
    migrate.downgrade(database_url, "016")
    assert _rows(engine, "SELECT exercise_type FROM combo_items ORDER BY id") == [
        ("squat",),
        ("knee-raise",),
    ]
    assert _rows(engine, "SELECT exercise_type, reps_done FROM session_details") == [
        ("bicep-curl", 9)
    ]


def test_a_camera_type_must_equal_its_code(database_url: str, engine: Engine) -> None:
    migrate.upgrade(database_url)
    _run(
        engine,
        "INSERT INTO users (id, username, full_name, role, password_hash, is_active) VALUES "
        "(1, 'doc', 'Doc', 'doctor', 'x', true)",
        "INSERT INTO combos (id, doctor_id, name) VALUES (1, 1, 'R')",
    )
    with pytest.raises(Exception, match=r"(?i)camera_type_is_code|check"):
        _run(
            engine,
            "INSERT INTO combo_items (id, combo_id, position, exercise_code, exercise_type, "
            f"{ITEM}) VALUES (1, 1, 0, 'bridge', 'squat', 'both', 3, 10, 60)",
        )
