"""Messages: a doctor and the patients in their care talk; nobody else is reachable, and a
conversation closes when the care ends."""

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from telerehab.enums import NotificationKind, UserRole
from telerehab.models import Message, Notification, User

from ..conftest import StatementCount
from ..factories import Clinic, assign, make_user

URL = "/api/v1/messages"


def unread(client: TestClient, headers: dict[str, str]) -> int:
    response = client.get(f"{URL}/unread-count", headers=headers)
    assert response.status_code == 200
    count: int = response.json()["unread"]
    return count


def test_doctor_and_patient_talk(client: TestClient, clinic: Clinic, db_session: Session) -> None:
    doctor, patient = clinic.headers(clinic.doctor_a), clinic.headers(clinic.patient_a1)
    sent = client.post(
        URL, headers=doctor, json={"receiver_id": clinic.patient_a1.id, "body": " How is it? "}
    )
    assert sent.status_code == 201, sent.text
    message = sent.json()
    assert message["body"] == "How is it?"
    assert message["sender_id"] == clinic.doctor_a.id and message["is_read"] is False
    told = db_session.scalars(
        select(Notification).where(
            Notification.user_id == clinic.patient_a1.id,
            Notification.kind == NotificationKind.MESSAGE,
        )
    ).all()
    assert [(n.title, n.link) for n in told] == [
        (f"New message from {clinic.doctor_a.full_name}", f"/messages/with/{clinic.doctor_a.id}")
    ]

    # The patient sees one conversation: the doctor, the latest message, two unread.
    assert unread(client, patient) == 2
    conversations = client.get(f"{URL}/conversations", headers=patient).json()
    assert conversations["next_cursor"] is None
    assert conversations["items"] == [
        {
            "counterpart": {
                "id": clinic.doctor_a.id,
                "full_name": clinic.doctor_a.full_name,
                "role": "doctor",
            },
            "last_message_id": message["id"],
            "last_message_preview": "How is it?",
            "last_message_at": message["created_at"],
            "last_message_from_me": False,
            "unread": 2,
        }
    ]
    thread = client.get(f"{URL}/with/{clinic.doctor_a.id}", headers=patient).json()
    assert [m["body"] for m in thread["items"]] == ["How is it?", "Message-a1-XYZ"]
    assert unread(client, patient) == 2  # reading the thread does not mark it read

    marked = client.post(f"{URL}/with/{clinic.doctor_a.id}/read", headers=patient)
    assert marked.status_code == 200 and marked.json() == {"marked": 2}
    assert client.post(f"{URL}/with/{clinic.doctor_a.id}/read", headers=patient).json() == {
        "marked": 0
    }
    assert unread(client, patient) == 0

    reply = client.post(
        URL, headers=patient, json={"receiver_id": clinic.doctor_a.id, "body": "x" * 5000}
    )
    assert reply.status_code == 201
    assert unread(client, doctor) == 1
    mine = client.get(f"{URL}/conversations", headers=doctor).json()["items"]
    assert [(c["counterpart"]["id"], c["unread"], c["last_message_from_me"]) for c in mine] == [
        (clinic.patient_a1.id, 1, False),
        (clinic.patient_a2.id, 0, True),
    ]
    assert len(mine[0]["last_message_preview"]) == 120
    # What the patient marked read is read for the doctor too.
    db_session.expire_all()
    stored = db_session.get(Message, message["id"])
    assert stored is not None and stored.is_read


