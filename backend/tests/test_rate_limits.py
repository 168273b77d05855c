"""Brute force is refused with 429 + Retry-After, with counters in memory and in Redis."""

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from telerehab.config import Settings
from telerehab.main import create_app

from .factories import TEST_PASSWORD, Clinic
from .services import redis_server


@pytest.fixture(params=["memory", "redis"])
def limited_client(
    request: pytest.FixtureRequest, settings: Settings, clinic: Clinic, tmp_path: Path
) -> Iterator[TestClient]:
    overrides = {
        "rate_limit_login_per_address": "8/minute",
        "rate_limit_login_failures_per_account": "3 per 15 minutes",
        "rate_limit_register_per_address": "2/hour",
    }
    if request.param == "redis":
        with redis_server(tmp_path) as url:
            app = create_app(settings.model_copy(update={**overrides, "redis_url": url}))
            with TestClient(app) as client:
                yield client
        return
    with TestClient(create_app(settings.model_copy(update=overrides))) as client:
        yield client


def _login(client: TestClient, username: str, password: str, address: str = "") -> int:
    return client.post(
        "/api/v1/auth/login", data={"username": username, "password": password}
    ).status_code


def test_account_locks_after_repeated_failures(limited_client: TestClient, clinic: Clinic) -> None:
    name = clinic.doctor_a.username
    assert [_login(limited_client, name, "wrong-guess-1") for _ in range(3)] == [401] * 3
    locked = limited_client.post(
        "/api/v1/auth/login", data={"username": name, "password": TEST_PASSWORD}
    )
    assert locked.status_code == 429  # even the right password, while locked
    assert int(locked.headers["Retry-After"]) > 0
    assert locked.headers["content-type"] == "application/problem+json"
    # Another account from the same address is not locked by this one's failures.
    assert _login(limited_client, clinic.doctor_b.username, TEST_PASSWORD) == 200


def test_address_limit_counts_every_attempt(limited_client: TestClient, clinic: Clinic) -> None:
    users = [clinic.patient_a1, clinic.patient_a2, clinic.patient_b1, clinic.doctor_b]
    codes = [_login(limited_client, users[i % 4].username, TEST_PASSWORD) for i in range(8)]
    assert codes == [200] * 8
    refused = limited_client.post(
        "/api/v1/auth/login", data={"username": clinic.admin.username, "password": TEST_PASSWORD}
    )
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
                    "rate_limit_login_failures_per_account": "2 per 15 minutes",
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
