"""Workout sessions: history, ratings, range-of-motion trends, live exercise."""

from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from telerehab.dependencies import (
    AccessiblePatient,
    AccessibleWorkoutSession,
    DbSession,
    Patient,
)
from telerehab.domain.calendar import local_today
from telerehab.domain.progress import adherence
from telerehab.enums import ExerciseType, Side
from telerehab.errors import Conflict
from telerehab.live.sessions import load_sets
from telerehab.models import WorkoutSession
from telerehab.schemas.base import Page
from telerehab.schemas.exercise import (
    AdherenceSeries,
    AdherenceWeek,
    PainPoint,
    PainTrend,
    RangeOfMotionPoint,
    RangeOfMotionTrend,
    WorkoutRating,
    WorkoutSessionRead,
)
from telerehab.trends import (
    CLINICIANS_ONLY,
    PATIENT_NOT_YOURS,
    TREND_RESPONSES,
    BucketQuery,
    PeriodQuery,
    TrendBucket,
    adherence_series,
    pain_trend,
    range_of_motion_trend,
)
from telerehab.web.pagination import PageQuery, paginate

router = APIRouter(tags=["exercises"])

# --- Session history, ratings and progress --------------------------------------------------

SESSION_NOT_YOURS: dict[int | str, dict[str, Any]] = {
    **CLINICIANS_ONLY,
    404: {"description": "No workout session with this id is visible to you."},
}


@router.get(
    "/patients/{patient_id}/workout-sessions",
    operation_id="exercises-list-sessions",
    summary="A patient's workout sessions",
    description=(
        "Newest first, each with its sets. `from` / `to` keep sessions started on those UTC "
        "days. For the patient and the doctors caring for them."
    ),
    responses=PATIENT_NOT_YOURS,
)
def list_workout_sessions(
    patient: AccessiblePatient, db: DbSession, page: PageQuery, period: PeriodQuery
) -> Page[WorkoutSessionRead]:
    statement = (
        select(WorkoutSession)
        .where(WorkoutSession.user_id == patient.id, *period.where(WorkoutSession.started_at))
        .options(selectinload(WorkoutSession.details))
    )
    keys = [WorkoutSession.started_at, WorkoutSession.id]
    return paginate(db, statement, keys, page, WorkoutSessionRead.model_validate)


@router.get(
    "/workout-sessions/{session_id}",
    operation_id="exercises-get-session",
    summary="One workout session",
    description="The session and its sets, for the patient and the doctors caring for them.",
    responses=SESSION_NOT_YOURS,
)
def get_workout_session(session: AccessibleWorkoutSession, db: DbSession) -> WorkoutSessionRead:
    return WorkoutSessionRead.model_validate(load_sets(db, session))


@router.put(
    "/workout-sessions/{session_id}/rating",
    operation_id="exercises-rate-session",
    summary="Rate a workout session",
    description=(
        "The patient says how much it hurt (0-10) and how hard it was (1-10) once the session "
        "has ended; rating again replaces the earlier answer. Only the patient who exercised."
    ),
    responses={
        403: {"description": "Only the patient rates their own sessions."},
        404: {"description": "No workout session of yours with this id."},
        409: {"description": "The session has not ended yet."},
    },
)
def rate_workout_session(
    user: Patient, session: AccessibleWorkoutSession, body: WorkoutRating, db: DbSession
) -> WorkoutSessionRead:
    if session.ended_at is None:
        raise Conflict("This session is still running: finish it before rating it.")
    session.pain_score = body.pain_score
    session.difficulty = body.difficulty
    db.flush()
    return WorkoutSessionRead.model_validate(load_sets(db, session))


@router.get(
    "/patients/{patient_id}/progress/range-of-motion",
    operation_id="exercises-range-of-motion",
    summary="Range-of-motion trend",
    description=(
        "Per UTC day or ISO week, exercise and side: mean and best range of motion, reps and "
        "sets. Optional filters `exercise` and `side`; without `from` the last 84 days to `to` "
        "(default today)."
    ),
    responses=TREND_RESPONSES,
)
def range_of_motion(
    patient: AccessiblePatient,
    db: DbSession,
    period: PeriodQuery,
    bucket: BucketQuery = TrendBucket.DAY,
    exercise: Annotated[ExerciseType | None, Query(description="Only this exercise.")] = None,
    side: Annotated[Side | None, Query(description="Only this side.")] = None,
) -> RangeOfMotionTrend:
    window = period.closed()
    rows = db.execute(*range_of_motion_trend(patient.id, window, bucket, exercise, side)).all()
    return RangeOfMotionTrend(
        bucket=bucket,
        period_start=window.start,
        period_end=window.end,
        points=[RangeOfMotionPoint.model_validate(row) for row in rows],
    )


@router.get(
    "/patients/{patient_id}/progress/pain",
    operation_id="exercises-pain",
    summary="Pain trend",
    description=(
        "The pain ratings of workout sessions per UTC day or ISO week: mean, worst and how many "
        "sessions were rated. Without `from` the last 84 days to `to` (default today)."
    ),
    responses=TREND_RESPONSES,
)
def pain(
    patient: AccessiblePatient,
    db: DbSession,
    period: PeriodQuery,
    bucket: BucketQuery = TrendBucket.DAY,
) -> PainTrend:
    window = period.closed()
    rows = db.execute(*pain_trend(patient.id, window, bucket)).all()
    return PainTrend(
        bucket=bucket,
        period_start=window.start,
        period_end=window.end,
        points=[PainPoint.model_validate(row) for row in rows],
    )


@router.get(
    "/patients/{patient_id}/progress/adherence",
    operation_id="exercises-adherence",
    summary="Weekly adherence",
    description=(
        "For each of the last `weeks` ISO weeks up to the current one: routines planned, "
        "workout sessions started, and their ratio capped at 1 (null without a plan)."
    ),
    responses=PATIENT_NOT_YOURS,
)
def weekly_adherence(
    patient: AccessiblePatient,
    db: DbSession,
    weeks: Annotated[int, Query(ge=1, le=52, description="How many weeks back, 1-52.")] = 8,
) -> AdherenceSeries:
    rows = db.execute(*adherence_series(patient.id, weeks, local_today(patient.time_zone))).all()
    return AdherenceSeries(
        weeks=[
            AdherenceWeek(
                week_start=row.week_start,
                planned=row.planned,
                done=row.done,
                adherence=adherence(row.planned, row.done),
            )
            for row in rows
        ]
    )
