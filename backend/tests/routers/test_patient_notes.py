"""Clinical notes: shared by the doctors caring for a patient, changed only by their author, and
never shown to the patient, an admin or another doctor."""

from collections.abc import Callable
from contextlib import AbstractContextManager

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from telerehab.models import AuditEvent, PatientNote

from ..conftest import StatementCount
from ..factories import Clinic, assign


def notes_url(patient_id: int) -> str:
    return f"/api/v1/patients/{patient_id}/notes"


def test_doctor_writes_reads_edits_and_deletes_a_note(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    doctor = clinic.headers(clinic.doctor_a)
    url = notes_url(clinic.patient_a1.id)
    created = client.post(url, headers=doctor, json={"body": "  Guarding the left shoulder.  "})
    assert created.status_code == 201, created.text
    note = created.json()
    assert note["body"] == "Guarding the left shoulder."
    assert note["patient_id"] == clinic.patient_a1.id
    assert note["author"] == {
        "id": clinic.doctor_a.id,
        "full_name": clinic.doctor_a.full_name,
        "role": "doctor",
    }
    assert note["updated_at"] is None

    listed = client.get(url, headers=doctor).json()
    assert [n["body"] for n in listed["items"]] == [note["body"], "Note-a1-XYZ"]  # newest first
    assert listed["items"][1]["author"]["id"] == clinic.doctor_a.id
    assert client.get(f"/api/v1/notes/{note['id']}", headers=doctor).json() == note

    edited = client.patch(
        f"/api/v1/notes/{note['id']}", headers=doctor, json={"body": "Less guarding today."}
    )
    assert edited.status_code == 200
    assert edited.json()["body"] == "Less guarding today."
    assert edited.json()["updated_at"] is not None
    assert edited.json()["author"]["id"] == clinic.doctor_a.id

    deleted = client.delete(f"/api/v1/notes/{note['id']}", headers=doctor)
    assert deleted.status_code == 204 and deleted.content == b""
    assert client.get(f"/api/v1/notes/{note['id']}", headers=doctor).status_code == 404
    assert db_session.get(PatientNote, note["id"]) is None


def test_colleagues_read_but_only_the_author_changes(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    assign(db_session, clinic.doctor_b, clinic.patient_a1)
    db_session.commit()
    colleague = clinic.headers(clinic.doctor_b)
    note = clinic.data["a1"].note
    url = f"/api/v1/notes/{note.id}"
    assert client.get(url, headers=colleague).json()["body"] == note.body
    listed = client.get(notes_url(clinic.patient_a1.id), headers=colleague).json()
    assert [n["id"] for n in listed["items"]] == [note.id]
    assert client.patch(url, headers=colleague, json={"body": "mine now"}).status_code == 403
    assert client.delete(url, headers=colleague).status_code == 403
    db_session.expire_all()
    unchanged = db_session.get(PatientNote, note.id)
    assert unchanged is not None and unchanged.body == note.body
    # The colleague writes a note of their own, which the first doctor reads but cannot change.
    theirs = client.post(
        notes_url(clinic.patient_a1.id), headers=colleague, json={"body": "Second opinion."}
    ).json()
    assert theirs["author"]["id"] == clinic.doctor_b.id
    doctor = clinic.headers(clinic.doctor_a)
    assert client.get(f"/api/v1/notes/{theirs['id']}", headers=doctor).status_code == 200
    assert client.delete(f"/api/v1/notes/{theirs['id']}", headers=doctor).status_code == 403


def test_patients_admins_and_other_doctors_never_see_notes(
    client: TestClient, clinic: Clinic
) -> None:
    own_note = clinic.data["a1"].note
    foreign_note = clinic.data["b1"].note
    refusals = {
        # A patient may never read clinical notes, not even about themselves: 403.
        "patient": (clinic.patient_a1, clinic.patient_a1.id, own_note, 403),
        "admin": (clinic.admin, clinic.patient_a1.id, own_note, 403),
        # A doctor gets 404 for patients not in their care: the note's existence is not leaked.
        "other doctor": (clinic.doctor_a, clinic.patient_b1.id, foreign_note, 404),
        "care ended": (clinic.doctor_a, clinic.patient_ended.id, clinic.data["ended"].note, 404),
    }
    for name, (user, patient_id, note, expected) in refusals.items():
        headers = clinic.headers(user)
        for method, path in [
            ("GET", notes_url(patient_id)),
            ("POST", notes_url(patient_id)),
            ("GET", f"/api/v1/notes/{note.id}"),
            ("PATCH", f"/api/v1/notes/{note.id}"),
            ("DELETE", f"/api/v1/notes/{note.id}"),
        ]:
            body = {"body": "overwritten"} if method in {"POST", "PATCH"} else None
            response = client.request(method, path, headers=headers, json=body)
            assert response.status_code == expected, (name, method, path)
            assert note.body not in response.text
    assert client.get(f"/api/v1/notes/{foreign_note.id}").status_code == 401
    assert (
        client.get("/api/v1/notes/987654", headers=clinic.headers(clinic.doctor_a)).status_code
        == 404
    )


def test_bad_note_input_is_a_clear_422(client: TestClient, clinic: Clinic) -> None:
    doctor = clinic.headers(clinic.doctor_a)
    note_url = f"/api/v1/notes/{clinic.data['a1'].note.id}"
    for body in [{}, {"body": ""}, {"body": "   "}, {"body": "x" * 10_001}, {"body": 5}]:
        for method, url in [("POST", notes_url(clinic.patient_a1.id)), ("PATCH", note_url)]:
            response = client.request(method, url, headers=doctor, json=body)
            assert response.status_code == 422, (method, body)
            assert response.headers["content-type"] == "application/problem+json"
    extra = client.post(
        notes_url(clinic.patient_a1.id), headers=doctor, json={"body": "ok", "doctor_id": 1}
    )
    assert extra.status_code == 422
    assert client.patch(note_url, headers=doctor, json={"body": None}).status_code == 422
    assert client.get("/api/v1/notes/0", headers=doctor).status_code == 422
    assert (
        client.get(f"{notes_url(clinic.patient_a1.id)}?cursor=garbage", headers=doctor).status_code
        == 422
    )


def test_every_note_access_is_audited(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    doctor = clinic.headers(clinic.doctor_a)
    a1, b1 = clinic.patient_a1.id, clinic.patient_b1.id
    note_id = clinic.data["a1"].note.id
    created = client.post(notes_url(a1), headers=doctor, json={"body": "Seen today."}).json()
    client.get(notes_url(a1), headers=doctor)
    client.get(f"/api/v1/notes/{note_id}", headers=doctor)
    client.patch(f"/api/v1/notes/{note_id}", headers=doctor, json={"body": "Seen again."})
    client.delete(f"/api/v1/notes/{created['id']}", headers=doctor)
    client.get(notes_url(b1), headers=doctor)
    client.get(f"/api/v1/notes/{clinic.data['b1'].note.id}", headers=doctor)
    events = db_session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    summary = [(e.action, e.patient_id, e.resource_id, e.outcome.value) for e in events]
    assert summary == [
        ("patient-notes-create", a1, None, "allowed"),
        ("patient-notes-list", a1, None, "allowed"),
        ("patient-notes-get", a1, note_id, "allowed"),
        ("patient-notes-update", a1, note_id, "allowed"),
        ("patient-notes-delete", a1, created["id"], "allowed"),
        ("patient-notes-list", b1, None, "denied"),
        ("patient-notes-get", None, clinic.data["b1"].note.id, "denied"),
    ]
    assert {e.actor_id for e in events} == {clinic.doctor_a.id}


def test_listing_costs_the_same_for_one_note_or_fifty(
    client: TestClient,
    clinic: Clinic,
    db_session: Session,
    count_statements: Callable[[], AbstractContextManager[StatementCount]],
) -> None:
    assign(db_session, clinic.doctor_b, clinic.patient_a1)
    for n in range(60):
        author = clinic.doctor_a if n % 2 else clinic.doctor_b
        db_session.add(
            PatientNote(patient_id=clinic.patient_a1.id, doctor_id=author.id, body=f"Load {n}")
        )
    db_session.commit()
    doctor = clinic.headers(clinic.doctor_a)
    counts = {}
    for limit in (1, 50):
        with count_statements() as counted:
            response = client.get(
                notes_url(clinic.patient_a1.id), headers=doctor, params={"limit": limit}
            )
        assert response.status_code == 200 and len(response.json()["items"]) == limit
        counts[limit] = counted.count
    print(f"\npatient-notes-list statements: limit=1 -> {counts[1]}, limit=50 -> {counts[50]}")
    assert counts[1] == counts[50]
