from datetime import datetime
from typing import Annotated

from pydantic import StringConstraints

from telerehab.enums import Side
from telerehab.schemas.base import InputSchema, LongText, PartialUpdate, ReadSchema

Diagnosis = Annotated[str, StringConstraints(min_length=1, max_length=500)]


class MedicalRecordCreate(InputSchema):
    diagnosis: Diagnosis
    affected_side: Side | None = None
    precautions: LongText | None = None
    goals: LongText | None = None
    notes: LongText | None = None


class MedicalRecordUpdate(PartialUpdate):
    kept_fields = ("diagnosis",)

    diagnosis: Diagnosis | None = None
    affected_side: Side | None = None
    precautions: LongText | None = None
    goals: LongText | None = None
    notes: LongText | None = None


class MedicalRecordRead(ReadSchema):
    id: int
    patient_id: int
    doctor_id: int | None
    diagnosis: str
    affected_side: Side | None
    precautions: str | None
    goals: str | None
    notes: str | None
    created_at: datetime
    updated_at: datetime | None
