"""The old app's URLs, kept alive while clients move to /api/v1.

Every old URL answers every method (GET, POST, PUT, PATCH, DELETE) with ``Deprecation``,
``Sunset`` (a date from settings) and ``Link: <new>; rel="successor-version"`` headers, and logs
a warning. Where a successor exists for the method, the answer is a 308 redirect to it, which
keeps the method and body, sent *after* the same access check the successor makes, so an old URL
never becomes a way around it. Where none exists, the answer is 410 Gone (problem+json), after
the same access check too, so a foreign patient's id is still simply not found. The old simple
exercise-log POST writes a workout session, the single record of exercise since migration 002,
and the old JSON login is answered by the sign-in itself (its successor takes a form). The
mapping is listed in docs/api.md.
"""

import inspect
import logging
from collections.abc import Callable, Coroutine, Mapping
from datetime import UTC, datetime, time
from email.utils import format_datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute
from pydantic import ValidationError

from telerehab.access.sign_in import sign_in_with_password
from telerehab.config import Settings
from telerehab.dependencies import (
    AccessiblePatient,
    AppSettings,
    ClientAddress,
    DbSession,
    Limits,
    Patient,
    record_own_workout,
)
from telerehab.enums import Side, WorkoutSource
from telerehab.errors import Gone, NotFound
from telerehab.models import SessionDetail, WorkoutSession
from telerehab.schemas.auth import TokenResponse
from telerehab.schemas.legacy import LegacyLogin, LegacySimpleLog, LegacySimpleLogCreated

# When the old URLs were declared deprecated (RFC 9745 wants it as an epoch timestamp).
DEPRECATED_SINCE = datetime(2026, 12, 1, tzinfo=UTC)
OLD_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

# Old URL -> its successor per method; a method not listed is gone (410). Placeholders are
# carried over by name. The first successor listed is the one every answer's Link names.
PATIENT_URLS: dict[str, dict[str, str]] = {
    "/medical-records/{patient_id}": {
        "GET": "/api/v1/patients/{patient_id}/medical-records",
        "POST": "/api/v1/patients/{patient_id}/medical-records",
    },
    "/patients/{patient_id}": {"GET": "/api/v1/patients/{patient_id}"},
    "/workout-sessions/{patient_id}": {"GET": "/api/v1/patients/{patient_id}/workout-sessions"},
    "/brain-exercises/{patient_id}": {"GET": "/api/v1/patients/{patient_id}/brain-sessions"},
    "/week-plans/{patient_id}": {"GET": "/api/v1/patients/{patient_id}/week-plans"},
    "/patient-notes/{patient_id}": {
        "GET": "/api/v1/patients/{patient_id}/notes",
        "POST": "/api/v1/patients/{patient_id}/notes",
    },
    "/progress/{patient_id}": {"GET": "/api/v1/patients/{patient_id}/progress/range-of-motion"},
}
OWN_URLS: dict[str, dict[str, str]] = {
    "/patients": {"GET": "/api/v1/patients"},
    "/schedules": {"GET": "/api/v1/schedules", "POST": "/api/v1/schedules"},
    "/messages": {"GET": "/api/v1/messages/conversations", "POST": "/api/v1/messages"},
    "/notifications": {"GET": "/api/v1/notifications"},
    "/combos": {"GET": "/api/v1/combos", "POST": "/api/v1/combos"},
    "/dashboard": {"GET": "/api/v1/dashboard/doctor"},
    "/me": {"GET": "/api/v1/users/me", "PATCH": "/api/v1/users/me"},
}
PUBLIC_URLS: dict[str, dict[str, str]] = {
    "/login": {"POST": "/api/v1/auth/login"},
    "/register": {"POST": "/api/v1/auth/register"},
}
SIMPLE_LOG_URL = "/exercise-log"
SIMPLE_LOG_SUCCESSOR = "/api/v1/patients/{patient_id}/workout-sessions"
LOGIN_URL = "/login"

