"""Missed exercise days: a daily job tells a patient, and each of their current doctors, when the
patient's plan had exercises on each of the last two days and no session was recorded on either.

Days are UTC calendar days, like every stored time. The whole job is one INSERT ... SELECT, so
its cost does not grow with the number of patients in statements, only in rows.
"""

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from typing import cast as typing_cast

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Exists,
    String,
    cast,
    exists,
    insert,
    literal,
    select,
    union_all,
)
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from telerehab.enums import NotificationKind, UserRole, Weekday
from telerehab.models import (
    Assignment,
    Notification,
    User,
    UTCDateTime,
    WeekPlan,
    WeekPlanItem,
    WorkoutSession,
    utc_now,
)
from telerehab.progress import week_start

MISSED_DAYS = 2


def planned_on(patient_id: InstrumentedAttribute[int] | ColumnElement[int], day: date) -> Exists:
    """True where the patient's plan for ``day``'s week has a routine on ``day``'s weekday."""
    return exists().where(
        WeekPlanItem.week_plan_id == WeekPlan.id,
        WeekPlan.patient_id == patient_id,
        WeekPlan.week_start == week_start(day),
        WeekPlanItem.weekday == list(Weekday)[day.weekday()],
    )


def trained_on(patient_id: InstrumentedAttribute[int] | ColumnElement[int], day: date) -> Exists:
    """True where the patient started a workout session during ``day`` (UTC)."""
    since = datetime.combine(day, time(), tzinfo=UTC)
    return exists().where(
        WorkoutSession.user_id == patient_id,
        WorkoutSession.started_at >= since,
        WorkoutSession.started_at < since + timedelta(days=1),
    )


def _on(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def notify_missed_sessions(db: Session, today: date) -> int:
    """Notify patients who missed every planned day of the last two, and their current doctors.

    Returns how many notifications were created. Running it again for the same ``today`` creates
    none: each notification's link names the last missed day, and a recipient who already has
    that link is skipped. Only adds to ``db``'s transaction; the caller commits.
    """
    days = [today - timedelta(days=back) for back in range(MISSED_DAYS, 0, -1)]
    missed = (
        select(User.id, User.full_name)
        .where(User.role == UserRole.PATIENT, User.is_active.is_(True))
        .where(*[planned_on(User.id, day) for day in days])
        .where(*[~trained_on(User.id, day) for day in days])
        .subquery("missed")
    )
    marker = f"?missed={days[-1].isoformat()}"
    body = f"Exercises were planned on {' and '.join(map(_on, days))}; none were recorded."
    sent = aliased(Notification)

    def not_sent_yet(
        recipient: InstrumentedAttribute[int] | ColumnElement[int], link: ColumnElement[str]
    ) -> ColumnElement[bool]:
        return ~exists().where(
            sent.user_id == recipient,
            sent.kind == NotificationKind.MISSED_SESSION,
            sent.link == link,
        )

    # Literal values of the rows to insert, typed so each is stored as the ORM would store it.
    kind = literal(NotificationKind.MISSED_SESSION.value)
    unread = literal(False)
    created_at = literal(utc_now(), UTCDateTime())

    patient_link = literal(f"/plan{marker}")
    to_patients = select(
        missed.c.id,
        kind,
        literal("You missed your planned exercises"),
        literal(body),
        patient_link,
        unread,
        created_at,
    ).where(not_sent_yet(missed.c.id, patient_link))

    doctor = aliased(User)
    doctor_link = literal("/patients/") + cast(missed.c.id, String) + literal(marker)
    to_doctors = (
        select(
            Assignment.doctor_id,
            kind,
            missed.c.full_name + literal(f" missed {MISSED_DAYS} planned exercise days"),
            literal(body),
            doctor_link,
            unread,
            created_at,
        )
        .join(Assignment, Assignment.patient_id == missed.c.id)
        .join(doctor, doctor.id == Assignment.doctor_id)
        .where(
            Assignment.ended_at.is_(None),
            doctor.is_active.is_(True),
            not_sent_yet(Assignment.doctor_id, doctor_link),
        )
    )
    result = typing_cast(  # an INSERT ... SELECT's result carries its row count
        CursorResult[Any],
        db.execute(
            insert(Notification)
            .from_select(
                ["user_id", "kind", "title", "body", "link", "is_read", "created_at"],
                union_all(to_patients, to_doctors),
                include_defaults=False,
            )
            # Drivers report an INSERT's row count only when asked (UPDATE's always).
            .execution_options(preserve_rowcount=True)
        ),
    )
    return result.rowcount
