"""Reminders: at the patient's chosen local time, once per local day, in-app and by e-mail
(against a local SMTP server), never twice from two workers and never at night."""

import socket
import threading
import time as clock
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from email import message_from_bytes
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from telerehab.config import ReminderSettings, Settings
from telerehab.domain.calendar import local_time
from telerehab.domain.reminders import due_day, send_reminders
from telerehab.enums import NotificationKind, UserRole
from telerehab.main import create_app
from telerehab.models import Notification, Reminder, User, WeekPlanItem, WorkoutSession
from telerehab.operations.cli import app as cli

from .factories import make_combo, make_user
from .test_missed_sessions import plan

BERLIN, AUCKLAND, LOS_ANGELES = "Europe/Berlin", "Pacific/Auckland", "America/Los_Angeles"
WINDOW = timedelta(minutes=120)
THURSDAY = date(2031, 3, 13)


def at(zone_name: str, day: date, hour: int, minute: int = 0) -> datetime:
    """The instant of a wall-clock time in ``zone_name``, in UTC."""
    from telerehab.domain.calendar import zone

    return datetime.combine(day, time(hour, minute), tzinfo=zone(zone_name)).astimezone(UTC)


class Inbox:
    """A local SMTP server on a free port, keeping what it receives."""

    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, ReminderSettings]]:
    box = Inbox()
    port = _free_port()
    server = Controller(box, hostname="127.0.0.1", port=port)
    server.start()
    try:
        yield (
            box,
            ReminderSettings(
                smtp_host="127.0.0.1",
                smtp_port=port,
                smtp_from="clinic@test.example",
                smtp_tls="none",
            ),
        )
    finally:
        server.stop()


def _patient(db: Session, name: str, zone_name: str, chosen: time | None, days: list[date]) -> User:
    doctor = db.scalars(select(User).where(User.username == "dr.remind")).first() or make_user(
        db, UserRole.DOCTOR, "dr.remind"
    )
    patient = make_user(db, UserRole.PATIENT, name, time_zone=zone_name, reminder_time=chosen)
    plan(db, patient, doctor, make_combo(db, doctor, f"Routine of {name}"), days)
    db.commit()
    return patient


def _reminded(db: Session) -> list[str]:
    db.expire_all()
    return list(
        db.scalars(
            select(User.username)
            .join(Notification, Notification.user_id == User.id)
            .where(Notification.kind == NotificationKind.REMINDER)
            .order_by(User.username)
        )
    )


def test_a_reminder_is_due_from_the_chosen_local_time_for_a_window() -> None:
    six_pm = time(18)
    assert due_day(six_pm, BERLIN, at(BERLIN, THURSDAY, 17, 59), WINDOW) is None
    assert due_day(six_pm, BERLIN, at(BERLIN, THURSDAY, 18), WINDOW) == THURSDAY
    assert due_day(six_pm, BERLIN, at(BERLIN, THURSDAY, 19, 59), WINDOW) == THURSDAY
    assert due_day(six_pm, BERLIN, at(BERLIN, THURSDAY, 20), WINDOW) is None
    # Late in the evening, the window runs past midnight: still the day it was chosen for.
    friday = THURSDAY + timedelta(days=1)
    assert due_day(time(23, 30), BERLIN, at(BERLIN, friday, 0, 30), WINDOW) == THURSDAY
    # On the day the clocks skip 02:00-03:00, 02:30 comes at 03:30 on the wall clock.
    change = date(2031, 3, 30)
    assert due_day(time(2, 30), BERLIN, at(BERLIN, change, 3, 29), WINDOW) is None
    assert due_day(time(2, 30), BERLIN, at(BERLIN, change, 3, 30), WINDOW) == change
    # On the day an hour repeats, the time is due once, at its first occurrence.
    autumn = date(2031, 10, 26)
    assert due_day(time(18), BERLIN, at(BERLIN, autumn, 18, 5), WINDOW) == autumn


def test_the_patient_is_reminded_once_in_app_and_by_mail_when_the_plan_is_not_done(
    db_session: Session, inbox: tuple[Inbox, ReminderSettings]
) -> None:
    db = db_session
    box, settings = inbox
    waiting = _patient(db, "waiting", BERLIN, time(18), [THURSDAY])
    done = _patient(db, "done", BERLIN, time(18), [THURSDAY])
    item = db.scalars(
        select(WeekPlanItem.id)
        .join(WeekPlanItem.week_plan)
        .where(WeekPlanItem.week_plan.has(patient_id=done.id))
    ).one()
    db.add(
        WorkoutSession(user_id=done.id, week_plan_item_id=item, started_at=at(BERLIN, THURSDAY, 8))
    )
    _patient(db, "rest-day", BERLIN, time(18), [THURSDAY + timedelta(days=1)])
    _patient(db, "no-reminder", BERLIN, None, [THURSDAY])
    _patient(db, "later", BERLIN, time(19), [THURSDAY])
    db.commit()

    run = send_reminders(db, settings, at(BERLIN, THURSDAY, 18, 5))
    assert (run.sent, run.emailed, run.mail_failed) == (1, 1, 0)
    assert _reminded(db) == ["waiting"]
    assert [m["To"] for m in box.messages] == [waiting.email]
    assert box.messages[0]["Subject"] == "Your exercises for today are waiting"
    assert db.scalars(select(Reminder.emailed)).one() is True

    # Runs every few minutes: "waiting" is not reminded again, "later" is at 19:00.
    for minutes in (10, 30, 65):
        send_reminders(db, settings, at(BERLIN, THURSDAY, 18) + timedelta(minutes=minutes))
    assert _reminded(db) == ["later", "waiting"]
    assert len(box.messages) == 2
    # The next day is a new day.
    send_reminders(db, settings, at(BERLIN, THURSDAY + timedelta(days=1), 18, 5))
    assert _reminded(db) == ["later", "rest-day", "waiting"]


