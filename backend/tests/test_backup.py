"""Backups of the demo clinic: a verified round trip, and every kind of bad file refused."""

import io
import json
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, pool, text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from telerehab.operations import backup as backups
from telerehab.operations import migrate
from telerehab.operations.cli import app
from telerehab.seeding.demo import seed_demo

from .legacy_data import load_legacy_dataset

runner = CliRunner()


@pytest.fixture
def demo_url(migrated_url: str) -> str:
    engine = create_engine(migrated_url, poolclass=pool.NullPool)
    with Session(engine) as session:
        seed_demo(session, seed=5)
        session.commit()
    engine.dispose()
    return migrated_url


@pytest.fixture
def second_url(db_kind: str, template_url: str, app_db_url: str) -> str:
    """Another database of the same kind: empty (no tables at all)."""
    engine = create_engine(app_db_url, poolclass=pool.NullPool)
    with engine.begin() as connection:
        if db_kind == "postgresql":
            connection.exec_driver_sql("DROP SCHEMA public CASCADE")
            connection.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()
    if db_kind == "sqlite":
        Path(app_db_url.removeprefix("sqlite:///")).unlink()
    return app_db_url


def _stats(url: str) -> dict[str, backups.TableStats]:
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        stats = backups.table_stats(connection)
    engine.dispose()
    return stats


def test_round_trip_keeps_every_table_equal(
    demo_url: str, second_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "clinic.trbackup"
    monkeypatch.setenv("DATABASE_URL", demo_url)
    made = runner.invoke(app, ["backup", "--output", str(file)])
    assert made.exit_code == 0, made.output
    assert "verified" in made.output
    manifest = backups.read_manifest(file)
    assert manifest["schema_revision"] == migrate.head_revision()
    assert manifest["tables"]["workout_sessions"]["rows"] > 300

    monkeypatch.setenv("DATABASE_URL", second_url)
    restored = runner.invoke(app, ["restore", str(file)])
    assert restored.exit_code == 0, restored.output
    before, after = _stats(demo_url), _stats(second_url)
    assert before == after
    assert set(before) >= {"users", "workout_sessions", "session_details", "audit_log"}
    assert migrate.current_revision(second_url) == migrate.head_revision()

    # The restored database is live: it takes new writes with fresh ids.
    engine = create_engine(second_url, poolclass=pool.NullPool)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO notifications (user_id, kind, title, is_read, created_at)"
                " SELECT MIN(id), 'general', 'after restore', false, CURRENT_TIMESTAMP FROM users"
            )
        )
    engine.dispose()


def test_restore_refuses_a_database_with_data_unless_forced(
    demo_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "clinic.trbackup"
    backups.backup(demo_url, file)
    monkeypatch.setenv("DATABASE_URL", demo_url)
    refused = runner.invoke(app, ["restore", str(file)])
    assert refused.exit_code == 2
    assert "not empty" in refused.output and "--force" in refused.output
    forced = runner.invoke(app, ["restore", str(file), "--force"])
    assert forced.exit_code == 0, forced.output


def _tar(path: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def test_foreign_corrupt_and_newer_files_are_refused(
    demo_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "good.trbackup"
    manifest = backups.backup(demo_url, good)
    corrupt = tmp_path / "corrupt.trbackup"
    corrupt.write_bytes(good.read_bytes()[:2000])
    random_bytes = tmp_path / "random.trbackup"
    random_bytes.write_bytes(b"\x00\x13 not a backup at all " * 50)
    foreign = _tar(tmp_path / "foreign.tar", {"notes.txt": b"hello"})
    newer = _tar(
        tmp_path / "newer.trbackup",
        {"manifest.json": json.dumps({**manifest, "schema_revision": "999"}).encode()},
    )
    empty_member = _tar(
        tmp_path / "hollow.trbackup", {"manifest.json": json.dumps(manifest).encode()}
    )
    monkeypatch.setenv("DATABASE_URL", demo_url)
    expectations = {
        corrupt: "not a Telerehab backup",
        random_bytes: "not a Telerehab backup",
        foreign: "not a Telerehab backup",
        newer: "newer version of Telerehab",
        empty_member: "holds no database",
        tmp_path / "missing.trbackup": "does not exist",
    }
    for file, reason in expectations.items():
        result = runner.invoke(app, ["restore", str(file), "--force"])
        assert result.exit_code == 2, (file.name, result.output)
        assert reason in " ".join(result.output.split()), (file.name, result.output)
        assert "Traceback" not in result.output
    # None of the refusals touched the data.
    assert _stats(demo_url)["users"].rows == 34


def test_a_database_of_the_old_app_is_backed_up_and_restored_as_one(
    database_url: str, second_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    migrate.upgrade(database_url, migrate.LEGACY_BASELINE)
    engine = create_engine(database_url, poolclass=pool.NullPool)
    with engine.begin() as connection:
        load_legacy_dataset(connection, users=20, simple_logs=10)
        connection.exec_driver_sql("DROP TABLE alembic_version")
    engine.dispose()
    file = tmp_path / "old-app.trbackup"
    monkeypatch.setenv("DATABASE_URL", database_url)
    made = runner.invoke(app, ["backup", "--output", str(file)])
    assert made.exit_code == 0, made.output
    assert backups.read_manifest(file)["schema_revision"] == migrate.LEGACY_BASELINE

    monkeypatch.setenv("DATABASE_URL", second_url)
    restored = runner.invoke(app, ["restore", str(file)])
    assert restored.exit_code == 0, restored.output
    assert _stats(second_url) == _stats(database_url)
    assert migrate.is_old_app_database(second_url)  # so `telerehab migrate` upgrades it
