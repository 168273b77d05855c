"""Doctors' clinical notes on their patients (never shown to patients).

Every doctor caring for the patient reads them all; only a note's author changes or removes it.
"""

from typing import Any

from fastapi import APIRouter, Response, status

from telerehab.access.scopes import visible_notes
from telerehab.dependencies import AccessiblePatient, AccessiblePatientNote, DbSession, Doctor
from telerehab.errors import Forbidden
from telerehab.models import PatientNote, User
from telerehab.schemas.base import Page
from telerehab.schemas.patient_note import PatientNoteCreate, PatientNoteRead, PatientNoteUpdate
from telerehab.web.pagination import PageQuery, paginate

router = APIRouter(tags=["patient-notes"])

Responses = dict[int | str, dict[str, Any]]
DOCTORS_ONLY: Responses = {403: {"description": "Patients and admins never see clinical notes."}}
NOT_YOURS: Responses = {404: {"description": "Not a patient in your care, or no such note."}}
AUTHOR_ONLY: Responses = {
    403: {"description": "Only the note's author may change it (patients and admins: never)."}
}


def _ensure_author(note: PatientNote, doctor: User) -> None:
    if note.doctor_id != doctor.id:
        raise Forbidden("Only the doctor who wrote this note may change or delete it.")


@router.get(
    "/patients/{patient_id}/notes",
    operation_id="patient-notes-list",
    summary="A patient's clinical notes",
    description="Newest first, by every doctor caring for the patient.",
    responses={**DOCTORS_ONLY, **NOT_YOURS},
)
def list_notes(
    doctor: Doctor, patient: AccessiblePatient, db: DbSession, page: PageQuery
) -> Page[PatientNoteRead]:
    statement = visible_notes(doctor).where(PatientNote.patient_id == patient.id)
    keys = [PatientNote.created_at, PatientNote.id]
    return paginate(db, statement, keys, page, PatientNoteRead.model_validate)


@router.post(
    "/patients/{patient_id}/notes",
    status_code=status.HTTP_201_CREATED,
    operation_id="patient-notes-create",
    summary="Write a clinical note",
    description="A doctor caring for the patient adds a note; the patient never sees it.",
    responses={**DOCTORS_ONLY, **NOT_YOURS},
)
def create_note(
    doctor: Doctor, body: PatientNoteCreate, patient: AccessiblePatient, db: DbSession
) -> PatientNoteRead:
    note = PatientNote(patient_id=patient.id, doctor=doctor, body=body.body)
    db.add(note)
    db.flush()
    return PatientNoteRead.model_validate(note)


@router.get(
    "/notes/{note_id}",
    operation_id="patient-notes-get",
    summary="One clinical note",
    description="For the doctors caring for the patient.",
    responses={**DOCTORS_ONLY, **NOT_YOURS},
)
def get_note(note: AccessiblePatientNote) -> PatientNoteRead:
    return PatientNoteRead.model_validate(note)


@router.patch(
    "/notes/{note_id}",
    operation_id="patient-notes-update",
    summary="Rewrite a clinical note",
    description="Its author replaces the text; `updated_at` records when.",
    responses={**AUTHOR_ONLY, **NOT_YOURS},
)
def update_note(
    doctor: Doctor, body: PatientNoteUpdate, note: AccessiblePatientNote, db: DbSession
) -> PatientNoteRead:
    _ensure_author(note, doctor)
    note.body = body.body
    db.flush()
    return PatientNoteRead.model_validate(note)


@router.delete(
    "/notes/{note_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="patient-notes-delete",
    summary="Delete a clinical note",
    description="Its author removes it for good (the audit log keeps that it happened).",
    responses={**AUTHOR_ONLY, **NOT_YOURS},
)
def delete_note(doctor: Doctor, note: AccessiblePatientNote, db: DbSession) -> Response:
    _ensure_author(note, doctor)
    db.delete(note)
    db.flush()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
