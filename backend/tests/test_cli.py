"""The ``telerehab`` command as an operator uses it."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, inspect, pool, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from telerehab.access.credentials import verify_password
from telerehab.enums import UserRole
from telerehab.models import (
    Assignment,
    AuditEvent,
    BrainExerciseSession,
    Combo,
    MedicalRecord,
    Message,
    PatientNote,
    Schedule,
    User,
    WeekPlan,
    WorkoutSession,
)
from telerehab.operations import backup as backups
from telerehab.operations import migrate
from telerehab.operations.cli import app
from telerehab.seeding.demo import DEMO_PASSWORD

from .legacy_data import load_legacy_dataset

runner = CliRunner()


@pytest.fixture
def cli_db(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> str:
    monkeypatch.chdir(tmp_path)  # keep a developer's .env out of it
    monkeypatch.setenv("DATABASE_URL", database_url)
    return database_url


def _session(url: str) -> Session:
    return Session(create_engine(url, poolclass=pool.NullPool))


def test_migrate_brings_an_empty_database_to_head(cli_db: str) -> None:
    result = runner.invoke(app, ["migrate"])
    assert result.exit_code == 0, result.output
    assert migrate.current_revision(cli_db) == migrate.head_revision()
    assert f"revision {migrate.head_revision()}" in result.output


def _old_app_database(url: str) -> None:
    # The old app created its tables without Alembic: build them, then forget the revision.
    migrate.upgrade(url, migrate.LEGACY_BASELINE)
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.begin() as connection:
        load_legacy_dataset(connection, users=60, plain_text_users=3, simple_logs=50)
        connection.exec_driver_sql("DROP TABLE alembic_version")
    engine.dispose()


def test_migrate_detects_and_upgrades_a_database_of_the_old_app_after_a_backup(
    cli_db: str, tmp_path: Path
) -> None:
    _old_app_database(cli_db)
    result = runner.invoke(app, ["migrate"])
    assert result.exit_code == 0, result.output
    assert "old app" in result.output
    with _session(cli_db) as session:
        assert session.scalar(select(func.count()).select_from(User)) == 60

    # The backup was taken (and verified) before the upgrade dropped a table and rewrote every
    # password, and the output says where it went.
    [backup_file] = tmp_path.glob("*.trbackup")
    assert f"Backup verified and written to {backup_file.name}" in result.output
    assert result.output.index("Backup verified") < result.output.index("old app")
    manifest = backups.read_manifest(backup_file)
    assert manifest["schema_revision"] == migrate.LEGACY_BASELINE
    assert manifest["tables"]["users"]["rows"] == 60
    assert manifest["tables"]["exercise_log_simple"]["rows"] == 50

    # At head there is nothing to run, and no second backup.
    again = runner.invoke(app, ["migrate"])
    assert again.exit_code == 0, again.output
    assert "Backup" not in again.output
    assert len(list(tmp_path.glob("*.trbackup"))) == 1


def test_migrate_backs_up_to_the_folder_asked_for_or_not_at_all(
    cli_db: str, tmp_path: Path
) -> None:
    _old_app_database(cli_db)
    missing = runner.invoke(app, ["migrate", "--backup-dir", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2
    sentence = " ".join(missing.output.split())
    assert "does not exist" in sentence and "pass --no-backup" in sentence
    assert migrate.current_revision(cli_db) is None  # refused before touching anything

    skipped = runner.invoke(app, ["migrate", "--no-backup"])
    assert skipped.exit_code == 0, skipped.output
    assert "Backup" not in skipped.output
    assert list(tmp_path.rglob("*.trbackup")) == []
    assert migrate.current_revision(cli_db) == migrate.head_revision()


def test_migrate_takes_no_backup_of_an_empty_database(cli_db: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["migrate"])
    assert result.exit_code == 0, result.output
    assert "Backup" not in result.output
    assert list(tmp_path.glob("*.trbackup")) == []


def test_migrate_backs_up_a_database_with_pending_migrations(cli_db: str, tmp_path: Path) -> None:
    migrate.upgrade(cli_db, "008")
    backups_dir = tmp_path / "backups"
    backups_dir.mkdir()
    result = runner.invoke(app, ["migrate", "--backup-dir", str(backups_dir)])
    assert result.exit_code == 0, result.output
    [backup_file] = backups_dir.glob("*.trbackup")
    assert backups.read_manifest(backup_file)["schema_revision"] == "008"


def test_create_admin_asks_for_the_password_and_stores_a_bcrypt_hash(cli_db: str) -> None:
    migrate.upgrade(cli_db)
    result = runner.invoke(
        app,
        ["create-admin", "--username", "Head.Admin", "--full-name", "Head Admin"],
        input="violet-otter-harbour-1987\nviolet-otter-harbour-1987\n",
    )
    assert result.exit_code == 0, result.output
    assert "violet-otter-harbour-1987" not in result.output
    with _session(cli_db) as session:
        admin = session.scalars(select(User).where(User.username == "head.admin")).one()
    assert admin.role == UserRole.ADMIN
    assert admin.password_hash.startswith("$2b$12$")
    assert verify_password("violet-otter-harbour-1987", admin.password_hash)

    again = runner.invoke(
        app,
        ["create-admin", "--username", "head.admin", "--full-name", "X"],
        input="violet-otter-harbour-1987\nviolet-otter-harbour-1987\n",
    )
    assert again.exit_code == 2
    assert "username is taken" in again.output


def test_create_admin_refuses_a_short_password(cli_db: str) -> None:
    migrate.upgrade(cli_db)
    result = runner.invoke(
        app, ["create-admin", "--username", "admin2", "--full-name", "A"], input="short\nshort\n"
    )
    assert result.exit_code == 2
    assert "at least 10 characters" in result.output
    assert "Traceback" not in result.output


def test_seed_demo_writes_the_promised_clinic(cli_db: str) -> None:
    migrate.upgrade(cli_db)
    result = runner.invoke(app, ["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "dr.okafor" in result.output and DEMO_PASSWORD in result.output
    assert result.output.count(DEMO_PASSWORD) == 1  # the logins once

    with _session(cli_db) as session:

        def count(model: type, *where: object) -> int:
            return session.scalar(select(func.count()).select_from(model).where(*where)) or 0

        assert count(User, User.role == UserRole.DOCTOR) == 3
        assert count(User, User.role == UserRole.PATIENT) == 30
        assert count(User, User.role == UserRole.ADMIN) == 1
        assert count(Assignment, Assignment.ended_at.is_(None)) == 30
        assert count(MedicalRecord) == 30
        assert count(Combo) == 18
        assert count(WeekPlan) == 30 * 9
        assert count(Schedule) == 150
        assert count(Message) >= 60
        assert count(PatientNote) >= 30
        assert count(BrainExerciseSession) >= 30 * 4
        assert count(WorkoutSession) >= 300
        first, last = session.execute(
            select(func.min(WorkoutSession.started_at), func.max(WorkoutSession.started_at))
        ).one()
        doctor = session.scalars(select(User).where(User.username == "dr.okafor")).one()
        assert verify_password(DEMO_PASSWORD, doctor.password_hash)
    first = first if first.tzinfo else first.replace(tzinfo=UTC)
    last = last if last.tzinfo else last.replace(tzinfo=UTC)
    # Eight weeks of history, up to about now.
    assert last - first > timedelta(weeks=7)
    assert datetime.now(UTC) - last < timedelta(days=7)


def test_seed_demo_refuses_a_database_with_accounts(cli_db: str) -> None:
    migrate.upgrade(cli_db)
    assert runner.invoke(app, ["seed-demo"]).exit_code == 0
    with _session(cli_db) as session:
        before = session.scalar(select(func.count()).select_from(WorkoutSession))

    refused = runner.invoke(app, ["seed-demo"])
    assert refused.exit_code == 2
    assert "nothing was changed" in refused.output
    quiet = runner.invoke(app, ["seed-demo", "--if-empty"])
    assert quiet.exit_code == 0
    # `make run` on the demo clinic again: it is there, and here is how to sign in (once).
    assert "already here" in quiet.output and quiet.output.count(DEMO_PASSWORD) == 1
    with _session(cli_db) as session:
        assert session.scalar(select(func.count()).select_from(WorkoutSession)) == before


def test_serve_refuses_to_start_without_a_secret(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    result = runner.invoke(app, ["serve"])
    assert result.exit_code == 2
    assert "SECRET_KEY is not set" in result.output
    assert "Traceback" not in result.output


def test_migrate_refuses_old_data_it_cannot_repair_with_one_sentence(cli_db: str) -> None:
    migrate.upgrade(cli_db, migrate.LEGACY_BASELINE)
    engine = create_engine(cli_db, poolclass=pool.NullPool)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO users (username, password, role) VALUES ('Ann', 'x', 'patient'),"
            " ('ann', 'y', 'patient')"
        )
    result = runner.invoke(app, ["migrate"])
    assert result.exit_code == 2
    assert "share a username apart from case" in result.output
    assert "Traceback" not in result.output
    # Nothing was changed: still at the legacy baseline, the old table and both rows intact.
    assert migrate.current_revision(cli_db) == migrate.LEGACY_BASELINE
    with engine.connect() as connection:
        names = connection.exec_driver_sql("SELECT username FROM users ORDER BY id").scalars()
        assert list(names) == ["Ann", "ann"]
        assert "exercise_log_simple" in inspect(connection).get_table_names()


def test_notify_missed_runs_and_refuses_a_bad_date(cli_db: str) -> None:
    migrate.upgrade(cli_db)
    assert runner.invoke(app, ["seed-demo"]).exit_code == 0
    first = runner.invoke(app, ["notify-missed"])
    assert first.exit_code == 0, first.output
    again = runner.invoke(app, ["notify-missed"])
    assert "0 notification(s)" in again.output  # idempotent within a day
    bad = runner.invoke(app, ["notify-missed", "--date", "yesterday"])
    assert bad.exit_code == 2
    assert "is not a date" in bad.output


def test_reset_password_gives_a_migrated_account_a_password_it_must_change(cli_db: str) -> None:
    _old_app_database(cli_db)
    assert runner.invoke(app, ["migrate", "--no-backup"]).exit_code == 0
    with _session(cli_db) as session:
        # The old app's account without a password: migration 004 left it unusable.
        user = session.scalars(select(User).order_by(User.id)).first()
        assert user is not None
        user.password_hash = "!disabled-by-migration-004"
        username, version = user.username, user.token_version
        session.commit()
    result = runner.invoke(
        app,
        ["reset-password", username.upper()],
        input="violet-otter-harbour-1987\nviolet-otter-harbour-1987\n",
    )
    assert result.exit_code == 0, result.output
    assert "violet-otter-harbour-1987" not in result.output
    with _session(cli_db) as session:
        user = session.scalars(select(User).where(User.username == username)).one()
        assert verify_password("violet-otter-harbour-1987", user.password_hash)
        assert user.must_change_password
        assert user.token_version == version + 1  # every session ended
        audited = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "cli-reset-password")
        ).one()
        assert audited.resource_id == user.id and audited.actor_id is None

    weak = runner.invoke(app, ["reset-password", username], input="short\nshort\n")
    assert weak.exit_code == 2 and "at least 10 characters" in weak.output
    missing = runner.invoke(
        app, ["reset-password", "nobody.here"], input="violet-otter-harbour-1987\n" * 2
    )
    assert missing.exit_code == 2 and "no account 'nobody.here'" in missing.output
    assert "Traceback" not in weak.output + missing.output


def test_seed_demo_if_empty_leaves_a_real_clinic_alone_without_demo_logins(cli_db: str) -> None:
    migrate.upgrade(cli_db)
    created = runner.invoke(
        app,
        ["create-admin", "--username", "head.admin", "--full-name", "Head Admin"],
        input="violet-otter-harbour-1987\nviolet-otter-harbour-1987\n",
    )
    assert created.exit_code == 0, created.output
    quiet = runner.invoke(app, ["seed-demo", "--if-empty"])
    assert quiet.exit_code == 0, quiet.output
    assert "demo clinic not added" in quiet.output and DEMO_PASSWORD not in quiet.output
