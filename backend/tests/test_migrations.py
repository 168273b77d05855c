"""The migration history: reversible, equal to the models, indexed, and lossless on old data."""

import time
from collections.abc import Iterator

import bcrypt
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import CheckConstraint, Engine, create_engine, inspect, pool, text
from sqlalchemy.exc import IntegrityError

from telerehab.models import Base
from telerehab.operations import migrate

from .legacy_data import load_legacy_dataset


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = create_engine(database_url, poolclass=pool.NullPool)
    yield engine
    engine.dispose()


def _schema_differences(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def test_upgrade_downgrade_upgrade_round_trip(database_url: str, engine: Engine) -> None:
    migrate.upgrade(database_url)
    assert migrate.current_revision(database_url) == migrate.head_revision()
    migrate.downgrade(database_url, "base")
    assert migrate.current_revision(database_url) is None
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(database_url)
    assert migrate.current_revision(database_url) == migrate.head_revision()
    assert _schema_differences(engine) == []


def test_migrated_schema_equals_the_models(migrated_url: str, engine: Engine) -> None:
    assert _schema_differences(engine) == []


def test_every_check_constraint_of_the_models_exists(migrated_url: str, engine: Engine) -> None:
    # Autogenerate does not compare CHECK constraints, so they are compared by name here.
    inspector = inspect(engine)
    expected = {
        (table.name, str(constraint.name))
        for table in Base.metadata.sorted_tables
        for constraint in table.constraints
        if isinstance(constraint, CheckConstraint)
    }
    found = {
        (table.name, str(check["name"]))
        for table in Base.metadata.sorted_tables
        for check in inspector.get_check_constraints(table.name)
    }
    assert ("users", "ck_users_user_role") in expected  # the enum checks are among them
    assert sorted(expected - found) == []


def test_every_foreign_key_has_an_index_led_by_it(migrated_url: str, engine: Engine) -> None:
    inspector = inspect(engine)
    unindexed = []
    for table in inspector.get_table_names():
        leading = {tuple(index["column_names"][:1]) for index in inspector.get_indexes(table)}
        leading |= {
            tuple(unique["column_names"][:1]) for unique in inspector.get_unique_constraints(table)
        }
        for foreign_key in inspector.get_foreign_keys(table):
            column = foreign_key["constrained_columns"][0]
            if (column,) not in leading:
                unindexed.append(f"{table}.{column}")
    assert unindexed == []


def test_the_plans_fourteen_indexes_exist_under_its_names(
    migrated_url: str, engine: Engine
) -> None:
    inspector = inspect(engine)
    names = {
        index["name"]
        for table in inspector.get_table_names()
        for index in inspector.get_indexes(table)
    }
    expected = {
        "idx_assignment_doctor_id",
        "idx_schedule_doctor_id",
        "idx_schedule_patient_id",
        "idx_message_sender_id",
        "idx_message_receiver_id",
        "idx_combo_doctor_id",
        "idx_workout_session_user_id",
        "idx_brain_exercise_log_user_id",
        "idx_brain_exercise_session_user_id",
        "idx_patient_note_patient_id",
        "idx_patient_note_doctor_id",
        "idx_week_plan_patient_id",
        "idx_week_plan_doctor_id",
        "idx_notification_user_id",
    }
    assert expected <= names


def _count(engine: Engine, sql: str) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text(sql)).scalar() or 0)


def test_batch_sessions_become_live_and_the_downgrade_admits_batch_again(
    database_url: str, engine: Engine
) -> None:
    session = (
        "INSERT INTO workout_sessions (id, user_id, started_at, source, stream_epoch)"
        " VALUES ({id}, 1, '2026-01-05 10:00:00+00', 'batch', 0)"
    )
    migrate.upgrade(database_url, "018")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO users (id, username, full_name, role, password_hash, is_active)"
                " VALUES (1, 'pat', 'Pat', 'patient', 'x', true)"
            )
        )
        connection.execute(text(session.format(id=1)))
    migrate.upgrade(database_url, "019")
    assert _count(engine, "SELECT COUNT(*) FROM workout_sessions WHERE source = 'live'") == 1
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text(session.format(id=2)))
    migrate.downgrade(database_url, "018")
    with engine.begin() as connection:
        connection.execute(text(session.format(id=2)))
    assert _count(engine, "SELECT COUNT(*) FROM workout_sessions WHERE source = 'batch'") == 1


