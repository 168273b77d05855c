"""Keyset pagination as a client walks it: no duplicates and no gaps, even while rows arrive."""

import base64
import json
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from telerehab.enums import UserRole
from telerehab.web.pagination import cursor_signing_key, sign_cursor

from .factories import Clinic, make_user


def test_walking_250_rows_while_rows_are_inserted(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    base = datetime.now(UTC) - timedelta(days=1)
    # Many rows share a timestamp, so the id tie-break is exercised.
    originals = {
        make_user(
            db_session,
            UserRole.PATIENT,
            f"walker.{n:03d}",
            created_at=base + timedelta(seconds=n // 5),
        ).id
        for n in range(250)
    }
    db_session.commit()
    admin = clinic.headers(clinic.admin)
    seen: list[int] = []
    cursor = None
    pages = 0
    while True:
        query = "role=patient&limit=17" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(f"/api/v1/admin/users?{query}", headers=admin)
        assert page.status_code == 200, page.text
        body = page.json()
        seen.extend(user["id"] for user in body["items"])
        pages += 1
        # A new sign-up arrives between every two pages; it is newer than the walk's position.
        make_user(db_session, UserRole.PATIENT, f"latecomer.{pages:03d}")
        db_session.commit()
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)), "a row was served twice"
    assert originals <= set(seen), "a row was skipped"
    created = [u for u in seen if u in originals]
    assert created == sorted(created, reverse=True)  # newest first, id as tie-break
    assert pages == pytest.approx(len(seen) / 17, abs=1)


@pytest.mark.parametrize("cursor", ["garbage", "W10", "eyJhIjoxfQ", "%%%"])
def test_a_broken_cursor_is_a_clear_422(client: TestClient, clinic: Clinic, cursor: str) -> None:
    response = client.get(
        f"/api/v1/admin/users?cursor={cursor}", headers=clinic.headers(clinic.admin)
    )
    assert response.status_code == 422
    assert "cursor" in response.json()["detail"]


@pytest.mark.parametrize("limit", ["0", "101", "-1", "ten"])
def test_limits_outside_1_to_100_are_refused(
    client: TestClient, clinic: Clinic, limit: str
) -> None:
    response = client.get(
        f"/api/v1/admin/users?limit={limit}", headers=clinic.headers(clinic.admin)
    )
    assert response.status_code == 422


# --- Cursors a client did not get from us -------------------------------------------------

USERS = "/api/v1/admin/users"


def _payload(cursor: str) -> list[Any]:
    """The key values a cursor carries (its first part: base64 of a JSON array)."""
    encoded = cursor.partition(".")[0]
    return list(json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))))


def _unsigned(values: Any) -> str:
    """A cursor as a client can make one up: base64 of JSON, with no signature."""
    raw = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _signed(values: Any, clinic: Clinic) -> str:
    """A cursor holding ``values`` with a valid signature: only type validation can refuse it."""
    raw = json.dumps(values, separators=(",", ":")).encode()
    return sign_cursor(raw, cursor_signing_key(clinic.settings.secret_key))


def _first_cursor(client: TestClient, url: str, headers: dict[str, str]) -> str:
    page = client.get(url, params={"limit": 1}, headers=headers)
    assert page.status_code == 200, page.text
    cursor = page.json()["next_cursor"]
    assert cursor, f"{url} has a single row: no cursor to take"
    return str(cursor)


def _assert_refused(response: Any, caplog: pytest.LogCaptureFixture) -> None:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert "cursor" in response.json()["detail"]
    assert "SELECT" not in response.text
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


# Shapes of the users list's (created_at, id) key that are not its own: each gave a 500 (and the
# SQL with its parameters in the error log) before cursors were checked.
BAD_KEYS = {
    "text for a time": ["abc", 1],
    "object for a time": [{"x": 1}, 1],
    "array for a time": [[1], 1],
    "boolean for a time": [True, 1],
    "number for a time": [1e308, 1],
    "text for an id": ["2025-03-03T10:00:00Z", "abc"],
    "boolean for an id": ["2025-03-03T10:00:00Z", True],
    "fraction for an id": ["2025-03-03T10:00:00Z", 1.5],
    "id past 2**31": ["2025-03-03T10:00:00Z", 2**31],
    "id past 2**63": ["2025-03-03T10:00:00Z", 2**63],
    "id past 2**70": ["2025-03-03T10:00:00Z", 2**70],
    "naive time": ["2025-03-03T10:00:00", 1],
    "time without a UTC equivalent": ["0001-01-01T00:00:00+14:00", 1],
    "time past the calendar": ["9999-12-31T23:59:59Z", 1],
    "the old wrapped time": [{"d": "2025-03-03T10:00:00+00:00"}, 1],
    "one key too few": [1],
    "one key too many": ["2025-03-03T10:00:00Z", 1, 1],
    "not an array": {"created_at": "2025-03-03T10:00:00Z", "id": 1},
}


