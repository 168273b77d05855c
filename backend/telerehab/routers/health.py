"""Liveness and readiness probes for load balancers and orchestrators."""

from fastapi import APIRouter, Request
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from telerehab.errors import ServiceUnavailable
from telerehab.schemas.health import HealthStatus

router = APIRouter(tags=["health"])


@router.get(
    "/healthz",
    operation_id="health-alive",
    summary="Liveness probe",
    description="Answers 200 while the process serves requests; it does not touch the database.",
)
def alive() -> HealthStatus:
    return HealthStatus(status="ok")


@router.get(
    "/readyz",
    operation_id="health-ready",
    summary="Readiness probe",
    description="Answers 200 when the database answers a trivial query, 503 problem+json if not.",
    responses={503: {"description": "The database cannot be reached."}},
)
def ready(request: Request) -> HealthStatus:
    try:
        with request.app.state.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError:
        raise ServiceUnavailable(
            "The database cannot be reached.", headers={"Retry-After": "5"}
        ) from None
    return HealthStatus(status="ok", database="ok")
