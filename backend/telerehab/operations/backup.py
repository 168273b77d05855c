"""Verified backups: ``telerehab backup`` and ``telerehab restore``.

A backup is a tar file holding ``manifest.json`` (what it is, which schema revision, rows and a
checksum per table) and the database itself: SQLite's online backup of the file, or a
``pg_dump`` custom-format archive. Every backup is restored into a scratch database and
compared table by table before it is declared good; every restore is compared the same way.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, MetaData, create_engine, inspect, pool, select, text
from sqlalchemy.engine import URL, make_url

from telerehab.operations import migrate

FORMAT = "telerehab-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite"
POSTGRES_MEMBER = "database.pgdump"

Progress = Callable[[str], None]


class BackupError(RuntimeError):
    """A backup or restore that cannot go ahead; the message says why in one sentence."""


@dataclass(frozen=True)
class TableStats:
    rows: int
    checksum: str


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | bytes | memoryview):
        return str(value)
    return value


def table_stats(
    connection: Connection, progress: Progress = lambda _: None
) -> dict[str, TableStats]:
    """Rows and a SHA-256 of every row, in primary-key order, for each table."""
    metadata = MetaData()
    metadata.reflect(connection)
    stats = {}
    for table in sorted(metadata.tables.values(), key=lambda t: t.name):
        progress(f"checking {table.name}")
        digest = hashlib.sha256()
        rows = 0
        order = list(table.primary_key.columns) or list(table.columns)
        for row in connection.execute(select(table).order_by(*order)).yield_per(5000):
            digest.update(json.dumps([_plain(v) for v in row], default=str).encode())
            digest.update(b"\n")
            rows += 1
        stats[table.name] = TableStats(rows, digest.hexdigest())
    return stats


def _engine_stats(url: str, progress: Progress) -> dict[str, TableStats]:
    engine = create_engine(url, poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            return table_stats(connection, progress)
    finally:
        engine.dispose()


def _libpq(url: URL) -> str:
    """The URL as pg_dump and pg_restore read it (no SQLAlchemy driver suffix)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not versions:
        raise BackupError(f"{name} is not installed; install PostgreSQL's client tools.")
    return str(versions[-1])


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise BackupError(f"{what} failed: {last}")


@contextmanager
def scratch_postgres(url: URL) -> Iterator[URL]:
    """A throwaway database on the same server, dropped afterwards."""
    name = f"telerehab_verify_{uuid.uuid4().hex[:12]}"
    admin = create_engine(
        url.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=pool.NullPool
    )
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _manifest(kind: str, revision: str | None, stats: dict[str, TableStats]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": datetime.now(UTC).isoformat(),
        "database": kind,
        "schema_revision": revision,
        "tables": {name: {"rows": s.rows, "checksum": s.checksum} for name, s in stats.items()},
    }


def _compare(expected: dict[str, Any], found: dict[str, TableStats], where: str) -> None:
    for name, table in expected.items():
        got = found.get(name)
        if got is None or got.rows != table["rows"] or got.checksum != table["checksum"]:
            raise BackupError(f"verification failed: table {name} differs in {where}.")


def backup(database_url: str, output: Path, progress: Progress = lambda _: None) -> dict[str, Any]:
    """Write a verified backup of ``database_url`` to ``output``; returns its manifest."""
    url = make_url(database_url)
    if not output.parent.is_dir():
        raise BackupError(f"the folder {output.parent} does not exist.")
    revision = migrate.current_revision(database_url)
    if revision is None:
        if not migrate.is_old_app_database(database_url):
            raise BackupError("this database has no Telerehab schema to back up.")
        # The old app's schema is the legacy baseline; a restored copy is again a database of
        # the old app, which ``telerehab migrate`` recognises and upgrades.
        revision = migrate.LEGACY_BASELINE
    with tempfile.TemporaryDirectory() as work:
        if url.get_backend_name() == "sqlite":
            member, stats = _backup_sqlite(url, Path(work), progress)
            kind = "sqlite"
        else:
            member, stats = _backup_postgres(url, Path(work), progress)
            kind = "postgresql"
        manifest = _manifest(kind, revision, stats)
        progress("verifying: restoring into a scratch database")
        _verify_member(kind, member, manifest, url)
        progress("writing the backup file")
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w") as archive:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(member, arcname=member.name)
        os.replace(partial, output)  # never a half-written backup under the final name
    return manifest


def _backup_sqlite(url: URL, work: Path, progress: Progress) -> tuple[Path, dict[str, TableStats]]:
    source_path = url.database or ""
    if not Path(source_path).exists():
        raise BackupError(f"the database file {source_path} does not exist.")
    copy = work / SQLITE_MEMBER
    with sqlite3.connect(source_path) as source, sqlite3.connect(copy) as target:
        source.backup(
            target,
            pages=256,
            progress=lambda _s, left, total: progress(f"copying pages: {total - left}/{total}"),
        )
    stats = _engine_stats(f"sqlite:///{copy}", progress)
    return copy, stats


