"""The doctor's patient list: current patients only, by name, with this week's figures."""

from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from telerehab.enums import UserRole
from telerehab.models import WeekPlanItem

from ..factories import Clinic, add_workout, assign, make_user

URL = "/api/v1/patients"


def test_a_doctor_lists_current_patients_by_name_with_this_weeks_figures(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    a1, a2 = clinic.patient_a1, clinic.patient_a2
    headers = clinic.headers(clinic.doctor_a)
    planned = db_session.scalar(
        select(func.count()).where(WeekPlanItem.week_plan_id == clinic.data["a1"].week_plan.id)
    )
    assert planned

    listed = client.get(URL, headers=headers).json()
    assert [p["id"] for p in listed["items"]] == [
        p.id for p in sorted([a1, a2], key=lambda p: (p.full_name, p.id))
    ]  # not the ended care, not doctor B's patient
    first = next(p for p in listed["items"] if p["id"] == a1.id)
    assert first["sessions_planned_this_week"] == planned

    add_workout(db_session, a1, datetime.now(UTC))
    db_session.commit()
    again = next(p for p in client.get(URL, headers=headers).json()["items"] if p["id"] == a1.id)
    assert again["sessions_done_this_week"] == first["sessions_done_this_week"] + 1
    done = again["sessions_done_this_week"]
    assert again["adherence_this_week"] == round(min(1.0, done / planned), 3)

    # Search: part of the name or the username, in any case.
    def found(search: str) -> list[int]:
        answer = client.get(URL, headers=headers, params={"search": search})
        assert answer.status_code == 200, answer.text
        return [p["id"] for p in answer.json()["items"]]

    assert found(a2.full_name.split()[-1].upper()) == [a2.id]
    name_only = a2.full_name[5:12].upper()  # spans the space: not in the username
    assert name_only not in a2.username.upper()
    assert found(name_only) == [a2.id]
    assert found(a1.username[-4:]) == [a1.id]
    assert found("nobody-by-this-name") == []

    # Pages of one: both patients, in order, then no cursor.
    seen: list[int] = []
    params: dict[str, Any] = {"limit": 1}
    while True:
        body = client.get(URL, headers=headers, params=params).json()
        seen += [p["id"] for p in body["items"]]
        if body["next_cursor"] is None:
            break
        params["cursor"] = body["next_cursor"]
    assert seen == [p["id"] for p in listed["items"]]
    assert client.get(URL, headers=clinic.headers(a1)).status_code == 403


def test_a_patients_doctors_come_in_pages_by_name(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    patient = clinic.patient_a1
    extra = [
        make_user(db_session, UserRole.DOCTOR, name, full_name=name.replace(".", " ").title())
        for name in ("dr.zed", "dr.aaron")
    ]
    for doctor in extra:
        assign(db_session, doctor, patient)
    db_session.commit()
    expected = sorted([clinic.doctor_a, *extra], key=lambda d: (d.full_name, d.id))

    seen: list[int] = []
    cursor = None
    headers = clinic.headers(patient)
    for _ in range(3):
        query = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get(f"{URL}/{patient.id}/doctors", headers=headers, params=query)
        assert page.status_code == 200, page.text
        seen += [d["id"] for d in page.json()["items"]]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            break
    assert seen == [d.id for d in expected]
    # The ended care (doctor A of patient E) is not listed; a stranger's id is not found.
    ended = client.get(
        f"{URL}/{clinic.patient_ended.id}/doctors", headers=clinic.headers(clinic.patient_ended)
    )
    assert ended.json() == {"items": [], "next_cursor": None}
    foreign = client.get(f"{URL}/{clinic.patient_b1.id}/doctors", headers=headers)
    assert foreign.status_code == 404
