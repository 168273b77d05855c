"""Doctors: a patient finds their own doctors, a doctor themselves, an admin every doctor."""

from collections.abc import Callable
from contextlib import AbstractContextManager

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from telerehab.enums import UserRole

from ..conftest import StatementCount
from ..factories import Clinic, assign, make_user

Counter = Callable[[], AbstractContextManager[StatementCount]]
API = "/api/v1/doctors"


def test_a_patient_sees_their_current_doctors_and_how_to_reach_them(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    clinic.doctor_a.phone = "+44 20 7946 0000"
    db_session.add(clinic.doctor_a)
    db_session.commit()
    headers = clinic.headers(clinic.patient_a1)
    listed = client.get(API, headers=headers)
    assert listed.status_code == 200, listed.text
    assert listed.json() == {
        "items": [
            {
                "id": clinic.doctor_a.id,
                "full_name": clinic.doctor_a.full_name,
                "email": clinic.doctor_a.email,
                "phone": "+44 20 7946 0000",
            }
        ],
        "next_cursor": None,
    }
    profile = client.get(f"{API}/{clinic.doctor_a.id}", headers=headers)
    assert profile.status_code == 200
    assert set(profile.json()) == {"id", "full_name", "email", "phone"}
    assert "password" not in profile.text and "username" not in profile.text


def test_strangers_get_404(client: TestClient, clinic: Clinic) -> None:
    refusals = [
        (clinic.patient_a1, clinic.doctor_b.id),  # not their doctor
        (clinic.patient_ended, clinic.doctor_a.id),  # their care has ended
        (clinic.doctor_a, clinic.doctor_b.id),  # doctors see only themselves
        (clinic.admin, clinic.patient_a1.id),  # not a doctor at all
        (clinic.admin, 999_999),
    ]
    for user, doctor_id in refusals:
        response = client.get(f"{API}/{doctor_id}", headers=clinic.headers(user))
        assert response.status_code == 404, (user.username, doctor_id)
        assert response.headers["content-type"] == "application/problem+json"
        assert clinic.doctor_b.full_name not in response.text
    assert client.get(API, headers=clinic.headers(clinic.patient_ended)).json()["items"] == []
    assert client.get(f"{API}/0", headers=clinic.headers(clinic.admin)).status_code == 422
    assert client.get(f"{API}/abc", headers=clinic.headers(clinic.admin)).status_code == 422
    assert client.get(f"{API}?limit=0", headers=clinic.headers(clinic.admin)).status_code == 422
    assert client.get(API).status_code == 401


def test_a_doctor_sees_themselves_and_an_admin_sees_every_doctor(
    client: TestClient, clinic: Clinic
) -> None:
    mine = client.get(API, headers=clinic.headers(clinic.doctor_a)).json()["items"]
    assert [d["id"] for d in mine] == [clinic.doctor_a.id]
    own = client.get(f"{API}/{clinic.doctor_a.id}", headers=clinic.headers(clinic.doctor_a))
    assert own.status_code == 200
    every = client.get(API, headers=clinic.headers(clinic.admin)).json()["items"]
    assert [d["id"] for d in every] == [clinic.doctor_a.id, clinic.doctor_b.id]  # by name
    other = client.get(f"{API}/{clinic.doctor_b.id}", headers=clinic.headers(clinic.admin))
    assert other.status_code == 200


def test_a_page_of_fifty_costs_what_a_page_of_one_costs(
    client: TestClient, clinic: Clinic, db_session: Session, count_statements: Counter
) -> None:
    for i in range(60):
        doctor = make_user(db_session, UserRole.DOCTOR, f"doctor.extra{i:02d}")
        assign(db_session, doctor, clinic.patient_a2)
    db_session.commit()
    for user, total in [(clinic.admin, 62), (clinic.patient_a2, 61)]:
        headers = clinic.headers(user)
        counts = {}
        for limit in (1, 50):
            with count_statements() as counted:
                page = client.get(f"{API}?limit={limit}", headers=headers)
            assert len(page.json()["items"]) == limit
            counts[limit] = counted.count
        print(f"\ndoctors list ({user.role.value}): statements {counts}")
        assert counts[1] == counts[50]

        seen: list[int] = []
        cursor = ""
        while True:
            page = client.get(f"{API}?limit=25{cursor}", headers=headers).json()
            seen += [d["id"] for d in page["items"]]
            if page["next_cursor"] is None:
                break
            cursor = f"&cursor={page['next_cursor']}"
        assert len(seen) == len(set(seen)) == total
