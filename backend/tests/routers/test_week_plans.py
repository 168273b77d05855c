"""Week plans and the patient's "today": written by the doctors caring for a patient, read by the
patient, and invisible to everyone else."""

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from telerehab.domain.calendar import week_start
from telerehab.enums import NotificationKind, Weekday
from telerehab.models import (
    AuditEvent,
    Combo,
    Notification,
    WeekPlan,
    WeekPlanItem,
    WorkoutSession,
)

from ..conftest import SignedIn, StatementCount
from ..factories import Clinic, make_combo

CountStatements = Callable[[], AbstractContextManager[StatementCount]]
NEXT_MONDAY = week_start(datetime.now(UTC).date()) + timedelta(weeks=1)


def plans_url(patient_id: int, monday: date | None = None) -> str:
    url = f"/api/v1/patients/{patient_id}/week-plans"
    return f"{url}/{monday.isoformat()}" if monday else url


def today_url(patient_id: int) -> str:
    return f"/api/v1/patients/{patient_id}/today"


def plan_body(**days: list[int]) -> dict[str, Any]:
    return {"days": [{"weekday": day, "combo_ids": ids} for day, ids in days.items()]}


def summary(plan: dict[str, Any]) -> list[tuple[str, int, int]]:
    return [
        (day["weekday"], item["position"], item["combo"]["id"])
        for day in plan["days"]
        for item in day["items"]
    ]


def week_plan_notifications(db: Session, patient_id: int) -> list[str]:
    db.expire_all()
    return list(
        db.scalars(
            select(Notification.title)
            .where(
                Notification.user_id == patient_id, Notification.kind == NotificationKind.WEEK_PLAN
            )
            .order_by(Notification.id)
        )
    )


def test_doctor_writes_then_rewrites_a_week_plan(
    clinic: Clinic, db_session: Session, as_doctor: SignedIn
) -> None:
    patient = clinic.patient_a1
    combo_a, combo_b = clinic.combos["a"].id, clinic.combos["b"].id
    url = plans_url(patient.id, NEXT_MONDAY)

    created = as_doctor.put(
        url,
        # Doctor B's routine is fine: the library is shared.
        json={**plan_body(sunday=[combo_b], monday=[combo_a, combo_b]), "notes": " Easy week "},
    )
    assert created.status_code == 201, created.text
    plan = created.json()
    assert plan["week_start"] == NEXT_MONDAY.isoformat()
    assert plan["patient_id"] == patient.id
    assert plan["doctor"]["id"] == clinic.doctor_a.id
    assert plan["notes"] == "Easy week"
    # Days in the week's order, not in the order sent nor alphabetically.
    assert summary(plan) == [("monday", 0, combo_a), ("monday", 1, combo_b), ("sunday", 0, combo_b)]
    assert [i["exercise_type"] for i in plan["days"][0]["items"][0]["combo"]["items"]] == [
        "squat",
        "bicep-curl",
    ]
    assert week_plan_notifications(db_session, patient.id) == [
        f"Your plan for the week of {NEXT_MONDAY} is ready"
    ]

    monday_first = plan["days"][0]["items"][0]["id"]
    rewritten = as_doctor.put(url, json=plan_body(monday=[combo_a, combo_a], wednesday=[combo_b]))
    assert rewritten.status_code == 200, rewritten.text
    again = rewritten.json()
    assert again["id"] == plan["id"]
    assert again["notes"] is None
    assert summary(again) == [
        ("monday", 0, combo_a),
        ("monday", 1, combo_a),
        ("wednesday", 0, combo_b),
    ]
    # An unchanged item keeps its id, so a workout already done against it stays linked.
    assert again["days"][0]["items"][0]["id"] == monday_first
    stored = db_session.scalars(
        select(WeekPlanItem).where(WeekPlanItem.week_plan_id == plan["id"])
    ).all()
    assert len(stored) == 3
    assert week_plan_notifications(db_session, patient.id)[-1] == (
        f"Your plan for the week of {NEXT_MONDAY} has changed"
    )

    assert as_doctor.get(f"/api/v1/week-plans/{plan['id']}").json() == again
    emptied = as_doctor.put(url, json={"days": []})
    assert emptied.status_code == 200
    assert emptied.json()["days"] == []


