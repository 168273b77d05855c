"""Medical records: the plan's own example of the leak, now scoped by construction."""

from typing import Any

from fastapi import APIRouter, status
from sqlalchemy import select

from telerehab.dependencies import (
    AccessibleMedicalRecord,
    AccessiblePatient,
    DbSession,
    Doctor,
)
from telerehab.models import MedicalRecord
from telerehab.schemas.base import Page
from telerehab.schemas.medical_record import (
    MedicalRecordCreate,
    MedicalRecordRead,
    MedicalRecordUpdate,
)
from telerehab.web.pagination import PageQuery, paginate

router = APIRouter(tags=["medical-records"])
NOT_YOURS: dict[int | str, dict[str, Any]] = {
    404: {"description": "Not a patient in your care, or no such record."}
}


@router.get(
    "/patients/{patient_id}/medical-records",
    operation_id="medical-records-list",
    summary="A patient's medical records",
    description="Newest first. For the patient and the doctors caring for them.",
    responses=NOT_YOURS,
)
def list_records(
    patient: AccessiblePatient, db: DbSession, page: PageQuery
) -> Page[MedicalRecordRead]:
    statement = select(MedicalRecord).where(MedicalRecord.patient_id == patient.id)
    keys = [MedicalRecord.created_at, MedicalRecord.id]
    return paginate(db, statement, keys, page, MedicalRecordRead.model_validate)


@router.post(
    "/patients/{patient_id}/medical-records",
    status_code=status.HTTP_201_CREATED,
    operation_id="medical-records-create",
    summary="Add a medical record",
    description="A doctor caring for the patient records a diagnosis, side, precautions, goals.",
    responses=NOT_YOURS,
)
def create_record(
    doctor: Doctor, body: MedicalRecordCreate, patient: AccessiblePatient, db: DbSession
) -> MedicalRecordRead:
    record = MedicalRecord(patient_id=patient.id, doctor_id=doctor.id, **body.model_dump())
    db.add(record)
    db.flush()
    return MedicalRecordRead.model_validate(record)


@router.get(
    "/medical-records/{record_id}",
    operation_id="medical-records-get",
    summary="One medical record",
    description="For the patient and the doctors caring for them; anyone else gets 404.",
    responses=NOT_YOURS,
)
def get_record(record: AccessibleMedicalRecord) -> MedicalRecordRead:
    return MedicalRecordRead.model_validate(record)


@router.patch(
    "/medical-records/{record_id}",
    operation_id="medical-records-update",
    summary="Update a medical record",
    description="Only the fields sent change. Doctors caring for the patient only.",
    responses=NOT_YOURS,
)
def update_record(
    doctor: Doctor, body: MedicalRecordUpdate, record: AccessibleMedicalRecord, db: DbSession
) -> MedicalRecordRead:
    for field, value in body.model_dump(exclude_unset=True).items():
        setattr(record, field, value)
    db.flush()
    return MedicalRecordRead.model_validate(record)
