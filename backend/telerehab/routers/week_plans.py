"""A patient's plan per ISO week, and today's plan."""

from datetime import UTC, datetime, time, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response, status
from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.orm.strategy_options import _AbstractLoad

from telerehab.access import combo_details
from telerehab.dependencies import AccessiblePatient, AccessibleWeekPlan, DbSession, Doctor
from telerehab.enums import NotificationKind
from telerehab.errors import InvalidInput, NotFound
from telerehab.models import Combo, WeekPlan, WeekPlanItem, WorkoutSession
from telerehab.notifications import notify
from telerehab.pagination import PageQuery, paginate
from telerehab.progress import week_start as monday_of
from telerehab.schemas.base import BoundedDate, Page
from telerehab.schemas.combo import ComboRead
from telerehab.schemas.week_plan import WEEK_ORDER, TodayItem, TodayPlan, WeekPlanPut, WeekPlanRead

router = APIRouter(tags=["week-plans"])

NOT_YOURS: dict[int | str, dict[str, Any]] = {
    403: {"description": "Admins see no clinical content."},
    404: {"description": "Not a patient in your care, or no such plan."},
}
DOCTORS_ONLY: dict[int | str, dict[str, Any]] = {
    **NOT_YOURS,
    403: {"description": "Only a doctor caring for the patient changes their plans."},
}

WeekStart = Annotated[
    BoundedDate,
    Path(description="The Monday (ISO date) that starts the plan's week, e.g. 2025-03-03."),
]
Day = Annotated[
    BoundedDate | None,
    Query(alias="date", description="The day to show (default: today, UTC)."),
]


def plan_details() -> tuple[_AbstractLoad, ...]:
    """What a ``WeekPlanRead`` shows besides the row: the author, and each item's routine."""
    return (
        joinedload(WeekPlan.doctor),
        selectinload(WeekPlan.items).selectinload(WeekPlanItem.combo).options(*combo_details()),
    )


def _read_plan(db: Session, plan_id: int) -> WeekPlanRead:
    plan = db.scalars(
        select(WeekPlan)
        .where(WeekPlan.id == plan_id)
        .options(*plan_details())
        # The plan may already sit in the session without its items (or with stale ones).
        .execution_options(populate_existing=True)
    ).one()
    return WeekPlanRead.from_plan(plan)


def _check_combos_exist(db: Session, combo_ids: set[int]) -> None:
    found = set(db.scalars(select(Combo.id).where(Combo.id.in_(combo_ids))))
    missing = sorted(combo_ids - found)
    if missing:
        raise NotFound(f"No routine with id {', '.join(map(str, missing))}.")


@router.get(
    "/patients/{patient_id}/week-plans",
    operation_id="week-plans-list",
    summary="A patient's week plans",
    description="Newest week first, each with its days and routines.",
    responses=NOT_YOURS,
)
def list_week_plans(
    patient: AccessiblePatient, db: DbSession, page: PageQuery
) -> Page[WeekPlanRead]:
    statement = select(WeekPlan).where(WeekPlan.patient_id == patient.id).options(*plan_details())
    rows, next_cursor = paginate(db, statement, [WeekPlan.week_start, WeekPlan.id], page)
    return Page(items=[WeekPlanRead.from_plan(plan) for plan in rows], next_cursor=next_cursor)


