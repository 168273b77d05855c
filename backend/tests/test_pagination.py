"""Keyset pagination as a client walks it: no duplicates and no gaps, even while rows arrive."""

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from telerehab.enums import UserRole

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
