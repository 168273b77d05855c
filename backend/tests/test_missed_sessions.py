"""The missed-sessions job: two planned days in a row without a workout tell the patient and
their current doctors, once a day, in one statement whatever the number of patients."""

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime, time, timedelta
from itertools import groupby

from sqlalchemy import select
from sqlalchemy.orm import Session

from telerehab.domain.calendar import week_start
from telerehab.domain.missed_sessions import notify_missed_sessions
from telerehab.enums import NotificationKind, UserRole, Weekday
from telerehab.models import Combo, Notification, User, WeekPlan, WeekPlanItem, WorkoutSession

from .conftest import StatementCount
from .factories import assign, make_combo, make_user

WEDNESDAY = date(2031, 3, 12)  # the job's "today": Monday 10 and Tuesday 11 are checked


def plan(db: Session, patient: User, doctor: User, combo: Combo, days: list[date]) -> None:
    """Week plans with one routine on each of ``days`` (one plan per ISO week)."""
    for monday, in_week in groupby(sorted(days), key=week_start):
        weekdays = {list(Weekday)[day.weekday()] for day in in_week}
        week = WeekPlan(patient_id=patient.id, doctor_id=doctor.id, week_start=monday)
        week.items = [
            WeekPlanItem(weekday=weekday, position=0, combo_id=combo.id) for weekday in weekdays
        ]
        db.add(week)
    db.flush()


def workout(db: Session, patient: User, at: datetime) -> None:
    db.add(WorkoutSession(user_id=patient.id, started_at=at, ended_at=at + timedelta(minutes=20)))
    db.flush()


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def missed_notifications(db: Session) -> list[tuple[str, str, str | None]]:
    db.expire_all()
    rows = db.execute(
        select(User.username, Notification.title, Notification.link)
        .join(User, User.id == Notification.user_id)
        .where(Notification.kind == NotificationKind.MISSED_SESSION)
        .order_by(User.username, Notification.link)
    )
    return [(username, title, link) for username, title, link in rows]


def test_two_missed_days_tell_the_patient_and_their_current_doctors(
    db_session: Session,
) -> None:
    db = db_session
    monday, tuesday = WEDNESDAY - timedelta(days=2), WEDNESDAY - timedelta(days=1)
    doctor = make_user(db, UserRole.DOCTOR, "dr.current")
    colleague = make_user(db, UserRole.DOCTOR, "dr.colleague")
    former = make_user(db, UserRole.DOCTOR, "dr.former")
    away = make_user(db, UserRole.DOCTOR, "dr.away", is_active=False)
    combo = make_combo(db, doctor, "Knee routine")

    def patient(name: str, days: list[date], *, is_active: bool = True) -> User:
        user = make_user(db, UserRole.PATIENT, name, full_name=name.title(), is_active=is_active)
        assign(db, doctor, user)
        plan(db, user, doctor, combo, days)
        return user

    missed = patient("missed", [monday, tuesday])
    assign(db, colleague, missed)
    assign(db, former, missed, ended=True)
    assign(db, away, missed)
    trained = patient("trained", [monday, tuesday])
    workout(db, trained, at(monday, 23, 59))  # one session on either day is enough
    patient("rested", [tuesday])  # Monday was a rest day: not two missed days
    late = patient("late", [monday, tuesday, WEDNESDAY])
    workout(db, late, at(WEDNESDAY, 0, 5))  # today's session does not make up for yesterday
    again = patient("again", [monday, tuesday, WEDNESDAY])
    patient("inactive", [monday, tuesday], is_active=False)
    other = patient("other-plans", [tuesday])
    plan(db, other, doctor, combo, [monday + timedelta(days=7)])  # next Monday, not this one
    db.commit()

    created = notify_missed_sessions(db, WEDNESDAY)
    db.commit()

    marker = "?missed=2031-03-11"
    patient_title, body_dates = (
        "You missed your planned exercises",
        "Monday 10 March and Tuesday 11 March",
    )
    doctor_title = "{} missed 2 planned exercise days".format
    first_day = [
        ("again", patient_title, f"/plan{marker}"),
        ("dr.colleague", doctor_title("Missed"), f"/patients/{missed.id}{marker}"),
        ("dr.current", doctor_title("Again"), f"/patients/{again.id}{marker}"),
        ("dr.current", doctor_title("Late"), f"/patients/{late.id}{marker}"),
        ("dr.current", doctor_title("Missed"), f"/patients/{missed.id}{marker}"),
        ("late", patient_title, f"/plan{marker}"),
        ("missed", patient_title, f"/plan{marker}"),
    ]
    assert sorted(missed_notifications(db)) == sorted(first_day)
    assert created == 7
    stored = db.scalars(select(Notification).where(Notification.user_id == missed.id)).all()
    missed_one = [n for n in stored if n.kind == NotificationKind.MISSED_SESSION]
    assert len(missed_one) == 1 and body_dates in (missed_one[0].body or "")
    assert missed_one[0].is_read is False
    assert missed_one[0].created_at.tzinfo is not None

    # Running again the same day adds nothing; the next day is a new pair of days.
    assert notify_missed_sessions(db, WEDNESDAY) == 0
    db.commit()
    assert len(missed_notifications(db)) == 7
    # Thursday looks at Tuesday and Wednesday: only "again" had both planned and did neither.
    assert notify_missed_sessions(db, WEDNESDAY + timedelta(days=1)) == 2
    db.commit()
    new = set(missed_notifications(db)) - set(first_day)
    assert new == {
        ("again", patient_title, "/plan?missed=2031-03-12"),
        ("dr.current", doctor_title("Again"), f"/patients/{again.id}?missed=2031-03-12"),
    }


