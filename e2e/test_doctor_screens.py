"""The doctor's screens: dashboard, patients and a patient's record, routines, week plans,
schedule, messages and notifications, reached through the navigation as a doctor would."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from conftest import PHONE, SCREENSHOTS, Api, Server, go, settled
from playwright.sync_api import Page, expect
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from telerehab.models import Schedule
from telerehab.seeding.content import DIAGNOSES

PATIENT_NAME = "Ada Achebe"


def pick(page: Page, field: str, option: str) -> None:
    """Choose in a select field (react-aria: a button that opens a list box)."""
    page.get_by_role("button", name=re.compile(field)).click()
    page.get_by_role("option", name=re.compile(option)).first.click()


def test_dashboard_shows_the_day(
    open_as: Callable[..., Page], snap: Callable[[Page, str], None]
) -> None:
    page = open_as("doctor", "/dashboard")
    expect(page.get_by_role("heading", level=1, name="Dashboard")).to_be_visible()
    for section in ("Today's appointments", "Patients needing attention", "Recent activity"):
        expect(page.get_by_role("heading", level=2, name=section)).to_be_visible()
    snap(page, "doctor-dashboard")


def test_patient_list_leads_to_the_patient_record(
    open_as: Callable[..., Page], snap: Callable[[Page, str], None]
) -> None:
    page = open_as("doctor", "/dashboard")
    go(page, "Patients")
    expect(page.get_by_role("heading", level=1, name="Patients")).to_be_visible()
    snap(page, "doctor-patients")
    page.get_by_label("Search patients").fill("Ada")
    page.get_by_role("link", name=PATIENT_NAME).click()
    expect(page.get_by_role("heading", level=1, name=PATIENT_NAME)).to_be_visible()
    tabs = page.get_by_role("tablist", name="Patient record").get_by_role("tab")
    expect(tabs).to_have_text(
        [
            "Overview",
            "Medical records",
            "Clinical notes",
            "Week plan",
            "Sessions",
            "Progress",
            "Progression",
            "Questionnaires",
            "Reports and time",
        ]
    )
    snap(page, "doctor-patient-overview")
    for tab, name in (
        ("Medical records", "records"),
        ("Week plan", "plan"),
        ("Sessions", "sessions"),
        ("Progress", "progress"),
        ("Progression", "progression"),
        ("Questionnaires", "questionnaires"),
        ("Reports and time", "reports"),
    ):
        page.get_by_role("tab", name=tab, exact=True).click()
        expect(page).to_have_url(re.compile(rf"/patients/\d+/{name}$"))
        expect(page.get_by_role("tabpanel")).to_be_visible()
        settled(page)
        if name == "progress":
            expect(page.get_by_role("img").first).to_be_visible()  # a chart, drawn
        snap(page, f"doctor-patient-{name}")


def test_the_patient_records_tabs_keep_to_one_row_on_a_phone(
    open_as: Callable[..., Page], patient_id: int
) -> None:
    """Nine tabs on a phone: one row that scrolls sideways, with the open tab in view, rather than
    four lines that push the tab's content below the middle of the screen."""
    page = open_as("doctor", f"/patients/{patient_id}/reports", viewport=PHONE)
    tablist = page.get_by_role("tablist", name="Patient record")
    tabs = tablist.get_by_role("tab")
    expect(tabs).to_have_count(9)
    row, first = tablist.bounding_box(), tabs.first.bounding_box()
    assert row is not None and first is not None
    assert row["height"] < 2 * first["height"], f"the tabs take {row['height']} px"
    selected = tablist.get_by_role("tab", name="Reports and time")
    expect(selected).to_have_attribute("aria-selected", "true")
    box = selected.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The first tab lies beyond the row's left edge; a tap reaches it.
    tablist.get_by_role("tab", name="Overview").click()
    expect(page).to_have_url(re.compile(r"/patients/\d+/overview$"))


def test_a_clinical_note_is_written(open_as: Callable[..., Page], patient_id: int) -> None:
    page = open_as("doctor", f"/patients/{patient_id}/notes")
    text = "E2E: range of motion improving; keep the load light."
    page.get_by_label("New note").fill(text)
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_role("article").filter(has_text=text)).to_be_visible()
    expect(page.get_by_label("New note")).to_have_value("")


