"""Progression proposals over HTTP: made once for the finished week, shown only to a doctor
caring for the patient, and nothing changes until that doctor decides; a decision changes the
next week's plan only, through a copy of the routine for this patient."""

import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from telerehab.domain.calendar import utc_today, week_start
from telerehab.enums import ExerciseType, Side, Weekday
from telerehab.models import (
    Combo,
    ComboItem,
    Notification,
    ProgressionProposal,
    User,
    WeekPlan,
    WeekPlanItem,
)
from telerehab.progression.proposals import generate

from ..factories import Clinic, add_workout

THIS_MONDAY = week_start(utc_today())
LAST_MONDAY = THIS_MONDAY - timedelta(weeks=1)
DAYS = (Weekday.MONDAY, Weekday.WEDNESDAY, Weekday.FRIDAY)


def url(patient_id: int) -> str:
    return f"/api/v1/patients/{patient_id}/progression-proposals"


def make_routine(db: Session, doctor: User, name: str, reps: int = 10) -> Combo:
    combo = Combo(doctor_id=doctor.id, name=name)
    combo.items = [
        ComboItem(
            position=0, exercise_type=ExerciseType.SQUAT, sets=3, reps=reps, target_rom_deg=90.0
        ),
        ComboItem(position=1, exercise_type=ExerciseType.BICEP_CURL, sets=2, reps=12),
    ]
    db.add(combo)
    db.flush()
    return combo


def plan_week(
    db: Session, doctor: User, patient: User, monday: date, combos: list[Combo]
) -> WeekPlan:
    plan = WeekPlan(patient_id=patient.id, doctor_id=doctor.id, week_start=monday, items=[])
    for position, combo in enumerate(combos):
        plan.items.extend(
            WeekPlanItem(weekday=day, position=position, combo_id=combo.id) for day in DAYS
        )
    db.add(plan)
    db.flush()
    return plan


def do_sessions(
    db: Session,
    patient: User,
    plan: WeekPlan,
    combo: Combo,
    *,
    count: int,
    pain: int,
    difficulty: int = 4,
    squat_range: float = 95.0,
    confidence: float = 0.95,
) -> None:
    items = [i for i in plan.items if i.combo_id == combo.id][:count]
    for offset, item in enumerate(items):
        started = datetime.combine(plan.week_start + timedelta(days=offset * 2), time(10), UTC)
        workout = add_workout(
            db,
            patient,
            started,
            [
                {"exercise_type": ExerciseType.SQUAT, "rom_max_deg": squat_range},
                {"exercise_type": ExerciseType.BICEP_CURL, "rom_max_deg": 120.0},
            ],
            week_plan_item_id=item.id,
            combo_id=combo.id,
            pain_score=pain,
            difficulty=difficulty,
        )
        for detail in workout.details:
            detail.confidence = confidence
    db.flush()


@dataclass
class Week:
    progress: Combo
    hold: Combo
    regress: Combo


@pytest.fixture
def week(db_session: Session, clinic: Clinic) -> Week:
    """Last week A1 did every session of one routine painlessly (progress), missed one of
    another (hold), and felt pain in a third (regress)."""
    doctor, patient = clinic.doctor_a, clinic.patient_a1
    combos = Week(
        progress=make_routine(db_session, doctor, "Knees-Progress"),
        hold=make_routine(db_session, doctor, "Knees-Hold"),
        regress=make_routine(db_session, doctor, "Knees-Regress"),
    )
    plan = plan_week(
        db_session, doctor, patient, LAST_MONDAY, [combos.progress, combos.hold, combos.regress]
    )
    do_sessions(db_session, patient, plan, combos.progress, count=3, pain=2)
    do_sessions(db_session, patient, plan, combos.hold, count=2, pain=2)
    do_sessions(db_session, patient, plan, combos.regress, count=3, pain=7)
    db_session.commit()
    return combos


