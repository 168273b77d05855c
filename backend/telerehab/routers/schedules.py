"""Appointments between doctors and patients: booked by the doctor, cancelled by either side.

A doctor's calendar has no double bookings: two of a doctor's appointments that are not
cancelled never overlap (one ending exactly when the next starts is fine).
"""

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, status
from sqlalchemy import Integer, bindparam, select
from sqlalchemy.orm import Session, joinedload

from telerehab.access import role_may_see_patient, visible_patient
from telerehab.audit import record_allowed, record_allowed_many, record_denied, route_action
from telerehab.dependencies import (
    PATIENT_NOT_FOUND,
    AccessibleSchedule,
    Clinician,
    DbSession,
    Doctor,
)
from telerehab.enums import NotificationKind, ScheduleStatus, UserRole
from telerehab.errors import Conflict, Forbidden, InvalidInput, NotFound
from telerehab.models import Schedule, User
from telerehab.notifications import notify
from telerehab.pagination import KeysetPage, PageQuery, read_page
from telerehab.schemas.base import BoundedDateTime, Page
from telerehab.schemas.schedule import ScheduleCreate, ScheduleRead, ScheduleUpdate

router = APIRouter(prefix="/schedules", tags=["schedules"])

MAX_DURATION = timedelta(hours=12)
Responses = dict[int | str, dict[str, Any]]
NOT_VISIBLE: Responses = {404: {"description": "No such appointment among yours."}}
ONLY_ITS_DOCTOR: Responses = {
    403: {
        "description": "Only the appointment's own doctor may do this (patients and admins never)."
    }
}
NOT_OPEN: Responses = {409: {"description": "The appointment is already completed or cancelled."}}
BAD_TIMES: Responses = {
    422: {"description": "Ends before it starts, lasts over 12 hours, or starts in the past."}
}
WITH_PEOPLE = (joinedload(Schedule.doctor), joinedload(Schedule.patient))


@lru_cache(maxsize=32)
def _calendar_page(role: UserRole, *, since: bool, before: bool, by_status: bool) -> KeysetPage:
    """The appointments of caller :me (of ``role``) in time order: a patient's own; a doctor's
    own with patients in their care. Another doctor caring for the same patient may open one by
    id, but it is not on their calendar: the list is the caller's diary.

    Built once per role and filter shape, with the caller and the filters' values bound at
    execution.
    """
    me = bindparam("me", type_=Integer)
    # One side's calendar only (a doctor is never an appointment's patient), so the page is one
    # range of that side's (person, starts_at, id) index rather than an OR of two.
    own = Schedule.doctor_id if role == UserRole.DOCTOR else Schedule.patient_id
    statement = (
        select(Schedule)
        .options(*WITH_PEOPLE)
        .where(role_may_see_patient(role, me, Schedule.patient_id), own == me)
    )
    starts_at = Schedule.starts_at
    if since:
        statement = statement.where(starts_at >= bindparam("starts_from", type_=starts_at.type))
    if before:
        statement = statement.where(starts_at < bindparam("starts_before", type_=starts_at.type))
    if by_status:
        statement = statement.where(
            Schedule.status == bindparam("status_is", type_=Schedule.status.type)
        )
    return KeysetPage(statement, (Schedule.starts_at, Schedule.id), descending=False)


def _read(db: Session, schedule: Schedule) -> ScheduleRead:
    """The answer for one appointment, with both people (the access check loads ids only)."""
    db.flush()
    loaded = db.scalars(
        select(Schedule).options(*WITH_PEOPLE).where(Schedule.id == schedule.id)
    ).one()
    return ScheduleRead.model_validate(loaded)


def _check_slot(starts_at: datetime, ends_at: datetime, *, new_start: bool) -> None:
    if ends_at <= starts_at:
        raise InvalidInput("ends_at must be after starts_at.")
    if ends_at - starts_at > MAX_DURATION:
        raise InvalidInput("An appointment lasts at most 12 hours.")
    # An appointment already under way may still be edited or extended, just not moved back.
    if new_start and starts_at < datetime.now(UTC):
        raise InvalidInput("An appointment cannot start in the past.")


