"""The old app's URLs, kept alive while clients move to /api/v1.

Each answers with ``Deprecation``, ``Sunset`` (a date from settings) and ``Link: <new>;
rel="successor-version"`` headers and logs a warning. Reads redirect (308) to their successor
*after* the same access check the successor makes, so an old URL never becomes a way around
it. The old simple exercise-log POST writes a workout session, the single record of exercise
since migration 002. The mapping is listed in docs/api.md.
"""

import logging
from collections.abc import Callable
from datetime import UTC, datetime, time
from email.utils import format_datetime
from typing import Any

from fastapi import APIRouter, Request, Response, status
from fastapi.responses import RedirectResponse

from telerehab.config import Settings
from telerehab.dependencies import (
    AccessiblePatient,
    CurrentUser,
    DbSession,
    Patient,
    record_own_workout,
)
from telerehab.enums import Side, WorkoutSource
from telerehab.errors import NotFound
from telerehab.models import SessionDetail, WorkoutSession
from telerehab.schemas.legacy import LegacySimpleLog, LegacySimpleLogCreated

logger = logging.getLogger("telerehab.legacy")
router = APIRouter(prefix="/api", tags=["legacy"], deprecated=True)
public_router = APIRouter(prefix="/api", tags=["legacy"], deprecated=True)

# When the old URLs were declared deprecated (RFC 9745 wants it as an epoch timestamp).
DEPRECATED_SINCE = datetime(2026, 12, 1, tzinfo=UTC)

# Old read URL -> its successor. Placeholders are carried over by name.
PATIENT_READS = {
    "/medical-records/{patient_id}": "/api/v1/patients/{patient_id}/medical-records",
    "/patients/{patient_id}": "/api/v1/patients/{patient_id}",
    "/workout-sessions/{patient_id}": "/api/v1/patients/{patient_id}/workout-sessions",
    "/brain-exercises/{patient_id}": "/api/v1/patients/{patient_id}/brain-sessions",
    "/week-plans/{patient_id}": "/api/v1/patients/{patient_id}/week-plans",
    "/patient-notes/{patient_id}": "/api/v1/patients/{patient_id}/notes",
    "/progress/{patient_id}": "/api/v1/patients/{patient_id}/progress/range-of-motion",
}
OWN_READS = {
    "/patients": "/api/v1/patients",
    "/schedules": "/api/v1/schedules",
    "/messages": "/api/v1/messages/conversations",
    "/notifications": "/api/v1/notifications",
    "/combos": "/api/v1/combos",
    "/dashboard": "/api/v1/dashboard/doctor",
    "/me": "/api/v1/users/me",
}
PUBLIC_MOVES = {
    "/login": "/api/v1/auth/login",
    "/register": "/api/v1/auth/register",
}
SIMPLE_LOG_URL = "/exercise-log"
SIMPLE_LOG_SUCCESSOR = "/api/v1/patients/{patient_id}/workout-sessions"


def deprecation_headers(settings: Settings, successor: str) -> dict[str, str]:
    sunset = datetime.combine(settings.legacy_sunset, time(), tzinfo=UTC)
    return {
        "Deprecation": f"@{int(DEPRECATED_SINCE.timestamp())}",
        "Sunset": format_datetime(sunset, usegmt=True),
        "Link": f'<{successor}>; rel="successor-version"',
    }


def _moved(request: Request, successor: str) -> RedirectResponse:
    target = successor + (f"?{request.url.query}" if request.url.query else "")
    logger.warning("deprecated URL used", extra={"path": request.url.path, "successor": target})
    return RedirectResponse(
        target,
        status_code=status.HTTP_308_PERMANENT_REDIRECT,
        headers=deprecation_headers(request.app.state.settings, successor),
    )


def _patient_read(successor: str) -> Callable[..., RedirectResponse]:
    def redirect(request: Request, patient: AccessiblePatient) -> RedirectResponse:
        return _moved(request, successor.format(patient_id=patient.id))

    return redirect


def _own_read(successor: str) -> Callable[..., RedirectResponse]:
    def redirect(request: Request, user: CurrentUser) -> RedirectResponse:
        return _moved(request, successor)

    return redirect


def _public_move(successor: str) -> Callable[..., RedirectResponse]:
    def redirect(request: Request) -> RedirectResponse:
        return _moved(request, successor)

    return redirect


def _slug(path: str) -> str:
    return path.strip("/").replace("/", "-").replace("{", "").replace("}", "").replace("_", "-")


LEGACY_RESPONSES: dict[int | str, dict[str, Any]] = {
    308: {"description": "Moved: follow the Location header to the /api/v1 successor."}
}

for old, new in PATIENT_READS.items():
    router.add_api_route(
        old,
        _patient_read(new),
        methods=["GET"],
        operation_id=f"legacy-{_slug(old)}",
        summary=f"Deprecated: use GET {new}",
        description="Checks access like its successor, then redirects there (308).",
        responses={**LEGACY_RESPONSES, 404: {"description": "Not a patient in your care."}},
        response_class=RedirectResponse,
    )
for old, new in OWN_READS.items():
    router.add_api_route(
        old,
        _own_read(new),
        methods=["GET"],
        operation_id=f"legacy-{_slug(old)}",
        summary=f"Deprecated: use GET {new}",
        description="Redirects to its successor (308).",
        responses=LEGACY_RESPONSES,
        response_class=RedirectResponse,
    )
for old, new in PUBLIC_MOVES.items():
    public_router.add_api_route(
        old,
        _public_move(new),
        methods=["POST"],
        operation_id=f"legacy-{_slug(old)}",
        summary=f"Deprecated: use POST {new}",
        description="Redirects to its successor with 308, which keeps the method and body.",
        responses=LEGACY_RESPONSES,
        response_class=RedirectResponse,
    )


@router.post(
    SIMPLE_LOG_URL,
    status_code=status.HTTP_201_CREATED,
    operation_id="legacy-exercise-log",
    summary="Deprecated: the old simple exercise log",
    description=(
        "Records the logged set as a workout session (the single record of exercise). Only a "
        "patient, for themselves: a `user_id` other than the caller's is refused with 404."
    ),
    responses={404: {"description": "user_id is not the caller."}},
)
def legacy_exercise_log(
    body: LegacySimpleLog, patient: Patient, db: DbSession, request: Request, response: Response
) -> LegacySimpleLogCreated:
    if body.user_id is not None and body.user_id != patient.id:
        raise NotFound("No patient with this id is in your care.")
    now = datetime.now(UTC)
    session = WorkoutSession(
        user_id=patient.id, started_at=now, ended_at=now, source=WorkoutSource.LEGACY_SIMPLE_LOG
    )
    session.details = [
        SessionDetail(
            position=0,
            exercise_type=body.exercise_type,
            side=Side.BOTH,
            set_number=1,
            reps_done=body.reps,
            duration_seconds=body.duration_seconds,
        )
    ]
    db.add(session)
    db.flush()
    record_own_workout(db, request, patient, session)
    successor = SIMPLE_LOG_SUCCESSOR.format(patient_id=patient.id)
    response.headers.update(deprecation_headers(request.app.state.settings, successor))
    logger.warning("deprecated URL used", extra={"path": request.url.path})
    return LegacySimpleLogCreated(workout_session_id=session.id, successor=successor)