@pytest.mark.slow
def test_legacy_data_survives_upgrade_and_downgrade(
    database_url: str, engine: Engine, db_kind: str, record_property: object
) -> None:
    migrate.upgrade(database_url, migrate.LEGACY_BASELINE)
    with engine.begin() as connection:
        data = load_legacy_dataset(connection)

    started = time.perf_counter()
    migrate.upgrade(database_url)
    elapsed = time.perf_counter() - started
    print(f"\nlegacy upgrade on {db_kind}: {elapsed:.1f} s")  # quoted in the issue note

    # Every simple-log row became one session with one detail, reps preserved.
    assert _count(engine, "SELECT COUNT(*) FROM workout_sessions") == (
        data.workout_sessions + data.simple_logs
    )
    migrated = "FROM workout_sessions WHERE source = 'legacy_simple_log'"
    assert _count(engine, f"SELECT COUNT(*) {migrated}") == data.simple_logs
    assert (
        _count(
            engine,
            "SELECT COALESCE(SUM(d.reps_done), 0) FROM session_details d JOIN workout_sessions s"
            " ON s.id = d.session_id WHERE s.source = 'legacy_simple_log'",
        )
        == data.simple_log_reps
    )
    assert _count(engine, "SELECT COUNT(*) FROM session_details") == (
        data.session_details + data.simple_logs
    )
    assert _count(engine, "SELECT SUM(reps_done) FROM session_details") == (
        data.session_detail_reps + data.simple_log_reps
    )
    assert _count(engine, "SELECT COUNT(*) FROM users") == data.users
    # Every password is now a bcrypt hash that verifies against the old secret.
    with engine.connect() as connection:
        hashes = dict(connection.execute(text("SELECT id, password_hash FROM users")).all())
    assert all(value.startswith("$2b$") or value.startswith("$2a$") for value in hashes.values())
    for user_id, plain in data.plain_passwords.items():
        assert bcrypt.checkpw(plain.encode(), hashes[user_id].encode()), user_id
    some_hashed = next(iter(data.hashed_passwords))
    assert bcrypt.checkpw(b"old-hashed-password", hashes[some_hashed].encode())
    # Free text became enum values; duplicates were resolved without losing rows.
    assert _count(engine, "SELECT COUNT(*) FROM users WHERE role NOT IN ('doctor','patient')") == 0
    doctors = max(2, data.users // 25)
    assert _count(engine, "SELECT COUNT(*) FROM combos") == doctors + 1
    assert _count(engine, "SELECT COUNT(*) FROM combos WHERE name LIKE 'Shoulder routine #%'") == 1
    assert (
        _count(engine, "SELECT COUNT(*) FROM assignments WHERE ended_at IS NULL")
        == data.users - doctors
    )
    assert _schema_differences(engine) == []

    migrate.downgrade(database_url, migrate.LEGACY_BASELINE)
    assert _count(engine, "SELECT COUNT(*) FROM exercise_log_simple") == data.simple_logs
    assert _count(engine, "SELECT SUM(reps) FROM exercise_log_simple") == data.simple_log_reps
    assert _count(engine, "SELECT MIN(id) FROM exercise_log_simple") == 1
    assert _count(engine, "SELECT MAX(id) FROM exercise_log_simple") == data.simple_logs
    assert _count(engine, "SELECT COUNT(*) FROM workout_sessions") == data.workout_sessions
    assert _count(engine, "SELECT COUNT(*) FROM session_details") == data.session_details
    assert _count(engine, "SELECT COUNT(*) FROM users") == data.users
