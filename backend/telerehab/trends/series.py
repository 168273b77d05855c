"""One patient's history as series, in SQL: range of motion, pain and brain games per bucket, and
adherence per week. Every series is one grouped statement.

Each statement is built once per shape (bucket and filters) with the patient, the window and
the filters' values left as bound parameters, named by a ``Binds`` dataclass: building and
hashing a trend's SQL cost the worker about a millisecond a request, more than PostgreSQL
spends answering it.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Date, Select, func, literal, select, union_all
from sqlalchemy.orm import InstrumentedAttribute

from telerehab.binds import Binds
from telerehab.domain.calendar import day_bounds, utc_midnight, utc_today, week_start
from telerehab.enums import BrainGame, ExerciseType, Side
from telerehab.models import (
    BrainExerciseSession,
    SessionDetail,
    WeekPlan,
    WeekPlanItem,
    WorkoutSession,
)
from telerehab.trends.buckets import ClosedPeriod, TrendBucket, bucket_start, utc_monday

Statement = tuple[Select[Any], dict[str, Any]]


@dataclass(frozen=True)
class TrendWindow(Binds):
    """A patient's sessions started in [since, until)."""

    patient_id: int
    since: datetime
    until: datetime

    @classmethod
    def of(cls, patient_id: int, window: ClosedPeriod) -> "TrendWindow":
        return cls(patient_id, utc_midnight(window.start), day_bounds(window.end)[1])


@dataclass(frozen=True)
class RangeOfMotionBinds(TrendWindow):
    exercise: ExerciseType | None
    side: Side | None


@dataclass(frozen=True)
class BrainBinds(TrendWindow):
    game: BrainGame | None


def _of_patient_in_window(
    bound: TrendWindow,
    owner: InstrumentedAttribute[int],
    started_at: InstrumentedAttribute[datetime],
) -> list[ColumnElement[bool]]:
    return [owner == bound.patient_id, started_at >= bound.since, started_at < bound.until]


def range_of_motion_trend(
    patient_id: int,
    window: ClosedPeriod,
    bucket: TrendBucket,
    exercise: ExerciseType | None,
    side: Side | None,
) -> Statement:
    """Per bucket, exercise and side: mean ROM, best ROM, reps and sets done; a statement and
    the parameters to execute it with."""
    statement = _range_of_motion_statement(bucket, exercise is not None, side is not None)
    whole = TrendWindow.of(patient_id, window)
    binds = RangeOfMotionBinds(whole.patient_id, whole.since, whole.until, exercise, side)
    return statement, binds.values()


@lru_cache(maxsize=16)
def _range_of_motion_statement(
    bucket: TrendBucket, by_exercise: bool, by_side: bool
) -> Select[Any]:
    bound = RangeOfMotionBinds.placeholders()
    start = bucket_start(WorkoutSession.started_at, bucket).label("bucket_start")
    statement = (
        select(
            start,
            SessionDetail.exercise_type,
            SessionDetail.side,
            func.avg(SessionDetail.rom_mean_deg).label("mean_rom_deg"),
            func.max(SessionDetail.rom_max_deg).label("max_rom_deg"),
            func.coalesce(func.sum(SessionDetail.reps_done), 0).label("reps_done"),
            func.count(SessionDetail.id).label("sets"),
        )
        .join(WorkoutSession, WorkoutSession.id == SessionDetail.session_id)
        .where(
            *_of_patient_in_window(bound, WorkoutSession.user_id, WorkoutSession.started_at),
            # Sets the camera measured: a self-reported one has no range of motion.
            SessionDetail.exercise_type.is_not(None),
        )
        .group_by(start, SessionDetail.exercise_type, SessionDetail.side)
        .order_by(start, SessionDetail.exercise_type, SessionDetail.side)
    )
    if by_exercise:
        statement = statement.where(SessionDetail.exercise_type == bound.exercise)
    if by_side:
        statement = statement.where(SessionDetail.side == bound.side)
    return statement


def pain_trend(patient_id: int, window: ClosedPeriod, bucket: TrendBucket) -> Statement:
    """Per bucket: mean and worst pain of the rated sessions, and how many were rated; a
    statement and the parameters to execute it with."""
    return _pain_statement(bucket), TrendWindow.of(patient_id, window).values()


