from datetime import datetime

from pydantic import Field

from telerehab.schemas.base import InputSchema, LongText, ReadSchema
from telerehab.schemas.user import UserSummary


class PatientNoteCreate(InputSchema):
    body: LongText


class PatientNoteUpdate(InputSchema):
    body: LongText


class PatientNoteRead(ReadSchema):
    id: int
    patient_id: int
    author: UserSummary = Field(validation_alias="doctor", description="The doctor who wrote it.")
    body: str
    created_at: datetime
    updated_at: datetime | None
