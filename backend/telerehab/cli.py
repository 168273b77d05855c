"""The ``telerehab`` command: serve, migrate, create-admin, seed-demo, exercise analyze."""

import json
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from sqlalchemy import create_engine, inspect, pool
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from telerehab import migrate as migrations
from telerehab.accounts import create_account
from telerehab.config import ConfigurationError, DatabaseSettings, load_settings
from telerehab.database import create_db_engine
from telerehab.enums import UserRole
from telerehab.errors import DomainError
from telerehab.exercise_cli import app as exercise_app
from telerehab.migration_tools import LegacyDataError
from telerehab.seed import DEMO_ADMIN, DEMO_DOCTORS, DEMO_PASSWORD, DatabaseNotEmpty, seed_demo

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
) -> None:
    """Serve the API (and the web app, when it has been built)."""
    import uvicorn

    try:
        load_settings()
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
        proxy_headers=False,
    )


@app.command()
def migrate(
    revision: Annotated[str, typer.Option(help="Target revision.")] = "head",
) -> None:
    """Bring the database schema up to date (a database of the old app is detected and upgraded)."""
    url = _database_url()
    try:
        engine = create_engine(url, poolclass=pool.NullPool)
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
        engine.dispose()
        if "alembic_version" not in tables and "users" in tables:
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
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("Seeding the demo clinic", total=None)
        try:
            with Session(engine) as session:
                counts = seed_demo(
                    session,
                    seed=seed,
                    progress=lambda step: progress.update(task, description=f"Seeding: {step}"),
                )
                session.commit()
        except DatabaseNotEmpty as error:
            if if_empty:
                out.print("The database already has accounts; demo clinic not added.")
                return
            fail(str(error))
    out.print(
        f"Demo clinic ready: {counts.doctors} doctors, {counts.patients} patients, "
        f"{counts.workout_sessions} workout sessions, {counts.brain_sessions} brain sessions, "
        f"{counts.schedules} appointments, {counts.messages} messages."
    )
    print_demo_logins()


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