@lru_cache(maxsize=4)
def _pain_statement(bucket: TrendBucket) -> Select[Any]:
    bound = TrendWindow.placeholders()
    start = bucket_start(WorkoutSession.started_at, bucket).label("bucket_start")
    return (
        select(
            start,
            func.avg(WorkoutSession.pain_score).label("mean_pain"),
            func.max(WorkoutSession.pain_score).label("max_pain"),
            func.count(WorkoutSession.id).label("sessions"),
        )
        .where(
            *_of_patient_in_window(bound, WorkoutSession.user_id, WorkoutSession.started_at),
            WorkoutSession.pain_score.is_not(None),
        )
        .group_by(start)
        .order_by(start)
    )


def brain_trend(
    patient_id: int, window: ClosedPeriod, bucket: TrendBucket, game: BrainGame | None
) -> Statement:
    """Per bucket and game: mean score and accuracy, mean of the sessions' median reaction
    times (a true median is not portable SQL), best level, and how many sessions; a statement
    and the parameters to execute it with."""
    whole = TrendWindow.of(patient_id, window)
    binds = BrainBinds(whole.patient_id, whole.since, whole.until, game)
    return _brain_statement(bucket, game is not None), binds.values()


@lru_cache(maxsize=8)
def _brain_statement(bucket: TrendBucket, by_game: bool) -> Select[Any]:
    bound = BrainBinds.placeholders()
    start = bucket_start(BrainExerciseSession.started_at, bucket).label("bucket_start")
    statement = (
        select(
            start,
            BrainExerciseSession.game,
            func.avg(BrainExerciseSession.score).label("mean_score"),
            func.avg(BrainExerciseSession.accuracy).label("mean_accuracy"),
            func.avg(BrainExerciseSession.median_reaction_ms).label("mean_reaction_ms"),
            func.max(BrainExerciseSession.level_reached).label("max_level"),
            func.count(BrainExerciseSession.id).label("sessions"),
        )
        .where(
            *_of_patient_in_window(
                bound, BrainExerciseSession.user_id, BrainExerciseSession.started_at
            )
        )
        .group_by(start, BrainExerciseSession.game)
        .order_by(start, BrainExerciseSession.game)
    )
    if by_game:
        statement = statement.where(BrainExerciseSession.game == bound.game)
    return statement


@dataclass(frozen=True)
class AdherencePatient(Binds):
    patient_id: int


def adherence_series(patient_id: int, weeks: int, today: date | None = None) -> Statement:
    """Per ISO week, the last ``weeks`` up to this one: plan items vs sessions started; a
    statement and the parameters to execute it with."""
    this_monday = week_start(today or utc_today())
    return _adherence_statement(this_monday, weeks), AdherencePatient(patient_id).values()


# Built once per week and length, with the patient bound at execution: building and hashing
# the calendar of weeks cost the worker more than PostgreSQL spends answering it.
@lru_cache(maxsize=64)
def _adherence_statement(this_monday: date, weeks: int) -> Select[Any]:
    patient_id = AdherencePatient.placeholders().patient_id
    mondays = [this_monday - timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]
    calendar = union_all(
        *(select(literal(monday, Date).label("week_start")) for monday in mondays)
    ).subquery("calendar")
    planned = (
        select(WeekPlan.week_start, func.count(WeekPlanItem.id).label("planned"))
        .join(WeekPlanItem, WeekPlanItem.week_plan_id == WeekPlan.id)
        .where(WeekPlan.patient_id == patient_id, WeekPlan.week_start >= mondays[0])
        .group_by(WeekPlan.week_start)
        .subquery("planned")
    )
    done_week = utc_monday(WorkoutSession.started_at).label("week_start")
    done = (
        select(done_week, func.count(WorkoutSession.id).label("done"))
        .where(
            WorkoutSession.user_id == patient_id,
            WorkoutSession.started_at >= utc_midnight(mondays[0]),
        )
        .group_by(done_week)
        .subquery("done")
    )
    return (
        select(
            calendar.c.week_start,
            func.coalesce(planned.c.planned, 0).label("planned"),
            func.coalesce(done.c.done, 0).label("done"),
        )
        .select_from(calendar)
        .outerjoin(planned, planned.c.week_start == calendar.c.week_start)
        .outerjoin(done, done.c.week_start == calendar.c.week_start)
        .order_by(calendar.c.week_start)
    )
