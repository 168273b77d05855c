"""Routines (combos): one library shared by doctors, each changed only by its author, and seen
by a patient only where it is part of their own plan."""

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from telerehab.enums import Weekday
from telerehab.models import Combo, ComboItem, WeekPlan, WeekPlanItem, WorkoutSession

from ..conftest import StatementCount
from ..factories import Clinic, make_combo

URL = "/api/v1/combos"
CountStatements = Callable[[], AbstractContextManager[StatementCount]]


def routine(name: str, *items: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {
        "name": name,
        "items": list(items) or [{"exercise_type": "squat"}],
        **fields,
    }


def test_doctor_writes_reads_replaces_and_deletes_a_routine(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    doctor = clinic.headers(clinic.doctor_a)
    created = client.post(
        URL,
        headers=doctor,
        json=routine(
            "  Knee week 1  ",
            {"exercise_type": "knee-raise", "side": "left", "sets": 2, "reps": 15},
            {"exercise_type": "squat", "target_rom_deg": 95, "rest_seconds": 0},
            description="Gentle start",
        ),
    )
    assert created.status_code == 201, created.text
    combo = created.json()
    assert combo["name"] == "Knee week 1"
    assert combo["doctor"] == {
        "id": clinic.doctor_a.id,
        "full_name": clinic.doctor_a.full_name,
        "role": "doctor",
    }
    assert [(i["position"], i["exercise_type"]) for i in combo["items"]] == [
        (0, "knee-raise"),
        (1, "squat"),
    ]
    first = combo["items"][0]
    assert (first["side"], first["sets"], first["reps"], first["rest_seconds"]) == (
        "left",
        2,
        15,
        60,
    )
    assert combo["items"][1]["target_rom_deg"] == 95

    assert client.get(f"{URL}/{combo['id']}", headers=doctor).json() == combo
    listed = client.get(URL, headers=doctor).json()
    assert listed["items"][0] == combo  # newest first

    replaced = client.put(
        f"{URL}/{combo['id']}",
        headers=doctor,
        json=routine(
            "Knee week 2",
            {"exercise_type": "shoulder-flexion"},
            {"exercise_type": "squat", "sets": 4},
            {"exercise_type": "bicep-curl", "side": "right"},
        ),
    )
    assert replaced.status_code == 200, replaced.text
    body = replaced.json()
    assert body["name"] == "Knee week 2"
    assert body["description"] is None  # a replacement, not a patch
    assert [(i["position"], i["exercise_type"]) for i in body["items"]] == [
        (0, "shoulder-flexion"),
        (1, "squat"),
        (2, "bicep-curl"),
    ]
    stored = db_session.scalars(
        select(ComboItem.exercise_type).where(ComboItem.combo_id == combo["id"])
    ).all()
    assert len(stored) == 3

    assert client.delete(f"{URL}/{combo['id']}", headers=doctor).status_code == 204
    assert client.get(f"{URL}/{combo['id']}", headers=doctor).status_code == 404
    assert db_session.scalar(select(func.count()).where(ComboItem.combo_id == combo["id"])) == 0


def test_doctors_share_one_library_and_filter_it(client: TestClient, clinic: Clinic) -> None:
    doctor_a = clinic.headers(clinic.doctor_a)
    client.post(URL, headers=doctor_a, json=routine("Shoulder basics"))
    names = [c["name"] for c in client.get(URL, headers=doctor_a).json()["items"]]
    assert names == ["Shoulder basics", "Combo-B-XYZ", "Combo-A-XYZ"]
    mine = client.get(URL, headers=doctor_a, params={"mine": "true"}).json()["items"]
    assert [c["name"] for c in mine] == ["Shoulder basics", "Combo-A-XYZ"]
    found = client.get(URL, headers=doctor_a, params={"search": "combo-b"}).json()["items"]
    assert [c["name"] for c in found] == ["Combo-B-XYZ"]
    # Doctor A reads doctor B's routine: the library is shared.
    other = client.get(f"{URL}/{clinic.combos['b'].id}", headers=doctor_a)
    assert other.status_code == 200
    assert other.json()["doctor"]["id"] == clinic.doctor_b.id


def test_patient_sees_only_routines_of_their_own_plans(client: TestClient, clinic: Clinic) -> None:
    a1 = clinic.headers(clinic.patient_a1)
    listed = client.get(URL, headers=a1).json()
    assert [c["name"] for c in listed["items"]] == ["Combo-A-XYZ"]
    assert len(listed["items"][0]["items"]) == 2
    assert client.get(f"{URL}/{clinic.combos['a'].id}", headers=a1).status_code == 200
    hidden = client.get(f"{URL}/{clinic.combos['b'].id}", headers=a1)
    assert hidden.status_code == 404
    assert "Combo-B" not in hidden.text
    b1 = clinic.headers(clinic.patient_b1)
    assert [c["name"] for c in client.get(URL, headers=b1).json()["items"]] == ["Combo-B-XYZ"]


def test_only_the_author_changes_a_routine(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    combo_b = clinic.combos["b"]
    doctor_a = clinic.headers(clinic.doctor_a)
    replaced = client.put(f"{URL}/{combo_b.id}", headers=doctor_a, json=routine("Taken over"))
    assert replaced.status_code == 403
    assert replaced.json()["detail"] == "Only the author may change a routine."
    assert client.delete(f"{URL}/{combo_b.id}", headers=doctor_a).status_code == 403
    # The refusal comes before the body is read: a bad body does not turn it into a 422.
    assert client.put(f"{URL}/{combo_b.id}", headers=doctor_a, json={}).status_code == 403
    db_session.expire_all()
    assert db_session.get(Combo, combo_b.id) is not None
    assert db_session.get(Combo, combo_b.id).name == "Combo-B-XYZ"  # type: ignore[union-attr]


@pytest.mark.parametrize("caller", ["patient_a1", "admin"])
def test_roles_that_never_write_routines_get_403(
    client: TestClient, clinic: Clinic, caller: str
) -> None:
    headers = clinic.headers(getattr(clinic, caller))
    combo_a = clinic.combos["a"].id
    assert client.post(URL, headers=headers, json=routine("Mine now")).status_code == 403
    assert client.put(f"{URL}/{combo_a}", headers=headers, json=routine("x")).status_code == 403
    assert client.delete(f"{URL}/{combo_a}", headers=headers).status_code == 403


def test_admins_see_no_routines(client: TestClient, clinic: Clinic) -> None:
    admin = clinic.headers(clinic.admin)
    for path in (URL, f"{URL}/{clinic.combos['a'].id}"):
        response = client.get(path, headers=admin)
        assert response.status_code == 403
        assert "Combo-A" not in response.text
    assert client.get(URL).status_code == 401


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"name": "", "items": [{"exercise_type": "squat"}]},
        {"name": "x" * 121, "items": [{"exercise_type": "squat"}]},
        {"name": "No items", "items": []},
        {"name": "Too many", "items": [{"exercise_type": "squat"}] * 31},
        routine("Bad exercise", {"exercise_type": "cartwheel"}),
        routine("Bad side", {"exercise_type": "squat", "side": "up"}),
        routine("No sets", {"exercise_type": "squat", "sets": 0}),
        routine("Many sets", {"exercise_type": "squat", "sets": 21}),
        routine("Many reps", {"exercise_type": "squat", "reps": 201}),
        routine("Long rest", {"exercise_type": "squat", "rest_seconds": 901}),
        routine("Negative rest", {"exercise_type": "squat", "rest_seconds": -1}),
        routine("Wide", {"exercise_type": "squat", "target_rom_deg": 181}),
        # The engine cannot judge reps against a target of 0 (standing still reaches it).
        routine("No range", {"exercise_type": "squat", "target_rom_deg": 0}),
        routine("Half a degree", {"exercise_type": "squat", "target_rom_deg": 0.5}),
        routine("Item extra", {"exercise_type": "squat", "position": 4}),
        routine("Extra", extra=1),
        routine("Empty description", description=""),
    ],
)
def test_bad_routine_input_is_a_clear_422(
    client: TestClient, clinic: Clinic, body: dict[str, Any]
) -> None:
    doctor = clinic.headers(clinic.doctor_a)
    for response in (
        client.post(URL, headers=doctor, json=body),
        client.put(f"{URL}/{clinic.combos['a'].id}", headers=doctor, json=body),
    ):
        assert response.status_code == 422, body
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["detail"]