def test_a_routine_is_built(
    open_as: Callable[..., Page], snap: Callable[[Page, str], None]
) -> None:
    page = open_as("doctor", "/dashboard")
    go(page, "Routines")
    expect(page.get_by_role("heading", level=1, name="Routines")).to_be_visible()
    snap(page, "doctor-routines")
    page.get_by_role("link", name="New routine").click()
    expect(page.get_by_role("heading", level=1, name="New routine")).to_be_visible()
    page.get_by_label("Name", exact=True).fill("E2E arm routine")
    page.get_by_role("button", name="+ Add exercise").click()
    expect(page.get_by_role("listitem", name=re.compile(r"^Exercise 2"))).to_be_visible()
    snap(page, "doctor-routine-editor")
    # Leaving with unsaved edits asks first; staying keeps them.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Patients").click()
    question = page.get_by_role("alertdialog", name="Leave without saving?")
    expect(question).to_contain_text("Your changes to this routine have not been saved")
    question.get_by_role("button", name="Stay and keep editing").click()
    expect(page.get_by_label("Name", exact=True)).to_have_value("E2E arm routine")
    page.get_by_role("button", name="Create routine").click()
    page.wait_for_url(re.compile(r"/routines(/\d+)?$"))
    go(page, "Routines")
    page.get_by_label("Search routines").fill("E2E arm")
    expect(page.get_by_role("heading", name="E2E arm routine")).to_be_visible()


def test_the_week_plan_is_edited(
    open_as: Callable[..., Page], patient_id: int, snap: Callable[[Page, str], None]
) -> None:
    page = open_as("doctor", f"/patients/{patient_id}/plan")
    edit = page.get_by_role("button", name=re.compile("Edit plan|Create a plan for this week"))
    edit.click()
    expect(page.get_by_role("group", name="Week plan editor")).to_be_visible()
    pick(page, "Add to Sunday", "Squat basics")
    page.get_by_label("Notes for the patient").fill("E2E: squats on Sunday, slowly.")
    snap(page, "doctor-week-plan-editor")
    page.get_by_role("button", name="Save plan").click()
    expect(page.get_by_role("button", name="Edit plan")).to_be_visible()
    expect(page.get_by_text("E2E: squats on Sunday, slowly.")).to_be_visible()
    expect(page.get_by_text("Squat basics").first).to_be_visible()


def test_an_empty_week_and_leaving_unsaved_edits_ask_first(
    open_as: Callable[..., Page], patient_id: int
) -> None:
    page = open_as("doctor", f"/patients/{patient_id}/plan?week=2027-03-01")
    page.get_by_role("button", name="Create a plan for this week").click()
    page.get_by_role("button", name="Save plan").click()
    empty = page.get_by_role("alertdialog", name="Save a week with no routines?")
    empty.get_by_role("button", name="Go back and add routines").click()
    expect(page.get_by_role("group", name="Week plan editor")).to_be_visible()

    pick(page, "Add to Monday", "Squat basics")
    page.get_by_role("tab", name="Sessions").click()
    question = page.get_by_role("alertdialog", name="Leave without saving?")
    expect(question).to_contain_text("this week's plan")
    question.get_by_role("button", name="Leave without saving").click()
    expect(page).to_have_url(re.compile(r"/sessions"))
    page.get_by_role("tab", name="Week plan").click()
    expect(page.get_by_role("button", name=re.compile("Edit plan|Create a plan"))).to_be_visible()
    expect(page.get_by_role("group", name="Week plan editor")).to_have_count(0)


def test_an_appointment_is_booked(
    open_as: Callable[..., Page], snap: Callable[[Page, str], None]
) -> None:
    page = open_as("doctor", "/dashboard")
    go(page, "Schedule")
    expect(page.get_by_role("heading", level=1, name="Schedule")).to_be_visible()
    snap(page, "doctor-schedule")
    page.get_by_role("button", name="Book appointment").first.click()
    dialog = page.get_by_role("dialog", name="Book an appointment")
    expect(dialog).to_be_visible()
    pick(page, "Patient", PATIENT_NAME)
    dialog.get_by_label("Title").fill("E2E check-in")
    # Three weeks ahead: after booking, the schedule shows that week and says it is booked.
    day = date.today() + timedelta(weeks=3)
    dialog.get_by_role("group", name="Day").get_by_role("spinbutton").first.click()
    page.keyboard.type(day.strftime("%m%d%Y"))
    snap(page, "doctor-schedule-booking")
    dialog.get_by_role("button", name="Book appointment").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_role("status").filter(has_text="Booked:")).to_contain_text(
        f"{PATIENT_NAME}, E2E check-in"
    )
    monday = day - timedelta(days=day.weekday())
    expect(page).to_have_url(re.compile(f"week={monday.isoformat()}"))
    expect(
        page.get_by_role("button", name=re.compile(f"{PATIENT_NAME}, E2E check-in"))
    ).to_be_visible()


