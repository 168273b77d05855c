"""A patient's record taken out of the app: the FHIR Bundle (``fhir``), the sessions CSV
(``sessions_csv``), the home programme and the progress report (PDFs drawn by ``pdf``). Each is
a clinical read: it starts from the caller's readable statements, so an export holds only what
the caller may see, and runs a bounded number of queries whatever the length of the history."""

from dataclasses import dataclass

from sqlalchemy.orm import Session, selectinload

from telerehab.access.scopes import (
    Caller,
    visible_doctors,
    visible_questionnaire_responses,
    visible_schedules,
    visible_week_plans,
    visible_workout_sessions,
)
from telerehab.models import QuestionnaireResponse, Schedule, User, WeekPlan, WorkoutSession
from telerehab.trends.buckets import Period


@dataclass(frozen=True)
class History:
    patient: User
    doctors: list[User]  # caring for the patient now
    week_plans: list[WeekPlan]  # with author, items and routines
    schedules: list[Schedule]  # with both people
    sessions: list[WorkoutSession]  # with their sets
    questionnaire_responses: list[QuestionnaireResponse]


def load_sessions(
    db: Session, caller: Caller, patient: User, period: Period | None = None
) -> list[WorkoutSession]:
    """The patient's workout sessions the caller may see (started in ``period``, if given),
    oldest first, each with its sets."""
    statement = (
        visible_workout_sessions(caller)
        .where(WorkoutSession.user_id == patient.id)
        .options(selectinload(WorkoutSession.details))
        .order_by(WorkoutSession.started_at, WorkoutSession.id)
    )
    if period is not None:
        statement = statement.where(*period.where(WorkoutSession.started_at))
    return list(db.scalars(statement))


def load_history(db: Session, caller: Caller, patient: User) -> History:
    plans = (
        visible_week_plans(caller)
        .where(WeekPlan.patient_id == patient.id)
        .order_by(WeekPlan.week_start, WeekPlan.id)
    )
    schedules = (
        visible_schedules(caller)
        .where(Schedule.patient_id == patient.id)
        .order_by(Schedule.starts_at, Schedule.id)
    )
    doctors = visible_doctors(patient).order_by(User.full_name, User.id)
    responses = (
        visible_questionnaire_responses(caller)
        .where(QuestionnaireResponse.patient_id == patient.id)
        .order_by(QuestionnaireResponse.answered_at, QuestionnaireResponse.id)
    )
    return History(
        patient=patient,
        doctors=list(db.scalars(doctors)),
        week_plans=list(db.scalars(plans).unique()),
        schedules=list(db.scalars(schedules).unique()),
        sessions=load_sessions(db, caller, patient),
        questionnaire_responses=list(db.scalars(responses)),
    )


__all__ = ["History", "load_history", "load_sessions"]
