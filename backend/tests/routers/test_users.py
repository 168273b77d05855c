"""The caller's own profile: changes are limited per account, and answers name no other account."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from telerehab.access.accounts import EMAIL_UNAVAILABLE
from telerehab.config import Settings
from telerehab.main import create_app

from ..factories import Clinic

STRONG = "violet-otter-harbour-1987"


@pytest.fixture
def limited_client(settings: Settings, clinic: Clinic) -> Iterator[TestClient]:
    limited = settings.model_copy(update={"rate_limit_profile_change_per_account": "3/hour"})
    with TestClient(create_app(limited)) as client:
        yield client


def test_profile_changes_are_limited_per_account(
    limited_client: TestClient, clinic: Clinic
) -> None:
    prober = clinic.headers(clinic.patient_a2)
    guesses = [f"someone.{n}@elsewhere.example" for n in range(4)]
    answers = [
        limited_client.patch("/api/v1/users/me", headers=prober, json={"email": guess})
        for guess in guesses
    ]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert int(answers[-1].headers["Retry-After"]) > 0
    # The allowance is the account's: another account changes its profile as usual.
    other = limited_client.patch(
        "/api/v1/users/me", headers=clinic.headers(clinic.patient_b1), json={"phone": "555-0101"}
    )
    assert other.status_code == 200


def test_an_address_in_use_is_refused_without_naming_an_account(
    client: TestClient, clinic: Clinic
) -> None:
    someone_elses = clinic.doctor_a.email
    assert someone_elses
    changed = client.patch(
        "/api/v1/users/me",
        headers=clinic.headers(clinic.patient_a2),
        json={"email": someone_elses.upper()},
    )
    registered = client.post(
        "/api/v1/auth/register",
        json={
            "username": "fresh.name",
            "password": STRONG,
            "full_name": "Fresh Name",
            "email": someone_elses,
        },
    )
    for answer in (changed, registered):
        assert answer.status_code == 409
        assert answer.json()["detail"] == EMAIL_UNAVAILABLE
    # Keeping one's own address is no conflict.
    own = client.patch(
        "/api/v1/users/me",
        headers=clinic.headers(clinic.patient_a2),
        json={"email": clinic.patient_a2.email},
    )
    assert own.status_code == 200


def test_a_taken_username_is_said_so(client: TestClient, clinic: Clinic) -> None:
    """Someone picking a username must learn that it is taken: usernames are not private."""
    taken = client.post(
        "/api/v1/auth/register",
        json={"username": clinic.patient_a1.username, "password": STRONG, "full_name": "X Y"},
    )
    assert taken.status_code == 409
    assert "username is taken" in taken.json()["detail"]
