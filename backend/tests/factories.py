"""Test data: small functions that build rows, and a clinic with someone else's side to probe."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from telerehab.auth import create_access_token, hash_password
from telerehab.config import Settings
from telerehab.enums import Side, UserRole
from telerehab.models import Assignment, MedicalRecord, User

TEST_PASSWORD = "correct-horse-battery-staple-42"
# Cheap bcrypt for tests: the cost is a parameter, checked at 12 by the production path's tests.
_TEST_HASH = hash_password(TEST_PASSWORD, rounds=4)


def make_user(db: Session, role: UserRole, username: str, **fields: Any) -> User:
    user = User(
        username=username,
        full_name=fields.pop("full_name", username.replace(".", " ").title()),
        role=role,
        email=fields.pop("email", f"{username}@test.example"),
        password_hash=fields.pop("password_hash", _TEST_HASH),
        **fields,
    )
    db.add(user)
    db.flush()
    return user


def assign(db: Session, doctor: User, patient: User, *, ended: bool = False) -> Assignment:
    now = datetime.now(UTC)
    assignment = Assignment(
        doctor_id=doctor.id,
        patient_id=patient.id,
        created_at=now - timedelta(days=30),
        ended_at=now - timedelta(days=1) if ended else None,
    )
    db.add(assignment)
    db.flush()
    return assignment


def make_record(db: Session, patient: User, doctor: User, diagnosis: str) -> MedicalRecord:
    record = MedicalRecord(
        patient_id=patient.id,
        doctor_id=doctor.id,
        diagnosis=diagnosis,
        affected_side=Side.LEFT,
        precautions=f"precautions of {patient.username}",
    )
    db.add(record)
    db.flush()
    return record


@dataclass
class Clinic:
    """Doctor A cares for patients A1 and A2; doctor B for B1; A's care of E has ended."""

    settings: Settings
    admin: User
    doctor_a: User
    doctor_b: User
    patient_a1: User
    patient_a2: User
    patient_b1: User
    patient_ended: User
    records: dict[str, MedicalRecord] = field(default_factory=dict)
    assignments: dict[str, Assignment] = field(default_factory=dict)

    def token(self, user: User) -> str:
        return create_access_token(user, self.settings)

    def headers(self, user: User) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(user)}"}


def build_clinic(db: Session, settings: Settings) -> Clinic:
    clinic = Clinic(
        settings=settings,
        admin=make_user(db, UserRole.ADMIN, "admin.one"),
        doctor_a=make_user(db, UserRole.DOCTOR, "doctor.alpha"),
        doctor_b=make_user(db, UserRole.DOCTOR, "doctor.beta"),
        patient_a1=make_user(db, UserRole.PATIENT, "patient.aone"),
        patient_a2=make_user(db, UserRole.PATIENT, "patient.atwo"),
        patient_b1=make_user(db, UserRole.PATIENT, "patient.bone"),
        patient_ended=make_user(db, UserRole.PATIENT, "patient.ended"),
    )
    clinic.assignments = {
        "a1": assign(db, clinic.doctor_a, clinic.patient_a1),
        "a2": assign(db, clinic.doctor_a, clinic.patient_a2),
        "b1": assign(db, clinic.doctor_b, clinic.patient_b1),
        "ended": assign(db, clinic.doctor_a, clinic.patient_ended, ended=True),
    }
    for key in ("a1", "a2", "b1", "ended"):
        patient = getattr(clinic, f"patient_{key}" if key != "ended" else "patient_ended")
        doctor = clinic.doctor_b if key == "b1" else clinic.doctor_a
        clinic.records[key] = make_record(db, patient, doctor, f"Diagnosis-of-{key}-XYZ")
    db.commit()
    return clinic
