"""The doctor's monitoring time log: logged, listed page by page, corrected and deleted by its
author only, for patients in their care only, every step audited."""

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from telerehab.models import AuditEvent, TimeEntry

from ..factories import Clinic


def log_url(patient_id: int) -> str:
    return f"/api/v1/patients/{patient_id}/time-log"


def an_entry(minutes: int = 12, back: timedelta = timedelta(hours=2)) -> dict[str, object]:
    started = (datetime.now(UTC) - back).replace(microsecond=0)
    return {"started_at": started.isoformat(), "minutes": minutes, "activity": "Reviewed ROM"}


def test_a_doctor_logs_corrects_and_deletes_time(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    headers = clinic.headers(clinic.doctor_a)
    patient = clinic.patient_a1
    created = client.post(log_url(patient.id), json=an_entry(12), headers=headers)
    assert created.status_code == 201, created.text
    entry = created.json()
    assert (entry["patient_id"], entry["doctor_id"], entry["minutes"]) == (
        patient.id,
        clinic.doctor_a.id,
        12,
    )
    assert entry["updated_at"] is None

    changed = client.patch(
        f"/api/v1/time-log/{entry['id']}", json={"minutes": 20, "activity": "Call"}, headers=headers
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["minutes"], changed.json()["activity"]) == (20, "Call")
    assert changed.json()["updated_at"] is not None

    seeded = clinic.data["a1"].time_entry.id
    listed = client.get(log_url(patient.id), headers=headers).json()
    assert [item["id"] for item in listed["items"]] == [entry["id"], seeded]  # newest first

    assert client.delete(f"/api/v1/time-log/{entry['id']}", headers=headers).status_code == 204
    listed = client.get(log_url(patient.id), headers=headers).json()
    assert [item["id"] for item in listed["items"]] == [seeded]
    actions = db_session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.patient_id == patient.id, AuditEvent.action.like("time-log-%"))
        .order_by(AuditEvent.id)
    ).all()
    assert actions == [
        "time-log-create",
        "time-log-update",
        "time-log-list",
        "time-log-delete",
        "time-log-list",
    ]


def test_the_list_is_newest_first_page_by_page_and_only_my_own(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    headers = clinic.headers(clinic.doctor_a)
    db_session.delete(db_session.get_one(TimeEntry, clinic.data["a1"].time_entry.id))
    for hours in (5, 1, 3):
        response = client.post(
            log_url(clinic.patient_a1.id),
            json=an_entry(hours, timedelta(hours=hours)),
            headers=headers,
        )
        assert response.status_code == 201
    # Another doctor's entry on the same patient is theirs, not in A's log.
    db_session.add(
        TimeEntry(
            patient_id=clinic.patient_a1.id,
            doctor_id=clinic.doctor_b.id,
            started_at=datetime.now(UTC),
            minutes=9,
            activity="B's",
        )
    )
    db_session.commit()
    first = client.get(log_url(clinic.patient_a1.id), params={"limit": 2}, headers=headers).json()
    assert [item["minutes"] for item in first["items"]] == [1, 3]
    rest = client.get(
        log_url(clinic.patient_a1.id),
        params={"limit": 2, "cursor": first["next_cursor"]},
        headers=headers,
    ).json()
    assert [item["minutes"] for item in rest["items"]] == [5]
    assert rest["next_cursor"] is None


@pytest.mark.parametrize(
    "body",
    [
        {"minutes": 0},
        {"minutes": 601},
        {"activity": ""},
        {"started_at": "2026-03-01T10:00:00"},  # no zone
        {"started_at": (datetime.now(UTC) + timedelta(days=1)).isoformat()},  # ahead of now
        {"extra": 1},
    ],
)
def test_bad_entries_are_problems(
    client: TestClient, clinic: Clinic, body: dict[str, object]
) -> None:
    response = client.post(
        log_url(clinic.patient_a1.id),
        json=an_entry() | body,
        headers=clinic.headers(clinic.doctor_a),
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_time_is_logged_only_for_patients_in_my_care(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    for caller, patient, status in [
        (clinic.doctor_a, clinic.patient_b1, 404),
        (clinic.doctor_a, clinic.patient_ended, 404),
        (clinic.patient_a1, clinic.patient_a1, 403),
        (clinic.admin, clinic.patient_a1, 403),
    ]:
        response = client.post(log_url(patient.id), json=an_entry(), headers=clinic.headers(caller))
        assert response.status_code == status, (caller.username, patient.username)
    assert db_session.scalars(select(TimeEntry.activity)).all() == [
        f"Time-{key}-XYZ" for key in ("a1", "a2", "b1", "ended")
    ]


def test_only_the_author_changes_an_entry_while_the_patient_is_in_their_care(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    entry = TimeEntry(
        patient_id=clinic.patient_b1.id,
        doctor_id=clinic.doctor_b.id,
        started_at=datetime.now(UTC),
        minutes=7,
        activity="Secret-activity",
    )
    ended = TimeEntry(
        patient_id=clinic.patient_ended.id,
        doctor_id=clinic.doctor_a.id,
        started_at=datetime.now(UTC),
        minutes=7,
        activity="Before care ended",
    )
    db_session.add_all([entry, ended])
    db_session.commit()
    headers = clinic.headers(clinic.doctor_a)
    for target in (entry, ended):
        url = f"/api/v1/time-log/{target.id}"
        patched = client.patch(url, json={"minutes": 1}, headers=headers)
        assert patched.status_code == 404 and "Secret" not in patched.text
        assert client.delete(url, headers=headers).status_code == 404
    db_session.expire_all()
    assert db_session.get_one(TimeEntry, entry.id).minutes == 7
