"""Adherence and activity, computed in SQL (one statement for a whole page of patients)."""

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, func, select
from sqlalchemy.orm import InstrumentedAttribute

from telerehab.domain.calendar import utc_midnight, utc_today, week_start
from telerehab.models import WeekPlan, WeekPlanItem, WorkoutSession


def sessions_planned(patient_id: InstrumentedAttribute[int], monday: date) -> ScalarSelect[int]:
    return (
        select(func.count(WeekPlanItem.id))
        .join(WeekPlan, WeekPlan.id == WeekPlanItem.week_plan_id)
        .where(WeekPlan.patient_id == patient_id, WeekPlan.week_start == monday)
        .scalar_subquery()
    )


def sessions_done(
    patient_id: InstrumentedAttribute[int], since: datetime, until: datetime
) -> ScalarSelect[int]:
    return (
        select(func.count(WorkoutSession.id))
        .where(
            WorkoutSession.user_id == patient_id,
            WorkoutSession.started_at >= since,
            WorkoutSession.started_at < until,
        )
        .scalar_subquery()
    )


def last_activity(patient_id: InstrumentedAttribute[int]) -> ScalarSelect[Any]:
    return (
        select(func.max(WorkoutSession.started_at))
        .where(WorkoutSession.user_id == patient_id)
        .scalar_subquery()
    )


def this_week_columns(
    patient_id: InstrumentedAttribute[int], today: date | None = None
) -> list[ColumnElement[Any]]:
    """Planned and done sessions of the current week, and the last session's time, as columns."""
    monday = week_start(today or utc_today())
    since = utc_midnight(monday)
    return [
        sessions_planned(patient_id, monday).label("planned"),
        sessions_done(patient_id, since, since + timedelta(days=7)).label("done"),
        last_activity(patient_id).label("last_activity_at"),
    ]


def adherence(planned: int, done: int) -> float | None:
    """Share of planned sessions done, capped at 1 (extra sessions do not hide missed ones)."""
    if not planned:
        return None
    return round(min(1.0, done / planned), 3)
