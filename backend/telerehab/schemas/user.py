from datetime import date, datetime

from pydantic import EmailStr

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


class DoctorCreate(InputSchema):
    username: Username
    password: Password
    full_name: PersonName
    email: EmailStr | None = None
    phone: Phone | None = None


class ProfileUpdate(PartialUpdate):
    kept_fields = ("full_name",)

    full_name: PersonName | None = None
    email: EmailStr | None = None
    phone: Phone | None = None
    date_of_birth: BirthDate | None = None


class PasswordChange(InputSchema):
    current_password: Password
    new_password: Password


class AccountStatus(InputSchema):
    is_active: bool


class PasswordReset(ReadSchema):
    """An admin's password reset: the temporary password is shown this once and never stored."""

    user: UserRead
    temporary_password: str