def test_a_weekend_spans_two_week_plans(db_session: Session) -> None:
    db = db_session
    tuesday = date(2031, 3, 18)
    sunday, monday = tuesday - timedelta(days=2), tuesday - timedelta(days=1)
    doctor = make_user(db, UserRole.DOCTOR, "dr.week")
    combo = make_combo(db, doctor, "Weekend routine")
    across = make_user(db, UserRole.PATIENT, "across")
    plan(db, across, doctor, combo, [sunday, monday])  # last week's plan, then this week's
    only_this_week = make_user(db, UserRole.PATIENT, "this-week")
    plan(db, only_this_week, doctor, combo, [monday, monday + timedelta(days=6)])  # next Sunday
    db.commit()

    assert notify_missed_sessions(db, tuesday) == 1
    db.commit()
    assert [row[0] for row in missed_notifications(db)] == ["across"]


def test_the_job_is_one_statement_per_time_zone_whatever_the_number_of_patients(
    db_session: Session,
    count_statements: Callable[[], AbstractContextManager[StatementCount]],
) -> None:
    db = db_session
    monday, tuesday = WEDNESDAY - timedelta(days=2), WEDNESDAY - timedelta(days=1)
    doctor = make_user(db, UserRole.DOCTOR, "dr.busy")
    combo = make_combo(db, doctor, "Routine")
    zones = ["UTC", "Europe/Berlin", "Pacific/Auckland"]
    for n in range(30):
        patient = make_user(db, UserRole.PATIENT, f"patient{n}")
        patient.time_zone = zones[n % len(zones)]
        assign(db, doctor, patient)
        plan(db, patient, doctor, combo, [monday, tuesday])
    db.commit()
    with count_statements() as counted:
        created = notify_missed_sessions(db, WEDNESDAY)
    db.commit()
    assert created == 60
    # Which zones have patients, then one INSERT ... SELECT per zone.
    assert counted.count == 1 + len(zones)
    inserts = [sql.lstrip().upper() for sql in counted.statements[1:]]
    assert all(sql.startswith("INSERT INTO NOTIFICATIONS") for sql in inserts)
