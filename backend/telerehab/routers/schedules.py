"""Appointments between doctors and patients over HTTP; the rules are in
``telerehab.domain.schedules``."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, status

from telerehab.access.audit import record_allowed, record_allowed_many, record_denied, route_action
from telerehab.access.scopes import visible_patient
from telerehab.dependencies import (
    PATIENT_NOT_FOUND,
    AccessibleSchedule,
    Clinician,
    DbSession,
    Doctor,
)
from telerehab.domain import schedules
from telerehab.domain.schedules import CalendarFilters
from telerehab.enums import ScheduleStatus
from telerehab.errors import InvalidInput, NotFound
from telerehab.schemas.base import BoundedDateTime, Page
from telerehab.schemas.schedule import ScheduleCreate, ScheduleRead, ScheduleUpdate
from telerehab.web.pagination import PageQuery, read_page

router = APIRouter(prefix="/schedules", tags=["schedules"])

Responses = dict[int | str, dict[str, Any]]
NOT_VISIBLE: Responses = {404: {"description": "No such appointment among yours."}}
ONLY_ITS_DOCTOR: Responses = {403: {"description": "Only the appointment's own doctor may."}}
NOT_OPEN: Responses = {409: {"description": "The appointment is already closed."}}
OUTCOME: Responses = {
    **ONLY_ITS_DOCTOR,
    **NOT_VISIBLE,
    409: {"description": "Already closed, or not started yet."},
}
BAD_TIMES: Responses = {
    422: {"description": "Ends before it starts, lasts over 12 hours, or starts in the past."}
}


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
    filters = CalendarFilters(user.id, starts_from, starts_before, status_is)
    keyset = schedules.calendar(user.role, filters)
    rows, next_cursor = read_page(db, keyset, page, parameters=filters.values())
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
    schedule = schedules.book(
        db,
        doctor,
        patient,
        title=body.title,
        starts_at=body.starts_at,
        ends_at=body.ends_at,
        notes=body.notes,
    )
    record_allowed(
        db,
        request,
        doctor,
        route_action(request),
        "schedule",
        patient_id=patient.id,
        resource_id=schedule.id,
    )
    return ScheduleRead.model_validate(schedule)


@router.get(
    "/{schedule_id}",
    operation_id="schedules-get",
    summary="One appointment",
    description="For its patient and the doctors caring for that patient.",
    responses={403: {"description": "Admins have no appointments."}, **NOT_VISIBLE},
)
def get_schedule(user: Clinician, schedule: AccessibleSchedule) -> ScheduleRead:
    return ScheduleRead.model_validate(schedule)


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
        409: {"description": "Already closed, or the new time overlaps."},
        **BAD_TIMES,
    },
)
def update_schedule(
    doctor: Doctor, body: ScheduleUpdate, schedule: AccessibleSchedule, db: DbSession
) -> ScheduleRead:
    schedules.change(db, doctor, schedule, body.model_dump(exclude_unset=True))
    return ScheduleRead.model_validate(schedule)


@router.post(
    "/{schedule_id}/complete",
    operation_id="schedules-complete",
    summary="Mark an appointment as held",
    description="The appointment's doctor closes it once it has started.",
    responses=OUTCOME,
)
def complete_schedule(doctor: Doctor, schedule: AccessibleSchedule) -> ScheduleRead:
    schedules.record_outcome(doctor, schedule, ScheduleStatus.COMPLETED)
    return ScheduleRead.model_validate(schedule)


@router.post(
    "/{schedule_id}/missed",
    operation_id="schedules-mark-missed",
    summary="Mark an appointment as missed",
    description="Its doctor records, once it has started, that the patient did not attend.",
    responses=OUTCOME,
)
def mark_schedule_missed(doctor: Doctor, schedule: AccessibleSchedule) -> ScheduleRead:
    schedules.record_outcome(doctor, schedule, ScheduleStatus.MISSED)
    return ScheduleRead.model_validate(schedule)


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
    schedules.cancel(db, user, schedule)
    return ScheduleRead.model_validate(schedule)
