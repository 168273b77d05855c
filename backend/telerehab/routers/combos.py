"""Exercise routines (combos) built by doctors.

Doctors share one library: each reads every doctor's routines but changes only their own.
A patient reads only the routines that appear in their own week plans.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Query, status
from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from telerehab.access.scopes import COMBOS, visible_combos
from telerehab.dependencies import Clinician, DbSession, Doctor, OwnCombo, VisibleCombo
from telerehab.errors import Conflict
from telerehab.models import Combo, ComboItem, User, WeekPlanItem
from telerehab.schemas.base import Page
from telerehab.schemas.combo import ComboCreate, ComboRead
from telerehab.web.pagination import PageQuery, paginate

router = APIRouter(prefix="/combos", tags=["combos"])

NOT_VISIBLE: dict[int | str, dict[str, Any]] = {404: {"description": COMBOS.missing}}
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
    return paginate(db, statement, [Combo.created_at, Combo.id], page, ComboRead.model_validate)


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
    combo = Combo(doctor=doctor, name=body.name, description=body.description, items=_items(body))
    db.add(combo)
    db.flush()
    return ComboRead.model_validate(combo)


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
    db.flush()
    return ComboRead.model_validate(combo)


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
