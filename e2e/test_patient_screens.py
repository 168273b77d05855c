"""The patient's screens: today, progress, appointments, messages, notifications, account."""

from __future__ import annotations

import re
from collections.abc import Callable

from conftest import DOCTOR_NAME, go, open_conversation_with_doctor, settled
from playwright.sync_api import Page, expect


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
    open_as: Callable[..., Page], snap: Callable[[Page, str], None]
) -> None:
    page = open_as("patient", "/today")
    go(page, "Appointments")
    expect(page.get_by_role("heading", level=1, name="Appointments")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Coming up")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Earlier")).to_be_visible()
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
