"""Writing the audit log: who touched which patient's data, how, and whether it was allowed."""

import logging
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ARRAY, Integer, bindparam, func, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import HTTPConnection

from telerehab.enums import AuditOutcome
from telerehab.models import AuditEvent, Base, User

logger = logging.getLogger("telerehab.audit")
# One row, as a plain table INSERT sent at once: every read of clinical data writes one, and the
# ORM's unit of work (track, flush, refresh) costs more than the insert.
AUDIT_TABLE = Base.metadata.tables[AuditEvent.__tablename__]
AUDIT_INSERT = insert(AUDIT_TABLE)
# PostgreSQL: the same row for each patient of a list, from an array of their ids.
_PATIENT = func.unnest(bindparam("patient_ids", type_=ARRAY(Integer))).column_valued("patient")
_COPIED = [c.name for c in AUDIT_TABLE.columns if c.name not in ("id", "patient_id", "created_at")]
AUDIT_INSERT_PER_PATIENT = insert(AUDIT_TABLE).from_select(
    [*_COPIED, "patient_id"],
    select(*(bindparam(name, type_=AUDIT_TABLE.c[name].type) for name in _COPIED), _PATIENT),
)


def route_action(connection: HTTPConnection) -> str:
    """The audit name of what a request (or WebSocket) does: its route's operation id, e.g.
    ``records-list``."""
    route = connection.scope.get("route")
    name = getattr(route, "operation_id", None) or getattr(route, "name", None)
    method = connection.scope.get("method", "WEBSOCKET")
    return str(name or f"{method} {connection.url.path}")[:64]


def _fields(
    request: HTTPConnection,
    actor: User | None,
    action: str,
    resource_type: str,
    *,
    patient_id: int | None,
    resource_id: int | None,
    outcome: AuditOutcome,
) -> dict[str, Any]:
    return {
        "actor_id": actor.id if actor else None,
        "actor_role": actor.role.value if actor else None,
        "action": action,
        "patient_id": patient_id,
        "resource_type": resource_type,
        "resource_id": resource_id,
        "outcome": outcome,
        "request_id": getattr(request.state, "request_id", None),
        "client_address": getattr(request.state, "client_address", None),
    }


def record_allowed(
    db: Session,
    request: HTTPConnection,
    actor: User,
    action: str,
    resource_type: str,
    *,
    patient_id: int | None,
    resource_id: int | None = None,
) -> None:
    """Audit an allowed access inside the request's transaction: it commits with the work."""
    db.execute(
        AUDIT_INSERT,
        _fields(
            request,
            actor,
            action,
            resource_type,
            patient_id=patient_id,
            resource_id=resource_id,
            outcome=AuditOutcome.ALLOWED,
        ),
    )


def record_allowed_many(
    db: Session,
    request: HTTPConnection,
    actor: User,
    resource_type: str,
    patient_ids: Iterable[int],
) -> None:
    """Audit a list that showed several patients' data: one row per patient, so each patient's
    access history names everyone who saw it; on PostgreSQL one INSERT whatever the page size."""
    ids = sorted(set(patient_ids))
    if not ids:
        return
    shared = _fields(
        request,
        actor,
        route_action(request),
        resource_type,
        patient_id=None,
        resource_id=None,
        outcome=AuditOutcome.ALLOWED,
    )
    if db.get_bind().dialect.name == "postgresql":
        # One short statement whatever the page size: the rows differ only in the patient.
        db.execute(AUDIT_INSERT_PER_PATIENT, {**shared, "patient_ids": ids})
    else:
        db.execute(AUDIT_INSERT, [{**shared, "patient_id": patient_id} for patient_id in ids])


def record_denied(
    request: HTTPConnection,
    actor: User | None,
    action: str,
    resource_type: str,
    *,
    patient_id: int | None,
    resource_id: int | None = None,
) -> None:
    """Audit a refused access in a transaction of its own: the request's is about to roll back."""
    factory: sessionmaker[Session] = request.app.state.session_factory
    try:
        with factory.begin() as own:
            own.execute(
                AUDIT_INSERT,
                _fields(
                    request,
                    actor,
                    action,
                    resource_type,
                    patient_id=patient_id,
                    resource_id=resource_id,
                    outcome=AuditOutcome.DENIED,
                ),
            )
    except SQLAlchemyError:
        # The caller is refused either way; a failed audit write must not change that answer.
        logger.exception("could not write a denied-access audit row")
