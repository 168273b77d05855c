"""Which doctor cares for which patient. Admins assign and end; doctors and patients read theirs."""

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Path, status
from sqlalchemy import select

from telerehab.access.scopes import visible_assignments
from telerehab.dependencies import Admin, CurrentUser, DbSession
from telerehab.domain.schedules import cancel_future_appointments
from telerehab.enums import UserRole
from telerehab.errors import Conflict, NotFound
from telerehab.models import Assignment, User
from telerehab.schemas.assignment import AssignmentCreate, AssignmentRead
from telerehab.schemas.base import Page
from telerehab.web.pagination import PageQuery, paginate

router = APIRouter(prefix="/assignments", tags=["assignments"])


@router.get(
    "",
    operation_id="assignments-list",
    summary="List assignments",
    description="Admin: all; doctor: their patients; patient: their doctors. Newest first.",
)
def list_assignments(
    user: CurrentUser, db: DbSession, page: PageQuery, active: bool | None = None
) -> Page[AssignmentRead]:
    statement = visible_assignments(user)
    if active is not None:
        statement = statement.where(
            Assignment.ended_at.is_(None) if active else Assignment.ended_at.is_not(None)
        )
    keys = [Assignment.created_at, Assignment.id]
    return paginate(db, statement, keys, page, AssignmentRead.model_validate)


def _user_with_role(db: DbSession, user_id: int, role: UserRole) -> User:
    user = db.get(User, user_id)
    if user is None or user.role != role or not user.is_active:
        raise NotFound(f"No active {role.value} account with id {user_id}.")
    return user


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    operation_id="assignments-create",
    summary="Assign a doctor to a patient",
    description="The doctor gets access to the patient's clinical data from now on.",
    responses={
        404: {"description": "Doctor or patient unknown."},
        409: {"description": "Already assigned."},
    },
)
def create_assignment(body: AssignmentCreate, admin: Admin, db: DbSession) -> AssignmentRead:
    doctor = _user_with_role(db, body.doctor_id, UserRole.DOCTOR)
    patient = _user_with_role(db, body.patient_id, UserRole.PATIENT)
    open_pair = select(Assignment.id).where(
        Assignment.doctor_id == doctor.id,
        Assignment.patient_id == patient.id,
        Assignment.ended_at.is_(None),
    )
    if db.scalar(open_pair):
        raise Conflict(f"{doctor.full_name} already cares for {patient.full_name}.")
    assignment = Assignment(doctor=doctor, patient=patient, created_at=datetime.now(UTC))
    db.add(assignment)
    db.flush()
    return AssignmentRead.model_validate(assignment)


@router.post(
    "/{assignment_id}/end",
    operation_id="assignments-end",
    summary="End an assignment",
    description="The doctor loses access to the patient's data immediately. History is kept.",
    responses={404: {"description": "No such assignment."}, 409: {"description": "Already ended."}},
)
def end_assignment(
    admin: Admin, db: DbSession, assignment_id: Annotated[int, Path(ge=1, le=2**31 - 1)]
) -> AssignmentRead:
    assignment = db.scalars(
        visible_assignments(admin).where(Assignment.id == assignment_id)
    ).one_or_none()
    if assignment is None:
        raise NotFound("No assignment with this id.")
    if assignment.ended_at is not None:
        raise Conflict("This assignment has already ended.")
    assignment.ended_at = datetime.now(UTC)
    cancel_future_appointments(db, assignment)
    return AssignmentRead.model_validate(assignment)