def test_conversations_are_newest_first_and_page(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    base = datetime(2031, 5, 1, tzinfo=UTC)
    doctor = clinic.doctor_a
    for minutes, sender, receiver in [
        (1, doctor, clinic.patient_a2),
        (2, clinic.patient_a1, doctor),
        (3, doctor, clinic.patient_a2),
        (3, clinic.patient_a1, doctor),  # same time as the one before: id breaks the tie
    ]:
        db_session.add(
            Message(
                sender_id=sender.id,
                receiver_id=receiver.id,
                body=f"at {minutes} from {sender.username}",
                created_at=base + timedelta(minutes=minutes),
            )
        )
    db_session.commit()
    headers = clinic.headers(doctor)
    first = client.get(f"{URL}/conversations", headers=headers, params={"limit": 1}).json()
    assert [c["counterpart"]["id"] for c in first["items"]] == [clinic.patient_a1.id]
    assert first["items"][0]["last_message_preview"] == "at 3 from patient.aone"
    second = client.get(
        f"{URL}/conversations", headers=headers, params={"limit": 1, "cursor": first["next_cursor"]}
    ).json()
    assert [c["counterpart"]["id"] for c in second["items"]] == [clinic.patient_a2.id]
    assert second["items"][0]["last_message_preview"] == "at 3 from doctor.alpha"
    assert second["next_cursor"] is None

    thread = client.get(f"{URL}/with/{clinic.patient_a2.id}", headers=headers, params={"limit": 2})
    page = thread.json()
    assert [m["body"] for m in page["items"]] == [
        "at 3 from doctor.alpha",
        "at 1 from doctor.alpha",
    ]
    rest = client.get(
        f"{URL}/with/{clinic.patient_a2.id}",
        headers=headers,
        params={"cursor": page["next_cursor"]},
    ).json()
    assert [m["body"] for m in rest["items"]] == ["Message-a2-XYZ"]


def test_nobody_outside_the_care_is_reachable(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    strangers = {
        "another doctor's patient": (clinic.doctor_a, clinic.patient_b1),
        "care ended": (clinic.doctor_a, clinic.patient_ended),
        "the patient's former doctor": (clinic.patient_ended, clinic.doctor_a),
        "another doctor": (clinic.patient_a1, clinic.doctor_b),
        "another patient": (clinic.patient_a1, clinic.patient_a2),
        "a colleague": (clinic.doctor_a, clinic.doctor_b),
        "oneself": (clinic.doctor_a, clinic.doctor_a),
        "the admin": (clinic.patient_a1, clinic.admin),
    }
    for name, (user, other) in strangers.items():
        headers = clinic.headers(user)
        sent = client.post(URL, headers=headers, json={"receiver_id": other.id, "body": "hello"})
        assert sent.status_code == 404, name
        for method, path in [
            ("GET", f"{URL}/with/{other.id}"),
            ("POST", f"{URL}/with/{other.id}/read"),
        ]:
            response = client.request(method, path, headers=headers)
            assert response.status_code == 404, (name, method)
            assert "Message-" not in response.text and other.full_name not in response.text
    missing = client.post(
        URL, headers=clinic.headers(clinic.doctor_a), json={"receiver_id": 987654, "body": "hi"}
    )
    assert missing.status_code == 404
    assert db_session.scalar(select(Message).where(Message.body == "hello")) is None

    # A closed conversation leaves the lists and the counts of both sides.
    ended = clinic.headers(clinic.patient_ended)
    assert unread(client, ended) == 0
    assert client.get(f"{URL}/conversations", headers=ended).json()["items"] == []
    listed = client.get(f"{URL}/conversations", headers=clinic.headers(clinic.doctor_a)).json()
    assert clinic.patient_ended.id not in {c["counterpart"]["id"] for c in listed["items"]}


def test_admins_take_no_part(client: TestClient, clinic: Clinic) -> None:
    admin = clinic.headers(clinic.admin)
    target = clinic.patient_a1.id
    for method, path, body in [
        ("GET", f"{URL}/conversations", None),
        ("GET", f"{URL}/unread-count", None),
        ("GET", f"{URL}/with/{target}", None),
        ("POST", f"{URL}/with/{target}/read", None),
        ("POST", URL, {"receiver_id": target, "body": "hello"}),
    ]:
        response = client.request(method, path, headers=admin, json=body)
        assert response.status_code == 403, (method, path)
        assert "Message-a1" not in response.text
    assert client.get(f"{URL}/conversations").status_code == 401


def test_bad_messages_are_a_clear_422(client: TestClient, clinic: Clinic) -> None:
    doctor = clinic.headers(clinic.doctor_a)
    receiver = clinic.patient_a1.id
    for body in [
        {},
        {"receiver_id": receiver},
        {"receiver_id": receiver, "body": ""},
        {"receiver_id": receiver, "body": "   "},
        {"receiver_id": receiver, "body": "x" * 5001},
        {"receiver_id": 0, "body": "hi"},
        {"receiver_id": "someone", "body": "hi"},
        {"receiver_id": receiver, "body": "hi", "is_read": True},
    ]:
        response = client.post(URL, headers=doctor, json=body)
        assert response.status_code == 422, body
        assert response.headers["content-type"] == "application/problem+json"
    assert client.get(f"{URL}/with/0", headers=doctor).status_code == 422
    assert client.get(f"{URL}/with/{receiver}?limit=0", headers=doctor).status_code == 422
    assert client.get(f"{URL}/conversations?cursor=abc", headers=doctor).status_code == 422


def test_lists_cost_the_same_for_one_row_or_fifty(
    client: TestClient,
    clinic: Clinic,
    db_session: Session,
    count_statements: Callable[[], AbstractContextManager[StatementCount]],
) -> None:
    doctor = clinic.doctor_a
    base = datetime(2031, 5, 1, tzinfo=UTC)
    patients: list[User] = []
    for n in range(55):
        patient = make_user(db_session, UserRole.PATIENT, f"chat.patient{n}")
        assign(db_session, doctor, patient)
        patients.append(patient)
        for k in range(3):
            sender, receiver = (patient, doctor) if k % 2 else (doctor, patient)
            db_session.add(
                Message(
                    sender_id=sender.id,
                    receiver_id=receiver.id,
                    body=f"message {k} with {n}",
                    created_at=base + timedelta(minutes=10 * n + k),
                )
            )
    for k in range(60):
        db_session.add(
            Message(
                sender_id=doctor.id,
                receiver_id=clinic.patient_a1.id,
                body=f"thread {k}",
                created_at=base + timedelta(seconds=k),
            )
        )
    db_session.commit()
    headers = clinic.headers(doctor)
    for name, path in [
        ("messages-conversations", f"{URL}/conversations"),
        ("messages-thread", f"{URL}/with/{clinic.patient_a1.id}"),
    ]:
        counts = {}
        for limit in (1, 50):
            with count_statements() as counted:
                response = client.get(path, headers=headers, params={"limit": limit})
            assert response.status_code == 200 and len(response.json()["items"]) == limit
            counts[limit] = counted.count
        print(f"\n{name} statements: limit=1 -> {counts[1]}, limit=50 -> {counts[50]}")
        assert counts[1] == counts[50], name
    first = client.get(f"{URL}/conversations", headers=headers, params={"limit": 50}).json()
    assert first["items"][0]["counterpart"]["id"] == patients[-1].id
    assert first["items"][0]["unread"] == 1
