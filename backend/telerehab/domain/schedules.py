"""Appointment rules: a doctor books, moves and closes appointments with patients in their
care; either side cancels; the other side is told.

A doctor's calendar has no double bookings: two of a doctor's appointments that are not
cancelled never overlap (one ending exactly when the next starts is fine).
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from telerehab.access.scopes import SCHEDULE_PEOPLE, role_may_see_patient
from telerehab.binds import Binds
from telerehab.domain.calendar import DEFAULT_ZONE, local_time
from telerehab.domain.notifications import notify
from telerehab.enums import NotificationKind, ScheduleStatus, UserRole
from telerehab.errors import Conflict, Forbidden, InvalidInput
from telerehab.models import Assignment, Schedule, User
from telerehab.web.pagination import KeysetPage

MAX_DURATION = timedelta(hours=12)


@dataclass(frozen=True)
class CalendarFilters(Binds):
    """The caller :me, and the list's filters (None: not filtered; not in the statement)."""

    me: int
    starts_from: datetime | None = None
    starts_before: datetime | None = None
    status_is: ScheduleStatus | None = None


@lru_cache(maxsize=32)
def calendar_page(role: UserRole, *, since: bool, before: bool, by_status: bool) -> KeysetPage:
    """The appointments of caller :me (of ``role``) in time order: a patient's own; a doctor's
    own with patients in their care. Another doctor caring for the same patient may open one by
    id, but it is not on their calendar: the list is the caller's diary.

    Built once per role and filter shape, with the caller and the filters' values bound at
    execution (``CalendarFilters``).
    """
    bound = CalendarFilters.placeholders()
    # One side's calendar only (a doctor is never an appointment's patient), so the page is one
    # range of that side's (person, starts_at, id) index rather than an OR of two.
    own = Schedule.doctor_id if role == UserRole.DOCTOR else Schedule.patient_id
    statement = (
        select(Schedule)
        .options(*SCHEDULE_PEOPLE)
        .where(role_may_see_patient(role, bound.me, Schedule.patient_id), own == bound.me)
    )
    if since:
        statement = statement.where(Schedule.starts_at >= bound.starts_from)
    if before:
        statement = statement.where(Schedule.starts_at < bound.starts_before)
    if by_status:
        statement = statement.where(Schedule.status == bound.status_is)
    return KeysetPage(statement, (Schedule.starts_at, Schedule.id), descending=False)


def calendar(role: UserRole, filters: CalendarFilters) -> KeysetPage:
    """``calendar_page`` of the shape ``filters`` ask for."""
    return calendar_page(
        role,
        since=filters.starts_from is not None,
        before=filters.starts_before is not None,
        by_status=filters.status_is is not None,
    )


def check_slot(starts_at: datetime, ends_at: datetime, *, new_start: bool) -> None:
    if ends_at <= starts_at:
        raise InvalidInput("ends_at must be after starts_at.")
    if ends_at - starts_at > MAX_DURATION:
        raise InvalidInput("An appointment lasts at most 12 hours.")
    # An appointment already under way may still be edited or extended, just not moved back.
    if new_start and starts_at < datetime.now(UTC):
        raise InvalidInput("An appointment cannot start in the past.")


def ensure_free(
    db: Session, doctor: User, starts_at: datetime, ends_at: datetime, *, moving: int | None
) -> None:
    """409 if the doctor has another live appointment overlapping [starts_at, ends_at); the
    message gives that appointment's time in the doctor's own zone."""
    # Serialises bookings per doctor on PostgreSQL, so two at once cannot both see a free slot
    # (SQLite has a single writer already; it renders no FOR UPDATE).
    db.execute(select(User.id).where(User.id == doctor.id).with_for_update())
    clash = select(Schedule.starts_at, Schedule.ends_at).where(
        Schedule.doctor_id == doctor.id,
        Schedule.status != ScheduleStatus.CANCELLED,
        Schedule.starts_at < ends_at,
        Schedule.ends_at > starts_at,
    )
    if moving is not None:
        clash = clash.where(Schedule.id != moving)
    taken = db.execute(clash.order_by(Schedule.starts_at).limit(1)).first()
    if taken is not None:
        starts, ends = (_local(moment, doctor.time_zone) for moment in taken)
        raise Conflict(
            "This time overlaps another of the doctor's appointments "
            f"({starts:%Y-%m-%d %H:%M}-{ends:%H:%M} {zone_words(doctor.time_zone)})."
        )


def ensure_own(schedule: Schedule, doctor: User) -> None:
    if schedule.doctor_id != doctor.id:
        raise Forbidden("Only the doctor the appointment is with may change it.")


def ensure_open(schedule: Schedule) -> None:
    if schedule.status != ScheduleStatus.SCHEDULED:
        raise Conflict(f"This appointment is already {schedule.status.value}.")


