"""A doctor's monitoring time log on a patient: minutes spent reviewing data, calling or
messaging, counted by the monthly monitoring report. Each doctor keeps and sees their own log,
for patients in their care; every read and change is audited."""

from typing import Any

from fastapi import APIRouter, Response, status

from telerehab.access.scopes import visible_time_entries
from telerehab.dependencies import AccessiblePatient, AccessibleTimeEntry, DbSession, Doctor
from telerehab.models import TimeEntry
from telerehab.schemas.base import Page
from telerehab.schemas.monitoring import TimeEntryCreate, TimeEntryRead, TimeEntryUpdate
from telerehab.web.pagination import PageQuery, paginate

router = APIRouter(tags=["time-log"])

RESPONSES: dict[int | str, dict[str, Any]] = {
    403: {"description": "Only doctors keep a time log."},
    404: {"description": "Not a patient in your care, or not your entry."},
}


@router.get(
    "/patients/{patient_id}/time-log",
    operation_id="time-log-list",
    summary="My monitoring time on a patient",
    description="The calling doctor's own entries for the patient, newest first.",
    responses=RESPONSES,
)
def list_entries(
    doctor: Doctor, patient: AccessiblePatient, db: DbSession, page: PageQuery
) -> Page[TimeEntryRead]:
    statement = visible_time_entries(doctor).where(TimeEntry.patient_id == patient.id)
    keys = [TimeEntry.started_at, TimeEntry.id]
    return paginate(db, statement, keys, page, TimeEntryRead.model_validate)


@router.post(
    "/patients/{patient_id}/time-log",
    status_code=status.HTTP_201_CREATED,
    operation_id="time-log-create",
    summary="Log monitoring time",
    description="Minutes (1-600) from a start/stop timer or entered by hand, and what was done.",
    responses=RESPONSES,
)
def create_entry(
    doctor: Doctor, body: TimeEntryCreate, patient: AccessiblePatient, db: DbSession
) -> TimeEntryRead:
    entry = TimeEntry(patient_id=patient.id, doctor_id=doctor.id, **body.model_dump())
    db.add(entry)
    db.flush()
    return TimeEntryRead.model_validate(entry)


@router.patch(
    "/time-log/{entry_id}",
    operation_id="time-log-update",
    summary="Correct a time entry",
    description=(
        "Its author changes the start, the minutes or the activity; `updated_at` says when."
    ),
    responses=RESPONSES,
)
def update_entry(body: TimeEntryUpdate, entry: AccessibleTimeEntry, db: DbSession) -> TimeEntryRead:
    for name, value in body.model_dump(exclude_unset=True).items():
        setattr(entry, name, value)
    db.flush()
    return TimeEntryRead.model_validate(entry)


@router.delete(
    "/time-log/{entry_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="time-log-delete",
    summary="Delete a time entry",
    description="Its author removes it (the audit log keeps that it happened).",
    responses=RESPONSES,
)
def delete_entry(entry: AccessibleTimeEntry, db: DbSession) -> Response:
    db.delete(entry)
    db.flush()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
