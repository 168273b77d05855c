"""The monthly remote-monitoring report: for each patient a doctor cared for in a month, the days
with measured exercise data in each 30-day period, and the doctor's logged minutes.

Definitions (docs/api.md, "Monitoring report"):
- a *measured day* is a UTC day on which the patient started a workout session with at least
  one set recorded (what the exercise engine measured; a session without sets does not count);
- *30-day periods* run back to back from the patient's first measured day (period 1 is that day
  and the 29 after it, period 2 the next 30 days, ...); a month's report lists the periods that
  *start* in it, so each period is reported once, in one month;
- a period *meets the threshold* with 16 or more measured days (the common remote physiologic
  monitoring rule); it is *complete* once its last day is before today;
- *minutes* are the calling doctor's time entries that started in the month (UTC).
Patients are those the doctor cared for at any time in the month (an assignment overlapping
it), so last month's report still lists a patient whose care has since ended.
"""

import re
from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlalchemy.orm import Session

from telerehab.domain.calendar import utc_midnight
from telerehab.enums import UserRole
from telerehab.errors import InvalidInput
from telerehab.models import Assignment, SessionDetail, TimeEntry, User, WorkoutSession
from telerehab.schemas.monitoring import MonitoringPatient, MonitoringPeriod, MonitoringReport
from telerehab.trends.buckets import utc_day

PERIOD_DAYS = 30
THRESHOLD_DAYS = 16
MONTH_PATTERN = r"^(19|20|21)\d\d-(0[1-9]|1[0-2])$"


def parse_month(text: str) -> date:
    """The first day of month ``YYYY-MM`` (1900-2199)."""
    if not re.fullmatch(MONTH_PATTERN, text):
        raise InvalidInput("month: give a month as YYYY-MM, between 1900-01 and 2199-12.")
    year, month = (int(part) for part in text.split("-"))
    return date(year, month, 1)


def next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def _day(value: date | str) -> date:
    """A grouped day: PostgreSQL answers a date, SQLite text."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def periods_starting_in(first_measured: date, month: date) -> list[date]:
    """The starts of the 30-day periods counted from ``first_measured`` that fall in ``month``."""
    after = next_month(month)
    skip = max(0, -(-(month - first_measured).days // PERIOD_DAYS))
    starts = []
    start = first_measured + timedelta(days=PERIOD_DAYS * skip)
    while start < after:
        starts.append(start)
        start += timedelta(days=PERIOD_DAYS)
    return starts


def patients_in_month(db: Session, doctor: User, month: date) -> list[User]:
    """The patients ``doctor`` cared for at any time in ``month``, by name."""
    since, until = utc_midnight(month), utc_midnight(next_month(month))
    cared = exists().where(
        Assignment.doctor_id == doctor.id,
        Assignment.patient_id == User.id,
        Assignment.created_at < until,
        or_(Assignment.ended_at.is_(None), Assignment.ended_at >= since),
    )
    statement = (
        select(User).where(User.role == UserRole.PATIENT, cared).order_by(User.full_name, User.id)
    )
    return list(db.scalars(statement))


def _measured() -> list[ColumnElement[bool]]:
    """A session with at least one set: measured exercise data."""
    return [exists().where(SessionDetail.session_id == WorkoutSession.id)]


def monitoring_report(db: Session, doctor: User, month: date, today: date) -> MonitoringReport:
    patients = patients_in_month(db, doctor, month)
    ids = [patient.id for patient in patients]
    after = next_month(month)
    first_days: dict[int, date] = {}
    measured: dict[int, set[date]] = defaultdict(set)
    minutes: dict[int, int] = {}
    if ids:
        first = select(WorkoutSession.user_id, func.min(utc_day(WorkoutSession.started_at)))
        first_days = {
            user_id: _day(day)
            for user_id, day in db.execute(
                first.where(WorkoutSession.user_id.in_(ids), *_measured()).group_by(
                    WorkoutSession.user_id
                )
            )
        }
        day = utc_day(WorkoutSession.started_at)
        # Every period that starts in the month ends within 30 days of its end.
        window = (
            select(WorkoutSession.user_id, day)
            .where(
                WorkoutSession.user_id.in_(ids),
                WorkoutSession.started_at >= utc_midnight(month),
                WorkoutSession.started_at < utc_midnight(after + timedelta(days=PERIOD_DAYS)),
                *_measured(),
            )
            .group_by(WorkoutSession.user_id, day)
        )
        for user_id, value in db.execute(window):
            measured[user_id].add(_day(value))
        logged = (
            select(TimeEntry.patient_id, func.sum(TimeEntry.minutes))
            .where(
                TimeEntry.doctor_id == doctor.id,
                TimeEntry.patient_id.in_(ids),
                TimeEntry.started_at >= utc_midnight(month),
                TimeEntry.started_at < utc_midnight(after),
            )
            .group_by(TimeEntry.patient_id)
        )
        minutes = {patient_id: int(total) for patient_id, total in db.execute(logged)}
    return MonitoringReport(
        month=f"{month:%Y-%m}",
        doctor_id=doctor.id,
        doctor_name=doctor.full_name,
        threshold_days=THRESHOLD_DAYS,
        period_days=PERIOD_DAYS,
        patients=[
            _patient_row(
                patient,
                first_days.get(patient.id),
                measured[patient.id],
                month,
                today,
                minutes.get(patient.id, 0),
            )
            for patient in patients
        ],
    )


def _patient_row(
    patient: User, first: date | None, days: set[date], month: date, today: date, minutes: int
) -> MonitoringPatient:
    after = next_month(month)
    periods = []
    for start in periods_starting_in(first, month) if first else []:
        end = start + timedelta(days=PERIOD_DAYS - 1)
        count = sum(1 for day in days if start <= day <= end)
        periods.append(
            MonitoringPeriod(
                start=start,
                end=end,
                days_measured=count,
                meets_threshold=count >= THRESHOLD_DAYS,
                complete=end < today,
            )
        )
    return MonitoringPatient(
        patient_id=patient.id,
        full_name=patient.full_name,
        first_measured_day=first,
        periods=periods,
        days_measured_in_month=sum(1 for day in days if month <= day < after),
        minutes=minutes,
    )


__all__ = [
    "MONTH_PATTERN",
    "PERIOD_DAYS",
    "THRESHOLD_DAYS",
    "monitoring_report",
    "next_month",
    "parse_month",
    "periods_starting_in",
]
