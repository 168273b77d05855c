"""The demo clinic: its history ends at the moment it is written, whatever the time of day, and
it hangs together (diagnoses and exercises, dates, scores, hours)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from telerehab.enums import UserRole, Weekday
from telerehab.models import (
    Assignment,
    BrainExerciseLog,
    BrainExerciseSession,
    ComboItem,
    MedicalRecord,
    Message,
    Notification,
    SessionDetail,
    User,
    WeekPlan,
    WeekPlanItem,
    WorkoutSession,
)
from telerehab.schemas.brain import POINTS_PER_LEVEL, BrainSessionCreate, BrainTrialCreate
from telerehab.seeding.content import DIAGNOSES
from telerehab.seeding.demo import seed_demo

HISTORY = [
    WorkoutSession.started_at,
    WorkoutSession.ended_at,
    BrainExerciseSession.started_at,
    Message.created_at,
    Notification.created_at,
]


@pytest.mark.parametrize("hour", [0, 23])
def test_nothing_in_the_demo_history_lies_in_the_future(db_session: Session, hour: int) -> None:
    # Just after midnight a history that ended at noon showed "last session in 8 hours".
    now = datetime(2026, 11, 26, hour, 5, tzinfo=UTC)
    seed_demo(db_session, seed=7, now=now)
    db_session.flush()
    newest: dict[str, datetime] = {}
    for column in HISTORY:
        latest = db_session.scalar(select(func.max(column)))
        assert latest is not None
        newest[f"{column.class_.__name__}.{column.key}"] = as_utc(latest)
    assert all(moment <= now for moment in newest.values()), newest
    # ... and it still reaches into the last day, so the screens have recent activity.
    assert now - max(newest.values()) < timedelta(days=1)


def as_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# -- the demo clinic hangs together (issue 22) ---------------------------------------------------


@pytest.fixture
def clinic(db_session: Session) -> Session:
    seed_demo(db_session, seed=2026, now=datetime(2026, 11, 26, 16, 35, tzinfo=UTC))
    db_session.flush()
    return db_session


def test_every_routine_and_session_fits_the_diagnosis(clinic: Session) -> None:
    calls_for = {diagnosis: set(exercises) for diagnosis, _, exercises in DIAGNOSES}
    side_of = {diagnosis: side for diagnosis, side, _ in DIAGNOSES}
    record = {r.patient_id: r for r in clinic.scalars(select(MedicalRecord))}
    planned = clinic.execute(
        select(WeekPlan.patient_id, ComboItem.exercise_type)
        .join(WeekPlanItem, WeekPlanItem.week_plan_id == WeekPlan.id)
        .join(ComboItem, ComboItem.combo_id == WeekPlanItem.combo_id)
    ).all()
    assert planned
    wrong = [(p, e) for p, e in planned if e not in calls_for[record[p].diagnosis]]
    assert wrong == [], "routines planned that the diagnosis does not call for"
    done = clinic.execute(
        select(WorkoutSession.user_id, SessionDetail.exercise_type, SessionDetail.side).join(
            SessionDetail, SessionDetail.session_id == WorkoutSession.id
        )
    ).all()
    assert done
    assert [(p, e) for p, e, _ in done if e not in calls_for[record[p].diagnosis]] == []
    # Each set on the side the record says is affected.
    assert [(p, s) for p, _, s in done if s != side_of[record[p].diagnosis]] == []


def test_patient_since_comes_before_everything_they_did(clinic: Session) -> None:
    first_session = dict(
        clinic.execute(
            select(WorkoutSession.user_id, func.min(WorkoutSession.started_at)).group_by(
                WorkoutSession.user_id
            )
        ).all()
    )
    first_game = dict(
        clinic.execute(
            select(
                BrainExerciseSession.user_id, func.min(BrainExerciseSession.started_at)
            ).group_by(BrainExerciseSession.user_id)
        ).all()
    )
    patients = clinic.scalars(select(User).where(User.role == UserRole.PATIENT)).all()
    assert patients and first_session
    for patient in patients:
        joined = as_utc(patient.created_at)
        for first in (first_session.get(patient.id), first_game.get(patient.id)):
            assert first is None or joined < as_utc(first), patient.username
    for assignment in clinic.scalars(select(Assignment)):
        patient = clinic.get(User, assignment.patient_id)
        assert patient is not None
        assert as_utc(patient.created_at) <= as_utc(assignment.created_at)


def test_brain_scores_are_the_servers_own_from_the_trials(clinic: Session) -> None:
    games = clinic.scalars(select(BrainExerciseSession)).all()
    assert games
    for game in games:
        logs = clinic.scalars(
            select(BrainExerciseLog)
            .where(BrainExerciseLog.session_id == game.id)
            .order_by(BrainExerciseLog.trial)
        ).all()
        played = BrainSessionCreate(
            game=game.game,
            started_at=as_utc(game.started_at),
            ended_at=as_utc(game.ended_at),
            trials=[
                BrainTrialCreate(correct=log.correct, reaction_ms=log.reaction_ms, level=log.level)
                for log in logs
            ],
        ).metrics()
        best = sum(POINTS_PER_LEVEL * log.level for log in logs)
        assert 0 <= game.score <= best
        assert (game.score, game.level_reached, game.errors) == (
            played.score,
            played.level_reached,
            played.errors,
        )


def test_sessions_are_in_waking_hours_on_planned_days(clinic: Session) -> None:
    workouts = clinic.scalars(select(WorkoutSession)).all()
    assert workouts
    for workout in workouts:
        patient = clinic.get(User, workout.user_id)
        assert patient is not None
        local = as_utc(workout.started_at).astimezone(ZoneInfo(patient.time_zone))
        assert 7 <= local.hour < 20, f"{patient.username} exercised at {local:%H:%M}"
        # Done on a day the week plan names (no session on a rest day without a reason).
        assert workout.week_plan_item_id is not None
        item = clinic.get(WeekPlanItem, workout.week_plan_item_id)
        assert item is not None
        plan = clinic.get(WeekPlan, item.week_plan_id)
        assert plan is not None and plan.patient_id == patient.id
        assert local.date() == plan.week_start + timedelta(days=list(Weekday).index(item.weekday))
        assert workout.combo_id == item.combo_id
    for game in clinic.scalars(select(BrainExerciseSession)):
        patient = clinic.get(User, game.user_id)
        assert patient is not None
        local = as_utc(game.started_at).astimezone(ZoneInfo(patient.time_zone))
        assert 7 <= local.hour < 20, f"{patient.username} played at {local:%H:%M}"
