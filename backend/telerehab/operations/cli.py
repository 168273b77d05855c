"""The ``telerehab`` command: serve, migrate, backup, restore, accounts, demo data, analysis."""

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from telerehab.access.accounts import create_account, reset_password
from telerehab.config import (
    ConfigurationError,
    DatabaseSettings,
    ReminderSettings,
    load_settings,
)
from telerehab.database import create_db_engine
from telerehab.domain.missed_sessions import notify_missed_sessions
from telerehab.domain.questionnaires import notify_due
from telerehab.domain.reminders import send_reminders
from telerehab.enums import AuditOutcome, UserRole
from telerehab.errors import DomainError
from telerehab.models import AuditEvent, User
from telerehab.operations import backup as backups
from telerehab.operations import migrate as migrations
from telerehab.operations.exercise_cli import app as exercise_app
from telerehab.operations.migration_tools import LegacyDataError
from telerehab.seeding.content import DEMO_DOCTORS, DatabaseNotEmpty
from telerehab.seeding.demo import DEMO_ADMIN, DEMO_PASSWORD, seed_demo

app = typer.Typer(help="Telerehab: tele-rehabilitation platform.", no_args_is_help=True)
err = Console(stderr=True)
out = Console()

app.add_typer(exercise_app, name="exercise", help="Analyse recorded pose landmarks.")


def fail(message: str) -> NoReturn:
    err.print(f"[red]Error:[/red] {message}", highlight=False)
    raise typer.Exit(code=2)


def _database_url() -> str:
    return DatabaseSettings().database_url


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
    reload: Annotated[bool, typer.Option(help="Restart on code changes (development).")] = False,
    graceful_timeout: Annotated[
        int, typer.Option(help="Seconds a stopping worker lets requests in flight finish.")
    ] = 30,
) -> None:
    """Serve the API (and the web app, when it has been built)."""
    import uvicorn

    try:
        load_settings()  # refuse to start on bad settings with a sentence, before any worker
    except ConfigurationError as error:
        fail(str(error))
    uvicorn.run(
        "telerehab.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        reload=reload,
        log_config=None,
        # The app reads X-Forwarded-* itself (main.py), from TRUSTED_PROXIES only, so that a
        # test client and a served worker see the same client address.
        proxy_headers=False,
        timeout_graceful_shutdown=graceful_timeout,
        # Importing the app (NumPy, SciPy, the password dictionary) can take longer than
        # uvicorn's 5 s default on a busy machine, which then kills and restarts the worker.
        timeout_worker_healthcheck=60,
    )


@app.command()
def migrate(
    revision: Annotated[str, typer.Option(help="Target revision.")] = "head",
    no_backup: Annotated[
        bool, typer.Option("--no-backup", help="Do not take a backup before migrating.")
    ] = False,
    backup_dir: Annotated[
        Path, typer.Option(help="Folder for the backup taken before migrating.")
    ] = Path(),
) -> None:
    """Bring the database schema up to date (a database of the old app is detected and upgraded).

    A database with data is backed up first (verified, as `telerehab backup` does) whenever a
    migration is about to run: any of them may rewrite rows, and the old app's upgrade drops a
    table and rewrites every password. An empty database has nothing to lose and is not.
    """
    url = _database_url()
    try:
        old_app = migrations.is_old_app_database(url)
        has_schema = old_app or migrations.current_revision(url) is not None
        if has_schema and not migrations.is_at(url, revision) and not no_backup:
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
            output = backup_dir / f"telerehab-before-migrate-{stamp}.trbackup"
            _verified_backup(url, output, hint="To migrate without a backup, pass --no-backup.")
        if old_app:
            out.print("Found a database of the old app: upgrading it from the legacy baseline.")
            migrations.stamp(url, migrations.LEGACY_BASELINE)
        migrations.upgrade(url, revision)
    except OperationalError as error:
        fail(f"cannot reach the database ({error.orig.__class__.__name__}); check DATABASE_URL.")
    except LegacyDataError as error:
        fail(str(error))
    out.print(f"Database is at revision {migrations.current_revision(url)}.")


@app.command("create-admin")
def create_admin(
    username: Annotated[str, typer.Option(prompt=True, help="Login name of the new admin.")],
    full_name: Annotated[str, typer.Option(prompt=True, help="The admin's full name.")],
    email: Annotated[str | None, typer.Option(help="E-mail address.")] = None,
) -> None:
    """Create a clinic administrator. The password is asked for, never taken as an argument."""
    password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    username = username.strip().lower()
    try:
        with Session(create_db_engine(DatabaseSettings())) as session:
            create_account(
                session,
                role=UserRole.ADMIN,
                username=username,
                password=password,
                full_name=full_name.strip(),
                email=email,
            )
            session.commit()
    except DomainError as error:
        fail(error.detail)
    out.print(f"Admin {username!r} created.")


