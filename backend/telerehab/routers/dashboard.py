"""The doctor's and the patient's start screens."""

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import Row, exists, func, not_, select
from sqlalchemy.orm import joinedload

from telerehab.access import may_see_patient
from telerehab.audit import record_allowed, record_allowed_many, route_action
from telerehab.dependencies import DbSession, Doctor, Patient
from telerehab.enums import ScheduleStatus
from telerehab.models import (
    Message,
    Notification,
    Schedule,
    WeekPlan,
    WeekPlanItem,
    WorkoutSession,
)
from telerehab.pagination import PageQuery, read_page
from telerehab.progress import week_start
from telerehab.schemas.base import Page
from telerehab.schemas.dashboard import (
    ActivityItem,
    AttentionReason,
    DoctorAppointment,
    DoctorDashboard,
    PatientAppointment,
    PatientAttention,
    PatientDashboard,
    TodayPlan,
)
from telerehab.schemas.user import UserSummary
from telerehab.trends import (
    attention_list,
    recent_activity,
    utc_midnight,
    weekday_of,
)

router = APIRouter(prefix="/dashboard", tags=["dashboard"])

# A screen, not a report: past this many the doctor opens the full list (totals say so).
SECTION_LIMIT = 50
DOCTORS_ONLY: dict[int | str, dict[str, Any]] = {403: {"description": "Only doctors."}}


def _attention(row: Row[Any]) -> PatientAttention:
    flags = {
        AttentionReason.MISSED_SESSIONS: row.missed_sessions,
        AttentionReason.HIGH_PAIN: row.high_pain,
        AttentionReason.ADHERENCE_DROP: row.adherence_drop,
    }
    return PatientAttention(
        patient=UserSummary(id=row.id, full_name=row.full_name, role=row.role),
        reasons=[reason for reason, flag in flags.items() if flag],
        max_pain_last_7_days=row.max_pain,
        adherence_this_week=row.adherence_this_week,
        adherence_last_week=row.adherence_last_week,
        last_session_at=row.last_session_at,
    )


@router.get(
    "/doctor",
    operation_id="dashboard-doctor",
    summary="The doctor's dashboard",
    description=(
        "Today's appointments (UTC day, chronological) and the patients who need attention, "
        "and why. The screen's third section, recent activity, is its own list "
        "(GET /dashboard/doctor/activity), so the two load side by side."
    ),
    responses=DOCTORS_ONLY,
)
def doctor_dashboard(doctor: Doctor, request: Request, db: DbSession) -> DoctorDashboard:
    now = datetime.now(UTC)
    today = now.date()
    appointments = db.execute(
        select(Schedule, func.count().over().label("total"))
        .options(joinedload(Schedule.patient, innerjoin=True))
        .where(
            Schedule.doctor_id == doctor.id,
            may_see_patient(doctor, Schedule.patient_id),
            Schedule.starts_at >= utc_midnight(today),
            Schedule.starts_at < utc_midnight(today + timedelta(days=1)),
        )
        .order_by(Schedule.starts_at, Schedule.id)
        .limit(SECTION_LIMIT)
    ).all()
    attention = db.execute(*attention_list(doctor, now, SECTION_LIMIT)).all()
    record_allowed_many(
        db,
        request,
        doctor,
        "dashboard",
        [s.patient_id for s, _ in appointments] + [row.id for row in attention],
    )
    return DoctorDashboard(
        today=today,
        appointments_today=[DoctorAppointment.model_validate(s) for s, _ in appointments],
        appointments_today_total=appointments[0].total if appointments else 0,
        needs_attention=[_attention(row) for row in attention],
        needs_attention_total=attention[0].total if attention else 0,
    )


@router.get(
    "/doctor/activity",
    operation_id="dashboard-doctor-activity",
    summary="Recent activity of my patients",
    description=(
        "Workout and brain game sessions of the doctor's current patients, newest first: the "
        "dashboard's recent activity, page by page."
    ),
    responses=DOCTORS_ONLY,
)
def doctor_activity(
    doctor: Doctor, request: Request, db: DbSession, page: PageQuery
) -> Page[ActivityItem]:
    keyset, parameters = recent_activity(doctor, page, db.get_bind().dialect.name)
    rows, next_cursor = read_page(db, keyset, page, parameters=parameters)
    record_allowed_many(db, request, doctor, "dashboard", [a.patient_id for a in rows])
    return Page(items=[ActivityItem.model_validate(a) for a in rows], next_cursor=next_cursor)


@router.get(
    "/patient",
    operation_id="dashboard-patient",
    summary="The patient's dashboard",
    description=(
        "Today's plan (routines planned for today, sessions started today), the next "
        "appointment, and unread message and notification counts."
    ),
    responses={403: {"description": "Only patients."}},
)
def patient_dashboard(user: Patient, request: Request, db: DbSession) -> PatientDashboard:
    now = datetime.now(UTC)
    today = now.date()
    monday = week_start(today)
    this_week_plan = (WeekPlan.patient_id == user.id, WeekPlan.week_start == monday)
    todays_items = (*this_week_plan, WeekPlanItem.weekday == weekday_of(today))
    started_today = (
        WorkoutSession.user_id == user.id,
        WorkoutSession.started_at >= utc_midnight(today),
    )
    counts = db.execute(
        select(
            select(WeekPlan.id).where(*this_week_plan).scalar_subquery().label("week_plan_id"),
            select(func.count(WeekPlanItem.id))
            .join(WeekPlan, WeekPlan.id == WeekPlanItem.week_plan_id)
            .where(*todays_items)
            .scalar_subquery()
            .label("planned"),
            # A routine is done once a workout of it was started today, however many were.
            select(func.count(WeekPlanItem.id))
            .join(WeekPlan, WeekPlan.id == WeekPlanItem.week_plan_id)
            .where(
                *todays_items,
                exists().where(*started_today, WorkoutSession.week_plan_item_id == WeekPlanItem.id),
            )
            .scalar_subquery()
            .label("done"),
            select(func.count(WorkoutSession.id))
            .where(*started_today)
            .scalar_subquery()
            .label("sessions"),
            select(func.count(Message.id))
            .where(Message.receiver_id == user.id, not_(Message.is_read))
            .scalar_subquery()
            .label("unread_messages"),
            select(func.count(Notification.id))
            .where(Notification.user_id == user.id, not_(Notification.is_read))
            .scalar_subquery()
            .label("unread_notifications"),
        )
    ).one()
    next_appointment = db.scalars(
        select(Schedule)
        .options(joinedload(Schedule.doctor, innerjoin=True))
        .where(
            Schedule.patient_id == user.id,
            Schedule.status == ScheduleStatus.SCHEDULED,
            Schedule.starts_at >= now,
        )
        .order_by(Schedule.starts_at, Schedule.id)
        .limit(1)
    ).first()
    record_allowed(db, request, user, route_action(request), "dashboard", patient_id=user.id)
    return PatientDashboard(
        today=today,
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
    )
