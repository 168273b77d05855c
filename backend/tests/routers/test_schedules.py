"""Appointments: booked by a doctor for a patient in their care, never double-booked, cancelled
by either side, and invisible to everyone else."""

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from telerehab.enums import NotificationKind, ScheduleStatus, UserRole
from telerehab.models import AuditEvent, Notification, Schedule, User

from ..conftest import SignedIn, StatementCount
from ..factories import Clinic, assign, make_user

URL = "/api/v1/schedules"
# Clear of the clinic's own appointments, which start three days from now.
DAY = (datetime.now(UTC) + timedelta(days=10)).replace(hour=9, minute=0, second=0, microsecond=0)


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def booking(patient: User, start: datetime, minutes: int = 30, **extra: Any) -> dict[str, Any]:
    return {
        "patient_id": patient.id,
        "title": "Shoulder review",
        "starts_at": iso(start),
        "ends_at": iso(start + timedelta(minutes=minutes)),
        **extra,
    }


def notifications_of(db: Session, user: User) -> list[tuple[NotificationKind, str]]:
    db.expire_all()
    rows = db.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
    )
    return [(n.kind, n.title) for n in rows if n.kind != NotificationKind.GENERAL]


def past_appointment(db: Session, clinic: Clinic) -> Schedule:
    start = (datetime.now(UTC) - timedelta(hours=2)).replace(microsecond=0)
    schedule = Schedule(
        doctor_id=clinic.doctor_a.id,
        patient_id=clinic.patient_a1.id,
        title="Earlier today",
        starts_at=start,
        ends_at=start + timedelta(minutes=45),
    )
    db.add(schedule)
    db.commit()
    return schedule


