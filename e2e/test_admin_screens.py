"""The administrator's screens: accounts, assignments, the audit log."""

from __future__ import annotations

import re
from collections.abc import Callable

from conftest import LAPTOP, Server, go, sign_in
from playwright.sync_api import Browser, Page, expect

NEW_DOCTOR = {"name": "Dr. Eve Test", "username": "dr.e2e", "password": "Rehab-e2e-2026!x"}
NEW_PATIENT_PASSWORD = "Lantern-e2e-2026!q"  # noqa: S105  a test account's


def choose(page: Page, field: str, typed: str, option: str) -> None:
    """Pick in a searchable user picker (a react-aria combo box)."""
    field_input = page.get_by_role("combobox", name=field)
    field_input.click()
    field_input.press_sequentially(typed)
    page.get_by_role("option", name=re.compile(option)).first.click()


def test_a_doctor_account_is_created_and_assigned(
    open_as: Callable[..., Page],
    browser: Browser,
    server: Server,
    snap: Callable[[Page, str], None],
) -> None:
    page = open_as("admin", "/admin/accounts")
    expect(page.get_by_role("heading", level=1, name="Accounts")).to_be_visible()
    expect(page.get_by_label("Account list")).to_contain_text("dr.okafor")
    snap(page, "admin-accounts")

    page.get_by_role("button", name="Create doctor account").click()
    dialog = page.get_by_role("dialog", name="Create a doctor account")
    dialog.get_by_label("Full name").fill(NEW_DOCTOR["name"])
    dialog.get_by_label("Username").fill(NEW_DOCTOR["username"])
    dialog.get_by_label("Initial password").fill(NEW_DOCTOR["password"])
    dialog.get_by_label("Email").fill("eve.test@demo.telerehab")
    dialog.get_by_role("button", name="Create account").click()
    expect(page.get_by_text(f"can now sign in as “{NEW_DOCTOR['username']}”")).to_be_visible()

    go(page, "Assignments")
    expect(page.get_by_role("heading", level=1, name="Assignments")).to_be_visible()
    choose(page, "Doctor", "Eve", "Dr. Eve Test")
    choose(page, "Patient", "Bram", "Bram Berg")
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(
        page.get_by_role("row").filter(has_text="Dr. Eve Test").filter(has_text="Bram Berg")
    ).to_be_visible()
    snap(page, "admin-assignments")

    # The new doctor signs in and finds the assigned patient.
    context = browser.new_context(viewport=LAPTOP)
    doctor = context.new_page()
    sign_in(doctor, server, NEW_DOCTOR["username"], NEW_DOCTOR["password"])
    expect(doctor).to_have_url(re.compile(r"/dashboard$"))
    go(doctor, "Patients")
    expect(doctor.get_by_role("heading", level=1, name="Patients")).to_be_visible()
    patients = doctor.get_by_label("Patient list")
    expect(patients.get_by_role("link", name="Bram Berg")).to_be_visible()
    context.close()


def test_the_audit_log_lists_record_access(
    open_as: Callable[..., Page], snap: Callable[[Page, str], None]
) -> None:
    page = open_as("admin", "/admin/accounts")
    go(page, "Audit log")
    expect(page.get_by_role("heading", level=1, name="Audit log")).to_be_visible()
    events = page.get_by_label("Audit events")
    expect(events.get_by_role("row").nth(1)).to_be_visible()
    snap(page, "admin-audit-log")


def test_a_reset_password_must_be_changed_at_the_next_sign_in(
    open_as: Callable[..., Page],
    browser: Browser,
    server: Server,
    snap: Callable[[Page, str], None],
) -> None:
    # A patient no other test signs in as: the reset ends every session of the account.
    patient = {"name": "Chiara Conti", "username": "chiara.conti"}
    page = open_as("admin", "/admin/accounts")
    page.get_by_label("Search accounts").fill(patient["username"])
    accounts = page.get_by_label("Account list")
    expect(accounts.get_by_role("row")).to_have_count(2)  # the header and the patient
    accounts.get_by_role("button", name=f"Reset the password of {patient['name']}").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Reset password").click()
    shown = page.get_by_role("dialog", name=f"Temporary password for {patient['name']}")
    temporary = shown.get_by_label("Temporary password").inner_text().strip()
    assert len(temporary) >= 16
    snap(page, "admin-password-reset")
    shown.get_by_role("button", name="Done").click()
    expect(shown).to_be_hidden()

    context = browser.new_context(viewport=LAPTOP)
    try:
        signed_in = context.new_page()
        sign_in(signed_in, server, patient["username"], temporary)
        # Before anything else: the form, and no way around it.
        heading = signed_in.get_by_role("heading", level=1, name="Choose a new password")
        expect(heading).to_be_visible()
        expect(signed_in.get_by_role("navigation", name="Main")).to_have_count(0)
        signed_in.get_by_label("Temporary password").fill(temporary)
        signed_in.get_by_label("New password").fill(NEW_PATIENT_PASSWORD)
        signed_in.get_by_role("button", name="Save new password").click()
        expect(signed_in).to_have_url(re.compile(r"/today$"))
        expect(signed_in.get_by_role("navigation", name="Main")).to_be_visible()
    finally:
        context.close()

    # The temporary password is spent; the new one works.
    context = browser.new_context(viewport=LAPTOP)
    try:
        again = context.new_page()
        sign_in(again, server, patient["username"], NEW_PATIENT_PASSWORD)
        expect(again).to_have_url(re.compile(r"/today$"))
    finally:
        context.close()
