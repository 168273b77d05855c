"""The start screens: the doctor's day, alerts and activity feed; the patient's day."""

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from telerehab.domain.calendar import week_start, weekday_of
from telerehab.enums import BrainGame, ScheduleStatus, UserRole, Weekday
from telerehab.models import (
    AuditEvent,
    BrainExerciseSession,
    Message,
    Notification,
    Schedule,
    User,
    WeekPlan,
    WeekPlanItem,
    WorkoutSession,
)
from telerehab.trends import attention_list, patient_zones

from ..conftest import StatementCount
from ..factories import Clinic, add_brain_session, add_workout, assign, make_user

Counter = Callable[[], AbstractContextManager[StatementCount]]
API = "/api/v1/dashboard"


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def appointment(
    db: Session, doctor: User, patient: User, starts_at: datetime, title: str, **fields: object
) -> Schedule:
    schedule = Schedule(
        doctor_id=doctor.id,
        patient_id=patient.id,
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=30),
        **fields,
    )
    db.add(schedule)
    db.flush()
    return schedule


def plan(
    db: Session, patient: User, doctor: User, monday: date, weekdays: list[Weekday], combo_id: int
) -> WeekPlan:
    week_plan = WeekPlan(patient_id=patient.id, doctor_id=doctor.id, week_start=monday)
    week_plan.items = [
        WeekPlanItem(weekday=weekday, position=position, combo_id=combo_id)
        for position, weekday in enumerate(weekdays)
    ]
    db.add(week_plan)
    db.flush()
    return week_plan