def _local(moment: datetime, zone_name: str) -> datetime:
    # SQLite hands stored times back naive; they are UTC.
    return local_time(moment if moment.tzinfo else moment.replace(tzinfo=UTC), zone_name)


def zone_words(zone_name: str) -> str:
    """A zone as a person names it: "UTC", or "Berlin time" for Europe/Berlin."""
    if zone_name in ("UTC", "Etc/UTC"):
        return "UTC"
    return f"{zone_name.split('/')[-1].replace('_', ' ')} time"


def when_for(recipient: User | None, starts_at: datetime) -> str:
    """An appointment's start as the recipient reads it: in their own time zone, named."""
    zone_name = recipient.time_zone if recipient is not None else DEFAULT_ZONE
    return f"{_local(starts_at, zone_name):%A %d %B %Y, %H:%M} {zone_words(zone_name)}"


def tell(
    db: Session, recipient_id: int, kind: NotificationKind, headline: str, schedule: Schedule
) -> None:
    notify(
        db,
        recipient_id,
        kind,
        f"{headline}: {schedule.title}",
        body=when_for(db.get(User, recipient_id), schedule.starts_at),
        link=f"/schedules/{schedule.id}",
    )


def book(
    db: Session,
    doctor: User,
    patient: User,
    *,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    notes: str | None,
) -> Schedule:
    """A new appointment of ``doctor`` with ``patient`` (in their care), the patient told."""
    check_slot(starts_at, ends_at, new_start=True)
    ensure_free(db, doctor, starts_at, ends_at, moving=None)
    schedule = Schedule(
        doctor=doctor,
        patient=patient,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        notes=notes,
        status=ScheduleStatus.SCHEDULED,
    )
    db.add(schedule)
    db.flush()
    tell(db, patient.id, NotificationKind.APPOINTMENT_BOOKED, "Appointment booked", schedule)
    return schedule


def change(db: Session, doctor: User, schedule: Schedule, changes: dict[str, Any]) -> None:
    """Apply ``changes`` (fields of the appointment) by its own doctor; moving it follows the
    booking rules (its own old slot is no clash) and tells the patient."""
    ensure_own(schedule, doctor)
    ensure_open(schedule)
    starts_at: datetime = changes.get("starts_at", schedule.starts_at)
    ends_at: datetime = changes.get("ends_at", schedule.ends_at)
    moved = starts_at != schedule.starts_at or ends_at != schedule.ends_at
    if moved:
        check_slot(starts_at, ends_at, new_start=starts_at != schedule.starts_at)
        ensure_free(db, doctor, starts_at, ends_at, moving=schedule.id)
    for field, value in changes.items():
        setattr(schedule, field, value)
    if moved:
        tell(
            db,
            schedule.patient_id,
            NotificationKind.APPOINTMENT_MOVED,
            "Appointment moved",
            schedule,
        )


def record_outcome(doctor: User, schedule: Schedule, outcome: ScheduleStatus) -> None:
    """Its own doctor says, once it has started, whether an appointment was held (completed)
    or the patient did not come (missed)."""
    ensure_own(schedule, doctor)
    ensure_open(schedule)
    if schedule.starts_at > datetime.now(UTC):
        raise Conflict("An appointment can be marked as held or missed only once it has started.")
    schedule.status = outcome


def cancel(db: Session, user: User, schedule: Schedule) -> None:
    """Its doctor or its patient cancels an appointment; the other one is told."""
    # A patient who got this far is the appointment's patient; a doctor may merely care for them.
    if user.id not in (schedule.doctor_id, schedule.patient_id):
        raise Forbidden("Only the doctor the appointment is with, or its patient, may cancel it.")
    ensure_open(schedule)
    schedule.status = ScheduleStatus.CANCELLED
    other = schedule.patient_id if user.id == schedule.doctor_id else schedule.doctor_id
    tell(db, other, NotificationKind.APPOINTMENT_CANCELLED, "Appointment cancelled", schedule)


def cancel_future_appointments(db: Session, assignment: Assignment) -> None:
    """Appointments booked under an ended assignment would block the doctor's calendar and
    leave the patient waiting for a visit nobody will hold: cancel them and tell the patient."""
    cancelled = db.scalars(
        update(Schedule)
        .where(
            Schedule.doctor_id == assignment.doctor_id,
            Schedule.patient_id == assignment.patient_id,
            Schedule.status == ScheduleStatus.SCHEDULED,
            Schedule.starts_at > assignment.ended_at,
        )
        .values(status=ScheduleStatus.CANCELLED)
        .returning(Schedule.id)
        .execution_options(synchronize_session=False)
    ).all()
    if cancelled:
        notify(
            db,
            assignment.patient_id,
            NotificationKind.APPOINTMENT_CANCELLED,
            f"{len(cancelled)} upcoming appointment(s) with {assignment.doctor.full_name} "
            "were cancelled",
            body="Your care with this doctor has ended. Your clinic will be in touch.",
            link="/schedules",
        )
