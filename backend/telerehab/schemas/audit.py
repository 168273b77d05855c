from datetime import datetime

from telerehab.enums import AuditOutcome
from telerehab.schemas.base import ReadSchema


class AuditEventRead(ReadSchema):
    id: int
    actor_id: int | None
    actor_role: str | None
    action: str
    patient_id: int | None
    resource_type: str
    resource_id: int | None
    outcome: AuditOutcome
    request_id: str | None
    created_at: datetime


class RecordAccessRead(ReadSchema):
    """What a patient sees of who accessed their record."""

    actor_name: str | None
    actor_role: str | None
    action: str
    resource_type: str
    outcome: AuditOutcome
    created_at: datetime
