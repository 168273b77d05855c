"""Account management by a clinic admin: the password reset."""

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from telerehab.access.sign_in import REFRESH_COOKIE
from telerehab.models import AuditEvent, User

from ..factories import TEST_PASSWORD, Clinic
from .test_auth import STRONG, login

# What the old app's migration leaves for an account it had no password for (004).
UNUSABLE_HASH = "!disabled-by-migration-004"


def test_an_admin_reset_forces_a_new_password_before_anything_else(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    patient = clinic.patient_a1
    # A migrated account without a usable password, which no one could sign in to until now.
    db_session.execute(
        User.__table__.update().where(User.id == patient.id).values(password_hash=UNUSABLE_HASH)
    )
    db_session.commit()
    open_session = clinic.headers(patient)
    assert client.get("/api/v1/users/me", headers=open_session).status_code == 200

    reset = client.post(
        f"/api/v1/admin/users/{patient.id}/password-reset", headers=clinic.headers(clinic.admin)
    )
    assert reset.status_code == 200, reset.text
    assert reset.headers["cache-control"] == "no-store"
    temporary = reset.json()["temporary_password"]
    assert len(temporary) >= 16
    assert reset.json()["user"]["must_change_password"] is True
    # Every session of the account ended.
    assert client.get("/api/v1/users/me", headers=open_session).status_code == 401

    signed_in = client.post(
        "/api/v1/auth/login", data={"username": patient.username, "password": temporary}
    )
    assert signed_in.status_code == 200, signed_in.text
    assert signed_in.json()["user"]["must_change_password"] is True
    headers = {"Authorization": f"Bearer {signed_in.json()['access_token']}"}
    me = client.get("/api/v1/users/me", headers=headers)
    assert me.status_code == 200 and me.json()["must_change_password"] is True
    for url in (f"/api/v1/patients/{patient.id}/today", "/api/v1/notifications"):
        refused = client.get(url, headers=headers)
        assert refused.status_code == 403, url
        assert "choose a new one first" in refused.json()["detail"]

    changed = client.put(
        "/api/v1/auth/password",
        headers=headers,
        json={"current_password": temporary, "new_password": STRONG},
    )
    assert changed.status_code == 204, changed.text
    fresh = login(client, patient.username, STRONG)
    assert client.get("/api/v1/users/me", headers=fresh).json()["must_change_password"] is False
    assert client.get("/api/v1/notifications", headers=fresh).status_code == 200

    audited = db_session.scalars(
        select(AuditEvent).where(AuditEvent.action == "admin-reset-password")
    ).one()
    assert (audited.actor_id, audited.resource_type, audited.resource_id) == (
        clinic.admin.id,
        "account",
        patient.id,
    )
    assert audited.patient_id is None  # an account event, not an access to clinical data


def test_only_an_admin_resets_and_never_their_own_password(
    client: TestClient, clinic: Clinic
) -> None:
    admin = clinic.headers(clinic.admin)
    target = f"/api/v1/admin/users/{clinic.patient_a1.id}/password-reset"
    assert client.post(target, headers=clinic.headers(clinic.doctor_a)).status_code == 403
    assert client.post(target, headers=clinic.headers(clinic.patient_a1)).status_code == 403
    own = client.post(f"/api/v1/admin/users/{clinic.admin.id}/password-reset", headers=admin)
    assert own.status_code == 409
    missing = client.post("/api/v1/admin/users/999999/password-reset", headers=admin)
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    # Nothing changed for the patient.
    login(client, clinic.patient_a1.username, TEST_PASSWORD)
    assert client.cookies.get(REFRESH_COOKIE)
