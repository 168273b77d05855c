"""A patient's plan per ISO week, and today's plan, over HTTP; the rules are in
``telerehab.domain.week_plans``."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response, status
from sqlalchemy import select
from sqlalchemy.orm import Session

from telerehab.access.scopes import plan_details
from telerehab.dependencies import AccessiblePatient, AccessibleWeekPlan, DbSession, Doctor
from telerehab.domain import week_plans
from telerehab.domain.calendar import local_today
from telerehab.models import WeekPlan
from telerehab.schemas.base import BoundedDate, Page
from telerehab.schemas.week_plan import TodayPlan, WeekPlanPut, WeekPlanRead
from telerehab.web.pagination import PageQuery, paginate

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


def _read_plan(db: Session, plan_id: int) -> WeekPlanRead:
    plan = db.scalars(
        select(WeekPlan)
        .where(WeekPlan.id == plan_id)
        .options(*plan_details())
        # The plan may already sit in the session without its items (or with stale ones).
        .execution_options(populate_existing=True)
    ).one()
    return WeekPlanRead.from_plan(plan)


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
    plan, created = week_plans.write_plan(db, doctor, patient, week_start, body)
    if created:
        response.status_code = status.HTTP_201_CREATED
    return _read_plan(db, plan.id)


@router.get(
    "/week-plans/{week_plan_id}",
    operation_id="week-plans-get",
    summary="One week plan",
    description="For the patient and the doctors caring for them.",
    responses=NOT_YOURS,
)
def get_week_plan(plan: AccessibleWeekPlan) -> WeekPlanRead:
    return WeekPlanRead.from_plan(plan)


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
        "The routines planned for one day (default: the patient's today, in their time zone) "
        "in the patient's plan of that week, each with its exercises and whether a workout "
        "linked to it was started that day (the patient's day)."
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
    return week_plans.day_plan(db, patient, on or local_today(patient.time_zone))
