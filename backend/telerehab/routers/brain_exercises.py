"""Brain (cognitive) game sessions and their trends."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, status
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from telerehab.access.audit import record_allowed, route_action
from telerehab.dependencies import (
    AccessibleBrainSession,
    AccessiblePatient,
    DbSession,
    Patient,
)
from telerehab.enums import BrainGame
from telerehab.errors import Conflict
from telerehab.models import BrainExerciseLog, BrainExerciseSession
from telerehab.schemas.base import Page
from telerehab.schemas.brain import (
    BrainPoint,
    BrainSessionCreate,
    BrainSessionDetail,
    BrainSessionRead,
    BrainTrend,
)
from telerehab.trends import (
    CLINICIANS_ONLY,
    PATIENT_NOT_YOURS,
    TREND_RESPONSES,
    BucketQuery,
    PeriodQuery,
    TrendBucket,
    brain_trend,
)
from telerehab.web.pagination import PageQuery, paginate

router = APIRouter(tags=["brain-exercises"])

GameQuery = Annotated[BrainGame | None, Query(description="Only this game.")]


def _detail(db: Session, session: BrainExerciseSession) -> BrainSessionDetail:
    trials = db.scalars(
        select(BrainExerciseLog)
        .where(BrainExerciseLog.session_id == session.id)
        .order_by(BrainExerciseLog.trial, BrainExerciseLog.id)
    ).all()
    set_committed_value(session, "logs", list(trials))
    return BrainSessionDetail.model_validate(session)


@router.get(
    "/patients/{patient_id}/brain-sessions",
    operation_id="brain-exercises-list-sessions",
    summary="A patient's brain game sessions",
    description=(
        "Newest first, without their trials (see the single session). Filters: `game`, and "
        "`from` / `to` for sessions started on those UTC days."
    ),
    responses=PATIENT_NOT_YOURS,
)
def list_brain_sessions(
    patient: AccessiblePatient,
    db: DbSession,
    page: PageQuery,
    period: PeriodQuery,
    game: GameQuery = None,
) -> Page[BrainSessionRead]:
    statement = select(BrainExerciseSession).where(
        BrainExerciseSession.user_id == patient.id, *period.where(BrainExerciseSession.started_at)
    )
    if game is not None:
        statement = statement.where(BrainExerciseSession.game == game)
    keys = [BrainExerciseSession.started_at, BrainExerciseSession.id]
    return paginate(db, statement, keys, page, BrainSessionRead.model_validate)


@router.get(
    "/brain-sessions/{brain_session_id}",
    operation_id="brain-exercises-get-session",
    summary="One brain game session",
    description="The session's results and every trial in play order.",
    responses={
        **CLINICIANS_ONLY,
        404: {"description": "No brain session with this id is visible to you."},
    },
)
def get_brain_session(session: AccessibleBrainSession, db: DbSession) -> BrainSessionDetail:
    return _detail(db, session)


@router.post(
    "/brain-sessions",
    status_code=status.HTTP_201_CREATED,
    operation_id="brain-exercises-record-session",
    summary="Record a finished brain game",
    description=(
        "The patient's device sends the game, its start and end and every trial; the server "
        "computes score (10 x level per correct trial), accuracy, median reaction time, level "
        "reached and errors. A game that could not have been played is refused with 422 (the "
        "rules are in the request schema); the same game sent twice is refused with 409."
    ),
    responses={
        403: {"description": "Only patients record games."},
        409: {"description": "This game (same game and start time) is already recorded."},
        422: {"description": "Impossible timings, reaction times or levels."},
    },
)
def record_brain_session(
    user: Patient, body: BrainSessionCreate, request: Request, db: DbSession
) -> BrainSessionDetail:
    already = select(BrainExerciseSession.id).where(
        BrainExerciseSession.user_id == user.id,
        BrainExerciseSession.game == body.game,
        BrainExerciseSession.started_at == body.started_at,
    )
    if db.scalar(already) is not None:
        raise Conflict("This game is already recorded (same game, same start time).")
    metrics = body.metrics()
    session = BrainExerciseSession(
        user_id=user.id,
        game=body.game,
        started_at=body.started_at,
        ended_at=body.ended_at,
        score=metrics.score,
        accuracy=metrics.accuracy,
        median_reaction_ms=metrics.median_reaction_ms,
        level_reached=metrics.level_reached,
        errors=metrics.errors,
        logs=[
            BrainExerciseLog(
                user_id=user.id,
                game=body.game,
                trial=number,
                correct=trial.correct,
                reaction_ms=trial.reaction_ms,
                level=trial.level,
            )
            for number, trial in enumerate(body.trials)
        ],
    )
    db.add(session)
    db.flush()
    record_allowed(
        db,
        request,
        user,
        route_action(request),
        "brain_session",
        patient_id=user.id,
        resource_id=session.id,
    )
    return BrainSessionDetail.model_validate(session)


@router.get(
    "/patients/{patient_id}/progress/brain",
    operation_id="brain-exercises-trend",
    summary="Brain game trend",
    description=(
        "Per UTC day or ISO week and game: mean score and accuracy, mean of the sessions' "
        "median reaction times, best level and number of sessions. Without `from` the last 84 "
        "days to `to` (default today)."
    ),
    responses=TREND_RESPONSES,
)
def brain_progress(
    patient: AccessiblePatient,
    db: DbSession,
    period: PeriodQuery,
    bucket: BucketQuery = TrendBucket.DAY,
    game: GameQuery = None,
) -> BrainTrend:
    window = period.closed()
    rows = db.execute(*brain_trend(patient.id, window, bucket, game)).all()
    return BrainTrend(
        bucket=bucket,
        period_start=window.start,
        period_end=window.end,
        points=[BrainPoint.model_validate(row) for row in rows],
    )
