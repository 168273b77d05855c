"""Missed exercise days: a daily job tells a patient, and each of their current doctors, when the
patient has missed sessions (the rule of ``telerehab.domain.missed_days``: a routine planned on
each of the last two days and no workout started on either).

Days are the patient's own calendar days, in their time zone. The job is one INSERT ... SELECT
per time zone that has patients, so its cost does not grow with the number of patients in
statements, only in rows.
"""

from datetime import UTC, date, datetime
from typing import Any
from typing import cast as typing_cast

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Select,
    String,
    cast,
    exists,
    insert,
    literal,
    select,
    union_all,
)
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from telerehab.domain.calendar import local_today
from telerehab.domain.missed_days import MISSED_DAYS, checked_days, missed_patients, zones_of
from telerehab.enums import NotificationKind, UserRole
from telerehab.models import Assignment, Notification, User, UTCDateTime, utc_now


def _on(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def notify_missed_sessions(
    db: Session, today: date | None = None, *, now: datetime | None = None
) -> int:
    """Notify patients who have missed sessions, and their current doctors.

    Each patient's today is their local day at ``now`` (default: this instant), or ``today``
    when given (a day to check from, in every zone alike: to catch up on a day the job did not
    run). Returns how many notifications were created. Running it again for the same day creates
    none: each notification's link names the last missed day, and a recipient who already has
    that link is skipped. Only adds to ``db``'s transaction; the caller commits.
    """
    active_patients = select(User.id).where(User.role == UserRole.PATIENT, User.is_active.is_(True))
    moment = now or datetime.now(UTC)
    created = 0
    for zone_name in zones_of(db, active_patients):
        created += _notify_zone(
            db,
            today or local_today(zone_name, moment),
            zone_name,
            active_patients.where(User.time_zone == zone_name),
        )
    return created


def _notify_zone(db: Session, today: date, zone_name: str, patients: Select[int]) -> int:
    days = checked_days(today)
    missed_ids = missed_patients(today, patients, zone_name)
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