def _ensure_free(
    db: Session, doctor_id: int, starts_at: datetime, ends_at: datetime, *, moving: int | None
) -> None:
    """409 if the doctor has another live appointment overlapping [starts_at, ends_at)."""
    # Serialises bookings per doctor on PostgreSQL, so two at once cannot both see a free slot
    # (SQLite has a single writer already; it renders no FOR UPDATE).
    db.execute(select(User.id).where(User.id == doctor_id).with_for_update())
    clash = select(Schedule.starts_at, Schedule.ends_at).where(
        Schedule.doctor_id == doctor_id,
        Schedule.status != ScheduleStatus.CANCELLED,
        Schedule.starts_at < ends_at,
        Schedule.ends_at > starts_at,
    )
    if moving is not None:
        clash = clash.where(Schedule.id != moving)
    taken = db.execute(clash.order_by(Schedule.starts_at).limit(1)).first()
    if taken is not None:
        raise Conflict(
            "This time overlaps another of the doctor's appointments "
            f"({taken.starts_at:%Y-%m-%d %H:%M}-{taken.ends_at:%H:%M} UTC)."
        )


def _ensure_own(schedule: Schedule, doctor: User) -> None:
    if schedule.doctor_id != doctor.id:
        raise Forbidden("Only the doctor the appointment is with may change it.")


def _ensure_open(schedule: Schedule) -> None:
    if schedule.status != ScheduleStatus.SCHEDULED:
        raise Conflict(f"This appointment is already {schedule.status.value}.")


def _tell(
    db: Session, recipient_id: int, kind: NotificationKind, headline: str, schedule: Schedule
) -> None:
    when = f"{schedule.starts_at:%A %d %B %Y, %H:%M} UTC"
    notify(
        db,
        recipient_id,
        kind,
        f"{headline}: {schedule.title}",
        body=when,
        link=f"/schedules/{schedule.id}",
    )


