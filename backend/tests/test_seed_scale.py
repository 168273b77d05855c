"""``telerehab seed-scale``: a large clinic, the same for the same seed, on both databases."""

from datetime import date

import pytest
from sqlalchemy import create_engine, func, pool, select, text
from typer.testing import CliRunner

from telerehab.enums import UserRole
from telerehab.models import Assignment, BrainExerciseSession, User, WorkoutSession
from telerehab.operations.cli import app
from telerehab.seeding.bulk import HISTORY_TABLES, history_row_counts
from telerehab.seeding.content import DatabaseNotEmpty
from telerehab.seeding.demo_activity import FIRST_HOUR, LAST_HOUR
from telerehab.seeding.scale import seed_scale

TODAY = date(2026, 11, 25)


def _seed(url: str, **sizes: int) -> dict[str, int]:
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.begin() as connection:
        counts = seed_scale(connection, seed=3, today=TODAY, **sizes)
    engine.dispose()
    return counts.rows


def _fingerprint(url: str) -> list[tuple[object, ...]]:
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        rows = [
            tuple(row)
            for table in HISTORY_TABLES
            for row in connection.execute(text(f"SELECT count(*), min(id), max(id) FROM {table}"))
        ]
        rows.append(tuple(connection.execute(select(func.sum(WorkoutSession.pain_score))).one()))
    engine.dispose()
    return rows


def test_a_clinic_has_every_kind_of_history_with_a_real_clinics_skew(migrated_url: str) -> None:
    rows = _seed(migrated_url, patients=40, doctors=4, weeks=12)
    assert rows["users"] == 1 + 4 + 40
    assert rows["assignments"] == 40
    for table in HISTORY_TABLES:
        assert rows[table] > 0, table
    engine = create_engine(migrated_url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        assert history_row_counts(connection) == {t: rows[t] for t in HISTORY_TABLES}
        per_patient = sorted(
            connection.execute(
                select(func.count(WorkoutSession.id))
                .select_from(User)
                .outerjoin(WorkoutSession, WorkoutSession.user_id == User.id)
                .where(User.role == UserRole.PATIENT)
                .group_by(User.id)
            ).scalars()
        )
        # Some patients nearly silent, some exercising most days.
        assert per_patient[0] * 5 < per_patient[-1]
        doctors_with_patients = connection.scalar(
            select(func.count(func.distinct(Assignment.doctor_id)))
        )
        assert doctors_with_patients == 4
        # Sessions and brain games start in waking hours (the clinic's patients live in UTC).
        for table in (WorkoutSession, BrainExerciseSession):
            hours = {moment.hour for moment in connection.scalars(select(table.started_at))}
            assert hours and min(hours) >= FIRST_HOUR and max(hours) <= LAST_HOUR, (table, hours)
    engine.dispose()


def test_the_same_seed_gives_the_same_clinic(migrated_url: str, app_db_url: str) -> None:
    _seed(migrated_url, patients=15, doctors=2, weeks=6)
    _seed(app_db_url, patients=15, doctors=2, weeks=6)
    assert _fingerprint(migrated_url) == _fingerprint(app_db_url)


def test_a_database_with_accounts_is_refused(migrated_url: str) -> None:
    _seed(migrated_url, patients=3, doctors=1, weeks=2)
    with pytest.raises(DatabaseNotEmpty):
        _seed(migrated_url, patients=3, doctors=1, weeks=2)


def test_the_command_reports_what_it_wrote(
    migrated_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.chdir(tmp_path)  # keep a developer's .env out of it
    monkeypatch.setenv("DATABASE_URL", migrated_url)
    result = CliRunner().invoke(
        app,
        [
            "seed-scale",
            "--patients",
            "12",
            "--doctors",
            "2",
            "--weeks",
            "4",
            "--today",
            "2026-11-25",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Scale clinic ready" in result.output
    assert "workout_sessions" in result.output
    again = CliRunner().invoke(app, ["seed-scale", "--patients", "1", "--doctors", "1"])
    assert again.exit_code == 2
    assert "already has user accounts" in again.output
