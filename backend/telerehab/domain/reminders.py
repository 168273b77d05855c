"""Reminders: at the time of day a patient chose, in their own time zone, if their plan for the
day is not done, an in-app notification and, when the clinic configured SMTP, an e-mail.

- **Once per patient and local day, whatever the number of workers.** A reminder is claimed by
  inserting its ``reminders`` row (unique per patient and local day) and committing, before
  anything is sent. A second worker's insert of the same pair fails (on PostgreSQL it waits for
  the first worker's transaction, then fails), so that worker sends nothing.
- **Never at night.** A reminder goes out only from the chosen local time until
  ``REMINDER_WINDOW_MINUTES`` after it. A run that comes later (the job did not run, or the
  patient changed time zone so that the chosen time has long passed) sends nothing that day.
- **Only when needed.** A day without a plan, or with every routine done, gets no reminder.

The job runs from ``telerehab send-reminders`` (a cron job) or from the server's own scheduler
(``REMINDER_INTERVAL_SECONDS``); the two may run side by side.
"""

import asyncio
import logging
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Row, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from telerehab.config import ReminderSettings
from telerehab.domain.calendar import local_time, zone
from telerehab.domain.notifications import notify
from telerehab.domain.week_plans import routines_of_day
from telerehab.enums import NotificationKind, UserRole
from telerehab.models import Reminder, User
from telerehab.operations.mail import mail_configured, send_mail

logger = logging.getLogger(__name__)

TITLE = "Your exercises for today are waiting"


@dataclass
class ReminderRun:
    """What one run did: reminders sent (in-app), e-mails sent, e-mails that failed."""

    sent: int = 0
    emailed: int = 0
    mail_failed: int = 0


def due_day(chosen: time, zone_name: str, now: datetime, window: timedelta) -> date | None:
    """The patient's local day whose reminder is due at ``now``, or None: due from the chosen
    local time of that day until ``window`` after it. The day before is looked at too, for a
    time late in the evening whose window runs past midnight."""
    today = local_time(now, zone_name).date()
    for day in (today, today - timedelta(days=1)):
        # A chosen time that a daylight-saving change skips is read with the offset before
        # the change, i.e. it falls an hour later on the wall clock that day.
        moment = datetime.combine(day, chosen, tzinfo=zone(zone_name))
        if moment <= now < moment + window:
            return day
    return None


def _candidates(
    db: Session, now: datetime
) -> tuple[Sequence[Row[int, str, time | None, str | None]], set[tuple[int, date]]]:
    """Active patients with a reminder time, and the reminders already claimed for recent days
    (a cheap first filter; the unique insert is what guarantees once)."""
    recent = select(Reminder.patient_id, Reminder.local_day).where(
        Reminder.local_day >= (now - timedelta(days=2)).date()
    )
    claimed = {(row.patient_id, row.local_day) for row in db.execute(recent)}
    rows = db.execute(
        select(User.id, User.time_zone, User.reminder_time, User.email)
        .where(
            User.role == UserRole.PATIENT,
            User.is_active.is_(True),
            User.reminder_time.is_not(None),
        )
        .order_by(User.id)
    ).all()
    return rows, claimed


def _claim(db: Session, patient_id: int, day: date, planned: int, done: int) -> bool:
    """Insert the reminder's row and its notification, and commit; False if another run did."""
    try:
        db.add(Reminder(patient_id=patient_id, local_day=day))
        notify(
            db,
            patient_id,
            NotificationKind.REMINDER,
            TITLE,
            body=f"{done} of {planned} routines of today's plan done so far.",
            link="/",
        )
        db.commit()
    except IntegrityError:
        db.rollback()
        return False
    return True


def send_reminders(
    db: Session, settings: ReminderSettings, now: datetime | None = None
) -> ReminderRun:
    """Send the reminders due at ``now`` (default: this instant). Commits as it goes: each
    reminder is claimed and committed before its e-mail is sent."""
    now = now or datetime.now(UTC)
    window = timedelta(minutes=settings.reminder_window_minutes)
    run = ReminderRun()
    patients, claimed = _candidates(db, now)
    for patient_id, zone_name, chosen, email in patients:
        day = due_day(chosen, zone_name, now, window) if chosen else None
        if day is None or (patient_id, day) in claimed:
            continue
        planned, done = routines_of_day(patient_id, day, zone_name)
        counts = db.execute(select(planned.label("planned"), done.label("done"))).one()
        if counts.planned == 0 or counts.done >= counts.planned:
            continue
        if not _claim(db, patient_id, day, counts.planned, counts.done):
            continue
        run.sent += 1
        if email and mail_configured(settings):
            _mail(db, settings, patient_id, day, email, run)
    db.commit()
    return run


def _mail(
    db: Session, settings: ReminderSettings, patient_id: int, day: date, to: str, run: ReminderRun
) -> None:
    """E-mail a claimed reminder, and mark it e-mailed; a failure is logged, not retried."""
    try:
        send_mail(
            settings,
            to,
            TITLE,
            "Your exercise plan for today is not done yet. Open Telerehab to start it.\n\n"
            "You receive this because you chose a reminder time in your account; set it to "
            "none there to stop these e-mails.",
        )
    except (OSError, smtplib.SMTPException) as error:
        run.mail_failed += 1
        logger.warning("reminder e-mail to patient %s failed: %s", patient_id, error)
        return
    run.emailed += 1
    reminder = db.scalars(
        select(Reminder).where(Reminder.patient_id == patient_id, Reminder.local_day == day)
    ).one()
    reminder.emailed = True
    db.commit()


async def run_periodically(factory: sessionmaker[Session], settings: ReminderSettings) -> None:
    """The server's own scheduler: a run every ``REMINDER_INTERVAL_SECONDS`` until cancelled.
    Each run works in a thread (the database calls block); a failed run is logged and the next
    one comes as usual."""
    while True:
        try:
            await asyncio.to_thread(_run_once, factory, settings)
        except Exception:
            logger.exception("reminder run failed")
        await asyncio.sleep(settings.reminder_interval_seconds)


def _run_once(factory: sessionmaker[Session], settings: ReminderSettings) -> None:
    with factory() as db:
        run = send_reminders(db, settings)
    if run.sent:
        logger.info("reminders sent: %s (e-mailed %s)", run.sent, run.emailed)