def test_another_doctor_of_the_patient_takes_over_the_plan(
    clinic: Clinic, db_session: Session, other_doctor: SignedIn
) -> None:
    from ..factories import assign

    assign(db_session, clinic.doctor_b, clinic.patient_a1)
    db_session.commit()
    monday = week_start(datetime.now(UTC).date())
    rewritten = other_doctor.put(
        plans_url(clinic.patient_a1.id, monday),
        json=plan_body(friday=[clinic.combos["b"].id]),
    )
    assert rewritten.status_code == 200, rewritten.text
    assert rewritten.json()["id"] == clinic.data["a1"].week_plan.id
    assert rewritten.json()["doctor"]["id"] == clinic.doctor_b.id


def test_patient_reads_own_plans_newest_week_first(
    clinic: Clinic, as_doctor: SignedIn, as_patient: SignedIn
) -> None:
    as_doctor.put(
        plans_url(clinic.patient_a1.id, NEXT_MONDAY),
        json=plan_body(tuesday=[clinic.combos["a"].id]),
    )
    listed = as_patient.get(plans_url(clinic.patient_a1.id))
    assert listed.status_code == 200
    weeks = [p["week_start"] for p in listed.json()["items"]]
    assert weeks == [NEXT_MONDAY.isoformat(), (NEXT_MONDAY - timedelta(weeks=1)).isoformat()]
    assert listed.json()["items"][1]["notes"] == "Plan-a1-XYZ"
    own = as_patient.get(f"/api/v1/week-plans/{clinic.data['a1'].week_plan.id}")
    assert own.status_code == 200
    assert own.json()["days"][0]["items"][0]["combo"]["name"] == "Combo-A-XYZ"


def test_deleting_a_plan_keeps_the_workouts_done_against_it(
    clinic: Clinic, db_session: Session, as_doctor: SignedIn
) -> None:
    plan_id = clinic.data["a1"].week_plan.id
    item_id = db_session.scalars(
        select(WeekPlanItem.id).where(WeekPlanItem.week_plan_id == plan_id)
    ).one()
    workout = db_session.get(WorkoutSession, clinic.data["a1"].workout.id)
    assert workout is not None
    workout.week_plan_item_id = item_id
    db_session.commit()

    assert as_doctor.delete(f"/api/v1/week-plans/{plan_id}").status_code == 204
    assert as_doctor.get(f"/api/v1/week-plans/{plan_id}").status_code == 404
    db_session.expire_all()
    assert db_session.get(WeekPlan, plan_id) is None
    assert db_session.scalars(select(WeekPlanItem).where(WeekPlanItem.id == item_id)).all() == []
    kept = db_session.get(WorkoutSession, workout.id)
    assert kept is not None and kept.week_plan_item_id is None


