"""Workout sessions as patients and their doctors read them, ratings, and progress series."""

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from telerehab.domain.calendar import week_start
from telerehab.enums import ExerciseType, Side, Weekday
from telerehab.models import (
    AuditEvent,
    WeekPlan,
    WeekPlanItem,
    WorkoutSession,
)

from ..conftest import SignedIn, StatementCount
from ..factories import Clinic, add_workout

Counter = Callable[[], AbstractContextManager[StatementCount]]
API = "/api/v1"


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def test_patient_and_doctor_read_the_history_with_its_sets(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    patient = clinic.patient_a1
    newer = add_workout(
        db_session,
        patient,
        datetime.now(UTC) - timedelta(hours=2),
        sets=[{}, {"exercise_type": ExerciseType.BICEP_CURL, "side": Side.RIGHT}],
    )
    db_session.commit()
    url = f"{API}/patients/{patient.id}/workout-sessions"
    for user in (patient, clinic.doctor_a):
        page = client.get(url, headers=clinic.headers(user))
        assert page.status_code == 200, page.text
        items = page.json()["items"]
        assert [s["id"] for s in items] == [newer.id, clinic.data["a1"].workout.id]
        assert [d["exercise_type"] for d in items[0]["details"]] == ["squat", "bicep-curl"]
        assert items[0]["patient_id"] == patient.id
        assert items[1]["notes"] == "Workout-a1-XYZ"
        assert page.json()["next_cursor"] is None

    one = client.get(f"{API}/workout-sessions/{newer.id}", headers=clinic.headers(patient))
    assert one.status_code == 200
    assert one.json()["details"][1]["side"] == "right"
    assert one.json()["details"][0]["rep_metrics"] == [{"index": 0, "rom_deg": 80.0}]

    older = clinic.data["a1"].workout
    day = older.started_at.date()
    only_that_day = client.get(
        f"{url}?from={day.isoformat()}&to={day.isoformat()}", headers=clinic.headers(patient)
    ).json()
    expected = [s.id for s in (newer, older) if s.started_at.date() == day]
    assert [s["id"] for s in only_that_day["items"]] == expected


def test_history_pages_are_stable_and_bad_filters_are_422(
    clinic: Clinic, db_session: Session, as_doctor: SignedIn
) -> None:
    patient = clinic.patient_a2
    start = datetime(2025, 3, 1, 9, tzinfo=UTC)
    # Two sessions at the same instant: the id breaks the tie, nothing is skipped or repeated.
    ids = [add_workout(db_session, patient, start + timedelta(days=i // 2)).id for i in range(7)]
    db_session.commit()
    url = f"{API}/patients/{patient.id}/workout-sessions"
    seen: list[int] = []
    cursor = None
    while True:
        query = f"?limit=3&to=2025-12-31{f'&cursor={cursor}' if cursor else ''}"
        page = as_doctor.get(url + query).json()
        seen += [s["id"] for s in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(ids, key=lambda i: (ids.index(i) // 2, i), reverse=True)

    for query in [
        "?from=2025-03-05&to=2025-03-01",
        "?from=yesterday",
        "?limit=0",
        "?limit=101",
        "?cursor=not-a-cursor",
    ]:
        response = as_doctor.get(url + query)
        assert response.status_code == 422, query
        assert response.headers["content-type"] == "application/problem+json"
    assert as_doctor.get(f"{API}/workout-sessions/0").status_code == 422


def test_only_the_patient_rates_a_finished_session(
    client: TestClient,
    clinic: Clinic,
    db_session: Session,
    as_admin: SignedIn,
    as_doctor: SignedIn,
    as_patient: SignedIn,
) -> None:
    session = clinic.data["a1"].workout
    url = f"{API}/workout-sessions/{session.id}/rating"
    rated = as_patient.put(url, json={"pain_score": 8, "difficulty": 6})
    assert rated.status_code == 200, rated.text
    assert (rated.json()["pain_score"], rated.json()["difficulty"]) == (8, 6)
    assert rated.json()["details"][0]["reps_done"] == 9
    again = as_patient.put(url, json={"pain_score": 2, "difficulty": 1})
    assert again.json()["pain_score"] == 2
    db_session.expire_all()
    stored = db_session.get(WorkoutSession, session.id)
    assert stored is not None and (stored.pain_score, stored.difficulty) == (2, 1)

    for body in [
        {"pain_score": 11, "difficulty": 5},
        {"pain_score": -1, "difficulty": 5},
        {"pain_score": 5, "difficulty": 0},
        {"pain_score": 5, "difficulty": 11},
        {"pain_score": 5},
        {"pain_score": 5, "difficulty": 5, "notes": "extra"},
        {"pain_score": "a lot", "difficulty": 5},
    ]:
        assert as_patient.put(url, json=body).status_code == 422, body

    body = {"pain_score": 9, "difficulty": 9}
    # The doctor and the admin may never rate; another patient does not see the session.
    assert as_doctor.put(url, json=body).status_code == 403
    assert as_admin.put(url, json=body).status_code == 403
    other = client.put(url, headers=clinic.headers(clinic.patient_a2), json=body)
    assert other.status_code == 404
    assert "Workout-a1" not in other.text

    running = add_workout(db_session, clinic.patient_a1, datetime.now(UTC), ended_at=None)
    db_session.commit()
    unfinished = as_patient.put(f"{API}/workout-sessions/{running.id}/rating", json=body)
    assert unfinished.status_code == 409
    assert unfinished.headers["content-type"] == "application/problem+json"


def test_strangers_see_nothing(client: TestClient, clinic: Clinic, as_doctor: SignedIn) -> None:
    b1 = clinic.patient_b1
    session_id = clinic.data["b1"].workout.id
    paths = [
        f"/patients/{b1.id}/workout-sessions",
        f"/workout-sessions/{session_id}",
        f"/patients/{b1.id}/progress/range-of-motion",
        f"/patients/{b1.id}/progress/adherence",
        f"/patients/{b1.id}/progress/pain",
    ]
    for user, expected in [(clinic.doctor_a, 404), (clinic.patient_a1, 404), (clinic.admin, 403)]:
        for path in paths:
            response = client.get(API + path, headers=clinic.headers(user))
            assert response.status_code == expected, (user.username, path)
            assert "Workout-b1" not in response.text and b1.full_name not in response.text
    ended = clinic.patient_ended
    for path in [
        f"/patients/{ended.id}/workout-sessions",
        f"/workout-sessions/{clinic.data['ended'].workout.id}",
        f"/patients/{ended.id}/progress/pain",
    ]:
        assert as_doctor.get(API + path).status_code == 404
    assert client.get(API + paths[0]).status_code == 401


def test_range_of_motion_by_day_and_week(
    client: TestClient, clinic: Clinic, db_session: Session, as_doctor: SignedIn
) -> None:
    patient = clinic.patient_a2
    monday = date(2025, 3, 3)
    add_workout(
        db_session,
        patient,
        at(monday, 8),
        sets=[
            {"rom_mean_deg": 70, "rom_max_deg": 80, "reps_done": 8},
            {"rom_mean_deg": 80, "rom_max_deg": 95, "reps_done": 10},
            {"exercise_type": ExerciseType.BICEP_CURL, "rom_mean_deg": 120, "rom_max_deg": 130},
        ],
    )
    # Late on Sunday: still the same ISO week, a different day.
    add_workout(
        db_session,
        patient,
        at(monday + timedelta(days=6), 23),
        sets=[{"rom_mean_deg": 90, "rom_max_deg": 100, "reps_done": 12}],
    )
    add_workout(
        db_session,
        patient,
        at(monday + timedelta(days=7), 0),
        sets=[{"rom_mean_deg": 100, "rom_max_deg": 110, "side": Side.RIGHT}],
    )
    add_workout(db_session, patient, at(monday - timedelta(days=30)))  # before the period
    db_session.commit()
    url = f"{API}/patients/{patient.id}/progress/range-of-motion"

    daily = as_doctor.get(f"{url}?from=2025-03-01&to=2025-03-31&exercise=squat")
    assert daily.status_code == 200, daily.text
    body = daily.json()
    assert (body["bucket"], body["period_start"], body["period_end"]) == (
        "day",
        "2025-03-01",
        "2025-03-31",
    )
    points = [
        (
            p["bucket_start"],
            p["side"],
            p["mean_rom_deg"],
            p["max_rom_deg"],
            p["reps_done"],
            p["sets"],
        )
        for p in body["points"]
    ]
    assert points == [
        ("2025-03-03", "left", 75.0, 95.0, 18, 2),
        ("2025-03-09", "left", 90.0, 100.0, 12, 1),
        ("2025-03-10", "right", 100.0, 110.0, 10, 1),
    ]

    weekly = as_doctor.get(f"{url}?from=2025-03-01&to=2025-03-31&bucket=week&side=left").json()
    assert [
        (p["bucket_start"], p["exercise_type"], p["mean_rom_deg"], p["sets"])
        for p in weekly["points"]
    ] == [("2025-03-03", "bicep-curl", 120.0, 1), ("2025-03-03", "squat", 80.0, 3)]

    patient_view = client.get(
        f"{url}?from=2025-03-10&to=2025-03-10", headers=clinic.headers(patient)
    )
    assert [p["side"] for p in patient_view.json()["points"]] == ["right"]
    default = as_doctor.get(url).json()
    assert date.fromisoformat(default["period_end"]) - date.fromisoformat(
        default["period_start"]
    ) == timedelta(days=83)

    for query in [
        "?from=2025-03-31&to=2025-03-01",
        "?from=2020-01-01&to=2025-01-01",
        "?bucket=month",
        "?exercise=cartwheel",
        "?side=up",
    ]:
        response = as_doctor.get(url + query)
        assert response.status_code == 422, query
        assert response.json()["detail"]


def test_pain_series(
    client: TestClient, clinic: Clinic, db_session: Session, as_doctor: SignedIn
) -> None:
    patient = clinic.patient_a2
    day = date(2025, 5, 6)
    add_workout(db_session, patient, at(day, 8), pain_score=2)
    add_workout(db_session, patient, at(day, 18), pain_score=7)
    add_workout(db_session, patient, at(day + timedelta(days=1)))  # not rated
    add_workout(db_session, patient, at(day + timedelta(days=7)), pain_score=4)
    db_session.commit()
    url = f"{API}/patients/{patient.id}/progress/pain?from=2025-05-01&to=2025-05-31"
    daily = client.get(url, headers=clinic.headers(patient)).json()
    assert [
        (p["bucket_start"], p["mean_pain"], p["max_pain"], p["sessions"]) for p in daily["points"]
    ] == [
        ("2025-05-06", 4.5, 7, 2),
        ("2025-05-13", 4.0, 4, 1),
    ]
    weekly = as_doctor.get(f"{url}&bucket=week").json()
    assert [(p["bucket_start"], p["sessions"]) for p in weekly["points"]] == [
        ("2025-05-05", 2),
        ("2025-05-12", 1),
    ]


def test_adherence_per_iso_week(
    client: TestClient, clinic: Clinic, db_session: Session, as_doctor: SignedIn
) -> None:
    patient = clinic.patient_a2
    this_monday = week_start(datetime.now(UTC).date())
    last_monday = this_monday - timedelta(weeks=1)
    plan = WeekPlan(patient_id=patient.id, doctor_id=clinic.doctor_a.id, week_start=last_monday)
    plan.items = [
        WeekPlanItem(weekday=weekday, position=0, combo_id=clinic.combos["a"].id)
        for weekday in (Weekday.MONDAY, Weekday.WEDNESDAY, Weekday.FRIDAY, Weekday.SUNDAY)
    ]
    db_session.add(plan)
    add_workout(db_session, patient, at(last_monday, 0))
    add_workout(db_session, patient, at(last_monday + timedelta(days=6), 23))
    add_workout(db_session, patient, at(last_monday - timedelta(weeks=2)))  # no plan that week
    db_session.commit()

    response = as_doctor.get(
        f"{API}/patients/{patient.id}/progress/adherence?weeks=4",
    )
    assert response.status_code == 200, response.text
    weeks = response.json()["weeks"]
    # The clinic gives every patient a one-item plan this week and a session yesterday.
    yesterday_this_week = datetime.now(UTC).date() - timedelta(days=1) >= this_monday
    assert [(w["week_start"], w["planned"], w["done"], w["adherence"]) for w in weeks] == [
        ((this_monday - timedelta(weeks=3)).isoformat(), 0, 1, None),
        ((this_monday - timedelta(weeks=2)).isoformat(), 0, 0, None),
        (
            last_monday.isoformat(),
            4,
            2 + (not yesterday_this_week),
            0.5 + 0.25 * (not yesterday_this_week),
        ),
        (this_monday.isoformat(), 1, int(yesterday_this_week), float(yesterday_this_week)),
    ]
    # The statement is built once a week and shared: the patient is bound at each call.
    other = as_doctor.get(
        f"{API}/patients/{clinic.patient_a1.id}/progress/adherence?weeks=4",
    )
    assert [w["planned"] for w in other.json()["weeks"]] == [0, 0, 0, 1]
    default = client.get(
        f"{API}/patients/{patient.id}/progress/adherence", headers=clinic.headers(patient)
    )
    assert len(default.json()["weeks"]) == 8
    for weeks_query in ("0", "53", "x"):
        bad = client.get(
            f"{API}/patients/{patient.id}/progress/adherence?weeks={weeks_query}",
            headers=clinic.headers(patient),
        )
        assert bad.status_code == 422


def test_reads_and_ratings_are_audited(
    clinic: Clinic, db_session: Session, as_doctor: SignedIn, as_patient: SignedIn
) -> None:
    a1, b1 = clinic.data["a1"].workout.id, clinic.data["b1"].workout.id
    as_doctor.get(f"{API}/patients/{clinic.patient_a1.id}/workout-sessions")
    as_doctor.get(f"{API}/workout-sessions/{a1}")
    as_doctor.get(f"{API}/workout-sessions/{b1}")
    as_patient.put(
        f"{API}/workout-sessions/{a1}/rating",
        json={"pain_score": 1, "difficulty": 2},
    )
    as_doctor.get(f"{API}/patients/{clinic.patient_a1.id}/progress/range-of-motion")
    events = db_session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [
        (e.actor_id, e.action, e.patient_id, e.resource_id, e.outcome.value) for e in events
    ] == [
        (clinic.doctor_a.id, "exercises-list-sessions", clinic.patient_a1.id, None, "allowed"),
        (clinic.doctor_a.id, "exercises-get-session", clinic.patient_a1.id, a1, "allowed"),
        (clinic.doctor_a.id, "exercises-get-session", None, b1, "denied"),
        (clinic.patient_a1.id, "exercises-rate-session", clinic.patient_a1.id, a1, "allowed"),
        (clinic.doctor_a.id, "exercises-range-of-motion", clinic.patient_a1.id, None, "allowed"),
    ]


@pytest.mark.parametrize("reader", ["doctor", "patient"])
def test_a_page_of_fifty_costs_what_a_page_of_one_costs(
    client: TestClient,
    clinic: Clinic,
    db_session: Session,
    count_statements: Counter,
    reader: str,
) -> None:
    patient = clinic.patient_a2
    start = datetime(2025, 1, 1, 9, tzinfo=UTC)
    for i in range(60):
        add_workout(db_session, patient, start + timedelta(hours=i), sets=[{}, {}, {}])
    db_session.commit()
    url = f"{API}/patients/{patient.id}/workout-sessions"
    headers = clinic.headers(clinic.doctor_a if reader == "doctor" else patient)
    counts = {}
    for limit in (1, 50):
        with count_statements() as counted:
            page = client.get(f"{url}?limit={limit}&to=2025-12-31", headers=headers)
        assert page.status_code == 200
        assert len(page.json()["items"]) == limit
        assert all(len(s["details"]) == 3 for s in page.json()["items"])
        counts[limit] = counted.count
    print(f"\nworkout-sessions list ({reader}): statements {counts}")
    assert counts[1] == counts[50]
