"""Notifications: everyone reads and clears their own, and nobody else's."""

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from telerehab.enums import NotificationKind
from telerehab.models import Notification, User

from ..conftest import StatementCount
from ..factories import Clinic

URL = "/api/v1/notifications"


def add_notifications(db: Session, user: User, count: int, *, read_every: int = 0) -> None:
    base = datetime(2031, 1, 1, tzinfo=UTC)
    for n in range(count):
        db.add(
            Notification(
                user_id=user.id,
                kind=NotificationKind.WEEK_PLAN,
                title=f"Note {n}",
                body=f"Body {n}",
                link=f"/plan/{n}",
                is_read=bool(read_every) and n % read_every == 0,
                created_at=base + timedelta(minutes=n),
            )
        )
    db.commit()


def unread(client: TestClient, headers: dict[str, str]) -> int:
    count: int = client.get(f"{URL}/unread-count", headers=headers).json()["unread"]
    return count


def test_a_user_reads_their_notifications(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    add_notifications(db_session, clinic.patient_a1, 4, read_every=2)  # 0 and 2 already read
    patient = clinic.headers(clinic.patient_a1)
    listed = client.get(URL, headers=patient).json()
    assert [n["title"] for n in listed["items"]] == [
        "Note 3",
        "Note 2",
        "Note 1",
        "Note 0",
        "Notification-a1-XYZ",
    ]
    assert listed["items"][0] == {
        "id": listed["items"][0]["id"],
        "kind": "week_plan",
        "title": "Note 3",
        "body": "Body 3",
        "link": "/plan/3",
        "is_read": False,
        "created_at": "2031-01-01T00:03:00Z",
    }
    only_unread = client.get(URL, headers=patient, params={"unread": "true"}).json()
    assert [n["title"] for n in only_unread["items"]] == ["Note 3", "Note 1", "Notification-a1-XYZ"]
    assert unread(client, patient) == 3

    first = only_unread["items"][0]["id"]
    read = client.post(f"{URL}/{first}/read", headers=patient)
    assert read.status_code == 200 and read.json()["is_read"] is True
    assert client.post(f"{URL}/{first}/read", headers=patient).status_code == 200  # idempotent
    assert unread(client, patient) == 2

    cleared = client.post(f"{URL}/read-all", headers=patient)
    assert cleared.status_code == 200 and cleared.json() == {"marked": 2}
    assert client.post(f"{URL}/read-all", headers=patient).json() == {"marked": 0}
    assert unread(client, patient) == 0
    assert client.get(URL, headers=patient, params={"unread": True}).json()["items"] == []
    # Someone else's stayed unread.
    assert unread(client, clinic.headers(clinic.patient_a2)) == 1


def test_every_role_has_its_own(client: TestClient, clinic: Clinic, db_session: Session) -> None:
    add_notifications(db_session, clinic.admin, 2)
    add_notifications(db_session, clinic.doctor_a, 1)
    admin = clinic.headers(clinic.admin)
    assert [n["title"] for n in client.get(URL, headers=admin).json()["items"]] == [
        "Note 1",
        "Note 0",
    ]
    assert unread(client, admin) == 2
    assert client.post(f"{URL}/read-all", headers=admin).json() == {"marked": 2}
    assert unread(client, clinic.headers(clinic.doctor_a)) == 1


def test_nobody_touches_someone_elses(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    foreign = clinic.data["b1"].notification
    for user in [clinic.doctor_a, clinic.patient_a1, clinic.doctor_b, clinic.admin]:
        headers = clinic.headers(user)
        response = client.post(f"{URL}/{foreign.id}/read", headers=headers)
        assert response.status_code == 404
        assert foreign.title not in response.text
        assert foreign.title not in client.get(URL, headers=headers).text
    assert (
        client.post(f"{URL}/987654/read", headers=clinic.headers(clinic.patient_b1)).status_code
        == 404
    )
    db_session.expire_all()
    stored = db_session.get(Notification, foreign.id)
    assert stored is not None and stored.is_read is False
    assert client.get(URL).status_code == 401


def test_bad_notification_requests_are_a_clear_422(client: TestClient, clinic: Clinic) -> None:
    headers = clinic.headers(clinic.patient_a1)
    for path in [
        f"{URL}?unread=maybe",
        f"{URL}?limit=0",
        f"{URL}?limit=101",
        f"{URL}?cursor=garbage",
    ]:
        response = client.get(path, headers=headers)
        assert response.status_code == 422, path
        assert response.headers["content-type"] == "application/problem+json"
    assert client.post(f"{URL}/0/read", headers=headers).status_code == 422
    assert client.post(f"{URL}/abc/read", headers=headers).status_code == 422


def test_pages_follow_each_other_and_cost_the_same(
    client: TestClient,
    clinic: Clinic,
    db_session: Session,
    count_statements: Callable[[], AbstractContextManager[StatementCount]],
) -> None:
    add_notifications(db_session, clinic.doctor_a, 60)
    headers = clinic.headers(clinic.doctor_a)
    counts = {}
    for limit in (1, 50):
        with count_statements() as counted:
            response = client.get(URL, headers=headers, params={"limit": limit})
        assert response.status_code == 200 and len(response.json()["items"]) == limit
        counts[limit] = counted.count
    print(f"\nnotifications-list statements: limit=1 -> {counts[1]}, limit=50 -> {counts[50]}")
    assert counts[1] == counts[50]

    first = client.get(URL, headers=headers, params={"limit": 50}).json()
    rest = client.get(URL, headers=headers, params={"cursor": first["next_cursor"], "limit": 50})
    titles = [n["title"] for n in first["items"] + rest.json()["items"]]
    assert titles == [f"Note {n}" for n in range(59, -1, -1)]
    assert rest.json()["next_cursor"] is None