def test_today_lists_the_days_routines_and_what_is_done(
    clinic: Clinic, db_session: Session, as_doctor: SignedIn, as_patient: SignedIn
) -> None:
    combo_a, combo_b = clinic.combos["a"].id, clinic.combos["b"].id
    wednesday = NEXT_MONDAY + timedelta(days=2)
    plan = as_doctor.put(
        plans_url(clinic.patient_a1.id, NEXT_MONDAY),
        json={**plan_body(wednesday=[combo_b, combo_a], thursday=[combo_a]), "notes": "Go on"},
    ).json()
    first, second = (item["id"] for item in plan["days"][0]["items"])
    noon = datetime.combine(wednesday, time(12), tzinfo=UTC)
    db_session.add_all(
        [
            # Done on the day: counts.
            WorkoutSession(user_id=clinic.patient_a1.id, started_at=noon, week_plan_item_id=second),
            # Done against the first item, but the day before: does not count for Wednesday.
            WorkoutSession(
                user_id=clinic.patient_a1.id,
                started_at=noon - timedelta(days=1),
                week_plan_item_id=first,
            ),
        ]
    )
    db_session.commit()

    today = as_patient.get(today_url(clinic.patient_a1.id), params={"date": wednesday.isoformat()})
    assert today.status_code == 200, today.text
    body = today.json()
    assert (body["date"], body["weekday"], body["week_plan_id"], body["notes"]) == (
        wednesday.isoformat(),
        "wednesday",
        plan["id"],
        "Go on",
    )
    assert [(i["week_plan_item_id"], i["combo"]["id"], i["done"]) for i in body["items"]] == [
        (first, combo_b, False),
        (second, combo_a, True),
    ]
    assert len(body["items"][1]["combo"]["items"]) == 2

    # A day without routines in a planned week, and a week without a plan.
    friday = as_patient.get(
        today_url(clinic.patient_a1.id),
        params={"date": (NEXT_MONDAY + timedelta(days=4)).isoformat()},
    ).json()
    assert (friday["week_plan_id"], friday["items"]) == (plan["id"], [])
    far = as_patient.get(today_url(clinic.patient_a1.id), params={"date": "2031-01-01"}).json()
    assert far == {
        "date": "2031-01-01",
        "weekday": "wednesday",
        "week_plan_id": None,
        "notes": None,
        "items": [],
    }
    # Without a date: today (UTC), as the doctor caring for the patient sees it too.
    now = datetime.now(UTC).date()
    default = as_doctor.get(today_url(clinic.patient_a1.id)).json()
    assert default["date"] == now.isoformat()
    assert default["week_plan_id"] == clinic.data["a1"].week_plan.id
    assert len(default["items"]) == (1 if now.weekday() == 0 else 0)


@pytest.mark.parametrize(
    ("week", "body"),
    [
        (NEXT_MONDAY + timedelta(days=1), {"days": []}),  # a Tuesday
        ("2025-02-30", {"days": []}),
        ("next-week", {"days": []}),
        ("1899-12-25", {"days": []}),  # a Monday, but outside the clinic's calendar
        (NEXT_MONDAY, {}),
        (NEXT_MONDAY, {"days": [], "extra": True}),
        (NEXT_MONDAY, {"days": [], "notes": ""}),
        (NEXT_MONDAY, {"days": [{"weekday": "funday", "combo_ids": [1]}]}),
        (NEXT_MONDAY, {"days": [{"weekday": "monday"}]}),
        (NEXT_MONDAY, {"days": [{"weekday": "monday", "combo_ids": [0]}]}),
        (NEXT_MONDAY, {"days": [{"weekday": "monday", "combo_ids": [1] * 11}]}),
        (NEXT_MONDAY, {"days": [{"weekday": "monday", "combo_ids": [1], "x": 1}]}),
        (
            NEXT_MONDAY,
            {
                "days": [
                    {"weekday": "monday", "combo_ids": [1]},
                    {"weekday": "monday", "combo_ids": [1]},
                ]
            },
        ),
    ],
)
def test_bad_plan_input_is_a_clear_422(
    clinic: Clinic, db_session: Session, week: Any, body: dict[str, Any], as_doctor: SignedIn
) -> None:
    response = as_doctor.put(
        f"{plans_url(clinic.patient_a1.id)}/{week}",
        json=body,
    )
    assert response.status_code == 422, (week, body)
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"]
    assert week_plan_notifications(db_session, clinic.patient_a1.id) == []


def test_bad_today_and_list_queries_are_422(clinic: Clinic, as_patient: SignedIn) -> None:
    for params in ({"date": "yesterday"}, {"date": "2025-13-01"}, {"date": "9999-12-31"}):
        response = as_patient.get(today_url(clinic.patient_a1.id), params=params)
        assert response.status_code == 422
    url = plans_url(clinic.patient_a1.id)
    assert as_patient.get(url, params={"limit": 0}).status_code == 422
    assert as_patient.get(url, params={"cursor": "x"}).status_code == 422
    assert as_patient.get("/api/v1/week-plans/0").status_code == 422


