from datetime import datetime

from telerehab.schemas.base import Id, InputSchema, ReadSchema
from telerehab.schemas.user import UserSummary


class AssignmentCreate(InputSchema):
    doctor_id: Id
    patient_id: Id


class AssignmentRead(ReadSchema):
    id: int
    doctor: UserSummary
    patient: UserSummary
    created_at: datetime
    ended_at: datetime | None
