"""Missed exercise days: a daily job tells a patient, and each of their current doctors, when the
patient has missed sessions (the rule of ``telerehab.domain.missed_days``: a routine planned on
each of the last two days and no workout started on either).

Days are UTC calendar days, like every stored time. The whole job is one INSERT ... SELECT, so
its cost does not grow with the number of patients in statements, only in rows.
"""

from datetime import date
from typing import Any
from typing import cast as typing_cast

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    String,
    cast,
    exists,
    insert,
    literal,
    select,
    union_all,
)
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from telerehab.domain.missed_days import MISSED_DAYS, checked_days, missed_patients
from telerehab.enums import NotificationKind, UserRole
from telerehab.models import Assignment, Notification, User, UTCDateTime, utc_now


def _on(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def notify_missed_sessions(db: Session, today: date) -> int:
    """Notify patients who have missed sessions, and their current doctors.

    Returns how many notifications were created. Running it again for the same ``today`` creates
    none: each notification's link names the last missed day, and a recipient who already has
    that link is skipped. Only adds to ``db``'s transaction; the caller commits.
    """
    days = checked_days(today)
    active_patients = select(User.id).where(User.role == UserRole.PATIENT, User.is_active.is_(True))
    missed_ids = missed_patients(today, active_patients)
    missed = (
        select(User.id, User.full_name)
        .join(missed_ids, missed_ids.c.patient_id == User.id)
        .subquery("missed_patients")
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
