from datetime import date, datetime

from pydantic import Field

from telerehab.schemas.base import ReadSchema


class PatientListItem(ReadSchema):
    id: int
    full_name: str
    username: str
    date_of_birth: date | None
    adherence_this_week: float | None = Field(
        description="Sessions done this ISO week / sessions planned (0-1); null with no plan."
    )
    sessions_planned_this_week: int
    sessions_done_this_week: int
    last_activity_at: datetime | None


class PatientProfile(ReadSchema):
    id: int
    full_name: str
    username: str
    email: str | None
    phone: str | None
    date_of_birth: date | None
    is_active: bool
    created_at: datetime