@app.command("reset-password")
def reset_password_command(
    username: Annotated[str, typer.Argument(help="Login name of the account.")],
) -> None:
    """Give an account a temporary password (asked for, never an argument); its owner must
    change it at the next sign-in, and every session of the account ends now."""
    password = typer.prompt("Temporary password", hide_input=True, confirmation_prompt=True)
    username = username.strip().lower()
    try:
        with Session(create_db_engine(DatabaseSettings())) as session:
            user = session.scalars(select(User).where(User.username == username)).one_or_none()
            if user is None:
                fail(f"there is no account {username!r}.")
            reset_password(session, user, password)
            # Done at the server's console: no signed-in actor, so the audit row names none.
            session.add(
                AuditEvent(
                    action="cli-reset-password",
                    resource_type="account",
                    resource_id=user.id,
                    outcome=AuditOutcome.ALLOWED,
                )
            )
            session.commit()
    except DomainError as error:
        fail(error.detail)
    out.print(
        f"Password of {username!r} reset; they must choose a new one when they next sign in.",
        highlight=False,
    )


@app.command("seed-demo")
def seed_demo_command(
    seed: Annotated[
        int, typer.Option(help="Random seed: the same seed gives the same clinic.")
    ] = 2026,
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Exit quietly (0) when the database has users.")
    ] = False,
) -> None:
    """Fill an empty database with a demo clinic (3 doctors, 30 patients, 8 weeks of history)."""
    engine = create_db_engine(DatabaseSettings())
    try:
        with (
            _spinner("Seeding the demo clinic") as step,
            Session(engine) as session,
        ):
            counts = seed_demo(session, seed=seed, progress=step)
            session.commit()
    except DatabaseNotEmpty as error:
        if not if_empty:
            fail(str(error))
        with Session(engine) as session:
            demo_here = session.scalar(select(User.id).where(User.username == DEMO_ADMIN))
        if demo_here is None:
            out.print("The database already has accounts; demo clinic not added.")
            return
        out.print("The demo clinic is already here.")
    else:
        out.print(
            f"Demo clinic ready: {counts.doctors} doctors, {counts.patients} patients, "
            f"{counts.workout_sessions} workout sessions, {counts.brain_sessions} brain sessions, "
            f"{counts.schedules} appointments, {counts.messages} messages."
        )
    print_demo_logins()


