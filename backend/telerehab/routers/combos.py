"""Exercise routines (combos) built by doctors.

Doctors share one library: each reads every doctor's routines but changes only their own.
A patient reads only the routines that appear in their own week plans.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, status
from sqlalchemy import ColumnElement, Select, exists, false, select, true
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.strategy_options import _AbstractLoad

from telerehab.dependencies import Clinician, DbSession, Doctor, IdPath
from telerehab.enums import UserRole
from telerehab.errors import Conflict, Forbidden, NotFound
from telerehab.models import Combo, ComboItem, User, WeekPlan, WeekPlanItem
from telerehab.pagination import PageQuery, paginate
from telerehab.schemas.base import Page
from telerehab.schemas.combo import ComboCreate, ComboRead

router = APIRouter(prefix="/combos", tags=["combos"])

COMBO_NOT_FOUND = "No routine with this id is visible to you."
NOT_VISIBLE: dict[int | str, dict[str, Any]] = {404: {"description": COMBO_NOT_FOUND}}
NOT_A_CLINICIAN: dict[int | str, dict[str, Any]] = {
    403: {"description": "Admins manage accounts, not routines."}
}
NOT_THE_AUTHOR: dict[int | str, dict[str, Any]] = {
    403: {"description": "Only the doctor who wrote a routine may change it (or not a doctor)."},
    404: {"description": "No such routine."},
}
NAME_TAKEN: dict[int | str, dict[str, Any]] = {
    409: {"description": "You already have a routine of this name."}
}


def combo_details() -> tuple[_AbstractLoad, ...]:
    """What a ``ComboRead`` shows besides the row: its author and its (few) items, joined in."""
    return joinedload(Combo.doctor), joinedload(Combo.items)


def may_see_combo(user: User) -> ColumnElement[bool]:
    """A WHERE clause: the routines the caller may read."""
    if user.role == UserRole.DOCTOR:
        return true()
    if user.role == UserRole.PATIENT:
        return exists().where(
            WeekPlanItem.combo_id == Combo.id,
            WeekPlan.id == WeekPlanItem.week_plan_id,
            WeekPlan.patient_id == user.id,
        )
    return false()  # admins manage accounts, not care


def visible_combos(user: User) -> Select[Combo]:
    return select(Combo).where(may_see_combo(user)).options(*combo_details())


def visible_combo(user: Clinician, db: DbSession, combo_id: IdPath) -> Combo:
    combo = db.scalars(visible_combos(user).where(Combo.id == combo_id)).unique().one_or_none()
    if combo is None:
        raise NotFound(COMBO_NOT_FOUND)
    return combo


def own_combo(doctor: Doctor, db: DbSession, combo_id: IdPath) -> Combo:
    """The caller's own routine. Another doctor's is readable to them, so it is no secret that
    it exists: changing it is refused (403), not hidden (404)."""
    combo = db.scalars(visible_combos(doctor).where(Combo.id == combo_id)).unique().one_or_none()
    if combo is None:
        raise NotFound("No routine with this id.")
    if combo.doctor_id != doctor.id:
        raise Forbidden("Only the author may change a routine.")
    return combo


VisibleCombo = Annotated[Combo, Depends(visible_combo)]
OwnCombo = Annotated[Combo, Depends(own_combo)]


def _ensure_name_free(db: Session, doctor: User, name: str, *, except_id: int | None) -> None:
    taken = select(Combo.id).where(Combo.doctor_id == doctor.id, Combo.name == name)
    if except_id is not None:
        taken = taken.where(Combo.id != except_id)
    if db.scalar(select(exists(taken))):
        raise Conflict(f"You already have a routine named '{name}'.")


def _items(body: ComboCreate) -> list[ComboItem]:
    return [
        ComboItem(position=position, **item.model_dump())
        for position, item in enumerate(body.items)
    ]


def _reload(db: Session, combo: Combo) -> ComboRead:
    """The routine as stored, read back in one statement with its author and items."""
    db.flush()
    fresh = db.scalars(
        select(Combo)
        .where(Combo.id == combo.id)
        .options(*combo_details())
        .execution_options(populate_existing=True)
    )
    return ComboRead.model_validate(fresh.unique().one())


@router.get(
    "",
    operation_id="combos-list",
    summary="Routines",
    description=(
        "Newest first, each with its items. Doctors see every doctor's routines (a shared "
        "library); `mine=true` keeps their own. Patients see the routines of their own week "
        "plans. `search` matches the name."
    ),
    responses=NOT_A_CLINICIAN,
)
def list_combos(
    user: Clinician,
    db: DbSession,
    page: PageQuery,
    mine: Annotated[bool, Query(description="Only routines I wrote.")] = False,
    search: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
) -> Page[ComboRead]:
    statement = visible_combos(user)
    if mine:
        statement = statement.where(Combo.doctor_id == user.id)
    if search:
        statement = statement.where(Combo.name.ilike(f"%{search}%"))
    rows, next_cursor = paginate(db, statement, [Combo.created_at, Combo.id], page)
    return Page(items=[ComboRead.model_validate(c) for c in rows], next_cursor=next_cursor)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    operation_id="combos-create",
    summary="Write a routine",
    description="1 to 30 exercises, done in the order sent. Names are unique per doctor.",
    responses={403: {"description": "Only doctors write routines."}, **NAME_TAKEN},
)
def create_combo(doctor: Doctor, body: ComboCreate, db: DbSession) -> ComboRead:
    _ensure_name_free(db, doctor, body.name, except_id=None)
    combo = Combo(doctor_id=doctor.id, name=body.name, description=body.description)
    combo.items = _items(body)
    db.add(combo)
    return _reload(db, combo)


@router.get(
    "/{combo_id}",
    operation_id="combos-get",
    summary="One routine",
    description="Any routine for a doctor; for a patient, only one of their plans uses.",
    responses={**NOT_A_CLINICIAN, **NOT_VISIBLE},
)
def get_combo(combo: VisibleCombo) -> ComboRead:
    return ComboRead.model_validate(combo)


@router.put(
    "/{combo_id}",
    operation_id="combos-replace",
    summary="Replace a routine",
    description=(
        "The author sends the whole routine again; its items are replaced. Week plans that "
        "use it follow the change."
    ),
    responses={**NOT_THE_AUTHOR, **NAME_TAKEN},
)
def replace_combo(combo: OwnCombo, body: ComboCreate, db: DbSession) -> ComboRead:
    _ensure_name_free(db, combo.doctor, body.name, except_id=combo.id)
    combo.name = body.name
    combo.description = body.description
    # The old items go first: the new ones reuse their positions, which are unique per routine.
    combo.items.clear()
    db.flush()
    combo.items.extend(_items(body))
    return _reload(db, combo)


@router.delete(
    "/{combo_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="combos-delete",
    summary="Delete a routine",
    description="The author only, and only while no week plan uses it.",
    responses={**NOT_THE_AUTHOR, 409: {"description": "A week plan still uses the routine."}},
)
def delete_combo(combo: OwnCombo, db: DbSession) -> None:
    if db.scalar(select(exists().where(WeekPlanItem.combo_id == combo.id))):
        raise Conflict("A week plan still uses this routine; take it out of the plans first.")
    db.delete(combo)