def test_a_mail_failure_keeps_the_in_app_reminder(db_session: Session) -> None:
    db = db_session
    _patient(db, "unlucky", "UTC", time(9), [THURSDAY])
    nobody_listens = ReminderSettings(
        smtp_host="127.0.0.1",
        smtp_port=_free_port(),
        smtp_from="clinic@test.example",
        smtp_tls="none",
        smtp_timeout_seconds=2,
    )
    run = send_reminders(db, nobody_listens, at("UTC", THURSDAY, 9, 1))
    assert (run.sent, run.emailed, run.mail_failed) == (1, 0, 1)
    assert _reminded(db) == ["unlucky"]
    assert send_reminders(db, nobody_listens, at("UTC", THURSDAY, 9, 6)).sent == 0


def test_no_reminder_at_night_after_a_change_of_time_zone(db_session: Session) -> None:
    """A patient who chose 22:00 in Los Angeles, not yet reminded on Thursday, flies to Berlin
    and changes zone at 20:00 there, which is 04:00 on Friday in Berlin. Thursday 22:00 in
    Berlin passed six hours ago without a reminder; it is not sent now, at night. The job runs
    every half hour for a day: the one reminder comes at 22:00 on Friday, Berlin time."""
    db = db_session
    traveller = _patient(
        db, "traveller", LOS_ANGELES, time(22), [THURSDAY, THURSDAY + timedelta(days=1)]
    )
    changed = at(LOS_ANGELES, THURSDAY, 20)
    assert local_time(changed, BERLIN).hour == 4
    traveller.time_zone = BERLIN
    db.commit()

    def run_through_the_day(settings: ReminderSettings) -> list[tuple[int, int]]:
        sent = []
        for step in range(48):
            now = changed + timedelta(minutes=30 * step)
            if send_reminders(db, settings, now).sent:
                moment = local_time(now, BERLIN)
                sent.append((moment.hour, moment.minute))
        return sent

    # Without the window (a reminder due any time after the chosen time), it would go at 04:00.
    unbounded = ReminderSettings(reminder_window_minutes=12 * 60)
    assert send_reminders(db, unbounded, changed).sent == 1
    db.execute(delete(Notification))
    db.execute(delete(Reminder))
    db.commit()
    assert run_through_the_day(ReminderSettings()) == [(22, 0)]


def test_the_cli_sends_the_reminders_due(
    db_session: Session, settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    _patient(db_session, "cli-patient", AUCKLAND, time(7, 30), [THURSDAY])
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    moment = at(AUCKLAND, THURSDAY, 7, 45).isoformat()
    result = CliRunner().invoke(cli, ["send-reminders", "--at", moment])
    assert result.exit_code == 0, result.output
    assert "1 reminder(s) sent, 0 by e-mail." in result.output
    again = CliRunner().invoke(cli, ["send-reminders", "--at", moment])
    assert "0 reminder(s) sent" in again.output
    assert _reminded(db_session) == ["cli-patient"]
    naive = CliRunner().invoke(cli, ["send-reminders", "--at", "2031-03-13T07:45"])
    assert naive.exit_code != 0 and "offset" in naive.output


def test_the_server_runs_reminders_when_configured(db_session: Session, settings: Settings) -> None:
    assert Settings.model_fields["reminder_interval_seconds"].default == 0  # off unless asked
    now = datetime.now(UTC)
    chosen = (now - timedelta(minutes=5)).time().replace(second=0, microsecond=0)
    day = due_day(chosen, "UTC", now, WINDOW)
    assert day is not None
    _patient(db_session, "scheduled", "UTC", chosen, [day])
    app = create_app(settings.model_copy(update={"reminder_interval_seconds": 0.2}))
    try:
        with TestClient(app):
            deadline = clock.monotonic() + 15
            while not _reminded(db_session) and clock.monotonic() < deadline:
                clock.sleep(0.1)
    finally:
        app.state.engine.dispose()
    assert _reminded(db_session) == ["scheduled"]


@pytest.mark.postgres_only
def test_two_workers_at_once_send_each_reminder_once(db_session: Session, app: FastAPI) -> None:
    db = db_session
    for n in range(20):
        _patient(db, f"racer{n:02}", BERLIN, time(18), [THURSDAY])
    now = at(BERLIN, THURSDAY, 18, 1)
    start = threading.Barrier(2)
    runs: list[int] = []

    def worker() -> None:
        with app.state.session_factory() as session:
            start.wait()
            runs.append(send_reminders(session, ReminderSettings(), now).sent)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(runs) == 20
    assert len(_reminded(db)) == 20
    assert db.scalar(select(func.count(Reminder.id))) == 20


@pytest.mark.postgres_only
def test_a_worker_waits_for_anothers_claim_and_then_sends_nothing(
    db_session: Session, app: FastAPI
) -> None:
    """The first worker has claimed the reminder but not committed yet; the second, past the
    cheap filter, waits on the unique index, and sends nothing once the first commits."""
    db = db_session
    patient = _patient(db, "contested", BERLIN, time(18), [THURSDAY])
    db.add(Reminder(patient_id=patient.id, local_day=THURSDAY))
    db.flush()  # claimed, not committed
    runs: list[int] = []

    def second_worker() -> None:
        with app.state.session_factory() as session:
            runs.append(
                send_reminders(session, ReminderSettings(), at(BERLIN, THURSDAY, 18, 1)).sent
            )

    thread = threading.Thread(target=second_worker)
    thread.start()
    thread.join(timeout=1)
    assert thread.is_alive()  # waiting on the first worker's row
    db.commit()
    thread.join(timeout=30)
    assert runs == [0]
    assert _reminded(db) == []