def test_a_message_is_sent(
    open_as: Callable[..., Page], patient_id: int, snap: Callable[[Page, str], None]
) -> None:
    page = open_as("doctor", "/dashboard")
    go(page, "Messages")
    expect(page.get_by_role("heading", level=1, name="Messages")).to_be_visible()
    page.goto(page.url.rsplit("/messages", 1)[0] + f"/messages/{patient_id}")
    box = page.get_by_label(f"Message to {PATIENT_NAME}")
    box.fill("E2E: how did the curls feel today?")
    page.get_by_role("button", name="Send").click()
    thread = page.get_by_role("log", name=f"Messages with {PATIENT_NAME}")
    expect(thread).to_contain_text("E2E: how did the curls feel today?")
    expect(box).to_have_value("")
    snap(page, "doctor-messages")


def test_notifications_are_listed(
    open_as: Callable[..., Page], snap: Callable[[Page, str], None]
) -> None:
    page = open_as("doctor", "/dashboard")
    go(page, "Notifications")
    expect(page.get_by_role("heading", level=1, name="Notifications")).to_be_visible()
    expect(page.get_by_label("Notification list")).to_be_visible()
    snap(page, "doctor-notifications")


def test_the_progress_tab_opens_on_the_records_exercise_and_side(
    open_as: Callable[..., Page], api: Callable[[str], Api], patient_id: int
) -> None:
    record = api("doctor").get(f"/api/v1/patients/{patient_id}/medical-records", limit=1)
    diagnosis, side = record["items"][0]["diagnosis"], record["items"][0]["affected_side"]
    called_for = next(exercises for name, _, exercises in DIAGNOSES if name == diagnosis)
    # The seed lists each diagnosis' main exercise first (seeding/content.py).
    label = called_for[0].value.replace("-", " ").capitalize()
    sides = {"left": "left side", "right": "right side", "both": "both sides"}
    page = open_as("doctor", f"/patients/{patient_id}/progress")
    settled(page)
    chart = page.get_by_role("img", name=re.compile(r"^Range of motion, "))
    # The chart names the diagnosis' exercise and the affected side, and that side only.
    expect(chart).to_have_attribute(
        "aria-label",
        re.compile(rf"^Range of motion, {label}\. {label}, {sides[side]}: from [^.]*\.\s*$"),
    )


def test_an_appointment_that_is_over_asks_held_or_missed_on_a_phone(
    open_as: Callable[..., Page], server: Server, api: Callable[[str], Api], patient_id: int
) -> None:
    # An appointment cannot be booked in the past: the scene is written to the server's database.
    doctor_id = api("doctor").get("/api/v1/users/me")["id"]
    ends = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=5)
    engine = create_engine(f"sqlite:///{server.log.parent / 'telerehab.db'}")
    with Session(engine) as db:
        db.add(
            Schedule(
                doctor_id=doctor_id,
                patient_id=patient_id,
                title="Over and open",
                starts_at=ends - timedelta(minutes=30),
                ends_at=ends,
            )
        )
        db.commit()
    engine.dispose()
    local_start = (ends - timedelta(minutes=30)).astimezone()
    monday = local_start.date() - timedelta(days=local_start.weekday())
    page = open_as("doctor", f"/schedule?week={monday.isoformat()}", viewport=PHONE)
    entry = page.get_by_role("button", name=re.compile(r"Over and open, held or missed\?$"))
    expect(entry).to_be_visible()
    expect(entry).to_contain_text("Over and open · held or missed?")
    entry.scroll_into_view_if_needed()
    box = entry.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert box["height"] >= 44, box
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "doctor-schedule-held-or-missed-390x844.png"))
    entry.click()
    dialog = page.get_by_role("dialog")
    held = dialog.get_by_role("button", name="Mark as held")
    expect(held).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "doctor-schedule-held-or-missed-dialog-390x844.png"))
    dialog.get_by_role("button", name="Mark as missed").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile(r"Over and open, Missed$"))).to_be_visible()
