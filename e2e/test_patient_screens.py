"""The patient's screens: today, progress, appointments, messages, notifications, account."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from conftest import DOCTOR_NAME, Api, go, open_conversation_with_doctor, settled
from playwright.sync_api import Page, ViewportSize, expect

PHONE: ViewportSize = {"width": 390, "height": 844}


def test_today_lists_the_routines_or_a_rest_day(
    open_as: Callable[..., Page], snap: Callable[[Page, str], None]
) -> None:
    page = open_as("patient", "/today")
    expect(page.get_by_role("heading", level=1, name="Today")).to_be_visible()
    expect(page.get_by_role("region", name="Today at a glance")).to_be_visible()
    start = page.get_by_role("link", name="Start exercise")
    rest = page.get_by_text("Nothing is planned for today.")
    expect(start.first.or_(rest)).to_be_visible()
    glance = page.get_by_role("region", name="Today at a glance")
    if start.count():
        # However often a routine was repeated, the count is of routines, never above the plan.
        summary = glance.get_by_text(re.compile(r"^\d+ of \d+$"))
        done, planned = map(int, re.findall(r"\d+", summary.inner_text()))
        assert 0 <= done <= planned == start.count()
    snap(page, "patient-today")


def test_progress_shows_the_charts(
    open_as: Callable[..., Page], snap: Callable[[Page, str], None]
) -> None:
    page = open_as("patient", "/today")
    go(page, "Progress")
    expect(page.get_by_role("heading", level=1, name="Progress")).to_be_visible()
    expect(page.get_by_role("heading", level=2).first).to_be_visible()
    settled(page)
    expect(page.get_by_role("img").first).to_be_visible()  # a chart, drawn
    snap(page, "patient-progress")


def test_appointments_are_listed(
    open_as: Callable[..., Page],
    api: Callable[[str], Api],
    patient_id: int,
    snap: Callable[[Page, str], None],
) -> None:
    # A cancelled appointment is listed apart, never under "Coming up".
    title = f"Cancelled check-in {secrets.token_hex(3)}"
    starts = (datetime.now(UTC) + timedelta(days=9)).replace(
        hour=6, minute=10, second=0, microsecond=0
    )
    doctor = api("doctor")
    booked = doctor.send(
        "POST",
        "/api/v1/schedules",
        {
            "patient_id": patient_id,
            "title": title,
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(minutes=30)).isoformat(),
        },
    )
    doctor.send("POST", f"/api/v1/schedules/{booked['id']}/cancel", {})

    page = open_as("patient", "/today")
    go(page, "Appointments")
    expect(page.get_by_role("heading", level=1, name="Appointments")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Coming up")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Earlier")).to_be_visible()
    cancelled = page.get_by_role("region", name="Cancelled")
    expect(cancelled.get_by_text(title)).to_be_visible()
    expect(page.get_by_role("region", name="Coming up").get_by_text(title)).to_have_count(0)
    snap(page, "patient-appointments")


def test_the_patient_writes_to_their_doctor(
    open_as: Callable[..., Page], snap: Callable[[Page, str], None]
) -> None:
    page = open_as("patient", "/today")
    thread = open_conversation_with_doctor(page)
    box = page.get_by_label(f"Message to {DOCTOR_NAME}")
    box.fill("E2E: the curls felt easier today.")
    box.press("Control+Enter")
    expect(thread).to_contain_text("E2E: the curls felt easier today.")
    snap(page, "patient-messages")


def test_notifications_can_be_marked_read(
    open_as: Callable[..., Page], snap: Callable[[Page, str], None]
) -> None:
    page = open_as("patient", "/today")
    go(page, "Notifications")
    expect(page.get_by_role("heading", level=1, name="Notifications")).to_be_visible()
    snap(page, "patient-notifications")
    mark_all = page.get_by_role("button", name="Mark all as read")
    if mark_all.is_enabled():
        mark_all.click()
    expect(page.get_by_text("All read")).to_be_visible()


def test_the_account_page_shows_who_read_the_record(
    open_as: Callable[..., Page], snap: Callable[[Page, str], None]
) -> None:
    page = open_as("patient", "/today")
    page.get_by_role("link", name=re.compile("^My account")).click()
    expect(page.get_by_role("heading", level=1, name="My account")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Who looked at my record")).to_be_visible()
    snap(page, "patient-account")


def test_the_patient_reads_their_own_care_on_a_phone(
    open_as: Callable[..., Page],
    api: Callable[[str], Api],
    patient_id: int,
    snap: Callable[[Page, str], None],
) -> None:
    """Next week's plan with each exercise's dose, past sessions with their counts, and the
    medical record, which the patient reads but cannot change."""
    doctor = api("doctor")
    combo = doctor.get("/api/v1/combos", mine=True, limit=1)["items"][0]
    today = datetime.now(UTC).date()
    next_monday = today - timedelta(days=today.weekday()) + timedelta(weeks=1)
    doctor.send(
        "PUT",
        f"/api/v1/patients/{patient_id}/week-plans/{next_monday.isoformat()}",
        {
            "notes": "Next week: one more set.",
            "days": [{"weekday": "wednesday", "combo_ids": [combo["id"]]}],
        },
    )
    diagnosis = f"Rotator cuff tendinopathy {secrets.token_hex(3)}"
    doctor.send("POST", f"/api/v1/patients/{patient_id}/medical-records", {"diagnosis": diagnosis})

    page = open_as("patient", "/today", viewport=PHONE)
    go(page, "My care")
    expect(page.get_by_role("heading", level=1, name="My care")).to_be_visible()
    page.get_by_role("button", name=re.compile("^Next week")).click()
    expect(page.get_by_text("Next week: one more set.")).to_be_visible()
    wednesday = page.get_by_role("region", name=re.compile("^Wednesday"))
    expect(wednesday.get_by_text(combo["name"])).to_be_visible()
    first = combo["items"][0]
    dose = re.compile(f"{first['sets']} sets? \\u00d7 {first['reps']} reps?")
    expect(wednesday.get_by_text(dose).first).to_be_visible()
    snap(page, "patient-my-care-plan")

    page.get_by_role("tab", name="Sessions").click()
    expect(page).to_have_url(re.compile("/care/sessions$"))
    settled(page)
    sessions = page.get_by_role("heading", level=3)
    expect(sessions.first).to_be_visible()
    sessions.first.get_by_role("button").click()
    expect(page.get_by_role("columnheader", name="Reps").first).to_be_attached()

    page.get_by_role("tab", name="Medical record").click()
    expect(page.get_by_role("heading", level=3, name=diagnosis)).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^(Edit|Add record)"))).to_have_count(0)
