"""The audit log, for clinic administrators: read-only by design (no route changes a row)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy import select

from telerehab.dependencies import DbSession, require_role
from telerehab.enums import AuditOutcome, UserRole
from telerehab.models import AuditEvent
from telerehab.schemas.audit import AuditEventRead
from telerehab.schemas.base import BoundedDateTime, Id, Page
from telerehab.web.pagination import PageQuery, paginate

router = APIRouter(
    prefix="/audit", tags=["audit"], dependencies=[Depends(require_role(UserRole.ADMIN))]
)


@router.get(
    "",
    operation_id="audit-list",
    summary="Read the audit log",
    description=(
        "Every access to patients' clinical data, newest first. Filter by actor, patient, "
        "outcome or time."
    ),
)
def list_audit_events(
    db: DbSession,
    page: PageQuery,
    actor_id: Id | None = None,
    patient_id: Id | None = None,
    outcome: AuditOutcome | None = None,
    since: Annotated[
        BoundedDateTime | None,
        Query(description="Only events at or after this time, with its zone (Z or ±hh:mm)."),
    ] = None,
    until: Annotated[
        BoundedDateTime | None,
        Query(description="Only events before this time, with its zone (Z or ±hh:mm)."),
    ] = None,
) -> Page[AuditEventRead]:
    statement = select(AuditEvent)
    if actor_id is not None:
        statement = statement.where(AuditEvent.actor_id == actor_id)
    if patient_id is not None:
        statement = statement.where(AuditEvent.patient_id == patient_id)
    if outcome is not None:
        statement = statement.where(AuditEvent.outcome == outcome)
    if since is not None:
        statement = statement.where(AuditEvent.created_at >= since)
    if until is not None:
        statement = statement.where(AuditEvent.created_at < until)
    keys = [AuditEvent.created_at, AuditEvent.id]
    return paginate(db, statement, keys, page, AuditEventRead.model_validate)
