from datetime import datetime

from telerehab.enums import ScheduleStatus
from telerehab.schemas.base import (
    BoundedDateTime,
    Id,
    InputSchema,
    LongText,
    PartialUpdate,
    ReadSchema,
    ShortText,
)
from telerehab.schemas.user import UserSummary


class ScheduleCreate(InputSchema):
    patient_id: Id
    title: ShortText
    starts_at: BoundedDateTime
    ends_at: BoundedDateTime
    notes: LongText | None = None


class ScheduleUpdate(PartialUpdate):
    kept_fields = ("title", "starts_at", "ends_at")

    title: ShortText | None = None
    starts_at: BoundedDateTime | None = None
    ends_at: BoundedDateTime | None = None
    notes: LongText | None = None


class ScheduleRead(ReadSchema):
    id: int
    doctor: UserSummary
    patient: UserSummary
    title: str
    starts_at: datetime
    ends_at: datetime
    status: ScheduleStatus
    notes: str | None
    created_at: datetime
