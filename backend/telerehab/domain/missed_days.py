"""The one rule for missed exercise days, shared by the doctor's dashboard and the daily job.

A **missed day** is a day of the patient's, in their own time zone (``telerehab.domain.calendar``),
that is over, on which their week plan had at least one routine and they started no workout.
A patient **has missed sessions** when each of the last ``MISSED_DAYS`` days before today was a
missed day. A workout today does not undo them: the days are over. The dashboard's
"missed_sessions" flag and ``telerehab notify-missed`` both ask ``missed_patients``, so they
answer alike for the same patient on the same day. Patients are judged a zone at a time
(``zones_of``): one statement per zone that has patients, with that zone's day bounds.
"""

from datetime import date

from sqlalchemy import ColumnElement, Select, Subquery, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from telerehab.domain.calendar import (
    DEFAULT_ZONE,
    days_before,
    local_midnight,
    week_start,
    weekday_of,
)
from telerehab.models import User, WeekPlan, WeekPlanItem, WorkoutSession

MISSED_DAYS = 2


def zones_of(db: Session, patients: Select[int]) -> list[str]:
    """The distinct time zones of ``patients`` (a select of patient ids), in name order."""
    ids = patients.subquery("zoned")
    return list(
        db.scalars(
            select(User.time_zone)
            .join(ids, ids.c[0] == User.id)
            .distinct()
            .order_by(User.time_zone)
        )
    )


def checked_days(today: date) -> list[date]:
    """The days the rule looks at on ``today``, oldest first."""
    return days_before(today, MISSED_DAYS)


def _planned_on(day: date) -> ColumnElement[bool]:
    return and_(WeekPlan.week_start == week_start(day), WeekPlanItem.weekday == weekday_of(day))


def missed_patients(today: date, patients: Select[int], zone_name: str = DEFAULT_ZONE) -> Subquery:
    """The ids (column ``patient_id``) of those of ``patients`` (a select of patient ids, all
    living in ``zone_name``, whose day ``today`` is) who have missed sessions on ``today``.

    One grouped statement: each patient's plan items on the checked days (one index range of
    their week plans), and for those with a routine on every checked day, whether a workout
    began during them (one index probe of their sessions).
    """
    days = checked_days(today)
    candidates = patients.subquery("candidates")
    patient_id = candidates.c[0]
    started = WorkoutSession.started_at
    trained = exists().where(
        WorkoutSession.user_id == patient_id,
        started >= local_midnight(days[0], zone_name),
        started
        < local_midnight(today, zone_name),  # the checked days are consecutive and end yesterday
    )
    return (
        select(patient_id.label("patient_id"))
        .select_from(candidates)
        .join(WeekPlan, WeekPlan.patient_id == patient_id)
        .join(WeekPlanItem, WeekPlanItem.week_plan_id == WeekPlan.id)
        .where(
            WeekPlan.week_start.in_(sorted({week_start(day) for day in days})),
            or_(*(_planned_on(day) for day in days)),
        )
        .group_by(patient_id)
        .having(
            *(func.count(WeekPlanItem.id).filter(_planned_on(day)) > 0 for day in days),
            ~trained,
        )
        .subquery("missed")
    )
