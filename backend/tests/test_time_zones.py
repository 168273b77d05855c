"""The patient's own day: days, weeks and missed days count in each account's IANA time zone,
on both sides of daylight-saving changes, for a patient and a doctor in different zones."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from telerehab.domain.calendar import day_bounds, local_day, local_midnight, local_today, zone
from telerehab.domain.dashboards import appointments_today, patient_dashboard
from telerehab.domain.missed_sessions import notify_missed_sessions
from telerehab.domain.week_plans import day_plan
from telerehab.enums import NotificationKind, ScheduleStatus, UserRole
from telerehab.models import Notification, Schedule, User
from telerehab.trends import attention_list, patient_zones

from .factories import Clinic, assign, make_combo, make_user
from .test_missed_sessions import plan, workout

BERLIN, LOS_ANGELES, AUCKLAND = "Europe/Berlin", "America/Los_Angeles", "Pacific/Auckland"


def utc(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone_name", "day", "hours"),
    [
        (BERLIN, date(2031, 3, 29), 24),  # the Saturday before the change
        (BERLIN, date(2031, 3, 30), 23),  # clocks go 02:00 -> 03:00
        (BERLIN, date(2031, 3, 31), 24),
        (BERLIN, date(2031, 10, 26), 25),  # back 03:00 -> 02:00
        (LOS_ANGELES, date(2031, 3, 9), 23),
        (LOS_ANGELES, date(2031, 11, 2), 25),
        (AUCKLAND, date(2031, 4, 6), 25),  # the southern autumn: back an hour
        (AUCKLAND, date(2031, 9, 28), 23),
        ("UTC", date(2031, 3, 30), 24),
    ],
)
def test_a_day_is_as_long_as_the_zone_makes_it(zone_name: str, day: date, hours: int) -> None:
    start, end = day_bounds(day, zone_name)
    assert end - start == timedelta(hours=hours)
    assert local_day(start, zone_name) == day
    assert local_day(end - timedelta(microseconds=1), zone_name) == day
    assert local_day(end, zone_name) == day + timedelta(days=1)


def test_local_days_either_side_of_a_change() -> None:
    # Berlin: UTC+1 until 2031-03-30 01:00 UTC, UTC+2 after.
    assert local_midnight(date(2031, 3, 30), BERLIN) == utc(date(2031, 3, 29), 23)
    assert local_midnight(date(2031, 3, 31), BERLIN) == utc(date(2031, 3, 30), 22)
    # Auckland: UTC+13 until 2031-04-05 14:00 UTC, UTC+12 after.
    assert local_midnight(date(2031, 4, 6), AUCKLAND) == utc(date(2031, 4, 5), 11)
    assert local_midnight(date(2031, 4, 7), AUCKLAND) == utc(date(2031, 4, 6), 12)
    # Los Angeles: the evening of the 8th there is already the 9th in UTC.
    assert local_today(LOS_ANGELES, utc(date(2031, 3, 9), 6)) == date(2031, 3, 8)
    assert local_today(LOS_ANGELES, utc(date(2031, 3, 9), 8)) == date(2031, 3, 9)


@pytest.mark.parametrize(
    "name", ["Mars/Olympus_Mons", "", " Europe/Berlin", "../etc/passwd", "x" * 65]
)
def test_unknown_zones_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match="time zone"):
        zone(name)


def _patient(db: Session, doctor: User, name: str, zone_name: str) -> User:
    patient = make_user(db, UserRole.PATIENT, name, full_name=name.title(), time_zone=zone_name)
    assign(db, doctor, patient)
    return patient


def _missed(db: Session, doctor: User, now: datetime) -> tuple[set[str], set[str]]:
    """Who the doctor's dashboard flags at ``now``, and who the daily job notifies."""
    rows = db.execute(*attention_list(doctor, now, 50, patient_zones(db, doctor))).all()
    flagged = {row.full_name for row in rows if row.missed_sessions}
    notify_missed_sessions(db, now=now)
    db.commit()
    notified = set(
        db.scalars(
            select(User.full_name)
            .join(Notification, Notification.user_id == User.id)
            .where(
                User.role == UserRole.PATIENT,
                Notification.kind == NotificationKind.MISSED_SESSION,
            )
        )
    )
    return flagged, notified