@app.command("seed-scale")
def seed_scale_command(
    patients: Annotated[int, typer.Option(min=1, help="Patients in the clinic.")] = 5000,
    doctors: Annotated[int, typer.Option(min=1, help="Doctors caring for them.")] = 100,
    weeks: Annotated[int, typer.Option(min=1, help="Weeks of history.")] = 52,
    seed: Annotated[
        int, typer.Option(help="Random seed: the same seed gives the same clinic.")
    ] = 2026,
    today: Annotated[
        str | None, typer.Option(help="The last day of the history (YYYY-MM-DD, default today).")
    ] = None,
) -> None:
    """Fill an empty database with a large clinic for benchmarks (bulk COPY on PostgreSQL)."""
    from rich.progress import BarColumn, MofNCompleteColumn

    from telerehab.seeding.scale import SCALE_PASSWORD, seed_scale

    try:
        last_day = date.fromisoformat(today) if today else None
    except ValueError:
        fail(f"{today!r} is not a date like 2026-11-25.")
    engine = create_db_engine(DatabaseSettings())
    started = time.monotonic()
    with Progress(
        TextColumn("Seeding patients"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("patients", total=patients)
        try:
            with engine.begin() as connection:
                counts = seed_scale(
                    connection,
                    patients=patients,
                    doctors=doctors,
                    weeks=weeks,
                    seed=seed,
                    today=last_day,
                    progress=lambda done: progress.advance(task, done),
                )
        except DatabaseNotEmpty as error:
            fail(str(error))
    engine.dispose()
    for table, rows in sorted(counts.rows.items()):
        out.print(f"  {table:26} {rows:>10,}")
    out.print(
        f"Scale clinic ready in {time.monotonic() - started:.1f} s: {counts.total:,} rows, "
        f"{counts.history_rows:,} of them history (sessions and sets, brain games, messages, "
        f"notifications, appointments, audit log). Logins: scale.doctor.0001, "
        f"scale.patient.00001 ...; password {SCALE_PASSWORD}."
    )


JobDay = Annotated[
    str | None,
    typer.Option(
        "--date", help="The day (YYYY-MM-DD), in every zone (default: each one's own today)."
    ),
]


def _daily_job(day: str | None, job: Callable[[Session, date | None], int], what: str) -> None:
    """Run a daily notification job as of ``day`` and say how many notifications it added."""
    try:
        today = date.fromisoformat(day) if day else None
    except ValueError:
        fail(f"{day!r} is not a date like 2026-11-25.")
    with Session(create_db_engine(DatabaseSettings())) as session:
        created = job(session, today)
        session.commit()
    out.print(f"{created} notification(s) about {what} created.")


@app.command("notify-missed")
def notify_missed_command(day: JobDay = None) -> None:
    """Notify patients who missed two planned days in a row, and their doctors (run daily)."""
    _daily_job(day, notify_missed_sessions, "missed sessions")


@app.command("notify-proms")
def notify_proms_command(day: JobDay = None) -> None:
    """Tell patients of outcome questionnaires now due, once per occurrence (run daily)."""
    _daily_job(day, notify_due, "due questionnaires")


@app.command("send-reminders")
def send_reminders_command(
    at: Annotated[
        str | None,
        typer.Option("--at", help="Run as of this instant (ISO 8601 with offset); default: now."),
    ] = None,
) -> None:
    """Remind patients whose chosen time has come and whose plan for today is not done (run
    every few minutes; each patient gets one reminder a day, however often it runs)."""
    try:
        now = datetime.fromisoformat(at) if at else None
    except ValueError:
        fail(f"{at!r} is not an instant like 2026-11-25T18:05:00+01:00.")
    if now is not None and now.tzinfo is None:
        fail(f"{at!r} has no UTC offset; add one, e.g. +00:00.")
    with Session(create_db_engine(DatabaseSettings())) as session:
        run = send_reminders(session, ReminderSettings(), now)
    out.print(
        f"{run.sent} reminder(s) sent, {run.emailed} by e-mail"
        + (f", {run.mail_failed} e-mail(s) failed." if run.mail_failed else ".")
    )


@app.command("backup")
def backup_command(
    output: Annotated[
        Path | None, typer.Option(help="Backup file to write (default: a dated name here).")
    ] = None,
) -> None:
    """Back up the database to one verified file (restored into a scratch copy and compared)."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    _verified_backup(_database_url(), output or Path(f"telerehab-{stamp}.trbackup"))


def _verified_backup(url: str, output: Path, hint: str = "") -> None:
    """Take a verified backup and say where it went, or stop with one sentence (and ``hint``)."""
    started = time.monotonic()
    with _spinner("Backing up") as step:
        try:
            manifest = backups.backup(url, output, step)
        except backups.BackupError as error:
            fail(f"{error} {hint}".strip())
    rows = sum(table["rows"] for table in manifest["tables"].values())
    out.print(
        f"Backup verified and written to {output}: {len(manifest['tables'])} tables, "
        f"{rows} rows, schema {manifest['schema_revision']}, {time.monotonic() - started:.1f} s.",
        highlight=False,
        soft_wrap=True,
    )


@app.command("restore")
def restore_command(
    backup_file: Annotated[Path, typer.Argument(help="A file made by `telerehab backup`.")],
    force: Annotated[
        bool, typer.Option("--force", help="Replace the data of a database that is not empty.")
    ] = False,
) -> None:
    """Restore a backup into DATABASE_URL and verify every table against the backup."""
    if not backup_file.is_file():
        fail(f"{backup_file} does not exist.")
    started = time.monotonic()
    with _spinner("Restoring") as step:
        try:
            manifest = backups.restore(backup_file, _database_url(), force=force, progress=step)
        except backups.BackupError as error:
            fail(str(error))
    out.print(
        f"Restored and verified {len(manifest['tables'])} tables from {backup_file} "
        f"(made {manifest['created_at']}) in {time.monotonic() - started:.1f} s."
    )


@contextmanager
def _spinner(title: str) -> Iterator[Callable[[str], None]]:
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task(title, total=None)
        yield lambda step: progress.update(task, description=f"{title}: {step}")


@app.command("openapi")
def write_openapi(
    output: Annotated[Path, typer.Option(help="Where to write the document.")] = Path(
        "docs/openapi.json"
    ),
) -> None:
    """Write the OpenAPI document (what the web app's client is generated from)."""
    from telerehab.main import openapi_document

    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(openapi_document(), indent=2, sort_keys=True) + "\n")
    out.print(f"Wrote {output}")


@app.command("demo-logins")
def print_demo_logins() -> None:
    """Print the demo clinic's sign-in names."""
    doctors = ", ".join(username for username, _ in DEMO_DOCTORS)
    out.print(
        f"Demo logins (password for all: {DEMO_PASSWORD}):\n"
        f"  admin:    {DEMO_ADMIN}\n  doctors:  {doctors}\n"
        "  patients: ada.achebe, bram.berg, chiara.conti ... (30 in all)",
        highlight=False,
    )


if __name__ == "__main__":
    app()
