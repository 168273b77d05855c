"""Accounts and tokens, as a client meets them."""

import base64
import json
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from starlette.websockets import WebSocketDisconnect

from telerehab.access.credentials import create_access_token
from telerehab.access.sign_in import REFRESH_COOKIE
from telerehab.enums import UserRole
from telerehab.models import RefreshToken, User

from ..factories import TEST_PASSWORD, Clinic

STRONG = "violet-otter-harbour-1987"


def login(client: TestClient, username: str, password: str = TEST_PASSWORD) -> dict[str, str]:
    response = client.post("/api/v1/auth/login", data={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def test_register_login_me_logout(client: TestClient, db_session: Session) -> None:
    created = client.post(
        "/api/v1/auth/register",
        json={
            "username": "New.Patient",
            "password": STRONG,
            "full_name": "New Patient",
            "email": "New@Example.org",
        },
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["role"] == "patient" and body["username"] == "new.patient"
    assert STRONG not in created.text and "hash" not in created.text and "$2b$" not in created.text

    headers = login(client, "new.patient", STRONG)
    assert client.cookies.get(REFRESH_COOKIE)
    me = client.get("/api/v1/users/me", headers=headers)
    assert me.json()["email"] == "new@example.org"
    stored = db_session.scalars(select(User).where(User.username == "new.patient")).one()
    assert stored.password_hash.startswith("$2b$12$")

    assert client.post("/api/v1/auth/logout").status_code == 204
    assert client.post("/api/v1/auth/refresh").status_code == 401


@pytest.mark.parametrize(
    ("password", "reason"),
    [("short", "at least 10"), ("password123", "common"), ("asdfghjkl;'", "keyboard")],
)
def test_register_refuses_weak_passwords(client: TestClient, password: str, reason: str) -> None:
    response = client.post(
        "/api/v1/auth/register",
        json={
            "username": "weak.one",
            "password": password,
            "full_name": "Weak One",
        },
    )
    assert response.status_code == 422
    assert reason in response.json()["detail"].lower()


def test_register_refuses_duplicates_and_unknown_fields(client: TestClient, clinic: Clinic) -> None:
    taken = client.post(
        "/api/v1/auth/register",
        json={
            "username": clinic.patient_a1.username,
            "password": STRONG,
            "full_name": "X",
        },
    )
    assert taken.status_code == 409
    sneaky = client.post(
        "/api/v1/auth/register",
        json={
            "username": "sneaky.one",
            "password": STRONG,
            "full_name": "X",
            "role": "admin",
        },
    )
    assert sneaky.status_code == 422
    assert sneaky.headers["content-type"] == "application/problem+json"


def test_wrong_password_and_unknown_user_look_the_same(client: TestClient, clinic: Clinic) -> None:
    wrong = client.post(
        "/api/v1/auth/login", data={"username": clinic.doctor_a.username, "password": "nope-nope-1"}
    )
    unknown = client.post(
        "/api/v1/auth/login", data={"username": "no.such.user", "password": "nope-nope-1"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"]


def test_an_access_token_names_its_account_not_its_role(client: TestClient, clinic: Clinic) -> None:
    # The role is read from the account on every request; a role in the token could only go stale.
    signed_in = client.post(
        "/api/v1/auth/login", data={"username": clinic.doctor_a.username, "password": TEST_PASSWORD}
    )
    claims = jwt.decode(signed_in.json()["access_token"], options={"verify_signature": False})
    assert claims["sub"] == str(clinic.doctor_a.id)
    assert set(claims) == {"sub", "exp", "iat", "iss", "aud", "jti", "ver", "sid"}


def _claims(clinic: Clinic, user: User, **changes: object) -> dict[str, object]:
    now = datetime.now(UTC)
    claims: dict[str, object] = {
        "sub": str(user.id),
        "role": user.role.value,
        "ver": user.token_version,
        "iat": now,
        "exp": now + timedelta(minutes=5),
        "iss": clinic.settings.token_issuer,
        "aud": clinic.settings.token_audience,
        "jti": "x" * 32,
        "sid": "s" * 32,
    }
    claims.update(changes)
    return claims


def _unsigned(payload: dict[str, object]) -> str:
    def part(data: dict[str, object]) -> str:
        raw = json.dumps(data, default=lambda v: int(v.timestamp())).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(payload)}."


def test_bad_tokens_are_refused(client: TestClient, clinic: Clinic) -> None:
    key = clinic.settings.secret_key
    user = clinic.doctor_a
    good = create_access_token(user, clinic.settings)
    header, payload, signature = good.split(".")
    tampered_payload = json.loads(base64.urlsafe_b64decode(payload + "=="))
    tampered_payload["sub"] = str(clinic.admin.id)
    tampered = ".".join(
        [
            header,
            base64.urlsafe_b64encode(json.dumps(tampered_payload).encode()).decode().rstrip("="),
            signature,
        ]
    )
    past = datetime.now(UTC) - timedelta(hours=1)
    cases = {
        "expired": jwt.encode(
            _claims(clinic, user, iat=past, exp=past + timedelta(minutes=5)), key, algorithm="HS256"
        ),
        "tampered": tampered,
        "alg none": _unsigned(_claims(clinic, user)),
        "wrong audience": jwt.encode(
            _claims(clinic, user, aud="someone-else"), key, algorithm="HS256"
        ),
        "wrong issuer": jwt.encode(_claims(clinic, user, iss="evil"), key, algorithm="HS256"),
        "wrong key": jwt.encode(_claims(clinic, user), "k" * 48, algorithm="HS256"),
        "HS512": jwt.encode(_claims(clinic, user), key, algorithm="HS512"),
        "no jti": jwt.encode(
            {k: v for k, v in _claims(clinic, user).items() if k != "jti"}, key, algorithm="HS256"
        ),
        # A token of no sign-in could never be ended by a logout.
        "no sid": jwt.encode(
            {k: v for k, v in _claims(clinic, user).items() if k != "sid"}, key, algorithm="HS256"
        ),
        "garbage": "not-a-token",
    }
    assert (
        client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {good}"}).status_code
        == 200
    )
    for name, token in cases.items():
        response = client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, name
        assert response.headers["content-type"] == "application/problem+json", name
    expired = client.get(
        "/api/v1/users/me", headers={"Authorization": f"Bearer {cases['expired']}"}
    )
    assert "expired" in expired.json()["detail"]
    assert client.get("/api/v1/users/me").status_code == 401


def test_refresh_rotates_and_a_reused_token_kills_the_family(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    login(client, clinic.patient_a1.username)
    first = client.cookies.get(REFRESH_COOKIE)
    rotated = client.post("/api/v1/auth/refresh")
    assert rotated.status_code == 200
    second = client.cookies.get(REFRESH_COOKIE)
    assert second and second != first
    # An attacker replays the first (already used) token later: the whole family dies.
    spent_a_minute_ago(db_session, clinic.patient_a1)
    client.cookies.set(REFRESH_COOKIE, first, path="/api/v1/auth")
    replay = client.post("/api/v1/auth/refresh")
    assert replay.status_code == 401
    assert "already used" in replay.json()["detail"]
    client.cookies.set(REFRESH_COOKIE, second, path="/api/v1/auth")
    assert client.post("/api/v1/auth/refresh").status_code == 401
    tokens = db_session.scalars(
        select(RefreshToken).where(RefreshToken.user_id == clinic.patient_a1.id)
    ).all()
    assert len(tokens) == 2
    assert all(token.revoked_at is not None for token in tokens)
    assert all(len(token.token_hash) == 64 for token in tokens)
    assert first not in {token.token_hash for token in tokens}


def spent_a_minute_ago(db: Session, user: User) -> None:
    """Move the use of ``user``'s spent refresh tokens past the grace for retries."""
    db.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user.id, RefreshToken.used_at.is_not(None))
        .values(used_at=datetime.now(UTC) - timedelta(minutes=1))
    )
    db.commit()


def test_a_refresh_retried_at_once_keeps_the_sign_in(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    # Two refreshes with one cookie moments apart (a reply lost and retried, two browser contexts
    # sharing a sign-in): both get a token, and the sign-in goes on. Ended the sign-in before.
    login(client, clinic.patient_a1.username)
    first = client.cookies.get(REFRESH_COOKIE)
    assert client.post("/api/v1/auth/refresh").status_code == 200
    second = client.cookies.get(REFRESH_COOKIE)
    client.cookies.set(REFRESH_COOKIE, first, path="/api/v1/auth")
    retried = client.post("/api/v1/auth/refresh")
    assert retried.status_code == 200, retried.text
    third = retried.cookies.get(REFRESH_COOKIE)
    assert third and third not in (first, second)
    headers = {"Authorization": f"Bearer {retried.json()['access_token']}"}
    assert client.get("/api/v1/users/me", headers=headers).status_code == 200
    for branch in (second, third):  # each successor rotates on as usual
        client.cookies.clear()
        client.cookies.set(REFRESH_COOKIE, branch, path="/api/v1/auth")
        assert client.post("/api/v1/auth/refresh").status_code == 200
    # The grace runs from the first use, and a retry does not extend it.
    spent_a_minute_ago(db_session, clinic.patient_a1)
    client.cookies.clear()
    client.cookies.set(REFRESH_COOKIE, first, path="/api/v1/auth")
    assert client.post("/api/v1/auth/refresh").status_code == 401


def test_logout_ends_the_refresh_token(client: TestClient, clinic: Clinic) -> None:
    login(client, clinic.patient_a1.username)
    value = client.cookies.get(REFRESH_COOKIE)
    assert client.post("/api/v1/auth/logout").status_code == 204
    client.cookies.set(REFRESH_COOKIE, value, path="/api/v1/auth")
    assert client.post("/api/v1/auth/refresh").status_code == 401


def test_password_change_ends_every_session(client: TestClient, clinic: Clinic) -> None:
    username = clinic.doctor_a.username
    old_headers = login(client, username)
    old_refresh = client.cookies.get(REFRESH_COOKIE)
    wrong = client.put(
        "/api/v1/auth/password",
        headers=old_headers,
        json={"current_password": "not-it-at-all", "new_password": STRONG},
    )
    assert wrong.status_code == 401
    weak = client.put(
        "/api/v1/auth/password",
        headers=old_headers,
        json={"current_password": TEST_PASSWORD, "new_password": "password1"},
    )
    assert weak.status_code == 422
    changed = client.put(
        "/api/v1/auth/password",
        headers=old_headers,
        json={"current_password": TEST_PASSWORD, "new_password": STRONG},
    )
    assert changed.status_code == 204
    assert client.get("/api/v1/users/me", headers=old_headers).status_code == 401
    client.cookies.set(REFRESH_COOKIE, old_refresh, path="/api/v1/auth")
    assert client.post("/api/v1/auth/refresh").status_code == 401
    assert (
        client.post(
            "/api/v1/auth/login", data={"username": username, "password": TEST_PASSWORD}
        ).status_code
        == 401
    )
    new_headers = login(client, username, STRONG)
    assert client.get("/api/v1/users/me", headers=new_headers).status_code == 200


def test_disabled_account_loses_its_sessions(client: TestClient, clinic: Clinic) -> None:
    patient_headers = login(client, clinic.patient_a1.username)
    admin = clinic.headers(clinic.admin)
    disabled = client.put(
        f"/api/v1/admin/users/{clinic.patient_a1.id}/status",
        headers=admin,
        json={"is_active": False},
    )
    assert disabled.status_code == 200 and disabled.json()["is_active"] is False
    assert client.get("/api/v1/users/me", headers=patient_headers).status_code == 401
    assert client.post("/api/v1/auth/refresh").status_code == 401
    refused = client.post(
        "/api/v1/auth/login",
        data={"username": clinic.patient_a1.username, "password": TEST_PASSWORD},
    )
    wrong = client.post(
        "/api/v1/auth/login",
        data={"username": clinic.patient_a1.username, "password": "not-the-password-1"},
    )
    # The right password of a disabled account is not confirmed: it reads as a wrong one.
    assert refused.status_code == wrong.status_code == 401
    assert refused.json() == wrong.json()
    assert refused.headers["WWW-Authenticate"] == wrong.headers["WWW-Authenticate"]
    client.put(
        f"/api/v1/admin/users/{clinic.patient_a1.id}/status",
        headers=admin,
        json={"is_active": True},
    )
    login(client, clinic.patient_a1.username)
    own = client.put(
        f"/api/v1/admin/users/{clinic.admin.id}/status", headers=admin, json={"is_active": False}
    )
    assert own.status_code == 409


def test_admin_creates_doctors_and_only_admins_may(client: TestClient, clinic: Clinic) -> None:
    body = {"username": "dr.new", "password": STRONG, "full_name": "Dr New"}
    refused = client.post(
        "/api/v1/admin/doctors", headers=clinic.headers(clinic.doctor_a), json=body
    )
    assert refused.status_code == 403
    created = client.post("/api/v1/admin/doctors", headers=clinic.headers(clinic.admin), json=body)
    assert created.status_code == 201 and created.json()["role"] == UserRole.DOCTOR.value
    login(client, "dr.new", STRONG)
    listed = client.get(
        "/api/v1/admin/users?role=doctor&limit=100", headers=clinic.headers(clinic.admin)
    ).json()
    assert "dr.new" in {user["username"] for user in listed["items"]}


def test_logout_ends_the_access_tokens_of_that_sign_in(client: TestClient, clinic: Clinic) -> None:
    username = clinic.patient_a1.username
    on_the_phone = login(client, username)
    phone_refresh = client.cookies.get(REFRESH_COOKIE)
    on_the_laptop = login(client, username)
    assert client.get("/api/v1/users/me", headers=on_the_laptop).status_code == 200

    assert client.post("/api/v1/auth/logout").status_code == 204

    ended = client.get("/api/v1/users/me", headers=on_the_laptop)
    assert ended.status_code == 401
    assert ended.headers["content-type"] == "application/problem+json"
    # Another sign-in of the same person is another session: it goes on.
    assert client.get("/api/v1/users/me", headers=on_the_phone).status_code == 200
    client.cookies.set(REFRESH_COOKIE, phone_refresh, path="/api/v1/auth")
    assert client.post("/api/v1/auth/refresh").status_code == 200


def test_refresh_token_reuse_ends_the_access_tokens_of_that_family(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    first_access = login(client, clinic.patient_a1.username)
    first_refresh = client.cookies.get(REFRESH_COOKIE)
    rotated = client.post("/api/v1/auth/refresh")
    assert rotated.status_code == 200
    second_access = {"Authorization": f"Bearer {rotated.json()['access_token']}"}
    assert client.get("/api/v1/users/me", headers=second_access).status_code == 200

    spent_a_minute_ago(db_session, clinic.patient_a1)
    client.cookies.set(REFRESH_COOKIE, first_refresh, path="/api/v1/auth")
    assert client.post("/api/v1/auth/refresh").status_code == 401  # the stolen token replayed

    for headers in (first_access, second_access):
        assert client.get("/api/v1/users/me", headers=headers).status_code == 401


def test_an_ended_sign_in_cannot_open_the_exercise_stream(
    client: TestClient, clinic: Clinic
) -> None:
    headers = login(client, clinic.patient_a1.username)
    started = client.post("/api/v1/exercise-sessions", headers=headers, json={})
    assert started.status_code == 201, started.text
    assert client.post("/api/v1/auth/logout").status_code == 204

    stream = f"/api/v1/exercise-sessions/{started.json()['id']}/stream"
    with client.websocket_connect(stream) as websocket:
        websocket.send_json({"type": "auth", "token": headers["Authorization"].split()[1]})
        with pytest.raises(WebSocketDisconnect) as closed:
            websocket.receive_json()
    assert closed.value.code == 4401
