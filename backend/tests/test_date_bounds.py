"""Every date and time a client sends lies in the clinic's calendar (``BoundedDate`` and
``BoundedDateTime`` in ``schemas/base.py``): outside it, or without a zone, it is invalid input
(422), never arithmetic that overflows or a comparison the database cannot make (500)."""

import logging
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from .factories import Clinic

# Routes whose day query parameters (``from`` / ``to``) become a UTC window.
PERIOD_ROUTES = [
    "/api/v1/patients/{patient}/workout-sessions",
    "/api/v1/patients/{patient}/brain-sessions",
    "/api/v1/patients/{patient}/progress/range-of-motion",
    "/api/v1/patients/{patient}/progress/pain",
    "/api/v1/patients/{patient}/progress/brain",
]
DAYS_OUTSIDE = [
    {"to": "9999-12-31"},  # the day after overflowed
    {"to": "0001-01-03"},  # the default window before it overflowed
    {"from": "0001-01-01"},
    {"from": "1899-12-31"},
    {"to": "2200-01-01"},
]
# Times outside the calendar, or naive: a time without a zone means nothing to a clinic that spans
# zones, so it is refused rather than guessed.
TIMES_REFUSED = [
    "0001-01-01T00:00:00+14:00",  # no UTC equivalent
    "9999-12-31T23:59:59-12:00",  # no UTC equivalent either
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "1899-12-31T23:59:59Z",
    "2200-01-01T00:00:00Z",
    "2025-03-03T10:00:00",  # naive
]


@pytest.mark.parametrize("route", PERIOD_ROUTES)
@pytest.mark.parametrize("params", DAYS_OUTSIDE, ids=lambda p: "&".join(map("=".join, p.items())))
def test_days_outside_the_calendar_are_invalid_input(
    client: TestClient,
    clinic: Clinic,
    route: str,
    params: dict[str, str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = route.format(patient=clinic.patient_a1.id)
    with caplog.at_level(logging.WARNING):
        response = client.get(url, params=params, headers=clinic.headers(clinic.doctor_a))
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


@pytest.mark.parametrize("route", PERIOD_ROUTES)
def test_the_calendars_edges_are_served(client: TestClient, clinic: Clinic, route: str) -> None:
    url = route.format(patient=clinic.patient_a1.id)
    doctor = clinic.headers(clinic.doctor_a)
    for params in ({"from": "2199-12-01", "to": "2199-12-31"}, {"to": "1900-01-01"}):
        assert client.get(url, params=params, headers=doctor).status_code == 200, params


@pytest.mark.parametrize("value", TIMES_REFUSED)
@pytest.mark.parametrize("name", ["since", "until"])
def test_audit_log_times_outside_the_calendar_or_naive_are_invalid_input(
    client: TestClient, clinic: Clinic, name: str, value: str
) -> None:
    response = client.get(
        "/api/v1/audit", params={name: value}, headers=clinic.headers(clinic.admin)
    )
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["loc"] == ["query", name]


@pytest.mark.parametrize("value", TIMES_REFUSED)
@pytest.mark.parametrize("name", ["from", "to"])
def test_calendar_times_outside_the_calendar_or_naive_are_invalid_input(
    client: TestClient, clinic: Clinic, name: str, value: str
) -> None:
    response = client.get(
        "/api/v1/schedules", params={name: value}, headers=clinic.headers(clinic.doctor_a)
    )
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["loc"] == ["query", name]


def test_times_with_any_offset_in_the_calendar_are_served(
    client: TestClient, clinic: Clinic
) -> None:
    admin = clinic.headers(clinic.admin)
    for offset in ("+14:00", "-12:00", "+05:45", "Z"):
        params = {"since": f"2020-01-01T00:00:00{offset}", "until": f"2199-12-31T00:00:00{offset}"}
        response = client.get("/api/v1/audit", params=params, headers=admin)
        assert response.status_code == 200, (offset, response.text)


def test_a_brain_game_played_outside_the_calendar_is_invalid_input(
    client: TestClient, clinic: Clinic
) -> None:
    game = {
        "game": "memory-match",
        "started_at": "0001-01-01T00:00:00+14:00",
        "ended_at": "0001-01-01T00:05:00+14:00",
        "trials": [{"correct": True, "level": 1}],
    }
    response = client.post(
        "/api/v1/brain-sessions",
        json=game,
        headers=clinic.headers(clinic.patient_a1),
    )
    assert response.status_code == 422, response.text


@pytest.mark.parametrize("day", ["9999-12-31", "2199-12-31", "1899-12-31"])
def test_a_birth_date_in_the_future_or_before_1900_is_refused(
    client: TestClient, clinic: Clinic, day: str
) -> None:
    response = client.patch(
        "/api/v1/users/me",
        json={"date_of_birth": day},
        headers=clinic.headers(clinic.patient_a1),
    )
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["loc"] == ["body", "date_of_birth"]


def test_a_birth_date_of_today_is_taken(client: TestClient, clinic: Clinic) -> None:
    today = datetime.now(UTC).date().isoformat()
    response = client.patch(
        "/api/v1/users/me", json={"date_of_birth": today}, headers=clinic.headers(clinic.patient_a1)
    )
    assert response.status_code == 200, response.text
    assert response.json()["date_of_birth"] == today