@router.get(
    "",
    operation_id="schedules-list",
    summary="My appointments",
    description=(
        "The calling doctor's appointments with patients in their care, or the calling "
        "patient's own; in time order (earliest first). `from` / `to` bound the start time "
        "(from inclusive, to exclusive); `status` keeps one status."
    ),
    responses={
        403: {"description": "Admins have no appointments."},
        422: {"description": "`from` is after `to`, a time without a zone, or a bad cursor."},
    },
)
def list_schedules(
    user: Clinician,
    request: Request,
    db: DbSession,
    page: PageQuery,
    starts_from: Annotated[
        BoundedDateTime | None,
        Query(alias="from", description="Earliest start (inclusive), with its zone (Z or ±hh:mm)."),
    ] = None,
    starts_before: Annotated[
        BoundedDateTime | None,
        Query(alias="to", description="Latest start (exclusive), with its zone (Z or ±hh:mm)."),
    ] = None,
    status_is: Annotated[ScheduleStatus | None, Query(alias="status")] = None,
) -> Page[ScheduleRead]:
    if starts_from and starts_before and starts_from > starts_before:
        raise InvalidInput("`from` must not be after `to`.")
    filters = {"starts_from": starts_from, "starts_before": starts_before, "status_is": status_is}
    keyset = _calendar_page(
        user.role,
        since=starts_from is not None,
        before=starts_before is not None,
        by_status=status_is is not None,
    )
    parameters = {"me": user.id} | {
        name: value for name, value in filters.items() if value is not None
    }
    rows, next_cursor = read_page(db, keyset, page, parameters=parameters)
    record_allowed_many(db, request, user, "schedule", (row.patient_id for row in rows))
    return Page(items=[ScheduleRead.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    operation_id="schedules-create",
    summary="Book an appointment",
    description=(
        "A doctor books an appointment with a patient in their care. It must start in the "
        "future, end after it starts (at most 12 hours later) and not overlap another of the "
        "doctor's appointments that is not cancelled. The patient is notified."
    ),
    responses={
        403: {"description": "Only doctors book appointments."},
        404: {"description": "No patient with this id is in your care."},
        409: {"description": "It overlaps another of your appointments."},
        **BAD_TIMES,
    },
)
def create_schedule(
    doctor: Doctor, body: ScheduleCreate, request: Request, db: DbSession
) -> ScheduleRead:
    patient = visible_patient(db, doctor, body.patient_id)
    if patient is None:
        record_denied(request, doctor, route_action(request), "patient", patient_id=body.patient_id)
        raise NotFound(PATIENT_NOT_FOUND)
    _check_slot(body.starts_at, body.ends_at, new_start=True)
    _ensure_free(db, doctor.id, body.starts_at, body.ends_at, moving=None)
    schedule = Schedule(
        doctor=doctor,
        patient=patient,
        title=body.title,
        starts_at=body.starts_at,
        ends_at=body.ends_at,
        notes=body.notes,
        status=ScheduleStatus.SCHEDULED,
    )
    db.add(schedule)
    db.flush()
    record_allowed(
        db,
        request,
        doctor,
        route_action(request),
        "schedule",
        patient_id=patient.id,
        resource_id=schedule.id,
    )
    _tell(db, patient.id, NotificationKind.APPOINTMENT_BOOKED, "Appointment booked", schedule)
    return ScheduleRead.model_validate(schedule)


@router.get(
    "/{schedule_id}",
    operation_id="schedules-get",
    summary="One appointment",
    description="For its patient and the doctors caring for that patient.",
    responses={403: {"description": "Admins have no appointments."}, **NOT_VISIBLE},
)
def get_schedule(user: Clinician, schedule: AccessibleSchedule, db: DbSession) -> ScheduleRead:
    return _read(db, schedule)


@router.patch(
    "/{schedule_id}",
    operation_id="schedules-update",
    summary="Edit or reschedule an appointment",
    description=(
        "The appointment's doctor changes its title or notes, or moves it (the same rules as "
        "booking; its own old slot does not count as a clash). Only the fields sent change. "
        "Moving it notifies the patient."
    ),
    responses={
        **ONLY_ITS_DOCTOR,
        **NOT_VISIBLE,
        409: {"description": "Already completed or cancelled, or the new time overlaps."},
        **BAD_TIMES,
    },
)
def update_schedule(
    doctor: Doctor, body: ScheduleUpdate, schedule: AccessibleSchedule, db: DbSession
) -> ScheduleRead:
    _ensure_own(schedule, doctor)
    _ensure_open(schedule)
    changes = body.model_dump(exclude_unset=True)
    starts_at: datetime = changes.get("starts_at", schedule.starts_at)
    ends_at: datetime = changes.get("ends_at", schedule.ends_at)
    moved = starts_at != schedule.starts_at or ends_at != schedule.ends_at
    if moved:
        _check_slot(starts_at, ends_at, new_start=starts_at != schedule.starts_at)
        _ensure_free(db, doctor.id, starts_at, ends_at, moving=schedule.id)
    for field, value in changes.items():
        setattr(schedule, field, value)
    if moved:
        _tell(
            db,
            schedule.patient_id,
            NotificationKind.APPOINTMENT_MOVED,
            "Appointment moved",
            schedule,
        )
    return _read(db, schedule)


@router.post(
    "/{schedule_id}/complete",
    operation_id="schedules-complete",
    summary="Mark an appointment as held",
    description="The appointment's doctor closes it once it has started.",
    responses={
        **ONLY_ITS_DOCTOR,
        **NOT_VISIBLE,
        409: {"description": "Already completed or cancelled, or it has not started yet."},
    },
)
def complete_schedule(doctor: Doctor, schedule: AccessibleSchedule, db: DbSession) -> ScheduleRead:
    _ensure_own(schedule, doctor)
    _ensure_open(schedule)
    if schedule.starts_at > datetime.now(UTC):
        raise Conflict("An appointment can be marked as held only once it has started.")
    schedule.status = ScheduleStatus.COMPLETED
    return _read(db, schedule)


@router.post(
    "/{schedule_id}/cancel",
    operation_id="schedules-cancel",
    summary="Cancel an appointment",
    description=(
        "Its doctor or its patient cancels it; the other one is notified. The slot becomes "
        "free for another booking."
    ),
    responses={
        403: {"description": "Admins, and doctors other than the appointment's own."},
        **NOT_VISIBLE,
        **NOT_OPEN,
    },
)
def cancel_schedule(user: Clinician, schedule: AccessibleSchedule, db: DbSession) -> ScheduleRead:
    # A patient who got this far is the appointment's patient; a doctor may merely care for them.
    if user.id not in (schedule.doctor_id, schedule.patient_id):
        raise Forbidden("Only the doctor the appointment is with, or its patient, may cancel it.")
    _ensure_open(schedule)
    schedule.status = ScheduleStatus.CANCELLED
    other = schedule.patient_id if user.id == schedule.doctor_id else schedule.doctor_id
    _tell(db, other, NotificationKind.APPOINTMENT_CANCELLED, "Appointment cancelled", schedule)
    return _read(db, schedule)
