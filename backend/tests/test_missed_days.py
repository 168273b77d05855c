"""One missed-days rule: the doctor's dashboard and the daily job answer alike for the same
patient on the same day (``telerehab.domain.missed_days``)."""

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from telerehab.domain.calendar import utc_midnight
from telerehab.domain.missed_days import checked_days
from telerehab.domain.missed_sessions import notify_missed_sessions
from telerehab.enums import NotificationKind, UserRole
from telerehab.models import Notification, User
from telerehab.trends import attention_list, patient_zones

from .factories import assign, make_combo, make_user
from .test_missed_sessions import plan, workout

MONDAY = date(2031, 3, 10)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return utc_midnight(day) + timedelta(hours=hour, minutes=minute)


def test_checked_days_are_the_two_days_before_today() -> None:
    assert checked_days(date(2031, 3, 12)) == [date(2031, 3, 10), date(2031, 3, 11)]


def test_the_dashboard_and_the_daily_job_agree_on_who_missed_sessions(
    db_session: Session,
) -> None:
    """Histories that the two used to judge differently (a rest day among the two, a workout
    only today), and the plain cases, over a week that crosses into the next plan."""
    db = db_session
    doctor = make_user(db, UserRole.DOCTOR, "dr.agree")
    combo = make_combo(db, doctor, "Daily routine")
    sunday = MONDAY - timedelta(days=1)
    week = [MONDAY + timedelta(days=n) for n in range(5)]  # Monday to Friday

    def patient(name: str, planned: list[date], trained: tuple[datetime, ...] = ()) -> User:
        user = make_user(db, UserRole.PATIENT, name, full_name=name.title())
        assign(db, doctor, user)
        plan(db, user, doctor, combo, planned)
        for moment in trained:
            workout(db, user, moment)
        return user

    patient("idle", [sunday, *week])  # planned every day, never trains
    patient("rested", week[1::2])  # Tuesday and Thursday: a rest day between
    patient("once", [sunday, *week], (at(week[1], 23, 59),))  # Tuesday, late in the day
    patient("today-only", [sunday, *week], (at(week[2], 0, 5), at(week[3], 7)))
    patient("weekend", [sunday, MONDAY])  # the pair crosses from last week's plan
    patient("unplanned", [], (at(MONDAY, 9),))
    db.commit()

    for today in [MONDAY + timedelta(days=n) for n in range(1, 5)]:
        rows = db.execute(
            *attention_list(doctor, at(today, 15), 50, patient_zones(db, doctor))
        ).all()
        on_dashboard = {row.full_name for row in rows if row.missed_sessions}
        notify_missed_sessions(db, today)
        db.commit()
        notified = set(
            db.scalars(
                select(User.full_name)
                .join(Notification, Notification.user_id == User.id)
                .where(
                    User.role == UserRole.PATIENT,
                    Notification.kind == NotificationKind.MISSED_SESSION,
                    Notification.link.endswith(f"?missed={today - timedelta(days=1)}"),
                )
            )
        )
        assert on_dashboard == notified, today
        if today == MONDAY + timedelta(days=1):  # Tuesday looks at Sunday and Monday
            assert notified == {"Idle", "Weekend", "Once", "Today-Only"}
        if today == MONDAY + timedelta(days=2):  # Wednesday: Monday and Tuesday
            # A workout this morning does not undo the two days; Rested had Monday off.
            assert notified == {"Idle", "Today-Only"}
        if today == MONDAY + timedelta(days=3):  # Thursday: Tuesday and Wednesday
            # Today-Only trained on Wednesday just after midnight; Once on Tuesday.
            assert notified == {"Idle"}
