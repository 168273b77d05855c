"""The one Telerehab app: ``create_app()`` wires settings, database, middleware and routers."""

import asyncio
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.convertors import PathConvertor, register_url_convertor
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import FileResponse
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from telerehab.access.credentials import RevokedSignIns
from telerehab.access.ratelimit import RateLimits, SharedStore
from telerehab.config import Settings, get_settings
from telerehab.database import create_db_engine, create_session_factory
from telerehab.dependencies import get_current_user
from telerehab.domain.reminders import run_periodically
from telerehab.errors import install_error_handlers
from telerehab.live.owners import OwnerBroadcast
from telerehab.live.push import PushHub, send_pushes_after_commit
from telerehab.routers import (
    admin,
    assignments,
    audit,
    auth,
    brain_exercises,
    combos,
    dashboard,
    doctors,
    events,
    exercise_sessions,
    exercises,
    exports,
    health,
    legacy,
    library,
    medical_records,
    messages,
    notifications,
    patient_notes,
    patients,
    progression,
    questionnaires,
    reports,
    schedules,
    time_log,
    users,
    week_plans,
)
from telerehab.web.api_docs import install_api_docs
from telerehab.web.logging_setup import RequestLogMiddleware, configure_logging
from telerehab.web.metrics import install_metrics
from telerehab.web.openapi import install_openapi
from telerehab.web.security import BodySizeLimitMiddleware, SecurityHeadersMiddleware

API_PREFIX = "/api/v1"
# The only routes anyone may call without signing in; every other router is mounted behind
# get_current_user (and tests/test_access.py fails for a route that is neither).
PUBLIC_ROUTERS = [auth.public_router]
# The old app's URLs live outside /api/v1 (routers/legacy.py).
LEGACY_PUBLIC_ROUTERS = [legacy.public_router]
LEGACY_ROUTERS = [legacy.router]
PROTECTED_ROUTERS = [
    auth.router,
    users.router,
    admin.router,
    assignments.router,
    audit.router,
    patients.router,
    doctors.router,
    medical_records.router,
    patient_notes.router,
    schedules.router,
    messages.router,
    notifications.router,
    combos.router,
    week_plans.router,
    progression.router,
    exports.router,
    questionnaires.router,
    reports.router,
    time_log.router,
    exercises.router,
    exercise_sessions.router,
    library.router,
    brain_exercises.router,
    dashboard.router,
    events.router,
]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_level, settings.log_json)
    engine = create_db_engine(settings, settings.db_statement_timeout_seconds)

    @asynccontextmanager
    async def lifespan(started: FastAPI) -> AsyncIterator[None]:
        # What the worker imported and built before serving (the schemas, the routes, the
        # compiled engine: some 350,000 objects) lives as long as it does. Left to the cyclic
        # collector, every full collection walked them all and stopped each live stream for
        # 0.2-0.3 s (issue 23 §1, docs/benchmarks.md); frozen, it walks only what came after.
        gc.freeze()
        started.state.push.start()
        reminders = (
            asyncio.create_task(run_periodically(started.state.session_factory, settings))
            if settings.reminder_interval_seconds
            else None
        )
        yield
        if reminders is not None:
            reminders.cancel()
            with suppress(asyncio.CancelledError):
                await reminders
        await started.state.push.close()
        await started.state.stream_owners.close()
        engine.dispose()
        gc.unfreeze()

    app = FastAPI(
        title="Telerehab API",
        version="1.0.0",
        description=(
            "Tele-rehabilitation: clinicians prescribe exercise routines, patients exercise at "
            "home in front of a camera. Errors are RFC 9457 problem+json."
        ),
        lifespan=lifespan,
        docs_url=None,  # served by install_api_docs, from our own origin
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = create_session_factory(engine)
    shared_store = SharedStore(settings.redis_url)
    app.state.rate_limits = RateLimits(settings, shared_store)
    app.state.revoked_sign_ins = RevokedSignIns(shared_store, settings)
    app.state.exercise_streams = {}  # session id -> its open stream in this worker
    app.state.stream_owners = OwnerBroadcast(settings.redis_url)
    app.state.push = PushHub(settings.redis_url)
    send_pushes_after_commit(app.state.session_factory, app.state.push)

    install_error_handlers(app)
    install_openapi(app)
    install_api_docs(app)
    install_metrics(app, settings, engine)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=True,
            allow_methods=["*"],
            allow_headers=["*"],
        )
    app.add_middleware(
        BodySizeLimitMiddleware,
        max_bytes=settings.max_request_body_bytes,
        large_bytes=settings.max_frames_body_bytes,
        large_suffixes=("/sets",),
    )
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(RequestLogMiddleware)
    if settings.trusted_proxies:
        # Outermost, so that the log, the rate limits and the audit trail see the client behind
        # the proxy: X-Forwarded-For/-Proto are believed from the configured proxies only.
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)

    app.include_router(health.router)
    for router in PUBLIC_ROUTERS:
        app.include_router(router, prefix=API_PREFIX)
    for router in PROTECTED_ROUTERS:
        app.include_router(router, prefix=API_PREFIX, dependencies=[Depends(get_current_user)])
    # The exercise stream authenticates with its first message: a browser cannot set headers
    # on a WebSocket, and a token in the URL would end up in logs.
    app.include_router(exercise_sessions.ws_router, prefix=API_PREFIX)
    for router in LEGACY_PUBLIC_ROUTERS:
        app.include_router(router)
    for router in LEGACY_ROUTERS:
        app.include_router(router, dependencies=[Depends(get_current_user)])

    if (settings.web_app_dir / "index.html").is_file():
        serve_web_app(app, settings.web_app_dir)
    return app


class WebAppPath(PathConvertor):
    """Any path except the API's and /metrics, so those never fall through to the web app."""

    regex = r"(?!api(?:/|$)|metrics$).*"


register_url_convertor("webpath", WebAppPath())


def serve_web_app(app: FastAPI, directory: Path) -> None:
    """The built web app, after every API route: files as they are, and index.html for the
    app's own routes (a deep link such as /patients/12 is a screen, not a file).

    A GET-only catch-all route rather than a mount at "/", so that a wrong method on an API
    route still answers 405, and an unknown API URL answers an API 404 (problem+json).
    """
    root = directory.resolve()

    @app.get("/{path:webpath}", include_in_schema=False)
    async def web_app(path: str) -> FileResponse:
        candidate = (root / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(root):
            return FileResponse(candidate)
        if "." in path.rsplit("/", 1)[-1]:
            raise StarletteHTTPException(status_code=404)  # a missing asset, not a screen
        return FileResponse(root / "index.html")


def openapi_document() -> dict[str, Any]:
    """The API's OpenAPI document, built without a database or a real secret."""
    settings = Settings(database_url="sqlite://", secret_key="openapi-" + "x" * 24 + "0123456789")
    return create_app(settings).openapi()
