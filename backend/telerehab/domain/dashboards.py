"""What the start screens show: the doctor's day and the patient's day, each read in as few
statements as the screen has sections."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, func, not_, select
from sqlalchemy.orm import Session, joinedload

from telerehab.access.scopes import may_see_patient
from telerehab.domain.calendar import day_bounds, local_today, week_start
from telerehab.domain.streaks import weekly_progress
from telerehab.domain.week_plans import routines_of_day
from telerehab.enums import ScheduleStatus
from telerehab.models import (
    Message,
    Notification,
    Schedule,
    User,
    WeekPlan,
    WorkoutSession,
)
from telerehab.schemas.dashboard import (
    AttentionReason,
    PatientAppointment,
    PatientAttention,
    PatientDashboard,
    TodayPlan,
)
from telerehab.schemas.user import UserSummary


def attention_item(row: Row[Any]) -> PatientAttention:
    """A row of the attention list as the dashboard shows it."""
    flags = {
        AttentionReason.MISSED_SESSIONS: row.missed_sessions,
        AttentionReason.HIGH_PAIN: row.high_pain,
        AttentionReason.ADHERENCE_DROP: row.adherence_drop,
        AttentionReason.SCORE_WORSENED: row.score_worsened,
    }
    return PatientAttention(
        patient=UserSummary(id=row.id, full_name=row.full_name, role=row.role),
        reasons=[reason for reason, flag in flags.items() if flag],
        max_pain_last_7_days=row.max_pain,
        adherence_this_week=row.adherence_this_week,
        adherence_last_week=row.adherence_last_week,
        last_session_at=row.last_session_at,
        time_zone=row.time_zone,
    )


def appointments_today(
    db: Session, doctor: User, now: datetime, limit: int
) -> Sequence[Row[Schedule, int]]:
    """The doctor's appointments of ``now``'s day (in the doctor's time zone) with patients in
    their care, in time order, at most ``limit``, each with the day's total."""
    since, until = day_bounds(local_today(doctor.time_zone, now), doctor.time_zone)
    return db.execute(
        select(Schedule, func.count().over().label("total"))
        .options(joinedload(Schedule.patient, innerjoin=True))
        .where(
            Schedule.doctor_id == doctor.id,
            may_see_patient(doctor, Schedule.patient_id),
            Schedule.starts_at >= since,
            Schedule.starts_at < until,
        )
        .order_by(Schedule.starts_at, Schedule.id)
        .limit(limit)
    ).all()


def _patient_counts(db: Session, patient: User, now: datetime) -> Row[*tuple[Any, ...]]:
    """This week's plan, today's planned and done routines, today's sessions, and unread
    messages and notifications: one statement of scalar subqueries. Days are the patient's."""
    today = local_today(patient.time_zone, now)
    since, until = day_bounds(today, patient.time_zone)
    this_week_plan = (WeekPlan.patient_id == patient.id, WeekPlan.week_start == week_start(today))
    planned, done = routines_of_day(patient.id, today, patient.time_zone)
    started_today = (
        WorkoutSession.user_id == patient.id,
        WorkoutSession.started_at >= since,
        WorkoutSession.started_at < until,
    )
    return db.execute(
        select(
            select(WeekPlan.id).where(*this_week_plan).scalar_subquery().label("week_plan_id"),
            planned.label("planned"),
            done.label("done"),
            select(func.count(WorkoutSession.id))
            .where(*started_today)
            .scalar_subquery()
            .label("sessions"),
            select(func.count(Message.id))
            .where(Message.receiver_id == patient.id, not_(Message.is_read))
            .scalar_subquery()
            .label("unread_messages"),
            select(func.count(Notification.id))
            .where(Notification.user_id == patient.id, not_(Notification.is_read))
            .scalar_subquery()
            .label("unread_notifications"),
        )
    ).one()


def patient_dashboard(db: Session, patient: User, now: datetime) -> PatientDashboard:
    """Today's plan (routines planned for today, sessions started today), the next
    appointment, and unread message and notification counts."""
    counts = _patient_counts(db, patient, now)
    next_appointment = db.scalars(
        select(Schedule)
        .options(joinedload(Schedule.doctor, innerjoin=True))
        .where(
            Schedule.patient_id == patient.id,
            Schedule.status == ScheduleStatus.SCHEDULED,
            Schedule.starts_at >= now,
        )
        .order_by(Schedule.starts_at, Schedule.id)
        .limit(1)
    ).first()
    return PatientDashboard(
        today=local_today(patient.time_zone, now),
        time_zone=patient.time_zone,
        plan=TodayPlan(
            week_plan_id=counts.week_plan_id,
            planned=counts.planned,
            done=counts.done,
            sessions=counts.sessions,
        ),
        next_appointment=(
            PatientAppointment.model_validate(next_appointment) if next_appointment else None
        ),
        unread_messages=counts.unread_messages,
        unread_notifications=counts.unread_notifications,
        week=weekly_progress(db, patient, now),
    )