def test_a_missing_routine_is_404_and_nothing_is_written(
    clinic: Clinic, db_session: Session, as_doctor: SignedIn
) -> None:
    response = as_doctor.put(
        plans_url(clinic.patient_a1.id, NEXT_MONDAY),
        json=plan_body(monday=[clinic.combos["a"].id, 999_999], friday=[999_998]),
    )
    assert response.status_code == 404
    assert response.json()["detail"] == "No routine with id 999998, 999999."
    db_session.expire_all()
    assert (
        db_session.scalars(select(WeekPlan).where(WeekPlan.week_start == NEXT_MONDAY)).all() == []
    )
    assert week_plan_notifications(db_session, clinic.patient_a1.id) == []


def test_nobody_else_reaches_a_plan(
    client: TestClient, clinic: Clinic, other_doctor: SignedIn
) -> None:
    b1 = clinic.patient_b1.id
    b1_plan = f"/api/v1/week-plans/{clinic.data['b1'].week_plan.id}"
    a2_plan = f"/api/v1/week-plans/{clinic.data['a2'].week_plan.id}"
    ended_plan = f"/api/v1/week-plans/{clinic.data['ended'].week_plan.id}"
    put_body = plan_body(monday=[clinic.combos["a"].id])
    # Other people's plans are not found; a patient never writes and an admin never reads: 403.
    cases = [
        (clinic.doctor_a, "GET", plans_url(b1), 404),
        (clinic.doctor_a, "PUT", plans_url(b1, NEXT_MONDAY), 404),
        (clinic.doctor_a, "GET", today_url(b1), 404),
        (clinic.doctor_a, "GET", b1_plan, 404),
        (clinic.doctor_a, "DELETE", b1_plan, 404),
        (clinic.doctor_a, "GET", ended_plan, 404),
        (clinic.doctor_a, "GET", plans_url(clinic.patient_ended.id), 404),
        (clinic.patient_a1, "GET", plans_url(clinic.patient_a2.id), 404),
        (clinic.patient_a1, "GET", today_url(clinic.patient_a2.id), 404),
        (clinic.patient_a1, "GET", a2_plan, 404),
        (clinic.patient_a1, "PUT", plans_url(clinic.patient_a1.id, NEXT_MONDAY), 403),
        (clinic.patient_a1, "DELETE", f"/api/v1/week-plans/{clinic.data['a1'].week_plan.id}", 403),
        (clinic.patient_a1, "DELETE", a2_plan, 403),
        (clinic.admin, "GET", plans_url(clinic.patient_a1.id), 403),
        (clinic.admin, "PUT", plans_url(clinic.patient_a1.id, NEXT_MONDAY), 403),
        (clinic.admin, "GET", today_url(clinic.patient_a1.id), 403),
        (clinic.admin, "GET", f"/api/v1/week-plans/{clinic.data['a1'].week_plan.id}", 403),
        (clinic.admin, "DELETE", f"/api/v1/week-plans/{clinic.data['a1'].week_plan.id}", 403),
    ]
    for user, method, path, expected in cases:
        response = client.request(
            method,
            path,
            headers=clinic.headers(user),
            json=put_body if method == "PUT" else None,
        )
        assert response.status_code == expected, (user.username, method, path, response.text)
        assert "Plan-" not in response.text
        assert "XYZ" not in response.text
    assert client.get(plans_url(clinic.patient_a1.id)).status_code == 401
    # The refused writes changed nothing.
    assert other_doctor.get(b1_plan).status_code == 200


