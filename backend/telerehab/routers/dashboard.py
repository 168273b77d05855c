"""The doctor's and the patient's start screens over HTTP; what they show is read by
``telerehab.domain.dashboards`` and ``telerehab.trends``."""

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request

from telerehab.access.audit import record_allowed, record_allowed_many, route_action
from telerehab.dependencies import DbSession, Doctor, Patient
from telerehab.domain import dashboards
from telerehab.domain.calendar import local_today
from telerehab.schemas.base import Page
from telerehab.schemas.dashboard import (
    ActivityItem,
    DoctorAppointment,
    DoctorDashboard,
    PatientDashboard,
)
from telerehab.trends import attention_list, patient_zones, recent_activity
from telerehab.web.pagination import PageQuery, read_page

router = APIRouter(prefix="/dashboard", tags=["dashboard"])

# A screen, not a report: past this many the doctor opens the full list (totals say so).
SECTION_LIMIT = 50
DOCTORS_ONLY: dict[int | str, dict[str, Any]] = {403: {"description": "Only doctors."}}


@router.get(
    "/doctor",
    operation_id="dashboard-doctor",
    summary="The doctor's dashboard",
    description=(
        "Today's appointments (the doctor's day, in their time zone, chronological) and the "
        "patients who need attention, and why: each patient's days counted in their own zone. "
        "The screen's third section, recent activity, is its own list "
        "(GET /dashboard/doctor/activity), so the two load side by side."
    ),
    responses=DOCTORS_ONLY,
)
def doctor_dashboard(doctor: Doctor, request: Request, db: DbSession) -> DoctorDashboard:
    now = datetime.now(UTC)
    appointments = dashboards.appointments_today(db, doctor, now, SECTION_LIMIT)
    zones = patient_zones(db, doctor)
    attention = db.execute(*attention_list(doctor, now, SECTION_LIMIT, zones)).all()
    record_allowed_many(
        db,
        request,
        doctor,
        "dashboard",
        [s.patient_id for s, _ in appointments] + [row.id for row in attention],
    )
    return DoctorDashboard(
        today=local_today(doctor.time_zone, now),
        appointments_today=[DoctorAppointment.model_validate(s) for s, _ in appointments],
        appointments_today_total=appointments[0].total if appointments else 0,
        needs_attention=[dashboards.attention_item(row) for row in attention],
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
        "Today's plan (routines planned for today, sessions started today: the patient's day, "
        "in their time zone), the next appointment, unread message and notification counts, "
        "and the week so far: the weekly streak and a one-line summary."
    ),
    responses={403: {"description": "Only patients."}},
)
def patient_dashboard(user: Patient, request: Request, db: DbSession) -> PatientDashboard:
    board = dashboards.patient_dashboard(db, user, datetime.now(UTC))
    record_allowed(db, request, user, route_action(request), "dashboard", patient_id=user.id)
    return board