def test_missed_days_are_the_patients_days_across_a_daylight_saving_change(
    db_session: Session,
) -> None:
    """Planned on Saturday 29 and Sunday 30 March 2031 (Berlin's 23-hour day). The same
    workout instants fall on different days in Berlin and in UTC."""
    db = db_session
    doctor = make_user(db, UserRole.DOCTOR, "dr.zones")  # the doctor's own zone plays no part
    doctor.time_zone = LOS_ANGELES
    combo = make_combo(db, doctor, "Routine")
    saturday, sunday = date(2031, 3, 29), date(2031, 3, 30)
    # 23:30 UTC on Saturday is 00:30 on Sunday in Berlin (still UTC+1).
    early_sunday = _patient(db, doctor, "early-sunday", BERLIN)
    # 22:30 UTC on Sunday is 00:30 on Monday in Berlin (UTC+2 by then): Sunday was missed.
    late_sunday = _patient(db, doctor, "late-sunday", BERLIN)
    # The same instants for a patient in UTC: a Saturday and a Sunday workout.
    in_utc = _patient(db, doctor, "in-utc", "UTC")
    for patient in (early_sunday, late_sunday, in_utc):
        plan(db, patient, doctor, combo, [saturday, sunday])
    workout(db, early_sunday, utc(saturday, 23, 30))
    workout(db, late_sunday, utc(sunday, 22, 30))
    workout(db, in_utc, utc(sunday, 22, 30))
    db.commit()

    # Monday 31 March, 09:00 in Berlin (07:00 UTC).
    flagged, notified = _missed(db, doctor, utc(date(2031, 3, 31), 7))
    assert flagged == notified == {"Late-Sunday"}
    # Berlin's Sunday ended at 22:00 UTC: the 22:30 workout counts on Monday, not Sunday.
    assert day_plan(db, late_sunday, sunday).items[0].done is False


def test_a_doctor_sees_each_patients_day_in_the_patients_zone(db_session: Session) -> None:
    """The doctor in Los Angeles, their patient in Auckland: at 15:00 on Tuesday in Los Angeles
    it is already Wednesday in Auckland, so Monday and Tuesday are the patient's checked days."""
    db = db_session
    doctor = make_user(db, UserRole.DOCTOR, "dr.la", time_zone=LOS_ANGELES)
    combo = make_combo(db, doctor, "Routine")
    monday, tuesday = date(2031, 3, 10), date(2031, 3, 11)
    kiwi = _patient(db, doctor, "kiwi", AUCKLAND)
    plan(db, kiwi, doctor, combo, [monday, tuesday])
    angeleno = _patient(db, doctor, "angeleno", LOS_ANGELES)
    plan(db, angeleno, doctor, combo, [monday, tuesday])
    booked = Schedule(
        doctor_id=doctor.id,
        patient_id=kiwi.id,
        title="Video check-in",
        starts_at=utc(tuesday, 23),  # 16:00 on Tuesday in Los Angeles, Wednesday in Auckland
        ends_at=utc(tuesday, 23, 30),
        status=ScheduleStatus.SCHEDULED,
    )
    db.add(booked)
    db.commit()

    now = utc(tuesday, 22)  # 15:00 Tuesday in Los Angeles, 11:00 Wednesday in Auckland
    flagged, notified = _missed(db, doctor, now)
    assert flagged == notified == {"Kiwi"}  # the Angeleno's Tuesday is not over
    assert [s.title for s, _ in appointments_today(db, doctor, now, 10)] == ["Video check-in"]
    board = patient_dashboard(db, kiwi, now)
    assert (board.today, board.time_zone) == (date(2031, 3, 12), AUCKLAND)
    rows = db.execute(*attention_list(doctor, now, 50, patient_zones(db, doctor))).all()
    assert {(row.full_name, row.time_zone) for row in rows} == {("Kiwi", AUCKLAND)}


def test_the_account_screen_sets_a_known_zone_and_refuses_others(
    client: TestClient, clinic: Clinic
) -> None:
    headers = clinic.headers(clinic.patient_a1)
    refused = client.patch("/api/v1/users/me", headers=headers, json={"time_zone": "Mars/Base"})
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert "time zone" in refused.text
    blank = client.patch("/api/v1/users/me", headers=headers, json={"time_zone": None})
    assert blank.status_code == 422
    changed = client.patch(
        "/api/v1/users/me",
        headers=headers,
        json={"time_zone": AUCKLAND, "reminder_time": "18:30"},
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["time_zone"], changed.json()["reminder_time"]) == (AUCKLAND, "18:30:00")
    today = client.get(f"/api/v1/patients/{clinic.patient_a1.id}/today", headers=headers)
    assert today.json()["date"] == local_today(AUCKLAND).isoformat()
    board = client.get("/api/v1/dashboard/patient", headers=headers).json()
    assert (board["today"], board["time_zone"]) == (local_today(AUCKLAND).isoformat(), AUCKLAND)
    cleared = client.patch("/api/v1/users/me", headers=headers, json={"reminder_time": None})
    assert cleared.json()["reminder_time"] is None


def test_registration_takes_the_browsers_zone(client: TestClient) -> None:
    body = {
        "username": "new.kiwi",
        "password": "violet-otter-harbour-1987",
        "full_name": "New Kiwi",
        "time_zone": AUCKLAND,
    }
    assert client.post("/api/v1/auth/register", json=body).json()["time_zone"] == AUCKLAND
    unknown = client.post(
        "/api/v1/auth/register", json={**body, "username": "new.mars", "time_zone": "Mars/Base"}
    )
    assert unknown.status_code == 422
    plain = client.post(
        "/api/v1/auth/register",
        json={k: v for k, v in body.items() if k != "time_zone"} | {"username": "new.plain"},
    )
    assert plain.json()["time_zone"] == "UTC"
