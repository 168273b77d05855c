"""A doctor as their patients and the clinic's admins see them."""

from telerehab.schemas.base import ReadSchema


class DoctorProfile(ReadSchema):
    """How to reach a doctor: shown to their own patients, to themselves and to admins."""

    id: int
    full_name: str
    email: str | None
    phone: str | None
