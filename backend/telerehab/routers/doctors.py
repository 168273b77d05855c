"""Doctors as their patients (and admins) see them."""

from fastapi import APIRouter

from telerehab.access.scopes import visible_doctors
from telerehab.dependencies import AccessibleDoctor, CurrentUser, DbSession
from telerehab.models import User
from telerehab.schemas.base import Page
from telerehab.schemas.doctor import DoctorProfile
from telerehab.web.pagination import PageQuery, paginate

router = APIRouter(prefix="/doctors", tags=["doctors"])


@router.get(
    "",
    operation_id="doctors-list",
    summary="Doctors",
    description=(
        "By name. A patient: the doctors currently caring for them; a doctor: themselves; an "
        "admin: every doctor account."
    ),
)
def list_doctors(user: CurrentUser, db: DbSession, page: PageQuery) -> Page[DoctorProfile]:
    keys = [User.full_name, User.id]
    statement = visible_doctors(user)
    return paginate(db, statement, keys, page, DoctorProfile.model_validate, descending=False)


@router.get(
    "/{doctor_id}",
    operation_id="doctors-get",
    summary="A doctor's profile",
    description=(
        "Name and contact details, for the doctor themselves, their current patients and admins; "
        "anyone else gets 404."
    ),
    responses={404: {"description": "No doctor with this id is known to you."}},
)
def get_doctor(doctor: AccessibleDoctor) -> DoctorProfile:
    return DoctorProfile.model_validate(doctor)
