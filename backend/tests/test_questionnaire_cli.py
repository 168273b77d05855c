"""``telerehab notify-proms``: the daily job tells each patient of a due questionnaire once."""

from datetime import date

from sqlalchemy import create_engine, pool, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from telerehab.enums import UserRole
from telerehab.models import Notification, QuestionnaireSchedule, User
from telerehab.operations import migrate
from telerehab.operations.cli import app

from .test_cli import cli_db  # noqa: F401  the fixture: a scratch database in DATABASE_URL

runner = CliRunner()


def test_notify_proms_tells_once_per_occurrence_and_refuses_a_bad_date(cli_db: str) -> None:  # noqa: F811
    migrate.upgrade(cli_db)
    assert runner.invoke(app, ["seed-demo"]).exit_code == 0
    with Session(create_engine(cli_db, poolclass=pool.NullPool)) as session:
        patient = session.scalars(select(User).where(User.role == UserRole.PATIENT)).first()
        doctor = session.scalars(select(User).where(User.role == UserRole.DOCTOR)).first()
        assert patient is not None and doctor is not None
        session.add(
            QuestionnaireSchedule(
                patient_id=patient.id,
                doctor_id=doctor.id,
                instrument="lefs",
                start_date=date(2026, 3, 2),
                every_weeks=4,
            )
        )
        session.commit()
        patient_id = patient.id
    first = runner.invoke(app, ["notify-proms", "--date", "2026-03-02"])
    assert first.exit_code == 0, first.output
    assert "1 notification(s)" in first.output
    assert (
        "0 notification(s)" in runner.invoke(app, ["notify-proms", "--date", "2026-03-10"]).output
    )
    assert (
        "1 notification(s)" in runner.invoke(app, ["notify-proms", "--date", "2026-03-30"]).output
    )
    with Session(create_engine(cli_db, poolclass=pool.NullPool)) as session:
        told = session.scalars(
            select(Notification.title).where(
                Notification.user_id == patient_id, Notification.link == "/questionnaires"
            )
        ).all()
        assert told == ["A questionnaire is waiting for you: Lower Extremity Functional Scale"] * 2
    bad = runner.invoke(app, ["notify-proms", "--date", "soon"])
    assert bad.exit_code == 2 and "is not a date" in bad.output
