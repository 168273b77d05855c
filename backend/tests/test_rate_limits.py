"""Brute force is refused with 429 + Retry-After, with counters in memory and in Redis; no
stranger can lock an account's owner out."""

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from telerehab.config import Settings
from telerehab.main import create_app

from .factories import TEST_PASSWORD, Clinic
from .services import redis_server


@pytest.fixture(params=["memory", "redis"])
def limited_client(
    request: pytest.FixtureRequest, settings: Settings, clinic: Clinic, tmp_path: Path
) -> Iterator[TestClient]:
    overrides = {
        "rate_limit_login_per_address": "12/minute",
        "login_free_failures": 3,
        "login_first_delay_seconds": 1,
        "rate_limit_register_per_address": "2/hour",
        "trusted_proxies": ["127.0.0.0/8"],
    }
    if request.param == "redis":
        with redis_server(tmp_path) as url:
            app = create_app(settings.model_copy(update={**overrides, "redis_url": url}))
            with TestClient(app, client=("127.0.0.1", 40000)) as client:
                yield client
        return
    app = create_app(settings.model_copy(update=overrides))
    with TestClient(app, client=("127.0.0.1", 40000)) as client:
        yield client


def _attempt(
    client: TestClient, username: str, password: str, address: str = "198.51.100.7"
) -> Response:
    """A sign-in from ``address`` (the client is a trusted proxy that forwards it)."""
    return client.post(
        "/api/v1/auth/login",
        headers={"X-Forwarded-For": address},
        data={"username": username, "password": password},
    )


def _login(client: TestClient, username: str, password: str, address: str = "198.51.100.7") -> int:
    return _attempt(client, username, password, address).status_code


def test_failures_slow_down_that_address_for_that_account_only(
    limited_client: TestClient, clinic: Clinic
) -> None:
    name = clinic.doctor_a.username
    assert [_login(limited_client, name, "wrong-guess-1") for _ in range(3)] == [401] * 3
    waiting = _attempt(limited_client, name, TEST_PASSWORD)
    assert waiting.status_code == 429  # even the right password, while this pair waits
    assert waiting.headers["Retry-After"] == "1"
    assert waiting.headers["content-type"] == "application/problem+json"
    # The stranger slowed down only themselves: the doctor signs in from elsewhere...
    assert _login(limited_client, name, TEST_PASSWORD, address="203.0.113.20") == 200
    # ...and another account signs in from the stranger's address.
    assert _login(limited_client, clinic.doctor_b.username, TEST_PASSWORD) == 200

    # Each further failure doubles the wait.
    time.sleep(1.1)
    assert _login(limited_client, name, "wrong-guess-2") == 401
    waiting = _attempt(limited_client, name, TEST_PASSWORD)
    assert waiting.status_code == 429 and waiting.headers["Retry-After"] == "2"
    time.sleep(2.1)
    # Once the wait is over the right password works, and forgives the pair's failures.
    assert _login(limited_client, name, TEST_PASSWORD) == 200
    assert [_login(limited_client, name, "wrong-guess-3") for _ in range(2)] == [401] * 2


def test_an_address_has_a_cap_on_failures_whatever_the_accounts(
    settings: Settings, clinic: Clinic
) -> None:
    capped = settings.model_copy(update={"rate_limit_login_failures_per_address": "4 per hour"})
    users = [clinic.patient_a1, clinic.patient_a2, clinic.patient_b1, clinic.doctor_b]
    with TestClient(create_app(capped)) as client:
        assert [_login(client, user.username, "wrong-guess-1") for user in users] == [401] * 4
        refused = _attempt(client, clinic.admin.username, TEST_PASSWORD)
        assert refused.status_code == 429
        assert int(refused.headers["Retry-After"]) > 0


def test_address_limit_counts_every_attempt(limited_client: TestClient, clinic: Clinic) -> None:
    users = [clinic.patient_a1, clinic.patient_a2, clinic.patient_b1, clinic.doctor_b]
    codes = [_login(limited_client, users[i % 4].username, TEST_PASSWORD) for i in range(12)]
    assert codes == [200] * 12
    refused = _attempt(limited_client, clinic.admin.username, TEST_PASSWORD)
    assert refused.status_code == 429
    assert "Retry-After" in refused.headers


def test_registration_is_limited_per_address(limited_client: TestClient) -> None:
    def register(n: int) -> int:
        return limited_client.post(
            "/api/v1/auth/register",
            json={
                "username": f"newbie.{n}",
                "password": "violet-otter-harbour-1987",
                "full_name": f"Newbie {n}",
            },
        ).status_code

    assert [register(n) for n in range(3)] == [201, 201, 429]


def test_forwarded_for_is_ignored_unless_the_proxy_is_trusted(
    settings: Settings, clinic: Clinic
) -> None:
    tight = {"rate_limit_login_per_address": "2/minute"}

    def attempts(app_settings: Settings) -> list[int]:
        with TestClient(create_app(app_settings), client=("127.0.0.1", 40000)) as client:
            return [
                client.post(
                    "/api/v1/auth/login",
                    headers={"X-Forwarded-For": f"203.0.113.{n}"},
                    data={"username": clinic.admin.username, "password": TEST_PASSWORD},
                ).status_code
                for n in range(3)
            ]

    # Untrusted peer: forged X-Forwarded-For changes nothing, the third attempt is refused.
    assert attempts(settings.model_copy(update=tight)) == [200, 200, 429]
    # Behind a trusted proxy each forwarded client has its own allowance.
    trusted = settings.model_copy(update={**tight, "trusted_proxies": ["127.0.0.0/8"]})
    assert attempts(trusted) == [200, 200, 200]


def test_sign_in_keeps_working_when_redis_goes_away(
    settings: Settings, clinic: Clinic, tmp_path: Path
) -> None:
    with redis_server(tmp_path) as url:
        app = create_app(
            settings.model_copy(
                update={
                    "redis_url": url,
                    "login_free_failures": 2,
                }
            )
        )
        client = TestClient(app)
        assert _login(client, clinic.doctor_a.username, TEST_PASSWORD) == 200
    # Redis is gone: the app answers at once and still limits, per worker.
    started = time.monotonic()
    assert _login(client, clinic.doctor_a.username, TEST_PASSWORD) == 200
    assert time.monotonic() - started < 5
    assert [_login(client, clinic.doctor_b.username, "wrong-guess-1") for _ in range(2)] == [
        401
    ] * 2
    assert _login(client, clinic.doctor_b.username, TEST_PASSWORD) == 429
    assert app.state.rate_limits.using_shared is False