def test_thirty_items_and_edge_values_are_accepted(client: TestClient, clinic: Clinic) -> None:
    edge = {"exercise_type": "squat", "sets": 20, "reps": 200, "rest_seconds": 900}
    targets = [{"exercise_type": "squat", "target_rom_deg": degrees} for degrees in (1, 180)]
    items = [edge, *targets] + [edge] * 27
    created = client.post(
        URL, headers=clinic.headers(clinic.doctor_a), json=routine("Full", *items)
    )
    assert created.status_code == 201, created.text
    assert [i["position"] for i in created.json()["items"]] == list(range(30))
    assert [i["target_rom_deg"] for i in created.json()["items"][1:3]] == [1, 180]


def test_a_target_of_0_stored_before_the_rule_reads_as_no_target(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    """The database still takes 0-180 degrees: a routine written when the API took 0 is shown,
    and so exercised, without a target rather than with one the engine refuses."""
    combo = clinic.combos["a"]
    db_session.execute(
        update(ComboItem)
        .where(ComboItem.combo_id == combo.id, ComboItem.position == 0)
        .values(target_rom_deg=0)
    )
    db_session.commit()
    read = client.get(f"{URL}/{combo.id}", headers=clinic.headers(clinic.doctor_a))
    assert read.status_code == 200
    assert [item["target_rom_deg"] for item in read.json()["items"]] == [None, None]


def test_names_are_unique_per_doctor(client: TestClient, clinic: Clinic) -> None:
    doctor_a = clinic.headers(clinic.doctor_a)
    duplicate = client.post(URL, headers=doctor_a, json=routine("Combo-A-XYZ"))
    assert duplicate.status_code == 409
    assert duplicate.headers["content-type"] == "application/problem+json"
    # Another doctor's name is free to use.
    assert client.post(URL, headers=doctor_a, json=routine("Combo-B-XYZ")).status_code == 201
    second = client.post(URL, headers=doctor_a, json=routine("Second")).json()
    renamed = client.put(f"{URL}/{second['id']}", headers=doctor_a, json=routine("Combo-A-XYZ"))
    assert renamed.status_code == 409
    kept = client.put(f"{URL}/{second['id']}", headers=doctor_a, json=routine("Second"))
    assert kept.status_code == 200


def test_missing_routines_answer_404(client: TestClient, clinic: Clinic) -> None:
    doctor = clinic.headers(clinic.doctor_a)
    for method in ("GET", "PUT", "DELETE"):
        body = routine("Ghost") if method == "PUT" else None
        response = client.request(method, f"{URL}/999999", headers=doctor, json=body)
        assert response.status_code == 404, method
    assert client.get(f"{URL}/0", headers=doctor).status_code == 422
    assert client.get(URL, headers=doctor, params={"limit": 101}).status_code == 422
    assert client.get(URL, headers=doctor, params={"cursor": "garbage"}).status_code == 422


def test_a_routine_in_use_cannot_be_deleted(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    combo_a = clinic.combos["a"].id
    doctor = clinic.headers(clinic.doctor_a)
    refused = client.delete(f"{URL}/{combo_a}", headers=doctor)
    assert refused.status_code == 409
    assert "week plan" in refused.json()["detail"]
    # Once no plan uses it, it goes; past workouts keep their history without the link.
    workout = clinic.data["a1"].workout
    db_session.get(WorkoutSession, workout.id).combo_id = combo_a  # type: ignore[union-attr]
    for item in db_session.scalars(select(WeekPlanItem).where(WeekPlanItem.combo_id == combo_a)):
        db_session.delete(item)
    db_session.commit()
    assert client.delete(f"{URL}/{combo_a}", headers=doctor).status_code == 204
    db_session.expire_all()
    kept = db_session.get(WorkoutSession, workout.id)
    assert kept is not None and kept.combo_id is None


def test_pages_walk_the_library_newest_first(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    for number in range(7):
        make_combo(db_session, clinic.doctor_a, f"Paged {number}")
    db_session.commit()
    doctor = clinic.headers(clinic.doctor_a)
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 3, "mine": True}
        if cursor:
            params["cursor"] = cursor
        page = client.get(URL, headers=doctor, params=params).json()
        assert all(len(c["items"]) == 2 for c in page["items"])  # items survive the LIMIT
        seen += [c["name"] for c in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"Paged {n}" for n in reversed(range(7))] + ["Combo-A-XYZ"]


def test_listing_costs_the_same_statements_for_1_or_50_routines(
    client: TestClient, clinic: Clinic, db_session: Session, count_statements: CountStatements
) -> None:
    plan = db_session.get(WeekPlan, clinic.data["a1"].week_plan.id)
    assert plan is not None
    for number in range(60):
        combo = make_combo(
            db_session, clinic.doctor_b if number % 2 else clinic.doctor_a, f"R{number}"
        )
        # Each also sits in one of A1's plans, so the patient's page is as full as the doctor's.
        db_session.add(
            WeekPlan(
                patient_id=clinic.patient_a1.id,
                doctor_id=clinic.doctor_a.id,
                week_start=plan.week_start - timedelta(weeks=number + 1),
                items=[WeekPlanItem(weekday=Weekday.TUESDAY, position=0, combo_id=combo.id)],
            )
        )
    db_session.commit()
    for caller in (clinic.doctor_a, clinic.patient_a1):
        headers = clinic.headers(caller)
        counts = {}
        for limit in (1, 50):
            with count_statements() as counted:
                response = client.get(URL, headers=headers, params={"limit": limit})
            assert response.status_code == 200
            assert len(response.json()["items"]) == limit
            assert all(len(c["items"]) == 2 for c in response.json()["items"])
            counts[limit] = counted.count
        print(f"\ncombos-list as {caller.role}: {counts}")
        assert counts[1] == counts[50], counted.statements
