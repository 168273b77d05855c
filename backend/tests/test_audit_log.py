"""The audit log: readable by admins and, for their own record, by patients; never editable."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from .factories import Clinic


def _touch_records(client: TestClient, clinic: Clinic) -> None:
    client.get(f"/api/v1/patients/{clinic.patient_a1.id}", headers=clinic.headers(clinic.doctor_a))
    client.get(f"/api/v1/patients/{clinic.patient_b1.id}", headers=clinic.headers(clinic.doctor_a))


def test_admin_reads_and_filters_the_log(client: TestClient, clinic: Clinic) -> None:
    _touch_records(client, clinic)
    admin = clinic.headers(clinic.admin)
    everything = client.get("/api/v1/audit", headers=admin).json()["items"]
    assert len(everything) == 2
    denied = client.get("/api/v1/audit?outcome=denied", headers=admin).json()["items"]
    assert [(e["patient_id"], e["outcome"]) for e in denied] == [(clinic.patient_b1.id, "denied")]
    assert client.get("/api/v1/audit", headers=clinic.headers(clinic.doctor_a)).status_code == 403


def test_patient_sees_who_accessed_their_record(client: TestClient, clinic: Clinic) -> None:
    _touch_records(client, clinic)
    own = client.get("/api/v1/users/me/record-access", headers=clinic.headers(clinic.patient_a1))
    assert own.status_code == 200
    assert [(a["actor_name"], a["outcome"]) for a in own.json()["items"]] == [
        (clinic.doctor_a.full_name, "allowed")
    ]
    doctor = client.get("/api/v1/users/me/record-access", headers=clinic.headers(clinic.doctor_a))
    assert doctor.status_code == 403


def test_no_route_changes_or_removes_audit_rows(client: TestClient, clinic: Clinic) -> None:
    admin = clinic.headers(clinic.admin)
    for method in ("PUT", "PATCH", "DELETE"):
        assert client.request(method, "/api/v1/audit", headers=admin).status_code == 405
        assert client.request(method, "/api/v1/audit/1", headers=admin).status_code == 404


@pytest.mark.postgres_only
def test_postgres_refuses_update_and_delete(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    # The append-only trigger is PostgreSQL's; on SQLite only the API guards the log.
    _touch_records(client, clinic)
    for statement in ("UPDATE audit_log SET outcome = 'allowed'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"):
            db_session.execute(text(statement))
        db_session.rollback()
