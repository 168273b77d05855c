"""Patients as their doctors see them: the list with this week's adherence, and each profile."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Annotated

from fastapi import APIRouter, Query, Request
from sqlalchemy import Row, or_

from telerehab.access.audit import record_allowed_many
from telerehab.access.scopes import Me, patients_of, visible_doctors
from telerehab.binds import Binds
from telerehab.dependencies import AccessiblePatient, DbSession, Doctor
from telerehab.domain.calendar import week_start
from telerehab.domain.progress import adherence, this_week_columns
from telerehab.models import User
from telerehab.schemas.base import Page
from telerehab.schemas.patient import PatientListItem, PatientProfile
from telerehab.schemas.user import UserSummary
from telerehab.web.pagination import KeysetPage, PageQuery, paginate, read_page

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
    monday = week_start(datetime.now(UTC).date())
    binds: Binds = Me(me=doctor.id)
    if search:
        binds = PatientsMatching(me=doctor.id, pattern=f"%{search.lower()}%")
    keyset = _patients_page(monday, searching=bool(search))
    patients = read_page(db, keyset, page, _list_item, binds=binds, scalars=False)
    # The list shows each patient's adherence and last activity: clinical data, audited.
    record_allowed_many(db, request, doctor, "patient", (item.id for item in patients.items))
    return patients


def _list_item(row: Row[User, int, int, datetime | None]) -> PatientListItem:
    patient, planned, done, last = row
    return PatientListItem(
        id=patient.id,
        full_name=patient.full_name,
        username=patient.username,
        date_of_birth=patient.date_of_birth,
        sessions_planned_this_week=planned,
        sessions_done_this_week=done,
        adherence_this_week=adherence(planned, done),
        last_activity_at=last,
    )


@dataclass(frozen=True)
class PatientsMatching(Binds):
    me: int
    pattern: str


@lru_cache(maxsize=4)
def _patients_page(monday: date, *, searching: bool) -> KeysetPage:
    """The patients of doctor :me by name, with this week's figures (so built once a week),
    matching :pattern when searching."""
    bound = PatientsMatching.placeholders()
    statement = patients_of(bound.me).add_columns(*this_week_columns(User.id, monday))
    if searching:
        statement = statement.where(
            or_(User.full_name.ilike(bound.pattern), User.username.like(bound.pattern))
        )
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
    keys = [User.full_name, User.id]
    statement = visible_doctors(patient)
    return paginate(db, statement, keys, page, UserSummary.model_validate, descending=False)