def test_every_plan_access_is_audited(
    clinic: Clinic, db_session: Session, as_doctor: SignedIn
) -> None:
    a1 = clinic.patient_a1.id
    plan_id = clinic.data["a1"].week_plan.id
    as_doctor.get(plans_url(a1))
    as_doctor.put(plans_url(a1, NEXT_MONDAY), json={"days": []})
    as_doctor.get(f"/api/v1/week-plans/{plan_id}")
    as_doctor.get(today_url(a1))
    as_doctor.delete(f"/api/v1/week-plans/{plan_id}")
    as_doctor.get(plans_url(clinic.patient_b1.id))
    as_doctor.get(f"/api/v1/week-plans/{clinic.data['b1'].week_plan.id}")
    events = db_session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.actor_id, e.action, e.patient_id, e.outcome.value) for e in events] == [
        (clinic.doctor_a.id, "week-plans-list", a1, "allowed"),
        (clinic.doctor_a.id, "week-plans-put", a1, "allowed"),
        (clinic.doctor_a.id, "week-plans-get", a1, "allowed"),
        (clinic.doctor_a.id, "week-plans-today", a1, "allowed"),
        (clinic.doctor_a.id, "week-plans-delete", a1, "allowed"),
        (clinic.doctor_a.id, "week-plans-list", clinic.patient_b1.id, "denied"),
        (clinic.doctor_a.id, "week-plans-get", None, "denied"),
    ]
    assert events[-1].resource_id == clinic.data["b1"].week_plan.id


def _seed_weeks(db: Session, clinic: Clinic, weeks: int) -> None:
    """``weeks`` past plans of patient A1, each with three routines of its own."""
    first = clinic.data["a1"].week_plan.week_start
    for number in range(weeks):
        combos: list[Combo] = [
            make_combo(db, clinic.doctor_a, f"Week {number} routine {n}") for n in range(3)
        ]
        db.add(
            WeekPlan(
                patient_id=clinic.patient_a1.id,
                doctor_id=clinic.doctor_a.id,
                week_start=first - timedelta(weeks=number + 1),
                items=[
                    WeekPlanItem(weekday=weekday, position=0, combo_id=combo.id)
                    for weekday, combo in zip(list(Weekday)[:3], combos, strict=True)
                ],
            )
        )
    db.commit()


def test_listing_plans_costs_the_same_statements_for_1_or_50(
    clinic: Clinic, db_session: Session, count_statements: CountStatements, as_patient: SignedIn
) -> None:
    _seed_weeks(db_session, clinic, 60)
    counts = {}
    for limit in (1, 50):
        with count_statements() as counted:
            response = as_patient.get(plans_url(clinic.patient_a1.id), params={"limit": limit})
        assert response.status_code == 200
        plans = response.json()["items"]
        assert len(plans) == limit
        assert all(len(p["days"]) == 3 or p["notes"] == "Plan-a1-XYZ" for p in plans)
        assert all(
            len(i["combo"]["items"]) == 2 for p in plans for d in p["days"] for i in d["items"]
        )
        counts[limit] = counted.count
    print(f"\nweek-plans-list: {counts}")
    assert counts[1] == counts[50], counted.statements


def test_pages_of_plans_neither_skip_nor_repeat(
    clinic: Clinic, db_session: Session, as_doctor: SignedIn
) -> None:
    _seed_weeks(db_session, clinic, 5)
    weeks: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = as_doctor.get(plans_url(clinic.patient_a1.id), params=params).json()
        weeks += [p["week_start"] for p in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(weeks) == 6
    assert weeks == sorted(weeks, reverse=True)
    assert len(set(weeks)) == 6


def test_today_costs_the_same_statements_for_1_or_10_routines(
    clinic: Clinic,
    db_session: Session,
    count_statements: CountStatements,
    as_doctor: SignedIn,
    as_patient: SignedIn,
) -> None:
    combos = [make_combo(db_session, clinic.doctor_a, f"Daily {n}") for n in range(10)]
    db_session.commit()
    counts = {}
    for size in (1, 10):
        as_doctor.put(
            plans_url(clinic.patient_a1.id, NEXT_MONDAY),
            json=plan_body(monday=[c.id for c in combos[:size]]),
        )
        with count_statements() as counted:
            response = as_patient.get(
                today_url(clinic.patient_a1.id),
                params={"date": NEXT_MONDAY.isoformat()},
            )
        assert len(response.json()["items"]) == size
        counts[size] = counted.count
    print(f"\nweek-plans-today: {counts}")
    assert counts[1] == counts[10], counted.statements
    # The patient's account (from the token), the audit row, then the plan and today's
    # routines together: the most frequent patient request makes one round trip for its data.
    assert counts[1] == 3, counted.statements