def test_the_doctor_sees_today_alerts_and_activity_of_their_patients_only(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    now = datetime.now(UTC)
    today = now.date()
    a, a1, a2 = clinic.doctor_a, clinic.patient_a1, clinic.patient_a2
    late = appointment(db_session, a, a2, at(today, 15), "Late-visit")
    early = appointment(db_session, a, a1, at(today, 9), "Early-visit")
    appointment(db_session, a, a1, at(today + timedelta(days=1), 9), "Tomorrow-visit")
    appointment(db_session, a, clinic.patient_ended, at(today, 10), "Ended-visit")
    appointment(db_session, clinic.doctor_b, clinic.patient_b1, at(today, 11), "Other-visit")
    painful = add_workout(db_session, a1, now - timedelta(minutes=30), pain_score=8)
    add_workout(db_session, clinic.patient_b1, now - timedelta(minutes=20), pain_score=9)
    add_workout(db_session, clinic.patient_ended, now - timedelta(minutes=10), pain_score=10)
    db_session.commit()

    response = client.get(API + "/doctor", headers=clinic.headers(a))
    assert response.status_code == 200, response.text
    board = response.json()
    assert board["today"] == today.isoformat()
    assert [s["id"] for s in board["appointments_today"]] == [early.id, late.id]
    assert board["appointments_today"][0]["patient"] == {
        "id": a1.id,
        "full_name": a1.full_name,
        "role": "patient",
    }
    assert board["appointments_today_total"] == 2

    flagged = {p["patient"]["id"]: p for p in board["needs_attention"]}
    assert "high_pain" in flagged[a1.id]["reasons"]
    assert flagged[a1.id]["max_pain_last_7_days"] == 8
    assert clinic.patient_b1.id not in flagged and clinic.patient_ended.id not in flagged
    assert board["needs_attention_total"] == len(board["needs_attention"])

    assert "recent_activity" not in board  # its own list, loaded beside the dashboard

    listed = client.get(API + "/doctor/activity", headers=clinic.headers(a))
    assert listed.status_code == 200, listed.text
    activity = listed.json()["items"]
    assert (activity[0]["kind"], activity[0]["id"]) == ("workout", painful.id)
    assert activity[0]["sets"] == 1 and activity[0]["reps_done"] == 10
    assert activity[0]["game"] is None
    brain = next(item for item in activity if item["kind"] == "brain")
    assert (brain["game"], brain["score"], brain["pain_score"]) == ("stroop", 417, None)
    assert {item["patient"]["id"] for item in activity} == {a1.id, a2.id}
    assert len(activity) == 5 and listed.json()["next_cursor"] is None
    for secret in ("Other-visit", "Ended-visit", clinic.patient_b1.full_name, "Tomorrow-visit"):
        assert secret not in response.text and secret not in listed.text


def walk_activity(client: TestClient, headers: dict[str, str], limit: int) -> list[tuple[str, int]]:
    """(kind, id) of the doctor's whole activity feed, followed page by page."""
    seen: list[tuple[str, int]] = []
    cursor: str | None = ""
    while cursor is not None:
        params: dict[str, Any] = {"limit": limit, **({"cursor": cursor} if cursor else {})}
        page = client.get(f"{API}/doctor/activity", params=params, headers=headers)
        assert page.status_code == 200, page.text
        seen += [(item["kind"], item["id"]) for item in page.json()["items"]]
        cursor = page.json()["next_cursor"]
    return seen


def test_activity_pages_through_both_kinds_without_gaps(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    moment = datetime(2025, 4, 1, 12, tzinfo=UTC)
    # A workout and a game at the same instant, even with the same id: kind breaks the tie.
    add_workout(db_session, clinic.patient_a1, moment)
    add_brain_session(db_session, clinic.patient_a2, moment, BrainGame.REACTION_TIME)
    db_session.commit()
    headers = clinic.headers(clinic.doctor_a)
    seen = walk_activity(client, headers, limit=2)
    assert len(seen) == len(set(seen)) == 6
    assert seen[-2:] == [("workout", seen[-2][1]), ("brain", seen[-1][1])]
    bad = client.get(f"{API}/doctor/activity?cursor=garbage", headers=headers)
    assert bad.status_code == 422
    assert client.get(f"{API}/doctor/activity?limit=101", headers=headers).status_code == 422


def test_activity_pages_follow_the_feed_order_across_patients_kinds_and_ties(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    """Page by page, the feed is exactly all sessions of the doctor's patients by (started_at,
    kind, id) descending: on PostgreSQL each patient's newest sessions are read from the cursor
    on, per kind, so a cursor that ends on a workout or on a game must resume in the right
    place, including at instants shared by both kinds and by several patients."""
    a1, a2 = clinic.patient_a1, clinic.patient_a2
    start = datetime(2025, 5, 5, 9, tzinfo=UTC)
    for hour in range(8):
        moment = start + timedelta(hours=hour // 2)  # every instant twice
        add_workout(db_session, a1, moment)
        add_brain_session(db_session, a2, moment, BrainGame.MEMORY_MATCH)
        if hour % 3 == 0:
            add_workout(db_session, a2, moment)
            add_brain_session(db_session, a1, moment, BrainGame.REACTION_TIME)
    add_workout(db_session, clinic.patient_b1, start)  # another doctor's patient: never listed
    db_session.commit()

    expected = sorted(
        [
            (s.started_at.replace(tzinfo=UTC), "workout", s.id)
            for s in db_session.scalars(
                select(WorkoutSession).where(WorkoutSession.user_id.in_([a1.id, a2.id]))
            )
        ]
        + [
            (s.started_at.replace(tzinfo=UTC), "brain", s.id)
            for s in db_session.scalars(
                select(BrainExerciseSession).where(BrainExerciseSession.user_id.in_([a1.id, a2.id]))
            )
        ],
        reverse=True,
    )
    headers = clinic.headers(clinic.doctor_a)
    for limit in (1, 3, 7):
        seen = walk_activity(client, headers, limit)
        assert seen == [(kind, id_) for _, kind, id_ in expected], limit


def test_attention_rules(clinic: Clinic, db_session: Session) -> None:
    """Each rule on its own, at a fixed moment: Wednesday 12 March 2025, noon."""
    now = datetime(2025, 3, 12, 12, tzinfo=UTC)
    this_monday, last_monday = date(2025, 3, 10), date(2025, 3, 3)
    doctor = make_user(db_session, UserRole.DOCTOR, "doctor.gamma")
    combo = clinic.combos["a"].id
    mon, tue, wed, thu = Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY

    def patient(name: str) -> User:
        user = make_user(db_session, UserRole.PATIENT, name)
        assign(db_session, doctor, user)
        return user

    missed = patient("p.missed")  # planned Monday and Tuesday, did nothing
    plan(db_session, missed, doctor, this_monday, [mon, tue], combo)

    hurting = patient("p.hurting")
    add_workout(db_session, hurting, at(date(2025, 3, 8), 10), pain_score=8)
    add_workout(db_session, hurting, at(date(2025, 3, 1), 10), pain_score=9)  # over 7 days ago

    slipping = patient("p.slipping")  # last week 1.0, this week so far 0 of 1
    plan(db_session, slipping, doctor, last_monday, [mon, wed], combo)
    plan(db_session, slipping, doctor, this_monday, [wed, thu], combo)
    add_workout(db_session, slipping, at(date(2025, 3, 3), 9))
    add_workout(db_session, slipping, at(date(2025, 3, 5), 9))

    borderline = patient("p.borderline")  # 1.0 -> 0.75 is exactly 25 points
    plan(db_session, borderline, doctor, last_monday, [mon, mon, tue, wed], combo)
    plan(db_session, borderline, doctor, this_monday, [mon, mon, tue, wed, thu], combo)
    for day in (3, 3, 4, 5, 10, 11, 11):
        add_workout(db_session, borderline, at(date(2025, 3, day), 9))

    everything = patient("p.everything")
    plan(db_session, everything, doctor, last_monday, [tue], combo)
    plan(db_session, everything, doctor, this_monday, [mon, tue], combo)
    add_workout(db_session, everything, at(date(2025, 3, 6), 9), pain_score=7)

    fine = patient("p.fine")
    plan(db_session, fine, doctor, last_monday, [mon], combo)
    plan(db_session, fine, doctor, this_monday, [mon, wed], combo)
    add_workout(db_session, fine, at(date(2025, 3, 3), 9), pain_score=6)
    add_workout(db_session, fine, at(date(2025, 3, 10), 9))
    add_workout(db_session, fine, at(date(2025, 3, 12), 8))
    add_workout(db_session, fine, at(date(2025, 3, 13), 8), pain_score=10)  # after "now"

    former = make_user(db_session, UserRole.PATIENT, "p.former")
    assign(db_session, doctor, former, ended=True)
    add_workout(db_session, former, at(date(2025, 3, 11), 9), pain_score=10)
    db_session.commit()

    rows = db_session.execute(
        *attention_list(doctor, now, 50, patient_zones(db_session, doctor))
    ).all()
    found = {
        row.full_name: (
            [
                reason
                for reason in ("missed_sessions", "high_pain", "adherence_drop")
                if getattr(row, reason)
            ],
            row.max_pain,
            row.adherence_this_week,
            row.adherence_last_week,
        )
        for row in rows
    }
    assert rows[0].full_name == everything.full_name  # most reasons first
    assert found == {
        everything.full_name: (["missed_sessions", "high_pain", "adherence_drop"], 7, 0.0, 1.0),
        missed.full_name: (["missed_sessions"], None, 0.0, None),
        hurting.full_name: (["high_pain"], 8, None, None),
        slipping.full_name: (["adherence_drop"], None, 0.0, 1.0),
        borderline.full_name: (["adherence_drop"], None, 0.75, 1.0),
    }
    assert {row.total for row in rows} == {5}


def test_the_patient_sees_today_next_visit_and_unread_counts(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    now = datetime.now(UTC)
    today = now.date()
    patient = clinic.patient_a1
    this_week = clinic.data["a1"].week_plan
    assert this_week.week_start == week_start(today)
    items = [
        WeekPlanItem(
            week_plan_id=this_week.id,
            weekday=weekday_of(today),
            position=position,
            combo_id=clinic.combos["a"].id,
        )
        for position in (1, 2)
    ]
    db_session.add_all(items)
    db_session.flush()
    # The first routine done twice, and a practice outside the plan: one routine of two done.
    add_workout(db_session, patient, now, week_plan_item_id=items[0].id)
    add_workout(db_session, patient, now, week_plan_item_id=items[0].id)
    add_workout(db_session, patient, now)
    appointment(
        db_session,
        clinic.doctor_a,
        patient,
        now + timedelta(days=1),
        "Cancelled-visit",
        status=ScheduleStatus.CANCELLED,
    )
    appointment(db_session, clinic.doctor_a, patient, now - timedelta(hours=1), "Past-visit")
    db_session.add_all(
        [
            Message(
                sender_id=clinic.doctor_a.id, receiver_id=patient.id, body="read", is_read=True
            ),
            Notification(user_id=patient.id, title="read", is_read=True),
            Notification(user_id=patient.id, title="unread"),
        ]
    )
    db_session.commit()

    response = client.get(API + "/patient", headers=clinic.headers(patient))
    assert response.status_code == 200, response.text
    board = response.json()
    monday_item = 1 if weekday_of(today) == Weekday.MONDAY else 0
    assert board["plan"] == {
        "week_plan_id": this_week.id,
        "planned": 2 + monday_item,
        "done": 1,
        "sessions": 3,
    }
    visit = board["next_appointment"]
    assert visit["id"] == clinic.data["a1"].schedule.id
    assert visit["doctor"] == {
        "id": clinic.doctor_a.id,
        "full_name": clinic.doctor_a.full_name,
        "role": "doctor",
    }
    assert (board["unread_messages"], board["unread_notifications"]) == (1, 2)

    other = client.get(API + "/patient", headers=clinic.headers(clinic.patient_b1)).json()
    assert other["unread_messages"] == 1 and other["unread_notifications"] == 1
    assert other["next_appointment"]["title"] == "Visit-b1-XYZ"
    assert other["plan"]["week_plan_id"] == clinic.data["b1"].week_plan.id


def test_each_dashboard_is_for_its_role_only(client: TestClient, clinic: Clinic) -> None:
    for path, refused in [
        ("/doctor", (clinic.patient_a1, clinic.admin)),
        ("/doctor/activity", (clinic.patient_a1, clinic.admin)),
        ("/patient", (clinic.doctor_a, clinic.admin)),
    ]:
        for user in refused:
            response = client.get(API + path, headers=clinic.headers(user))
            assert response.status_code == 403, (path, user.username)
            assert response.headers["content-type"] == "application/problem+json"
        assert client.get(API + path).status_code == 401


def test_dashboards_audit_whose_data_they_showed(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    appointment(
        db_session, clinic.doctor_a, clinic.patient_a2, at(datetime.now(UTC).date(), 9), "Visit"
    )
    db_session.commit()
    client.get(API + "/doctor", headers=clinic.headers(clinic.doctor_a))
    client.get(API + "/doctor/activity?limit=1", headers=clinic.headers(clinic.doctor_a))
    client.get(API + "/patient", headers=clinic.headers(clinic.patient_b1))
    events = db_session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    newest_a = max(
        (clinic.data["a1"], clinic.data["a2"]),
        key=lambda data: (data.workout.started_at, data.workout.id),
    ).workout.user_id
    assert [(e.actor_id, e.action, e.patient_id, e.outcome.value) for e in events] == [
        (clinic.doctor_a.id, "dashboard-doctor", clinic.patient_a2.id, "allowed"),
        (clinic.doctor_a.id, "dashboard-doctor-activity", newest_a, "allowed"),
        (clinic.patient_b1.id, "dashboard-patient", clinic.patient_b1.id, "allowed"),
    ]


def test_a_page_of_fifty_costs_what_a_page_of_one_costs(
    client: TestClient, clinic: Clinic, db_session: Session, count_statements: Counter
) -> None:
    start = datetime.now(UTC) - timedelta(days=3)
    for i in range(60):
        patient = clinic.patient_a1 if i % 2 else clinic.patient_a2
        add_workout(db_session, patient, start + timedelta(minutes=i), sets=[{}, {}], pain_score=8)
        game = list(BrainGame)[i % 4]
        add_brain_session(db_session, patient, start + timedelta(minutes=i, seconds=30), game)
    db_session.add(
        BrainExerciseSession(user_id=clinic.patient_b1.id, game=BrainGame.STROOP, started_at=start)
    )
    db_session.commit()
    headers = clinic.headers(clinic.doctor_a)
    counts = {}
    for limit in (1, 50):
        with count_statements() as counted:
            response = client.get(f"{API}/doctor/activity?limit={limit}", headers=headers)
        assert response.status_code == 200, response.text
        assert len(response.json()["items"]) == limit
        counts[limit] = counted.count
    assert counts[1] == counts[50]
