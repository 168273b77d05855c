"""Patients as their doctors see them: the list with this week's adherence, and each profile."""

from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from sqlalchemy import Integer, String, bindparam, or_

from telerehab.access import patients_of, visible_doctors
from telerehab.audit import record_allowed_many
from telerehab.dependencies import AccessiblePatient, DbSession, Doctor
from telerehab.models import User
from telerehab.pagination import KeysetPage, PageQuery, paginate, read_page
from telerehab.progress import adherence, this_week_columns, week_start
from telerehab.schemas.base import Page
from telerehab.schemas.patient import PatientListItem, PatientProfile
from telerehab.schemas.user import UserSummary

router = APIRouter(prefix="/patients", tags=["patients"])


@router.get(
    "",
    operation_id="patients-list",
    summary="My patients",
    description=(
        "The calling doctor's current patients, by name, with this week's adherence (sessions "
        "done / planned) and last activity. `search` matches name or username."
    ),
)
def list_patients(
    request: Request,
    doctor: Doctor,
    db: DbSession,
    page: PageQuery,
    search: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
) -> Page[PatientListItem]:
    parameters: dict[str, Any] = {"me": doctor.id}
    if search:
        parameters["pattern"] = f"%{search.lower()}%"
    monday = week_start(datetime.now(UTC).date())
    keyset = _patients_page(monday, searching=bool(search))
    rows, next_cursor = read_page(db, keyset, page, scalars=False, parameters=parameters)
    # The list shows each patient's adherence and last activity: clinical data, audited.
    record_allowed_many(db, request, doctor, "patient", (row[0].id for row in rows))
    items = [
        PatientListItem(
            id=patient.id,
            full_name=patient.full_name,
            username=patient.username,
            date_of_birth=patient.date_of_birth,
            sessions_planned_this_week=planned,
            sessions_done_this_week=done,
            adherence_this_week=adherence(planned, done),
            last_activity_at=last,
        )
        for patient, planned, done, last in rows
    ]
    return Page(items=items, next_cursor=next_cursor)


@lru_cache(maxsize=4)
def _patients_page(monday: date, *, searching: bool) -> KeysetPage:
    """The patients of doctor :me by name, with this week's figures (so built once a week),
    matching :pattern when searching."""
    statement = patients_of(bindparam("me", type_=Integer)).add_columns(
        *this_week_columns(User.id, monday)
    )
    if searching:
        pattern = bindparam("pattern", type_=String)
        statement = statement.where(or_(User.full_name.ilike(pattern), User.username.like(pattern)))
    return KeysetPage(statement, (User.full_name, User.id), descending=False)


@router.get(
    "/{patient_id}",
    operation_id="patients-get",
    summary="A patient's profile",
    description="For the patient themselves or a doctor caring for them; anyone else gets 404.",
    responses={404: {"description": "Not a patient in your care."}},
)
def get_patient(patient: AccessiblePatient) -> PatientProfile:
    return PatientProfile.model_validate(patient)


@router.get(
    "/{patient_id}/doctors",
    operation_id="patients-doctors",
    summary="A patient's doctors",
    description="The doctors currently caring for the patient, by name.",
    responses={404: {"description": "Not a patient in your care."}},
)
def list_patient_doctors(
    patient: AccessiblePatient, db: DbSession, page: PageQuery
) -> Page[UserSummary]:
    doctors, next_cursor = paginate(
        db, visible_doctors(patient), [User.full_name, User.id], page, descending=False
    )
    return Page(items=[UserSummary.model_validate(d) for d in doctors], next_cursor=next_cursor)
