"""A self-reported exercise: the sets and reps a patient did of a library exercise the camera
does not count, with the same pain and difficulty ratings as a camera session.

It is stored as a finished workout session (source ``self_report``) whose sets carry the reps
entered, so it counts toward adherence and shows in the history like any other session."""

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from telerehab.enums import WorkoutSource
from telerehab.errors import Conflict, InvalidInput, NotFound
from telerehab.live.sessions import load_sets
from telerehab.models import (
    ComboItem,
    SessionDetail,
    User,
    WeekPlan,
    WeekPlanItem,
    WorkoutSession,
)
from telerehab.schemas.library import SelfReportCreate


def _planned_item(db: Session, patient: User, body: SelfReportCreate) -> ComboItem | None:
    """The routine item of the patient's plan that this report is for (None: a free one)."""
    if body.week_plan_item_id is None:
        return None
    planned = db.scalars(
        select(WeekPlanItem)
        .join(WeekPlan, WeekPlan.id == WeekPlanItem.week_plan_id)
        .where(WeekPlanItem.id == body.week_plan_item_id, WeekPlan.patient_id == patient.id)
    ).one_or_none()
    if planned is None:
        raise NotFound("No planned routine with this id is in your plan.")
    item = db.scalars(
        select(ComboItem)
        .where(
            ComboItem.combo_id == planned.combo_id, ComboItem.exercise_code == body.exercise_code
        )
        .order_by(ComboItem.position)
        .limit(1)
    ).one_or_none()
    if item is None:
        raise InvalidInput("This exercise is not part of that planned routine.")
    return item


def record_self_report(
    db: Session, patient: User, body: SelfReportCreate
) -> tuple[WorkoutSession, bool]:
    """The new finished session, or the one recorded before with the same ``client_key``."""
    if body.client_key:
        existing = db.scalars(
            select(WorkoutSession).where(WorkoutSession.client_key == body.client_key)
        ).one_or_none()
        if existing is not None:
            if existing.user_id != patient.id or existing.source != WorkoutSource.SELF_REPORT:
                raise Conflict("This client key is already in use; generate a new one.")
            return load_sets(db, existing), False
    item = _planned_item(db, patient, body)
    now = datetime.now(UTC)
    session = WorkoutSession(
        user_id=patient.id,
        started_at=now,
        ended_at=now,
        source=WorkoutSource.SELF_REPORT,
        week_plan_item_id=body.week_plan_item_id,
        combo_id=item.combo_id if item else None,
        pain_score=body.pain_score,
        difficulty=body.difficulty,
        notes=body.notes,
        client_key=body.client_key,
        details=[
            SessionDetail(
                position=position,
                exercise_code=body.exercise_code,
                exercise_type=None,
                side=body.side or (item.side if item else None),
                set_number=position + 1,
                reps_target=item.reps if item else None,
                reps_done=reps,
                duration_seconds=0,
                rep_metrics=[],
            )
            for position, reps in enumerate(body.reps_per_set)
        ],
    )
    db.add(session)
    db.flush()
    return session, True