@pytest.mark.parametrize("values", BAD_KEYS.values(), ids=BAD_KEYS.keys())
def test_a_made_up_cursor_is_a_clear_422(
    client: TestClient, clinic: Clinic, values: Any, caplog: pytest.LogCaptureFixture
) -> None:
    admin = clinic.headers(clinic.admin)
    unsigned = client.get(USERS, params={"cursor": _unsigned(values)}, headers=admin)
    _assert_refused(unsigned, caplog)


@pytest.mark.parametrize("values", BAD_KEYS.values(), ids=BAD_KEYS.keys())
def test_a_signed_cursor_whose_keys_do_not_fit_the_list_is_a_clear_422(
    client: TestClient, clinic: Clinic, values: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """Should the secret ever leak, the values are still checked before they reach the SQL."""
    admin = clinic.headers(clinic.admin)
    signed = client.get(USERS, params={"cursor": _signed(values, clinic)}, headers=admin)
    _assert_refused(signed, caplog)


def test_an_edited_cursor_is_refused(
    client: TestClient, clinic: Clinic, caplog: pytest.LogCaptureFixture
) -> None:
    admin = clinic.headers(clinic.admin)
    cursor = _first_cursor(client, USERS, admin)
    created_at, user_id = _payload(cursor)
    signature = cursor.partition(".")[2]
    edited = f"{_unsigned([created_at, user_id + 1])}.{signature}"
    _assert_refused(client.get(USERS, params={"cursor": edited}, headers=admin), caplog)
    unsigned = cursor.partition(".")[0]
    _assert_refused(client.get(USERS, params={"cursor": unsigned}, headers=admin), caplog)
    # The same values signed with the key of another deployment's secret.
    foreign = sign_cursor(
        base64.urlsafe_b64decode(unsigned + "=" * (-len(unsigned) % 4)),
        cursor_signing_key("another clinic's secret key, 48 characters long...."),
    )
    _assert_refused(client.get(USERS, params={"cursor": foreign}, headers=admin), caplog)
    # The genuine cursor still leads on, and re-signing the same values changes nothing.
    assert client.get(USERS, params={"cursor": cursor}, headers=admin).status_code == 200
    resigned = _signed([created_at, user_id], clinic)
    assert client.get(USERS, params={"cursor": resigned}, headers=admin).status_code == 200


def test_a_cursor_from_another_list_is_refused(
    client: TestClient, clinic: Clinic, caplog: pytest.LogCaptureFixture
) -> None:
    """Validly signed, but its keys are another list's: a patient's name for a time, a week's
    Monday (a date) for a notification's time (an instant), a time for a name."""
    doctor = clinic.headers(clinic.doctor_a)
    patient = clinic.patient_a1.id
    patients = _first_cursor(client, "/api/v1/patients", doctor)  # (full_name, id)
    assert isinstance(_payload(patients)[0], str)
    combos = _first_cursor(client, "/api/v1/combos", doctor)  # (created_at, id)
    plans_url = f"/api/v1/patients/{patient}/week-plans"
    client.put(f"{plans_url}/2025-03-03", json={"days": []}, headers=doctor)
    plans = _first_cursor(client, plans_url, doctor)  # (week_start, id)
    for cursor, url in [
        (patients, "/api/v1/combos"),
        (plans, "/api/v1/notifications"),
        (combos, plans_url),
    ]:
        _assert_refused(client.get(url, params={"cursor": cursor}, headers=doctor), caplog)


def test_activity_cursors_are_checked_against_the_feeds_keys(
    client: TestClient, clinic: Clinic, caplog: pytest.LogCaptureFixture
) -> None:
    """The doctor's feed orders by (started_at, kind, id); on PostgreSQL the kind picks the
    statement before any SQL runs, so it is checked there too."""
    url = "/api/v1/dashboard/doctor/activity"
    doctor = clinic.headers(clinic.doctor_a)
    started_at, kind, session_id = _payload(_first_cursor(client, url, doctor))
    for values in (
        [started_at, 7, session_id],
        [started_at, kind, "7"],
        [started_at, kind, 2**70],
        [1e308, kind, session_id],
    ):
        response = client.get(url, params={"cursor": _signed(values, clinic)}, headers=doctor)
        _assert_refused(response, caplog)


def test_pages_of_every_key_type_still_follow_on(client: TestClient, clinic: Clinic) -> None:
    """A name, a day and a time as the first key: each page's cursor leads to the next page."""
    doctor = clinic.headers(clinic.doctor_a)
    plans_url = f"/api/v1/patients/{clinic.patient_a1.id}/week-plans"
    client.put(f"{plans_url}/2025-03-03", json={"days": []}, headers=doctor)
    for url in (
        "/api/v1/patients",
        plans_url,
        "/api/v1/dashboard/doctor/activity",
        "/api/v1/combos",
    ):
        first = client.get(url, params={"limit": 1}, headers=doctor).json()
        second = client.get(
            url, params={"limit": 1, "cursor": first["next_cursor"]}, headers=doctor
        )
        assert second.status_code == 200, (url, second.text)
        assert second.json()["items"] and second.json()["items"] != first["items"], url
