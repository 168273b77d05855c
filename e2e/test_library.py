"""The exercise library: the doctors' Library screen (search, filters), an exercise's moving
demonstration (and its still key poses when reduced motion is asked for), and a patient
recording a self-reported exercise of today's routine from the Today screen."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from conftest import SCREENSHOTS, Api, settled
from playwright.sync_api import Page, ViewportSize, expect

PHONE: ViewportSize = {"width": 390, "height": 844}
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


def test_the_library_is_searched_and_filtered(
    open_as: Callable[..., Page], snap: Callable[[Page, str], None]
) -> None:
    page = open_as("doctor", "/dashboard")
    page.goto(page.url.replace("/dashboard", "/library"))
    expect(page.get_by_role("heading", level=1, name="Exercise library")).to_be_visible()
    settled(page)
    exercises = page.get_by_role("list", name="Exercises").get_by_role("listitem")
    count = int(re.search(r"\d+", page.get_by_role("status").inner_text()).group())  # type: ignore[union-attr]
    assert count >= 40
    expect(exercises).to_have_count(count)
    snap(page, "doctor-library")

    page.get_by_role("searchbox", name="Search exercises").fill("heel slide")
    expect(exercises).to_have_count(1)
    expect(exercises.get_by_role("link", name="Heel slide")).to_be_visible()

    page.get_by_role("button", name="Clear search").click()
    page.get_by_role("button", name=re.compile("Body region")).click()
    page.get_by_role("option", name="Knee", exact=True).click()
    page.get_by_role("button", name=re.compile("Goal")).click()
    page.get_by_role("option", name="Range of motion", exact=True).click()
    expect(exercises.get_by_role("link", name="Heel slide")).to_be_visible()
    expect(exercises.get_by_role("link", name="Bridge", exact=True)).to_have_count(0)
    expect(exercises.get_by_role("link", name="Squat", exact=True)).to_have_count(0)  # strength
    for item in exercises.all():
        expect(item.get_by_text("Knee", exact=True)).to_be_visible()

    exercises.get_by_role("link", name="Heel slide").click()
    expect(page.get_by_role("heading", level=1, name="Heel slide")).to_be_visible()
    expect(page.get_by_role("heading", name="How to do it")).to_be_visible()

    page.set_viewport_size(PHONE)
    page.wait_for_timeout(300)
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    page.screenshot(path=str(SCREENSHOTS / "doctor-library-exercise-390.png"), full_page=True)


def test_a_demonstration_moves_between_its_key_poses(
    open_as: Callable[..., Page], requests_seen: dict[Page, list[str]]
) -> None:
    page = open_as("doctor", "/library/squat")
    figure = page.get_by_role("img", name=re.compile(r"^Squat, demonstrated by a figure"))
    expect(figure).to_be_visible()
    expect(figure).to_have_accessible_name(re.compile("Standing, then Squat"))
    near_leg = figure.locator("path[data-side='left']").last
    shapes = set()
    for _ in range(6):
        shapes.add(near_leg.get_attribute("d"))
        page.wait_for_timeout(400)
    assert len(shapes) >= 3, "the figure does not move"
    # Drawn here: no video, no image, nothing from another site.
    assert not [url for url in requests_seen[page] if re.search(r"\.(mp4|webm|gif|png)$", url)]

    page.emulate_media(reduced_motion="reduce")
    still = page.get_by_role("img", name=re.compile(r"^Squat, demonstrated by a figure"))
    expect(still.get_by_text("1. Standing")).to_be_visible()
    expect(still.get_by_text("2. Squat")).to_be_visible()
    legs = still.locator("svg").first.locator("path[data-side='left']").last
    before = legs.get_attribute("d")
    page.wait_for_timeout(800)
    assert legs.get_attribute("d") == before  # still


def _routine_with_a_self_report(api: Callable[[str], Api], patient_id: int) -> str:
    """A routine of a squat (camera) and a bridge (self-reported), planned for today."""
    doctor = api("doctor")
    name = f"Hips and knees {secrets.token_hex(3)}"
    combo = doctor.send(
        "POST",
        "/api/v1/combos",
        {
            "name": name,
            "items": [
                {"exercise_code": "squat", "sets": 2, "reps": 8},
                {"exercise_code": "bridge", "sets": 2, "reps": 10},
            ],
        },
    )
    assert [item["recording"] for item in combo["items"]] == ["camera", "self_report"]
    today = datetime.now(UTC).date()
    monday = today - timedelta(days=today.weekday())
    doctor.send(
        "PUT",
        f"/api/v1/patients/{patient_id}/week-plans/{monday.isoformat()}",
        {"days": [{"weekday": today.strftime("%A").lower(), "combo_ids": [combo["id"]]}]},
    )
    return name


def test_a_patient_records_a_self_reported_exercise_from_today(
    open_as: Callable[..., Page],
    api: Callable[[str], Api],
    patient_id: int,
    snap: Callable[[Page, str], None],
) -> None:
    routine = _routine_with_a_self_report(api, patient_id)
    page = open_as("patient", "/today", viewport=PHONE)
    card = page.get_by_role("region", name=re.compile(rf"\d+\. {routine}"))
    expect(card).to_be_visible()
    expect(card.get_by_role("link", name="Start exercise")).to_be_visible()  # the squat
    bridge = card.get_by_role("region", name="Bridge")
    expect(bridge.get_by_role("img", name=re.compile("^Bridge, demonstrated"))).to_be_visible()
    expect(bridge.get_by_text("Tighten your buttocks", exact=False)).to_be_visible()
    settled(page)
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    snap(page, "patient-today-self-report")

    form = bridge.get_by_role("form", name="Record Bridge")
    form.get_by_role("textbox", name="Set 2: reps").fill("7")
    form.get_by_role("button", name="Save Bridge").click()
    expect(
        form.get_by_role("alert").first.or_(form.get_by_text(re.compile("Choose")).first)
    ).to_be_visible()
    form.get_by_role("radiogroup", name="Pain right now").get_by_text("2", exact=True).click()
    form.get_by_role("radiogroup", name="How hard was it?").get_by_text("5", exact=True).click()
    form.get_by_role("button", name="Save Bridge").click()
    expect(form.get_by_role("status")).to_have_text("Bridge recorded: 17 reps in 2 sets.")
    page.screenshot(path=str(SCREENSHOTS / "patient-today-self-report-saved-390.png"))

    sessions = api("patient").get(f"/api/v1/patients/{patient_id}/workout-sessions", limit=5)
    latest = sessions["items"][0]
    assert latest["source"] == "self_report"
    assert [(s["exercise_code"], s["reps_done"]) for s in latest["details"]] == [
        ("bridge", 10),
        ("bridge", 7),
    ]
    assert (latest["pain_score"], latest["difficulty"]) == (2, 5)
    # The routine counts as done today, like one done with the camera.
    expect(card.get_by_text("Done today")).to_be_visible()


def test_the_routine_editor_picks_from_the_library(
    open_as: Callable[..., Page], api: Callable[[str], Api]
) -> None:
    name = f"Library routine {secrets.token_hex(3)}"
    page = open_as("doctor", "/routines/new")
    expect(page.get_by_role("heading", level=1, name="New routine")).to_be_visible()
    settled(page)
    page.get_by_label("Name", exact=True).fill(name)
    first = page.get_by_role("listitem", name=re.compile(r"^Exercise 1"))
    first.get_by_role("button", name=re.compile("Exercise")).click()
    # Grouped by body region, every exercise of the library; the camera's marked.
    expect(page.get_by_role("option", name="Squat (camera)")).to_be_attached()
    page.get_by_role("option", name="Heel slide", exact=True).click()
    chosen = page.get_by_role("listitem", name="Exercise 1: Heel slide")
    expect(chosen).to_be_visible()
    expect(chosen.get_by_text("The patient enters the sets and reps done.")).to_be_visible()
    expect(chosen.get_by_label(re.compile("^Target"))).to_have_count(0)  # no camera, no range
    page.get_by_role("button", name="Create routine").click()
    page.wait_for_url(re.compile(r"/routines(/\d+)?$"))

    combos = api("doctor").get("/api/v1/combos", mine=True, search=name, limit=5)["items"]
    assert [(i["exercise_code"], i["recording"]) for i in combos[0]["items"]] == [
        ("heel-slide", "self_report")
    ]
