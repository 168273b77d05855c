"""The doctor's weekly progression review: a proposal made from last week is accepted in one
click, and next week's plan (here the current week, which had no plan) gets the new dose."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from conftest import USERS, Api, Server, settled
from playwright.sync_api import Page, expect

PHONE = {"width": 390, "height": 844}
TIMES = "\N{MULTIPLICATION SIGN}"


def test_a_doctor_accepts_a_proposal_and_next_weeks_plan_changes(
    api: Callable[[str], Api],
    server: Server,
    open_as: Callable[..., Page],
    snap: Callable[[Page, str], None],
    screenshot_dir: Path,
) -> None:
    doctor = api("doctor")
    # A patient of the doctor other than the one the other tests look at.
    mine = doctor.get("/api/v1/patients", limit=100)["items"]
    other = min(p["username"] for p in mine if p["username"] != USERS["patient"])
    patient = Api(server, other)
    patient_id = patient.user["id"]
    today = datetime.now(UTC).astimezone(ZoneInfo(patient.user["time_zone"])).date()
    this_monday = today - timedelta(days=today.weekday())
    last_monday = this_monday - timedelta(weeks=1)

    # Last week: a routine of knee raises on two days, both done, painless and easy.
    name = f"E2E progression {secrets.token_hex(3)}"
    combo = doctor.send(
        "POST",
        "/api/v1/combos",
        {
            "name": name,
            "items": [{"exercise_type": "knee-raise", "sets": 2, "reps": 10}],
        },
    )
    days = [{"weekday": day, "combo_ids": [combo["id"]]} for day in ("monday", "wednesday")]
    plan = doctor.send(
        "PUT", f"/api/v1/patients/{patient_id}/week-plans/{last_monday}", {"days": days}
    )
    for day in plan["days"]:
        started = patient.send(
            "POST",
            "/api/v1/exercise-sessions",
            {"week_plan_item_id": day["items"][0]["id"]},
        )
        patient.send(
            "POST",
            f"/api/v1/exercise-sessions/{started['id']}/finish",
            {"pain_score": 1, "difficulty": 3},
        )
    # This week has no plan yet: accepting carries last week's over, with the new dose.
    for week in doctor.get(f"/api/v1/patients/{patient_id}/week-plans", limit=20)["items"]:
        if week["week_start"] == this_monday.isoformat():
            doctor.client.delete(f"/api/v1/week-plans/{week['id']}").raise_for_status()

    page = open_as("doctor", f"/patients/{patient_id}/progression", viewport=PHONE)
    card = page.get_by_role("article", name="Knee raise: Progress")
    expect(card).to_contain_text(
        "2 of 2 sessions done, pain 1/10, difficulty 3/10: ready for more, reps 10 → 12."
    )
    expect(card).to_contain_text(
        f"Now 2 {TIMES} 10, no range target · proposed 2 {TIMES} 12, no range target"
    )
    settled(page)
    page.screenshot(path=str(screenshot_dir / "doctor-progression-390.png"), full_page=True)

    card.get_by_role("button", name="Accept: Knee raise").click()

    expect(card.get_by_text("Accepted", exact=True)).to_be_visible()
    expect(card).to_contain_text(f"2 {TIMES} 12, no range target.")
    expect(card.get_by_role("button", name=re.compile("Accept"))).to_have_count(0)
    settled(page)
    page.screenshot(
        path=str(screenshot_dir / "doctor-progression-accepted-390.png"), full_page=True
    )

    # The week plan tab shows this week with the patient's copy of the routine.
    page.get_by_role("tab", name="Week plan").click()
    expect(
        page.get_by_text(re.compile(rf"{name} · {patient.user['full_name']}")).first
    ).to_be_visible()
    snap(page, "doctor-progression-next-week")
    this_week = next(
        week
        for week in doctor.get(f"/api/v1/patients/{patient_id}/week-plans", limit=20)["items"]
        if week["week_start"] == this_monday.isoformat()
    )
    routines = [item["combo"] for day in this_week["days"] for item in day["items"]]
    assert [r["items"][0]["reps"] for r in routines] == [12, 12]
    assert {r["name"] for r in routines} != {name}
    assert doctor.get(f"/api/v1/combos/{combo['id']}")["items"][0]["reps"] == 10
