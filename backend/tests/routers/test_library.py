"""The exercise library over HTTP, and a patient's self-reported exercise: stored as a finished
session, in the history, and counted toward adherence like a camera session."""

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from telerehab.enums import ExerciseType, Side
from telerehab.library import LIBRARY
from telerehab.models import Combo, ComboItem, WeekPlanItem

from ..factories import Clinic

URL = "/api/v1/exercise-library"
SELF_REPORTS = "/api/v1/exercise-sessions/self-reports"


def _codes(client: TestClient, clinic: Clinic, **params: Any) -> list[str]:
    answer = client.get(URL, params=params, headers=clinic.headers(clinic.patient_a1))
    assert answer.status_code == 200, answer.text
    return [item["code"] for item in answer.json()["items"]]


def test_pages_walk_the_whole_library_by_name_once(client: TestClient, clinic: Clinic) -> None:
    headers = clinic.headers(clinic.doctor_a)
    seen: list[dict[str, Any]] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 7, **({"cursor": cursor} if cursor else {})}
        page = client.get(URL, params=params, headers=headers).json()
        assert len(page["items"]) <= 7
        seen.extend(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(LIBRARY) >= 40
    assert len({item["code"] for item in seen}) == len(seen)
    assert [i["name"].casefold() for i in seen] == sorted(i["name"].casefold() for i in seen)
    bridge = next(item for item in seen if item["code"] == "bridge")
    assert bridge["recording"] == "self_report" and bridge["camera"] is None
    assert bridge["region"] == "hip" and bridge["goal"] == "strength"
    assert bridge["instructions"] and bridge["cautions"]
    assert bridge["dose"] == {"sets": 3, "reps": 10, "rest_seconds": 60, "hold_seconds": 3}
    assert bridge["demonstration"]["view"] == "side"
    assert len(bridge["demonstration"]["poses"]) >= 2
    squat = next(item for item in seen if item["code"] == "squat")
    assert squat["recording"] == "camera" and squat["camera"] == "squat"


def test_search_and_filters(client: TestClient, clinic: Clinic) -> None:
    assert _codes(client, clinic, q="heel slide") == ["heel-slide"]
    knee_rom = _codes(client, clinic, region="knee", goal="range_of_motion")
    assert knee_rom and all(
        LIBRARY[c].region == "knee" and LIBRARY[c].goal == "range_of_motion" for c in knee_rom
    )
    # A repeated filter matches any of its values.
    both = _codes(client, clinic, region=["elbow", "ankle"], goal="balance")
    assert both and {LIBRARY[c].region for c in both} == {"ankle"}
    assert set(_codes(client, clinic, recording="camera")) == {t.value for t in ExerciseType}
    assert _codes(client, clinic, code=["bridge", "squat"]) == ["bridge", "squat"]
    assert _codes(client, clinic, q="zebra") == []


def test_bad_filters_and_cursors_are_422(client: TestClient, clinic: Clinic) -> None:
    headers = clinic.headers(clinic.doctor_a)
    for params in (
        {"region": "neck"},
        {"goal": "speed"},
        {"recording": "video"},
        {"limit": 0},
        {"q": ""},
        {"cursor": "forged.cursor"},
    ):
        answer = client.get(URL, params=params, headers=headers)
        assert answer.status_code == 422, params
        assert answer.headers["content-type"].startswith("application/problem+json")
    # A cursor of another list (signed by us, with other keys) is refused too.
    other = client.get("/api/v1/patients", params={"limit": 1}, headers=headers).json()
    assert other["next_cursor"]
    answer = client.get(URL, params={"cursor": other["next_cursor"]}, headers=headers)
    assert answer.status_code == 422


def _self_report_routine(db: Session, clinic: Clinic) -> WeekPlanItem:
    """Patient A1's planned routine, with a bridge added after its camera exercises."""
    planned = clinic.data["a1"].week_plan.items[0]
    db.add(ComboItem(combo_id=planned.combo_id, position=5, exercise_code="bridge", reps=12))
    db.commit()
    return planned


def test_a_patient_self_reports_a_planned_exercise(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    planned = _self_report_routine(db_session, clinic)
    headers = clinic.headers(clinic.patient_a1)
    before = _patient_row(client, clinic)
    body = {
        "exercise_code": "bridge",
        "week_plan_item_id": planned.id,
        "reps_per_set": [12, 10, 8],
        "pain_score": 2,
        "difficulty": 6,
        "notes": "Harder on the last set",
        "client_key": "report-abcdef-1",
    }
    created = client.post(SELF_REPORTS, json=body, headers=headers)
    assert created.status_code == 201, created.text
    session = created.json()
    assert session["source"] == "self_report"
    assert session["combo_id"] == planned.combo_id and session["ended_at"] is not None
    assert (session["pain_score"], session["difficulty"]) == (2, 6)
    sets = session["details"]
    assert [s["reps_done"] for s in sets] == [12, 10, 8]
    assert [s["set_number"] for s in sets] == [1, 2, 3]
    assert {s["exercise_code"] for s in sets} == {"bridge"}
    assert {s["exercise_type"] for s in sets} == {None}
    assert {s["reps_target"] for s in sets} == {12}

    # A retry returns the same session and stores nothing twice.
    again = client.post(SELF_REPORTS, json=body, headers=headers)
    assert again.status_code == 200 and again.json()["id"] == session["id"]

    # It is in the patient's history, and counts toward this week's adherence.
    history = client.get(
        f"/api/v1/patients/{clinic.patient_a1.id}/workout-sessions", headers=headers
    )
    assert history.status_code == 200, history.text
    assert session["id"] in [s["id"] for s in history.json()["items"]]
    after = _patient_row(client, clinic)
    assert after["sessions_done_this_week"] == before["sessions_done_this_week"] + 1


def _patient_row(client: TestClient, clinic: Clinic) -> dict[str, Any]:
    listed = client.get("/api/v1/patients", headers=clinic.headers(clinic.doctor_a)).json()
    return next(p for p in listed["items"] if p["id"] == clinic.patient_a1.id)


def test_self_report_validation(client: TestClient, clinic: Clinic, db_session: Session) -> None:
    planned = _self_report_routine(db_session, clinic)
    headers = clinic.headers(clinic.patient_a1)
    valid = {"exercise_code": "bridge", "reps_per_set": [10], "pain_score": 0, "difficulty": 1}
    for change in (
        {"exercise_code": "squat"},  # the camera counts it
        {"exercise_code": "no-such-exercise"},
        {"reps_per_set": []},
        {"reps_per_set": [201]},
        {"reps_per_set": [-1]},
        {"pain_score": 11},
        {"difficulty": 0},
        {"side": "middle"},
        {"unknown": 1},
        {"exercise_code": "clamshell", "week_plan_item_id": planned.id},  # not in the routine
    ):
        answer = client.post(SELF_REPORTS, json={**valid, **change}, headers=headers)
        assert answer.status_code == 422, (change, answer.text)
    # Another patient's planned routine is not found; a doctor may not report for a patient.
    foreign = clinic.data["a2"].week_plan.items[0]
    answer = client.post(
        SELF_REPORTS, json={**valid, "week_plan_item_id": foreign.id}, headers=headers
    )
    assert answer.status_code == 404
    answer = client.post(SELF_REPORTS, json=valid, headers=clinic.headers(clinic.doctor_a))
    assert answer.status_code == 403
    # A free report (no plan) is accepted.
    free = client.post(SELF_REPORTS, json={**valid, "side": "left"}, headers=headers)
    assert free.status_code == 201 and free.json()["details"][0]["side"] == Side.LEFT


def test_routines_take_library_exercises(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    headers = clinic.headers(clinic.doctor_a)
    body = {
        "name": "Knee week one",
        "items": [
            {"exercise_code": "squat", "sets": 2, "reps": 8, "target_rom_deg": 90},
            {"exercise_type": "bicep-curl"},  # older clients name the engine's exercise
            {"exercise_code": "heel-slide", "sets": 2, "reps": 10},
        ],
    }
    created = client.post("/api/v1/combos", json=body, headers=headers)
    assert created.status_code == 201, created.text
    items = created.json()["items"]
    assert [(i["exercise_code"], i["exercise_type"], i["recording"]) for i in items] == [
        ("squat", "squat", "camera"),
        ("bicep-curl", "bicep-curl", "camera"),
        ("heel-slide", None, "self_report"),
    ]
    stored = db_session.scalars(
        select(ComboItem.exercise_code)
        .join(Combo, Combo.id == ComboItem.combo_id)
        .where(Combo.name == "Knee week one")
        .order_by(ComboItem.position)
    ).all()
    assert stored == ["squat", "bicep-curl", "heel-slide"]
    for item in (
        {"exercise_code": "nothing-like-it"},
        {"exercise_code": "squat", "exercise_type": "bicep-curl"},
        {"exercise_code": "heel-slide", "target_rom_deg": 90},
        {},
    ):
        answer = client.post(
            "/api/v1/combos", json={"name": "Bad", "items": [item]}, headers=headers
        )
        assert answer.status_code == 422, item