def proposals(client: TestClient, clinic: Clinic, **params: Any) -> list[dict[str, Any]]:
    response = client.get(
        url(clinic.patient_a1.id), headers=clinic.headers(clinic.doctor_a), params=params
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def decide(client: TestClient, clinic: Clinic, body: dict[str, Any], status: int = 200) -> Any:
    response = client.post(
        f"{url(clinic.patient_a1.id)}/decisions", headers=clinic.headers(clinic.doctor_a), json=body
    )
    assert response.status_code == status, response.text
    return response.json()


def one(items: list[dict[str, Any]], combo: Combo, exercise: str = "squat") -> dict[str, Any]:
    return next(p for p in items if p["combo_id"] == combo.id and p["exercise_code"] == exercise)


def routine_of(db: Session, combo_id: int) -> Combo:
    db.expire_all()
    return db.scalars(
        select(Combo).where(Combo.id == combo_id).options(selectinload(Combo.items))
    ).one()


def this_weeks_routines(db: Session, patient: User) -> dict[Weekday, list[int]]:
    db.expire_all()
    rows = db.execute(
        select(WeekPlanItem.weekday, WeekPlanItem.combo_id)
        .join(WeekPlan)
        .where(WeekPlan.patient_id == patient.id, WeekPlan.week_start == THIS_MONDAY)
        .order_by(WeekPlanItem.weekday, WeekPlanItem.position)
    ).all()
    days: dict[Weekday, list[int]] = {}
    for weekday, combo_id in rows:
        days.setdefault(weekday, []).append(combo_id)
    return days


def test_the_finished_week_gets_one_proposal_per_exercise_of_each_kind(
    client: TestClient, clinic: Clinic, week: Week
) -> None:
    items = proposals(client, clinic)
    assert len(items) == 6  # three routines of two exercises
    assert {p["week_start"] for p in items} == {LAST_MONDAY.isoformat()}
    assert all(p["status"] == "proposed" and p["applied"] is None for p in items)

    progress = one(items, week.progress)
    assert progress["kind"] == "progress"
    assert progress["reason"] == (
        "3 of 3 sessions done, pain 2/10, difficulty 4/10, range 95° of a 90° target: "
        "ready for more, target 90° → 100°."
    )
    assert progress["current"] == {"sets": 3, "reps": 10, "target_rom_deg": 90.0}
    assert progress["proposed"] == {"sets": 3, "reps": 10, "target_rom_deg": 100.0}
    assert progress["facts"] == {
        "planned": 3,
        "done": 3,
        "max_pain": 2,
        "mean_difficulty": 4.0,
        "range_deg": 95.0,
        "rated_sets": 3,
        "sure_sets": 3,
    }
    curl = one(items, week.progress, "bicep-curl")
    assert (curl["kind"], curl["proposed"]["reps"]) == ("progress", 14)

    hold = one(items, week.hold)
    assert hold["kind"] == "hold"
    assert hold["reason"].startswith("2 of 3 sessions done")
    assert hold["proposed"] == hold["current"]

    regress = one(items, week.regress)
    assert regress["kind"] == "regress"
    assert regress["proposed"]["reps"] == 8
    assert "pain 7/10" in regress["reason"]
    for proposal in (progress, hold, regress):
        print(f"{proposal['kind']}: {proposal['reason']}")


def test_reading_again_makes_no_new_proposals_and_changes_nothing(
    client: TestClient, clinic: Clinic, db_session: Session, week: Week
) -> None:
    first = proposals(client, clinic)
    plans_before = this_weeks_routines(db_session, clinic.patient_a1)
    second = proposals(client, clinic)
    assert [p["id"] for p in second] == [p["id"] for p in first]
    count = db_session.scalar(select(func.count(ProgressionProposal.id)))
    assert count == 6
    assert this_weeks_routines(db_session, clinic.patient_a1) == plans_before
    assert routine_of(db_session, week.progress.id).items[0].target_rom_deg == 90.0


def test_accepting_gives_next_weeks_plan_a_copy_with_the_new_dose(
    client: TestClient, clinic: Clinic, db_session: Session, week: Week
) -> None:
    # Next week (this one) has nothing yet: the finished week's plan is carried over first.
    db_session.delete(clinic.data["a1"].week_plan)
    db_session.commit()
    items = proposals(client, clinic)
    squat = one(items, week.progress)

    decided = decide(client, clinic, {"proposal_id": squat["id"], "decision": "accept"})

    assert decided["status"] == "accepted"
    assert decided["applied"] == {"sets": 3, "reps": 10, "target_rom_deg": 100.0}
    assert decided["applied_week_start"] == THIS_MONDAY.isoformat()
    assert decided["decided_by_id"] == clinic.doctor_a.id
    copy_id = decided["applied_combo_id"]
    copy = routine_of(db_session, copy_id)
    assert copy.doctor_id == clinic.doctor_a.id
    assert clinic.patient_a1.full_name in copy.name
    assert [(i.exercise_type, i.sets, i.reps, i.target_rom_deg) for i in copy.items] == [
        (ExerciseType.SQUAT, 3, 10, 100.0),
        (ExerciseType.BICEP_CURL, 2, 12, None),
    ]
    original = routine_of(db_session, week.progress.id)
    assert original.items[0].target_rom_deg == 90.0  # other patients' routine is untouched
    days = this_weeks_routines(db_session, clinic.patient_a1)
    assert set(days) == set(DAYS)
    assert all(routines == [copy_id, week.hold.id, week.regress.id] for routines in days.values())

    # The routine's other exercise goes to the same copy.
    curl = one(items, week.progress, "bicep-curl")
    again = decide(client, clinic, {"proposal_id": curl["id"], "decision": "accept"})
    assert again["applied_combo_id"] == copy_id
    assert routine_of(db_session, copy_id).items[1].reps == 14
    titles = db_session.scalars(
        select(Notification.title).where(Notification.user_id == clinic.patient_a1.id)
    ).all()
    assert f"Your plan for the week of {THIS_MONDAY} has changed" in titles


def test_accepting_changes_only_the_days_not_yet_done_of_an_existing_plan(
    client: TestClient, clinic: Clinic, db_session: Session, week: Week
) -> None:
    plan = db_session.get(WeekPlan, clinic.data["a1"].week_plan.id)
    assert plan is not None
    db_session.delete(plan)
    db_session.flush()
    this_week = plan_week(
        db_session, clinic.doctor_a, clinic.patient_a1, THIS_MONDAY, [week.regress]
    )
    monday = next(i for i in this_week.items if i.weekday == Weekday.MONDAY)
    add_workout(
        db_session,
        clinic.patient_a1,
        datetime.combine(THIS_MONDAY, time(9), UTC),
        week_plan_item_id=monday.id,
    )
    db_session.commit()
    regress = one(proposals(client, clinic), week.regress)

    decided = decide(client, clinic, {"proposal_id": regress["id"], "decision": "accept"})

    days = this_weeks_routines(db_session, clinic.patient_a1)
    assert days[Weekday.MONDAY] == [week.regress.id]  # done already: its workout stays true
    assert days[Weekday.WEDNESDAY] == days[Weekday.FRIDAY] == [decided["applied_combo_id"]]
    assert routine_of(db_session, decided["applied_combo_id"]).items[0].reps == 8


def test_an_edit_applies_the_doctors_values(
    client: TestClient, clinic: Clinic, db_session: Session, week: Week
) -> None:
    db_session.delete(clinic.data["a1"].week_plan)
    db_session.commit()
    squat = one(proposals(client, clinic), week.hold)
    decided = decide(client, clinic, {"proposal_id": squat["id"], "decision": "edit", "reps": 11})
    assert decided["status"] == "edited"
    assert decided["applied"] == {"sets": 3, "reps": 11, "target_rom_deg": 90.0}
    copy = routine_of(db_session, decided["applied_combo_id"])
    assert (copy.items[0].reps, copy.items[0].target_rom_deg) == (11, 90.0)
    days = this_weeks_routines(db_session, clinic.patient_a1)
    assert days[Weekday.MONDAY] == [week.progress.id, copy.id, week.regress.id]


def test_a_next_week_written_without_the_routine_is_left_alone(
    client: TestClient, clinic: Clinic, db_session: Session, week: Week
) -> None:
    # This week's plan (the clinic's) has another routine only: the doctor chose so.
    squat = one(proposals(client, clinic), week.progress)
    routines = db_session.scalar(select(func.count(Combo.id)))
    answer = decide(client, clinic, {"proposal_id": squat["id"], "decision": "accept"}, 409)
    assert "has no day left with this routine" in answer["detail"]
    assert this_weeks_routines(db_session, clinic.patient_a1) == {
        Weekday.MONDAY: [clinic.combos["a"].id]
    }
    assert db_session.scalar(select(func.count(Combo.id))) == routines  # no copy left behind
    assert one(proposals(client, clinic), week.progress)["status"] == "proposed"


def test_dismissing_and_accepting_a_hold_change_nothing(
    client: TestClient, clinic: Clinic, db_session: Session, week: Week
) -> None:
    items = proposals(client, clinic)
    before = this_weeks_routines(db_session, clinic.patient_a1)
    routines = db_session.scalar(select(func.count(Combo.id)))
    dismissed = decide(
        client, clinic, {"proposal_id": one(items, week.progress)["id"], "decision": "dismiss"}
    )
    held = decide(
        client, clinic, {"proposal_id": one(items, week.hold)["id"], "decision": "accept"}
    )
    assert (dismissed["status"], dismissed["applied"], dismissed["applied_combo_id"]) == (
        "dismissed",
        None,
        None,
    )
    assert (held["status"], held["applied_combo_id"]) == ("accepted", None)
    assert this_weeks_routines(db_session, clinic.patient_a1) == before
    assert db_session.scalar(select(func.count(Combo.id))) == routines


def test_a_proposal_is_decided_once(client: TestClient, clinic: Clinic, week: Week) -> None:
    proposal_id = one(proposals(client, clinic), week.progress)["id"]
    decide(client, clinic, {"proposal_id": proposal_id, "decision": "dismiss"})
    again = decide(client, clinic, {"proposal_id": proposal_id, "decision": "accept"}, 409)
    assert again["detail"] == "This proposal was already dismissed."


def test_a_proposal_whose_next_week_is_over_cannot_be_applied(
    client: TestClient, clinic: Clinic, db_session: Session, week: Week
) -> None:
    earlier = LAST_MONDAY - timedelta(weeks=1)
    plan = plan_week(db_session, clinic.doctor_a, clinic.patient_a1, earlier, [week.progress])
    do_sessions(db_session, clinic.patient_a1, plan, week.progress, count=3, pain=1)
    db_session.commit()
    old = one(proposals(client, clinic, week_start=earlier.isoformat()), week.progress)
    assert old["kind"] == "progress"
    answer = decide(client, clinic, {"proposal_id": old["id"], "decision": "accept"}, 409)
    assert "is over" in answer["detail"]


@pytest.mark.parametrize(
    "body",
    [
        {"decision": "edit"},
        {"decision": "accept", "reps": 12},
        {"decision": "dismiss", "target_rom_deg": 90},
        {"decision": "edit", "reps": None},
        {"decision": "edit", "sets": 21},
        {"decision": "edit", "target_rom_deg": 181},
        {"decision": "approve"},
    ],
)
def test_a_bad_decision_is_refused(
    client: TestClient, clinic: Clinic, week: Week, body: dict[str, Any]
) -> None:
    proposal_id = one(proposals(client, clinic), week.progress)["id"]
    decide(client, clinic, {"proposal_id": proposal_id, **body}, 422)


@pytest.mark.parametrize("week_start", ["2025-03-04", "2199-12-30", "this-week"])
def test_only_a_finished_monday_may_be_asked_for(
    client: TestClient, clinic: Clinic, week_start: str
) -> None:
    response = client.get(
        url(clinic.patient_a1.id),
        headers=clinic.headers(clinic.doctor_a),
        params={"week_start": week_start},
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_this_week_is_not_over_yet(client: TestClient, clinic: Clinic) -> None:
    response = client.get(
        url(clinic.patient_a1.id),
        headers=clinic.headers(clinic.doctor_a),
        params={"week_start": THIS_MONDAY.isoformat()},
    )
    assert response.status_code == 422
    assert "not over yet" in response.json()["detail"]


def test_only_a_doctor_caring_for_the_patient_sees_or_decides(
    client: TestClient, clinic: Clinic, db_session: Session, week: Week
) -> None:
    proposal_id = one(proposals(client, clinic), week.progress)["id"]
    for caller, status in (
        (clinic.doctor_b, 404),
        (clinic.patient_a1, 403),
        (clinic.admin, 403),
    ):
        listed = client.get(url(clinic.patient_a1.id), headers=clinic.headers(caller))
        assert listed.status_code == status
        assert "Knees-Progress" not in listed.text
        decided = client.post(
            f"{url(clinic.patient_a1.id)}/decisions",
            headers=clinic.headers(caller),
            json={"proposal_id": proposal_id, "decision": "accept"},
        )
        assert decided.status_code == status
    # Doctor A cares for A2 too, but A1's proposal is not A2's.
    foreign = client.post(
        f"{url(clinic.patient_a2.id)}/decisions",
        headers=clinic.headers(clinic.doctor_a),
        json={"proposal_id": proposal_id, "decision": "accept"},
    )
    assert foreign.status_code == 404
    db_session.expire_all()
    stored = db_session.get(ProgressionProposal, proposal_id)
    assert stored is not None and stored.status == "proposed"


def test_a_week_without_a_plan_has_no_proposals(client: TestClient, clinic: Clinic) -> None:
    assert proposals(client, clinic) == []


def test_the_side_of_an_exercise_picks_its_own_sets(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    combo = Combo(doctor_id=clinic.doctor_a.id, name="Sides")
    combo.items = [
        ComboItem(position=0, exercise_type=ExerciseType.SQUAT, side=Side.LEFT, reps=10),
        ComboItem(position=1, exercise_type=ExerciseType.SQUAT, side=Side.RIGHT, reps=10),
    ]
    db_session.add(combo)
    db_session.flush()
    plan = plan_week(db_session, clinic.doctor_a, clinic.patient_a1, LAST_MONDAY, [combo])
    for item in plan.items:
        started = datetime.combine(LAST_MONDAY, time(8), UTC)
        add_workout(
            db_session,
            clinic.patient_a1,
            started,
            [{"side": Side.LEFT, "rom_max_deg": 40.0}, {"side": Side.RIGHT, "rom_max_deg": 60.0}],
            week_plan_item_id=item.id,
            pain_score=1,
        )
    db_session.commit()
    items = proposals(client, clinic)
    assert [(p["side"], p["facts"]["range_deg"]) for p in items] == [
        ("left", 40.0),
        ("right", 60.0),
    ]


@pytest.mark.postgres_only
def test_two_first_reads_at_once_store_each_proposal_once(
    app: FastAPI, clinic: Clinic, week: Week
) -> None:
    """The second of two simultaneous first reads waits on the first one's rows, collides with
    them on the unique key once they are committed, and stores nothing more."""
    patient_id, monday = clinic.patient_a1.id, LAST_MONDAY
    with app.state.session_factory() as first:
        patient = first.get(User, patient_id)
        assert patient is not None
        assert generate(first, patient, monday) == 6  # flushed, not committed: keys locked
        outcome: list[int | BaseException] = []

        def second_reader() -> None:
            with app.state.session_factory() as second:
                try:
                    same = second.get(User, patient_id)
                    assert same is not None
                    outcome.append(generate(second, same, monday))
                    second.commit()
                except BaseException as error:  # reported below, in the test's thread
                    outcome.append(error)

        reader = threading.Thread(target=second_reader)
        reader.start()
        reader.join(timeout=1.0)
        assert reader.is_alive()  # waiting on the first reader's uncommitted keys
        first.commit()
        reader.join(timeout=30)
    assert outcome == [0]
    with app.state.session_factory() as db:
        stored = db.scalar(
            select(func.count(ProgressionProposal.id)).where(
                ProgressionProposal.patient_id == patient_id
            )
        )
    assert stored == 6


def test_an_accepted_variant_puts_the_librarys_easier_exercise_in_next_weeks_plan(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    """A squat already at its lowest dose that hurt: the library's easier variant, the mini
    squat, is proposed; accepted, next week's copy of the routine has it at the library's
    starting dose, self-reported (no range target), and the routine itself still squats."""
    doctor, patient = clinic.doctor_a, clinic.patient_a1
    combo = Combo(doctor_id=doctor.id, name="Lowest squats")
    combo.items = [ComboItem(position=0, exercise_type=ExerciseType.SQUAT, sets=1, reps=6)]
    db_session.add(combo)
    db_session.flush()
    plan = plan_week(db_session, doctor, patient, LAST_MONDAY, [combo])
    do_sessions(db_session, patient, plan, combo, count=3, pain=7)
    db_session.delete(clinic.data["a1"].week_plan)
    db_session.commit()

    squat = one(proposals(client, clinic), combo)
    assert squat["kind"] == "easier_variant"
    assert squat["proposed_variant"] == "mini-squat"
    assert squat["proposed_variant_name"] == "Mini squat"
    assert squat["reason"].endswith("try the easier mini squat.")

    decided = decide(client, clinic, {"proposal_id": squat["id"], "decision": "accept"})

    assert decided["applied"] == {"sets": 3, "reps": 10, "target_rom_deg": None}
    copy = routine_of(db_session, decided["applied_combo_id"])
    assert [(i.exercise_code, i.exercise_type, i.sets, i.reps) for i in copy.items] == [
        ("mini-squat", None, 3, 10)
    ]
    assert routine_of(db_session, combo.id).items[0].exercise_code == "squat"