@router.put(
    "/patients/{patient_id}/week-plans/{week_start}",
    operation_id="week-plans-put",
    summary="Write a patient's plan for one week",
    description=(
        "Creates (201) or replaces (200) the plan of the ISO week starting on `week_start`, a "
        "Monday. Each day lists routine ids in order; any doctor's routine may be used. "
        "Items left unchanged keep their ids, so workouts already done against them stay "
        "counted. The patient is notified."
    ),
    responses={
        **DOCTORS_ONLY,
        201: {"description": "The plan was created.", "model": WeekPlanRead},
        404: {"description": "Not a patient in your care, or no routine with a given id."},
        409: {"description": "The same week was written at the same moment; send it again."},
        422: {"description": "`week_start` is not a Monday, or a weekday is repeated."},
    },
)
def put_week_plan(
    doctor: Doctor,
    patient: AccessiblePatient,
    week_start: WeekStart,
    body: WeekPlanPut,
    db: DbSession,
    response: Response,
) -> WeekPlanRead:
    if week_start.weekday() != 0:
        raise InvalidInput(f"week_start must be a Monday; {week_start} is a {week_start:%A}.")
    wanted = {
        (day.weekday, position, combo_id)
        for day in body.days
        for position, combo_id in enumerate(day.combo_ids)
    }
    _check_combos_exist(db, {combo_id for _, _, combo_id in wanted})

    plan = db.scalars(
        select(WeekPlan)
        .where(WeekPlan.patient_id == patient.id, WeekPlan.week_start == week_start)
        .options(selectinload(WeekPlan.items))
    ).one_or_none()
    if plan is None:
        plan = WeekPlan(patient_id=patient.id, week_start=week_start, items=[])
        db.add(plan)
        response.status_code = status.HTTP_201_CREATED
        title = f"Your plan for the week of {week_start} is ready"
    else:
        kept = [i for i in plan.items if (i.weekday, i.position, i.combo_id) in wanted]
        plan.items = kept
        # Removed items must be gone before new ones take their (weekday, position) places.
        db.flush()
        wanted -= {(i.weekday, i.position, i.combo_id) for i in kept}
        title = f"Your plan for the week of {week_start} has changed"
    plan.doctor_id = doctor.id
    plan.notes = body.notes
    plan.items.extend(
        WeekPlanItem(weekday=weekday, position=position, combo_id=combo_id)
        for weekday, position, combo_id in sorted(wanted)
    )
    db.flush()
    notify(db, patient.id, NotificationKind.WEEK_PLAN, title, link=f"/week-plans/{plan.id}")
    return _read_plan(db, plan.id)


@router.get(
    "/week-plans/{week_plan_id}",
    operation_id="week-plans-get",
    summary="One week plan",
    description="For the patient and the doctors caring for them.",
    responses=NOT_YOURS,
)
def get_week_plan(plan: AccessibleWeekPlan, db: DbSession) -> WeekPlanRead:
    return _read_plan(db, plan.id)


@router.delete(
    "/week-plans/{week_plan_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="week-plans-delete",
    summary="Delete a week plan",
    description=(
        "A doctor caring for the patient removes the plan. Workouts done against it are kept, "
        "no longer linked to a plan item."
    ),
    responses=DOCTORS_ONLY,
)
def delete_week_plan(doctor: Doctor, plan: AccessibleWeekPlan, db: DbSession) -> None:
    db.delete(plan)


@router.get(
    "/patients/{patient_id}/today",
    operation_id="week-plans-today",
    summary="Today's plan",
    description=(
        "The routines planned for one day (default: today, UTC) in the patient's plan of that "
        "week, each with its exercises and whether a workout linked to it was started that day."
    ),
    responses={
        403: NOT_YOURS[403],
        404: {"description": "Not a patient in your care."},
    },
)
def get_today(
    patient: AccessiblePatient,
    db: DbSession,
    on: Day = None,
) -> TodayPlan:
    day = on or datetime.now(UTC).date()
    weekday = WEEK_ORDER[day.weekday()]
    since = datetime.combine(day, time(), tzinfo=UTC)
    done = exists().where(
        WorkoutSession.week_plan_item_id == WeekPlanItem.id,
        WorkoutSession.user_id == patient.id,
        WorkoutSession.started_at >= since,
        WorkoutSession.started_at < since + timedelta(days=1),
    )
    # One statement for the week's plan and today's items: a plan with nothing planned today
    # comes back as one row without an item, no plan as no row.
    rows = (
        db.execute(
            select(WeekPlan.id, WeekPlan.notes, WeekPlanItem, done.label("done"))
            .outerjoin(
                WeekPlanItem,
                and_(WeekPlanItem.week_plan_id == WeekPlan.id, WeekPlanItem.weekday == weekday),
            )
            .where(WeekPlan.patient_id == patient.id, WeekPlan.week_start == monday_of(day))
            .options(joinedload(WeekPlanItem.combo).options(*combo_details()))
            .order_by(WeekPlanItem.position, WeekPlanItem.id)
        )
        .unique()
        .all()
    )
    if not rows:
        return TodayPlan(date=day, weekday=weekday, week_plan_id=None, notes=None, items=[])
    plan_id, notes = rows[0][0], rows[0][1]
    items = [
        TodayItem(
            week_plan_item_id=item.id,
            position=item.position,
            combo=ComboRead.model_validate(item.combo),
            done=is_done,
        )
        for _, _, item, is_done in rows
        if item is not None
    ]
    return TodayPlan(date=day, weekday=weekday, week_plan_id=plan_id, notes=notes, items=items)