# Every old URL and method, and what answers it: the list docs/api.md shows and the tests walk.
ALL_OLD_URLS: dict[str, Mapping[str, str]] = {
    **PATIENT_URLS,
    **OWN_URLS,
    **PUBLIC_URLS,
    SIMPLE_LOG_URL: {"POST": SIMPLE_LOG_SUCCESSOR},
}
# The Link of a gone method where the URL's successor needs what the old URL lacks: the simple
# log knows no patient id, so it points at where exercise is recorded now.
GONE_LINKS = {SIMPLE_LOG_URL: "/api/v1/exercise-sessions"}


def successor_link(old: str, method: str, path_params: Mapping[str, Any]) -> str:
    """The successor an answer to ``method old`` names in its Link header."""
    successors = ALL_OLD_URLS[old]
    link = successors.get(method) or GONE_LINKS.get(old) or next(iter(successors.values()))
    patient_id = str(path_params.get("patient_id", ""))
    return link.format(patient_id=patient_id) if patient_id.isdigit() else link


def deprecation_headers(settings: Settings, successor: str) -> dict[str, str]:
    sunset = datetime.combine(settings.legacy_sunset, time(), tzinfo=UTC)
    return {
        "Deprecation": f"@{int(DEPRECATED_SINCE.timestamp())}",
        "Sunset": format_datetime(sunset, usegmt=True),
        "Link": f'<{successor}>; rel="successor-version"',
    }


class DeprecatedRoute(APIRoute):
    """A route of an old URL: every answer, errors included (401, 404, 422...), carries the
    deprecation headers, so a client learns of the move whatever it sent."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()
        old = self.path.removeprefix(PREFIX)

        async def handle_deprecated(request: Request) -> Response:
            try:
                response = await handle(request)
            except Exception as error:
                render = _error_renderer(request, error)
                if render is None:
                    raise
                rendered = render(request, error)
                response = await rendered if inspect.isawaitable(rendered) else rendered
            link = successor_link(old, request.method, request.path_params)
            for name, value in deprecation_headers(request.app.state.settings, link).items():
                response.headers.setdefault(name, value)
            return response

        return handle_deprecated


def _error_renderer(request: Request, error: Exception) -> Callable[..., Any] | None:
    """The app's handler for ``error``; none for the catch-all, which answers 500 and is left
    to the server's error path."""
    handlers = request.app.exception_handlers
    for kind in type(error).__mro__:
        if kind is Exception:
            return None
        if kind in handlers:
            handler: Callable[..., Any] = handlers[kind]
            return handler
    return None


logger = logging.getLogger("telerehab.legacy")
PREFIX = "/api"
router = APIRouter(prefix=PREFIX, tags=["legacy"], deprecated=True, route_class=DeprecatedRoute)
public_router = APIRouter(
    prefix=PREFIX, tags=["legacy"], deprecated=True, route_class=DeprecatedRoute
)


def _moved(request: Request, successor: str) -> RedirectResponse:
    target = successor + (f"?{request.url.query}" if request.url.query else "")
    logger.warning("deprecated URL used", extra={"path": request.url.path, "successor": target})
    return RedirectResponse(target, status_code=status.HTTP_308_PERMANENT_REDIRECT)


def _gone(request: Request, link: str) -> Gone:
    logger.warning("deprecated URL used", extra={"path": request.url.path, "successor": link})
    return Gone(
        f"{request.method} {request.url.path} was an operation of the old app that no longer "
        f"exists; see {link}."
    )


def _patient_redirect(successor: str) -> Callable[..., RedirectResponse]:
    def redirect(request: Request, patient: AccessiblePatient) -> RedirectResponse:
        return _moved(request, successor.format(patient_id=patient.id))

    return redirect


def _patient_gone(link: str) -> Callable[..., None]:
    def gone(request: Request, patient: AccessiblePatient) -> None:
        raise _gone(request, link.format(patient_id=patient.id))

    return gone


def _redirect(successor: str) -> Callable[..., RedirectResponse]:
    def redirect(request: Request) -> RedirectResponse:
        return _moved(request, successor)

    return redirect


def _gone_here(link: str) -> Callable[..., None]:
    def gone(request: Request) -> None:
        raise _gone(request, link)

    return gone


def _slug(path: str) -> str:
    return path.strip("/").replace("/", "-").replace("{", "").replace("}", "").replace("_", "-")


MOVED_RESPONSES: dict[int | str, dict[str, Any]] = {
    308: {"description": "Moved: follow the Location header to the /api/v1 successor."}
}


