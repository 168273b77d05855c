"""Who may see what, as SQL: every read of a patient's data starts from these selects.

A doctor's patients are a join on active assignments, evaluated in the database, so a list is
never loaded and then filtered, and another doctor's patient is simply not found.
"""

from functools import lru_cache

from sqlalchemy import ColumnElement, Exists, Integer, Select, bindparam, exists, false, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from telerehab.enums import UserRole
from telerehab.models import Assignment, User


def active_assignment(
    doctor_id: int | ColumnElement[int], patient_id_column: InstrumentedAttribute[int]
) -> Exists:
    """True where ``patient_id_column`` is a patient the doctor currently cares for."""
    return exists().where(
        Assignment.doctor_id == doctor_id,
        Assignment.patient_id == patient_id_column,
        Assignment.ended_at.is_(None),
    )


def may_see_patient(
    user: User, patient_id_column: InstrumentedAttribute[int]
) -> ColumnElement[bool]:
    """A WHERE clause: the rows whose ``patient_id_column`` the caller may read."""
    return role_may_see_patient(user.role, user.id, patient_id_column)


def role_may_see_patient(
    role: UserRole, user_id: int | ColumnElement[int], patient_id_column: InstrumentedAttribute[int]
) -> ColumnElement[bool]:
    """``may_see_patient`` for a caller of ``role``; ``user_id`` may be a bound parameter, for
    a statement built once for every caller of that role."""
    if role == UserRole.PATIENT:
        return patient_id_column == user_id
    if role == UserRole.DOCTOR:
        return active_assignment(user_id, patient_id_column)
    return false()  # admins manage accounts, not clinical content


def patients_of(doctor_id: int | ColumnElement[int]) -> Select[User]:
    """A doctor's current patients; ``doctor_id`` may be a bound parameter, for a statement
    built once for every doctor."""
    return select(User).where(User.role == UserRole.PATIENT, active_assignment(doctor_id, User.id))


def visible_patient(db: Session, user: User, patient_id: int) -> User | None:
    """Patient ``patient_id`` if ``user`` may see their data, else None.

    A patient may see only themselves, the account the token already loaded and found active, so
    their own screens cost no lookup; a doctor's patient is looked up through the assignment.
    """
    if user.role == UserRole.PATIENT:
        return user if user.id == patient_id else None
    if user.role != UserRole.DOCTOR:
        return None
    found: User | None = db.scalars(
        _doctors_patient(), {"me": user.id, "patient_id": patient_id}
    ).one_or_none()
    return found


@lru_cache(maxsize=1)
def _doctors_patient() -> Select[User]:
    """Patient :patient_id if doctor :me cares for them: built once, as it serves most reads."""
    return patients_of(bindparam("me", type_=Integer)).where(
        User.id == bindparam("patient_id", type_=Integer)
    )


def visible_doctors(user: User) -> Select[User]:
    """A patient's current doctors; a doctor sees themselves; an admin sees every doctor."""
    statement = select(User).where(User.role == UserRole.DOCTOR)
    if user.role == UserRole.PATIENT:
        return statement.where(
            exists().where(
                Assignment.doctor_id == User.id,
                Assignment.patient_id == user.id,
                Assignment.ended_at.is_(None),
            )
        )
    if user.role == UserRole.DOCTOR:
        return statement.where(User.id == user.id)
    return statement