def test_doctor_books_moves_and_the_patient_cancels(
    clinic: Clinic, db_session: Session, as_doctor: SignedIn, as_patient: SignedIn
) -> None:
    created = as_doctor.post(URL, json=booking(clinic.patient_a1, DAY, notes="Bring the brace"))
    assert created.status_code == 201, created.text
    appointment = created.json()
    assert appointment["status"] == "scheduled"
    assert appointment["doctor"] == {
        "id": clinic.doctor_a.id,
        "full_name": clinic.doctor_a.full_name,
        "role": "doctor",
    }
    assert appointment["patient"]["id"] == clinic.patient_a1.id
    assert "username" not in appointment["patient"] and "email" not in appointment["patient"]
    assert appointment["starts_at"] == iso(DAY)
    assert notifications_of(db_session, clinic.patient_a1) == [
        (NotificationKind.APPOINTMENT_BOOKED, "Appointment booked: Shoulder review")
    ]

    url = f"{URL}/{appointment['id']}"
    seen = as_patient.get(url)
    assert seen.status_code == 200 and seen.json()["notes"] == "Bring the brace"
    # Moving only the start past the old end would make it end before it starts.
    too_late = as_doctor.patch(url, json={"starts_at": iso(DAY + timedelta(hours=2))})
    assert too_late.status_code == 422
    # An offset is accepted and stored as UTC.
    moved = as_doctor.patch(
        url,
        json={"starts_at": "2100-01-04T11:00:00+02:00", "ends_at": "2100-01-04T11:45:00+02:00"},
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["starts_at"] == "2100-01-04T09:00:00Z"
    assert moved.json()["notes"] == "Bring the brace"
    retitled = as_doctor.patch(url, json={"title": "Follow-up", "notes": None})
    assert retitled.json()["title"] == "Follow-up" and retitled.json()["notes"] is None
    assert notifications_of(db_session, clinic.patient_a1)[-1] == (
        NotificationKind.APPOINTMENT_MOVED,
        "Appointment moved: Shoulder review",
    )
    assert len(notifications_of(db_session, clinic.patient_a1)) == 2  # a title edit is silent

    cancelled = as_patient.post(f"{url}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert notifications_of(db_session, clinic.doctor_a) == [
        (NotificationKind.APPOINTMENT_CANCELLED, "Appointment cancelled: Follow-up")
    ]
    assert as_patient.post(f"{url}/cancel").status_code == 409
    assert as_doctor.post(f"{url}/cancel").status_code == 409
    assert as_doctor.patch(url, json={"title": "Again"}).status_code == 409
    assert as_doctor.post(f"{url}/complete").status_code == 409


def test_doctor_cancels_and_the_patient_is_told(
    clinic: Clinic, db_session: Session, as_doctor: SignedIn
) -> None:
    schedule_id = clinic.data["a2"].schedule.id
    response = as_doctor.post(f"{URL}/{schedule_id}/cancel")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert notifications_of(db_session, clinic.patient_a2) == [
        (NotificationKind.APPOINTMENT_CANCELLED, "Appointment cancelled: Visit-a2-XYZ")
    ]


def test_an_appointment_is_completed_once_it_has_started(
    clinic: Clinic, db_session: Session, as_doctor: SignedIn
) -> None:
    future = clinic.data["a1"].schedule.id
    assert as_doctor.post(f"{URL}/{future}/complete").status_code == 409
    held = past_appointment(db_session, clinic)
    done = as_doctor.post(f"{URL}/{held.id}/complete")
    assert done.status_code == 200 and done.json()["status"] == "completed"
    assert as_doctor.post(f"{URL}/{held.id}/complete").status_code == 409
    assert as_doctor.post(f"{URL}/{held.id}/cancel").status_code == 409
    # Editing a completed appointment is refused; one under way may still get a new title.
    assert as_doctor.patch(f"{URL}/{held.id}", json={"title": "x"}).status_code == 409
    assert as_doctor.post(f"{URL}/{held.id}/missed").status_code == 409


def test_a_patient_who_did_not_attend_is_marked_missed_once_it_has_started(
    clinic: Clinic, db_session: Session, as_doctor: SignedIn
) -> None:
    future = clinic.data["a1"].schedule.id
    assert as_doctor.post(f"{URL}/{future}/missed").status_code == 409
    past = past_appointment(db_session, clinic)
    missed = as_doctor.post(f"{URL}/{past.id}/missed")
    assert missed.status_code == 200 and missed.json()["status"] == "missed"
    listed = as_doctor.get(URL, params={"status": "missed"}).json()["items"]
    assert [item["id"] for item in listed] == [past.id]
    for closing in ("missed", "complete", "cancel"):
        assert as_doctor.post(f"{URL}/{past.id}/{closing}").status_code == 409
    # A missed appointment frees nothing and tells nobody: the patient already knows.
    assert notifications_of(db_session, clinic.patient_a1) == []


def test_a_doctor_is_never_double_booked(
    clinic: Clinic, as_doctor: SignedIn, other_doctor: SignedIn
) -> None:
    first = as_doctor.post(URL, json=booking(clinic.patient_a1, DAY, minutes=60))
    assert first.status_code == 201
    for start, minutes in [
        (DAY, 60),
        (DAY - timedelta(minutes=30), 31),
        (DAY + timedelta(minutes=59), 5),
    ]:
        clash = as_doctor.post(URL, json=booking(clinic.patient_a2, start, minutes))
        assert clash.status_code == 409, (start, minutes)
        assert clash.headers["content-type"] == "application/problem+json"
        assert "overlaps" in clash.json()["detail"]
    # Back to back is fine, and so is the same hour for another doctor.
    after = as_doctor.post(URL, json=booking(clinic.patient_a2, DAY + timedelta(minutes=60)))
    assert after.status_code == 201
    elsewhere = other_doctor.post(URL, json=booking(clinic.patient_b1, DAY))
    assert elsewhere.status_code == 201

    # Moving: its own slot does not count, another one does; a cancelled one frees its slot.
    url = f"{URL}/{first.json()['id']}"
    within = as_doctor.patch(url, json={"ends_at": iso(DAY + timedelta(minutes=45))})
    assert within.status_code == 200
    onto = as_doctor.patch(url, json={"ends_at": iso(DAY + timedelta(minutes=75))})
    assert onto.status_code == 409
    assert as_doctor.post(f"{URL}/{after.json()['id']}/cancel").status_code == 200
    freed = as_doctor.patch(url, json={"ends_at": iso(DAY + timedelta(minutes=75))})
    assert freed.status_code == 200
    rebooked = as_doctor.post(URL, json=booking(clinic.patient_a2, DAY + timedelta(minutes=75)))
    assert rebooked.status_code == 201


def test_bad_bookings_are_clear_errors(clinic: Clinic, as_doctor: SignedIn) -> None:
    good = booking(clinic.patient_a1, DAY)
    invalid = [
        {},
        {**good, "ends_at": good["starts_at"]},
        {**good, "ends_at": iso(DAY - timedelta(minutes=5))},
        {**good, "ends_at": iso(DAY + timedelta(hours=13))},
        booking(clinic.patient_a1, datetime.now(UTC) - timedelta(hours=1)),
        {**good, "starts_at": "2100-01-04T09:00:00"},  # no zone
        {**good, "starts_at": "0001-01-01T00:00:00+05:00"},  # no UTC equivalent
        {**good, "starts_at": "tomorrow"},
        {**good, "title": ""},
        {**good, "title": "x" * 201},
        {**good, "notes": "x" * 10_001},
        {**good, "patient_id": 0},
        {**good, "status": "completed"},
    ]
    for body in invalid:
        response = as_doctor.post(URL, json=body)
        assert response.status_code == 422, body
        assert response.headers["content-type"] == "application/problem+json"
    # Patients outside the doctor's care, doctors and unknown ids are all "not your patient".
    for patient_id in [
        clinic.patient_b1.id,
        clinic.patient_ended.id,
        clinic.doctor_b.id,
        987_654,
    ]:
        response = as_doctor.post(URL, json={**good, "patient_id": patient_id})
        assert response.status_code == 404, patient_id
        assert clinic.patient_b1.full_name not in response.text

    url = f"{URL}/{clinic.data['a1'].schedule.id}"
    for body in [
        {"title": None},
        {"starts_at": None},
        {"ends_at": iso(DAY - timedelta(days=30))},
        {"starts_at": iso(datetime.now(UTC) - timedelta(days=1))},
        {"doctor_id": clinic.doctor_b.id},
        {"status": "completed"},
    ]:
        assert as_doctor.patch(url, json=body).status_code == 422, body
    for query in ["status=done", "from=yesterday", "from=2100-01-02T00:00:00", "limit=101"]:
        assert as_doctor.get(f"{URL}?{query}").status_code == 422, query
    inverted = as_doctor.get(
        URL, params={"from": "2100-01-02T00:00:00Z", "to": "2100-01-01T00:00:00Z"}
    )
    assert inverted.status_code == 422
    assert as_doctor.get(f"{URL}/0").status_code == 422


def test_lists_are_the_callers_own_diary_in_time_order(
    clinic: Clinic, db_session: Session, as_doctor: SignedIn, as_patient: SignedIn
) -> None:
    ids = []
    for days, patient in [(5, clinic.patient_a2), (1, clinic.patient_a1), (12, clinic.patient_a1)]:
        created = as_doctor.post(URL, json=booking(patient, DAY + timedelta(days=days)))
        ids.append(created.json()["id"])
    held = past_appointment(db_session, clinic)
    seeded = {key: clinic.data[key].schedule.id for key in ("a1", "a2")}

    listed = as_doctor.get(URL).json()
    assert [s["id"] for s in listed["items"]] == [
        held.id,
        seeded["a1"],
        seeded["a2"],
        ids[1],
        ids[0],
        ids[2],
    ]
    assert listed["next_cursor"] is None
    # The patient whose care ended is off the calendar, and so is doctor B's patient.
    assert clinic.data["ended"].schedule.id not in {s["id"] for s in listed["items"]}

    window = as_doctor.get(
        URL, params={"from": iso(DAY), "to": iso(DAY + timedelta(days=12))}
    ).json()
    assert [s["id"] for s in window["items"]] == [ids[1], ids[0]]
    as_doctor.post(f"{URL}/{ids[0]}/cancel")
    cancelled = as_doctor.get(URL, params={"status": "cancelled"}).json()
    assert [s["id"] for s in cancelled["items"]] == [ids[0]]

    own = as_patient.get(URL).json()
    assert [s["id"] for s in own["items"]] == [held.id, seeded["a1"], ids[1], ids[2]]

    paged: list[int] = []
    cursor, pages = None, 0
    while True:
        params: dict[str, Any] = {"limit": 4} | ({"cursor": cursor} if cursor else {})
        page = as_doctor.get(URL, params=params).json()
        paged.extend(s["id"] for s in page["items"])
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert paged == [s["id"] for s in listed["items"]]
    assert pages == 2


def test_only_the_parties_act_and_strangers_see_nothing(
    client: TestClient,
    clinic: Clinic,
    db_session: Session,
    as_admin: SignedIn,
    as_patient: SignedIn,
    other_doctor: SignedIn,
) -> None:
    own = clinic.data["a1"].schedule
    url = f"{URL}/{own.id}"
    # The patient reads and cancels, but never books, moves or closes an appointment.
    assert as_patient.post(URL, json=booking(clinic.patient_a1, DAY)).status_code == 403
    assert as_patient.patch(url, json={"title": "mine"}).status_code == 403
    assert as_patient.post(f"{url}/complete").status_code == 403
    assert as_patient.post(f"{url}/missed").status_code == 403
    # Admins see no appointments at all.
    for method, path in [
        ("GET", URL),
        ("POST", URL),
        ("GET", url),
        ("PATCH", url),
        ("POST", f"{url}/complete"),
        ("POST", f"{url}/missed"),
        ("POST", f"{url}/cancel"),
    ]:
        response = as_admin.request(method, path, json={} if method != "GET" else None)
        assert response.status_code == 403, (method, path)
        assert own.title not in response.text

    # Another doctor caring for the patient may open it, not change it.
    assign(db_session, clinic.doctor_b, clinic.patient_a1)
    db_session.commit()
    assert other_doctor.get(url).status_code == 200
    assert own.id not in {s["id"] for s in other_doctor.get(URL).json()["items"]}
    closing = [("POST", f"{url}/{action}") for action in ("cancel", "complete", "missed")]
    for method, path in [("PATCH", url), *closing]:
        response = other_doctor.request(method, path, json={"title": "mine"})
        assert response.status_code == 403, (method, path)

    # Strangers: 404, nothing of the appointment shown.
    strangers = {
        "other doctor": (clinic.doctor_a, clinic.data["b1"].schedule),
        "care ended": (clinic.doctor_a, clinic.data["ended"].schedule),
        "other patient": (clinic.patient_a2, own),
    }
    for name, (user, schedule) in strangers.items():
        for method, path in [
            ("GET", f"{URL}/{schedule.id}"),
            ("POST", f"{URL}/{schedule.id}/cancel"),
        ]:
            response = client.request(method, path, headers=clinic.headers(user))
            assert response.status_code == 404, (name, method)
            assert schedule.title not in response.text
    assert as_patient.get(f"{URL}/987654").status_code == 404
    db_session.expire_all()
    untouched = db_session.get(Schedule, clinic.data["b1"].schedule.id)
    assert untouched is not None and untouched.status == ScheduleStatus.SCHEDULED
    assert client.get(URL).status_code == 401


def test_appointment_access_is_audited(
    clinic: Clinic, db_session: Session, as_doctor: SignedIn, as_patient: SignedIn
) -> None:
    created = as_doctor.post(URL, json=booking(clinic.patient_a1, DAY)).json()
    as_patient.get(f"{URL}/{created['id']}")
    as_doctor.get(URL)
    as_doctor.get(f"{URL}/{clinic.data['b1'].schedule.id}")
    as_doctor.post(URL, json=booking(clinic.patient_b1, DAY))
    events = db_session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    summary = [(e.actor_id, e.action, e.patient_id, e.resource_id, e.outcome.value) for e in events]
    a1, a2, b1 = clinic.patient_a1.id, clinic.patient_a2.id, clinic.patient_b1.id
    doctor_id = clinic.doctor_a.id
    assert summary == [
        (doctor_id, "schedules-create", a1, created["id"], "allowed"),
        (a1, "schedules-get", a1, created["id"], "allowed"),
        (doctor_id, "schedules-list", a1, None, "allowed"),
        (doctor_id, "schedules-list", a2, None, "allowed"),
        (doctor_id, "schedules-get", None, clinic.data["b1"].schedule.id, "denied"),
        (doctor_id, "schedules-create", b1, None, "denied"),
    ]


def test_listing_costs_the_same_for_one_row_or_fifty(
    clinic: Clinic,
    db_session: Session,
    count_statements: Callable[[], AbstractContextManager[StatementCount]],
    as_doctor: SignedIn,
) -> None:
    patients = [make_user(db_session, UserRole.PATIENT, f"load.patient{n}") for n in range(12)]
    for patient in patients:
        assign(db_session, clinic.doctor_a, patient)
    for n in range(60):
        start = DAY + timedelta(hours=n)
        db_session.add(
            Schedule(
                doctor_id=clinic.doctor_a.id,
                patient_id=patients[n % len(patients)].id,
                title=f"Load {n}",
                starts_at=start,
                ends_at=start + timedelta(minutes=30),
            )
        )
    db_session.commit()
    counts = {}
    for limit in (1, 50):
        with count_statements() as counted:
            response = as_doctor.get(URL, params={"limit": limit})
        assert response.status_code == 200 and len(response.json()["items"]) == limit
        counts[limit] = counted.count
    print(f"\nschedules-list statements: limit=1 -> {counts[1]}, limit=50 -> {counts[50]}")
    assert counts[1] == counts[50]


def test_a_booking_notice_gives_the_time_in_the_recipients_zone(
    clinic: Clinic, db_session: Session, as_doctor: SignedIn, as_patient: SignedIn
) -> None:
    # Said in UTC before: a patient in Auckland read "09:00 UTC" for a call at 10 pm their time.
    clinic.patient_a1.time_zone = "Pacific/Auckland"
    db_session.commit()
    start = datetime(2100, 1, 4, 9, 0, tzinfo=UTC)  # 22:00 in Auckland (summer, UTC+13)
    created = as_doctor.post(URL, json=booking(clinic.patient_a1, start))
    assert created.status_code == 201, created.text
    db_session.expire_all()
    notice = db_session.scalars(
        select(Notification).where(
            Notification.user_id == clinic.patient_a1.id,
            Notification.kind == NotificationKind.APPOINTMENT_BOOKED,
        )
    ).one()
    assert notice.body == "Monday 04 January 2100, 22:00 Auckland time"
    # The doctor, in UTC, is told in UTC when the patient cancels.
    cancelled = as_patient.post(f"{URL}/{created.json()['id']}/cancel")
    assert cancelled.status_code == 200
    told = db_session.scalars(
        select(Notification).where(Notification.user_id == clinic.doctor_a.id)
    ).all()
    assert [n.body for n in told if n.kind == NotificationKind.APPOINTMENT_CANCELLED] == [
        "Monday 04 January 2100, 09:00 UTC"
    ]


def test_a_clash_is_named_in_the_doctors_own_zone(
    clinic: Clinic, db_session: Session, as_doctor: SignedIn
) -> None:
    # Said in UTC before: a doctor in Berlin read "08:00-08:30 UTC" for the 9 o'clock they booked.
    clinic.doctor_a.time_zone = "Europe/Berlin"
    db_session.commit()
    start = datetime(2100, 1, 4, 8, 0, tzinfo=UTC)  # 09:00 in Berlin (winter, UTC+1)
    assert as_doctor.post(URL, json=booking(clinic.patient_a1, start)).status_code == 201
    clash = as_doctor.post(URL, json=booking(clinic.patient_a2, start))
    assert clash.status_code == 409
    assert clash.json()["detail"] == (
        "This time overlaps another of the doctor's appointments "
        "(2100-01-04 09:00-09:30 Berlin time)."
    )
