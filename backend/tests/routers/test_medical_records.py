"""Medical records: the route the old app leaked, tested as every kind of caller meets it."""

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from telerehab.models import AuditEvent, MedicalRecord

from ..factories import Clinic


def test_doctor_reads_and_writes_records_of_their_patient(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    doctor = clinic.headers(clinic.doctor_a)
    url = f"/api/v1/patients/{clinic.patient_a1.id}/medical-records"
    created = client.post(
        url,
        headers=doctor,
        json={
            "diagnosis": "  Rotator cuff tear  ",
            "affected_side": "right",
            "precautions": "No lifting above shoulder height",
            "goals": "Comb hair unaided",
        },
    )
    assert created.status_code == 201, created.text
    record = created.json()
    assert record["diagnosis"] == "Rotator cuff tear"
    assert record["doctor_id"] == clinic.doctor_a.id

    listed = client.get(url, headers=doctor).json()
    assert listed["items"][0]["id"] == record["id"]  # newest first
    patched = client.patch(
        f"/api/v1/medical-records/{record['id']}",
        headers=doctor,
        json={"goals": "Reach the top shelf"},
    )
    assert patched.json()["goals"] == "Reach the top shelf"
    assert patched.json()["precautions"] == "No lifting above shoulder height"
    assert patched.json()["updated_at"] is not None
    stored = db_session.get(MedicalRecord, record["id"])
    assert stored is not None and stored.goals == "Reach the top shelf"


def test_patient_reads_own_records_but_cannot_write(client: TestClient, clinic: Clinic) -> None:
    patient = clinic.headers(clinic.patient_a1)
    own = client.get(f"/api/v1/patients/{clinic.patient_a1.id}/medical-records", headers=patient)
    assert own.status_code == 200
    assert [r["diagnosis"] for r in own.json()["items"]] == ["Diagnosis-of-a1-XYZ"]
    record_id = clinic.records["a1"].id
    assert client.get(f"/api/v1/medical-records/{record_id}", headers=patient).status_code == 200
    write = client.patch(
        f"/api/v1/medical-records/{record_id}",
        headers=patient,
        json={"diagnosis": "self-diagnosed"},
    )
    assert write.status_code == 403
    create = client.post(
        f"/api/v1/patients/{clinic.patient_a1.id}/medical-records",
        headers=patient,
        json={"diagnosis": "x"},
    )
    assert create.status_code == 403


def test_the_old_leak_is_closed_for_every_kind_of_stranger(
    client: TestClient, clinic: Clinic
) -> None:
    target = clinic.patient_b1
    url = f"/api/v1/patients/{target.id}/medical-records"
    # Reads: 404, the record's existence is not confirmed. Writes by a patient: 403, the role
    # may never write records. Admins: 403, they see no clinical content at all.
    strangers = {
        "other doctor": (clinic.doctor_a, {"GET": 404, "POST": 404, "PATCH": 404}),
        "other patient": (clinic.patient_a1, {"GET": 404, "POST": 403, "PATCH": 403}),
        "admin": (clinic.admin, {"GET": 403, "POST": 403, "PATCH": 403}),
    }
    for name, (user, statuses) in strangers.items():
        for method, path in [
            ("GET", url),
            ("POST", url),
            ("GET", f"/api/v1/medical-records/{clinic.records['b1'].id}"),
            ("PATCH", f"/api/v1/medical-records/{clinic.records['b1'].id}"),
        ]:
            body = {"diagnosis": "overwritten"} if method != "GET" else None
            response = client.request(method, path, headers=clinic.headers(user), json=body)
            assert response.status_code == statuses[method], (name, method, path)
            assert "Diagnosis-of-b1" not in response.text
            assert target.full_name not in response.text
    # A doctor whose assignment ended has lost access too.
    ended = client.get(
        f"/api/v1/patients/{clinic.patient_ended.id}/medical-records",
        headers=clinic.headers(clinic.doctor_a),
    )
    assert ended.status_code == 404
    assert client.get(url).status_code == 401


def test_bad_record_input_is_a_clear_422(client: TestClient, clinic: Clinic) -> None:
    doctor = clinic.headers(clinic.doctor_a)
    url = f"/api/v1/patients/{clinic.patient_a1.id}/medical-records"
    for body in [
        {},
        {"diagnosis": ""},
        {"diagnosis": "x" * 501},
        {"diagnosis": "ok", "affected_side": "up"},
        {"diagnosis": "ok", "extra": 1},
    ]:
        response = client.post(url, headers=doctor, json=body)
        assert response.status_code == 422, body
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["detail"]
    assert client.get("/api/v1/medical-records/abc", headers=doctor).status_code == 422
    assert client.get("/api/v1/medical-records/0", headers=doctor).status_code == 422


def test_every_clinical_access_is_audited(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    doctor = clinic.headers(clinic.doctor_a)
    client.get(f"/api/v1/patients/{clinic.patient_a1.id}/medical-records", headers=doctor)
    client.patch(
        f"/api/v1/medical-records/{clinic.records['a1'].id}", headers=doctor, json={"notes": "seen"}
    )
    client.get(f"/api/v1/patients/{clinic.patient_b1.id}/medical-records", headers=doctor)
    events = db_session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    summary = [(e.actor_id, e.action, e.patient_id, e.outcome.value) for e in events]
    assert summary == [
        (clinic.doctor_a.id, "medical-records-list", clinic.patient_a1.id, "allowed"),
        (clinic.doctor_a.id, "medical-records-update", clinic.patient_a1.id, "allowed"),
        (clinic.doctor_a.id, "medical-records-list", clinic.patient_b1.id, "denied"),
    ]
    assert all(e.request_id for e in events)
