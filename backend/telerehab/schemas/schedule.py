from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime

from telerehab.enums import ScheduleStatus
from telerehab.schemas.base import Id, InputSchema, LongText, PartialUpdate, ReadSchema, ShortText
from telerehab.schemas.user import UserSummary


def _to_utc(value: datetime) -> datetime:
    try:
        return value.astimezone(UTC)
    except OverflowError:  # e.g. 0001-01-01T00:00+05:00 has no UTC equivalent
        raise ValueError("time out of range") from None


# A time with a zone (``Z`` or an offset; a bare local time is ambiguous), kept as UTC.
UtcTime = Annotated[AwareDatetime, AfterValidator(_to_utc)]


class ScheduleCreate(InputSchema):
    patient_id: Id
    title: ShortText
    starts_at: UtcTime
    ends_at: UtcTime
    notes: LongText | None = None


class ScheduleUpdate(PartialUpdate):
    kept_fields = ("title", "starts_at", "ends_at")

    title: ShortText | None = None
    starts_at: UtcTime | None = None
    ends_at: UtcTime | None = None
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