def _backup_postgres(
    url: URL, work: Path, progress: Progress
) -> tuple[Path, dict[str, TableStats]]:
    dump = work / POSTGRES_MEMBER
    engine = create_engine(url, poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            # One snapshot for the checksums and for pg_dump: they describe the same moment
            # even while the clinic keeps writing.
            connection.exec_driver_sql("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            snapshot = connection.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()
            stats = table_stats(connection, progress)
            progress("dumping with pg_dump")
            _run(
                [
                    _pg_tool("pg_dump"),
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    "--no-owner",
                    "--no-privileges",
                    f"--file={dump}",
                    _libpq(url),
                ],
                "pg_dump",
            )
            connection.exec_driver_sql("COMMIT")
    finally:
        engine.dispose()
    return dump, stats


def _verify_member(kind: str, member: Path, manifest: dict[str, Any], url: URL) -> None:
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as scratch:
            copy = Path(scratch) / "verify.sqlite"
            shutil.copyfile(member, copy)
            with sqlite3.connect(copy) as check:
                if check.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                    raise BackupError("verification failed: the copy is damaged.")
            _compare(
                manifest["tables"],
                _engine_stats(f"sqlite:///{copy}", lambda _: None),
                "the scratch copy",
            )
        return
    with scratch_postgres(url) as scratch:
        _run(
            [
                _pg_tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                f"--dbname={_libpq(scratch)}",
                str(member),
            ],
            "pg_restore into the scratch database",
        )
        _compare(
            manifest["tables"],
            _engine_stats(scratch.render_as_string(hide_password=False), lambda _: None),
            "the scratch database",
        )


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of a backup file, or one sentence on why it is not a Telerehab backup."""
    try:
        with tarfile.open(path, "r") as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest: dict[str, Any] = json.loads(member.read())
    except (tarfile.TarError, KeyError, ValueError, OSError):
        raise BackupError(f"{path} is not a Telerehab backup.") from None
    if manifest.get("format") != FORMAT or not isinstance(manifest.get("tables"), dict):
        raise BackupError(f"{path} is not a Telerehab backup.")
    if manifest.get("format_version") != FORMAT_VERSION or not _known_revision(
        manifest.get("schema_revision")
    ):
        raise BackupError(
            f"{path} was made by a newer version of Telerehab "
            f"(schema {manifest.get('schema_revision')}); upgrade Telerehab first."
        )
    return manifest


def _known_revision(revision: object) -> bool:
    return isinstance(revision, str) and revision in migrate.all_revisions()


def _has_data(url: str) -> bool:
    engine = create_engine(url, poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            if "users" not in tables:
                return bool(tables - {"alembic_version"})
            return bool(connection.execute(text("SELECT COUNT(*) FROM users")).scalar())
    finally:
        engine.dispose()


def restore(
    path: Path, database_url: str, *, force: bool = False, progress: Progress = lambda _: None
) -> dict[str, Any]:
    """Restore the backup at ``path`` into ``database_url`` and verify every table."""
    manifest = read_manifest(path)
    url = make_url(database_url)
    kind = "sqlite" if url.get_backend_name() == "sqlite" else "postgresql"
    if manifest["database"] != kind:
        raise BackupError(
            f"{path} is a {manifest['database']} backup; it cannot be restored into {kind}."
        )
    if kind == "sqlite" and not Path(url.database or "").parent.exists():
        raise BackupError(f"the folder for {url.database} does not exist.")
    if _target_exists(url) and _has_data(database_url) and not force:
        raise BackupError(
            "the target database is not empty; pass --force to replace everything in it."
        )
    with tempfile.TemporaryDirectory() as work, tarfile.open(path, "r") as archive:
        member_name = SQLITE_MEMBER if kind == "sqlite" else POSTGRES_MEMBER
        try:
            archive.extract(member_name, work, filter="data")
        except KeyError:
            raise BackupError(f"{path} is incomplete: it holds no database.") from None
        member = Path(work) / member_name
        progress("restoring")
        if kind == "sqlite":
            target = Path(url.database or "")
            staged = target.with_name(target.name + ".restoring")
            shutil.copyfile(member, staged)
            for suffix in ("-wal", "-shm"):
                Path(str(target) + suffix).unlink(missing_ok=True)
            os.replace(staged, target)
        else:
            _restore_postgres_atomically(member, url, Path(work))
    progress("verifying the restored database")
    _compare(manifest["tables"], _engine_stats(database_url, progress), "the restored database")
    return manifest


def _restore_postgres_atomically(member: Path, url: URL, work: Path) -> None:
    """Replace the schema and restore the dump in ONE transaction: if anything fails, the
    target keeps its old data instead of being left empty."""
    script = work / "restore.sql"
    _run(
        [_pg_tool("pg_restore"), "--no-owner", "--no-privileges", f"--file={script}", str(member)],
        "pg_restore",
    )
    wrapper = work / "replace.sql"
    wrapper.write_text(
        f"DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n\\i {script}\n"
    )
    _run(
        [
            _pg_tool("psql"),
            "--no-psqlrc",
            "--quiet",
            "--set=ON_ERROR_STOP=1",
            "--single-transaction",
            f"--file={wrapper}",
            f"--dbname={_libpq(url)}",
        ],
        "restore",
    )


def _target_exists(url: URL) -> bool:
    return url.get_backend_name() != "sqlite" or Path(url.database or "").exists()
