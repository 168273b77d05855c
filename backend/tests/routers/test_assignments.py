"""Admins assign doctors to patients; ending an assignment ends access at once."""

from fastapi.testclient import TestClient

from ..factories import Clinic


def test_admin_assigns_and_the_doctor_gains_then_loses_access(
    client: TestClient, clinic: Clinic
) -> None:
    admin, doctor_b = clinic.headers(clinic.admin), clinic.headers(clinic.doctor_b)
    patient = clinic.patient_a1
    assert client.get(f"/api/v1/patients/{patient.id}", headers=doctor_b).status_code == 404

    created = client.post(
        "/api/v1/assignments",
        headers=admin,
        json={"doctor_id": clinic.doctor_b.id, "patient_id": patient.id},
    )
    assert created.status_code == 201, created.text
    assignment = created.json()
    assert assignment["doctor"]["id"] == clinic.doctor_b.id and assignment["ended_at"] is None
    assert client.get(f"/api/v1/patients/{patient.id}", headers=doctor_b).status_code == 200

    again = client.post(
        "/api/v1/assignments",
        headers=admin,
        json={"doctor_id": clinic.doctor_b.id, "patient_id": patient.id},
    )
    assert again.status_code == 409

    ended = client.post(f"/api/v1/assignments/{assignment['id']}/end", headers=admin)
    assert ended.status_code == 200 and ended.json()["ended_at"] is not None
    assert client.get(f"/api/v1/patients/{patient.id}", headers=doctor_b).status_code == 404
    assert (
        client.get(f"/api/v1/patients/{patient.id}/medical-records", headers=doctor_b).status_code
        == 404
    )
    assert (
        client.post(f"/api/v1/assignments/{assignment['id']}/end", headers=admin).status_code == 409
    )


def test_assignment_needs_a_real_doctor_and_patient(client: TestClient, clinic: Clinic) -> None:
    admin = clinic.headers(clinic.admin)
    swapped = client.post(
        "/api/v1/assignments",
        headers=admin,
        json={"doctor_id": clinic.patient_a1.id, "patient_id": clinic.doctor_a.id},
    )
    assert swapped.status_code == 404
    missing = client.post(
        "/api/v1/assignments",
        headers=admin,
        json={"doctor_id": clinic.doctor_a.id, "patient_id": 987654},
    )
    assert missing.status_code == 404
    bad = client.post("/api/v1/assignments", headers=admin, json={"doctor_id": "x"})
    assert bad.status_code == 422


def test_each_role_lists_its_own_assignments(client: TestClient, clinic: Clinic) -> None:
    def patients_listed(user: object, query: str = "") -> set[int]:
        page = client.get(f"/api/v1/assignments{query}", headers=clinic.headers(user)).json()
        return {item["patient"]["id"] for item in page["items"]}

    assert patients_listed(clinic.doctor_a, "?active=true") == {
        clinic.patient_a1.id,
        clinic.patient_a2.id,
    }
    assert patients_listed(clinic.doctor_a, "?active=false") == {clinic.patient_ended.id}
    assert patients_listed(clinic.patient_b1) == {clinic.patient_b1.id}
    assert len(patients_listed(clinic.admin)) == 4
    refused = client.post(
        "/api/v1/assignments",
        headers=clinic.headers(clinic.doctor_a),
        json={"doctor_id": clinic.doctor_a.id, "patient_id": clinic.patient_b1.id},
    )
    assert refused.status_code == 403


def test_ending_care_cancels_future_appointments_and_tells_the_patient(
    client: TestClient, clinic: Clinic
) -> None:
    schedule = clinic.data["a1"].schedule
    patient = clinic.headers(clinic.patient_a1)
    assert (
        client.get(f"/api/v1/schedules/{schedule.id}", headers=patient).json()["status"]
        == "scheduled"
    )
    ended = client.post(
        f"/api/v1/assignments/{clinic.assignments['a1'].id}/end",
        headers=clinic.headers(clinic.admin),
    )
    assert ended.status_code == 200
    assert (
        client.get(f"/api/v1/schedules/{schedule.id}", headers=patient).json()["status"]
        == "cancelled"
    )
    titles = [
        n["title"] for n in client.get("/api/v1/notifications", headers=patient).json()["items"]
    ]
    assert any("cancelled" in title for title in titles)