def _add_redirect(target: APIRouter, old: str, method: str, new: str, *, patient: bool) -> None:
    # The first method of an old URL keeps the operation id it always had (audit rows name it).
    suffix = "" if method == next(iter(ALL_OLD_URLS[old])) else f"-{method.lower()}"
    target.add_api_route(
        old,
        _patient_redirect(new) if patient else _redirect(new),
        methods=[method],
        operation_id=f"legacy-{_slug(old)}{suffix}",
        summary=f"Deprecated: use {method} {new}",
        description=(
            "Checks access like its successor, then redirects there with 308, which keeps the "
            "method and body."
        ),
        responses=(
            {**MOVED_RESPONSES, 404: {"description": "Not a patient in your care."}}
            if patient
            else MOVED_RESPONSES
        ),
        response_class=RedirectResponse,
    )


def _add_gone(target: APIRouter, old: str, methods: list[str], link: str, *, patient: bool) -> None:
    if not methods:
        return
    # Not in the OpenAPI document: there is nothing to call. The tests walk these routes.
    target.add_api_route(
        old,
        _patient_gone(link) if patient else _gone_here(link),
        methods=methods,
        include_in_schema=False,
        status_code=status.HTTP_410_GONE,
    )


def _gone_methods(successors: Mapping[str, str]) -> list[str]:
    return [method for method in OLD_METHODS if method not in successors]


for old, successors in PATIENT_URLS.items():
    for method, new in successors.items():
        _add_redirect(router, old, method, new, patient=True)
    _add_gone(router, old, _gone_methods(successors), next(iter(successors.values())), patient=True)
for old, successors in OWN_URLS.items():
    for method, new in successors.items():
        _add_redirect(router, old, method, new, patient=False)
    _add_gone(
        router, old, _gone_methods(successors), next(iter(successors.values())), patient=False
    )
for old, successors in PUBLIC_URLS.items():
    for method, new in successors.items():
        if old != LOGIN_URL:
            _add_redirect(public_router, old, method, new, patient=False)
    _add_gone(
        public_router,
        old,
        _gone_methods(successors),
        next(iter(successors.values())),
        patient=False,
    )
_add_gone(
    router,
    SIMPLE_LOG_URL,
    _gone_methods(ALL_OLD_URLS[SIMPLE_LOG_URL]),
    GONE_LINKS[SIMPLE_LOG_URL],
    patient=False,
)


async def json_credentials(request: Request) -> LegacyLogin | None:
    """The old app's clients signed in with JSON; a form (the OAuth2 flow) is left to the
    successor, which reads forms only."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        return None
    try:
        return LegacyLogin.model_validate_json(await request.body())
    except ValidationError as error:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in error.errors(include_url=False)]
        ) from None


@public_router.post(
    LOGIN_URL,
    operation_id="legacy-login",
    summary=f"Deprecated: use POST {PUBLIC_URLS[LOGIN_URL]['POST']}",
    description=(
        "A form (`username`, `password`) is redirected to its successor with 308, which keeps "
        'the method and body. The old app\'s JSON body (`{"username", "password"}`) is '
        "answered here, by the same sign-in, since the successor reads forms only."
    ),
    response_model=TokenResponse,
    responses={
        **MOVED_RESPONSES,
        401: {"description": "Wrong username or password."},
        422: {"description": "A JSON body without a username and password."},
        429: {"description": "Too many attempts: wait Retry-After seconds."},
    },
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {"schema": LegacyLogin.model_json_schema()},
                "application/x-www-form-urlencoded": {"schema": LegacyLogin.model_json_schema()},
            }
        }
    },
)
def legacy_login(
    credentials: Annotated[LegacyLogin | None, Depends(json_credentials)],
    request: Request,
    response: Response,
    db: DbSession,
    settings: AppSettings,
    limits: Limits,
    address: ClientAddress,
) -> Response | TokenResponse:
    successor = PUBLIC_URLS[LOGIN_URL]["POST"]
    if credentials is None:
        return _moved(request, successor)
    logger.warning("deprecated URL used", extra={"path": request.url.path})
    return sign_in_with_password(
        credentials.username,
        credentials.password,
        request=request,
        response=response,
        db=db,
        settings=settings,
        limits=limits,
        address=address,
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
