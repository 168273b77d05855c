from datetime import date, datetime, time
from typing import Annotated

from pydantic import AfterValidator, EmailStr, Field

from telerehab.domain.calendar import DEFAULT_ZONE, MAX_ZONE_LENGTH, zone
from telerehab.enums import UserRole
from telerehab.schemas.base import (
    BirthDate,
    InputSchema,
    PartialUpdate,
    Password,
    PersonName,
    Phone,
    ReadSchema,
    Username,
)


def _known_zone(name: str) -> str:
    zone(name)  # raises ValueError, which the API answers with a 422
    return name


def _wall_clock_minute(moment: time) -> time:
    if moment.tzinfo is not None:
        raise ValueError("a reminder time is a local time of day, without a UTC offset")
    return moment.replace(second=0, microsecond=0)


TimeZoneName = Annotated[
    str,
    Field(
        max_length=MAX_ZONE_LENGTH,
        description="An IANA time zone name, e.g. Europe/Berlin; the account's days count in it.",
        examples=["Europe/Berlin"],
    ),
    AfterValidator(_known_zone),
]
ReminderTime = Annotated[
    time,
    Field(description="Local time of day (HH:MM) for a reminder when today's plan is not done."),
    AfterValidator(_wall_clock_minute),
]


class UserRead(ReadSchema):
    id: int
    username: str
    full_name: str
    email: str | None
    role: UserRole
    is_active: bool
    # True after an admin's password reset: the account must change its password before anything
    # else (every other route answers 403 until then).
    must_change_password: bool
    date_of_birth: date | None
    phone: str | None
    time_zone: str
    reminder_time: time | None
    created_at: datetime


class UserSummary(ReadSchema):
    """What one person may see of another (a patient of their doctor, and back)."""

    id: int
    full_name: str
    role: UserRole


class PatientRegister(InputSchema):
    username: Username
    password: Password
    full_name: PersonName
    email: EmailStr | None = None
    date_of_birth: BirthDate | None = None
    phone: Phone | None = None
    time_zone: TimeZoneName = DEFAULT_ZONE


class DoctorCreate(InputSchema):
    username: Username
    password: Password
    full_name: PersonName
    email: EmailStr | None = None
    phone: Phone | None = None


class ProfileUpdate(PartialUpdate):
    kept_fields = ("full_name", "time_zone")

    full_name: PersonName | None = None
    email: EmailStr | None = None
    phone: Phone | None = None
    date_of_birth: BirthDate | None = None
    time_zone: TimeZoneName | None = None
    reminder_time: ReminderTime | None = None


class PasswordChange(InputSchema):
    current_password: Password
    new_password: Password


class AccountStatus(InputSchema):
    is_active: bool


class PasswordReset(ReadSchema):
    """An admin's password reset: the temporary password is shown this once and never stored."""

    user: UserRead
    temporary_password: str
