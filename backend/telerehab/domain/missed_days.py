"""The one rule for missed exercise days, shared by the doctor's dashboard and the daily job.

A **missed day** is a UTC day that is over, on which the patient's week plan had at least one
routine and the patient started no workout. A patient **has missed sessions** when each of the
last ``MISSED_DAYS`` days before today was a missed day. A workout today does not undo them:
the days are over. The dashboard's "missed_sessions" flag and ``telerehab notify-missed`` both
ask ``missed_patients``, so they answer alike for the same patient on the same day.
"""

from datetime import date

from sqlalchemy import ColumnElement, Select, Subquery, and_, exists, func, or_, select

from telerehab.calendar import days_before, utc_midnight, week_start, weekday_of
from telerehab.models import WeekPlan, WeekPlanItem, WorkoutSession

MISSED_DAYS = 2


def checked_days(today: date) -> list[date]:
    """The days the rule looks at on ``today``, oldest first."""
    return days_before(today, MISSED_DAYS)


def _planned_on(day: date) -> ColumnElement[bool]:
    return and_(WeekPlan.week_start == week_start(day), WeekPlanItem.weekday == weekday_of(day))


def missed_patients(today: date, patients: Select[int]) -> Subquery:
    """The ids (column ``patient_id``) of those of ``patients`` (a select of patient ids) who
    have missed sessions on ``today``.

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
        started >= utc_midnight(days[0]),
        started < utc_midnight(today),  # the checked days are consecutive and end yesterday
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
