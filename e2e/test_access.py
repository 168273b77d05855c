"""What a role may not see shows as "Page not found", never as someone else's data."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from conftest import Api
from playwright.sync_api import Page, expect


def expect_not_found(page: Page) -> None:
    expect(page.get_by_role("heading", level=1, name="Page not found")).to_be_visible()


@pytest.fixture(scope="module")
def someone_elses_patient(api: Callable[[str], Api]) -> dict[str, object]:
    """A patient in another doctor's care."""
    mine = {item["id"] for item in api("doctor").get("/api/v1/patients", limit=100)["items"]}
    everyone = api("admin").get("/api/v1/admin/users", role="patient", limit=100)["items"]
    return next(user for user in everyone if user["id"] not in mine)


@pytest.mark.parametrize(
    "path", ["/patients", "/dashboard", "/routines", "/schedule", "/admin/audit"]
)
def test_a_patient_opening_a_staff_page_sees_not_found(
    open_as: Callable[..., Page], path: str, patient_id: int
) -> None:
    page = open_as("patient", path)
    expect_not_found(page)


def test_a_patient_cannot_open_a_patient_record(
    open_as: Callable[..., Page], patient_id: int, snap: Callable[[Page, str], None]
) -> None:
    page = open_as("patient", f"/patients/{patient_id}")
    expect_not_found(page)
    expect(page.get_by_role("tab")).to_have_count(0)
    snap(page, "patient-not-found")


def test_a_doctor_cannot_open_another_doctors_patient(
    open_as: Callable[..., Page], someone_elses_patient: dict[str, object]
) -> None:
    page = open_as("doctor", f"/patients/{someone_elses_patient['id']}")
    expect_not_found(page)
    expect(page.get_by_text(str(someone_elses_patient["full_name"]))).to_have_count(0)


@pytest.mark.parametrize("path", ["/patients", "/today", "/exercise", "/brain", "/messages"])
def test_an_admin_sees_no_clinical_pages(open_as: Callable[..., Page], path: str) -> None:
    page = open_as("admin", path)
    expect_not_found(page)


@pytest.mark.parametrize("path", ["/today", "/exercise", "/admin/accounts"])
def test_a_doctor_opening_another_roles_page_sees_not_found(
    open_as: Callable[..., Page], path: str
) -> None:
    page = open_as("doctor", path)
    expect_not_found(page)


def test_the_not_found_page_leads_home(open_as: Callable[..., Page]) -> None:
    page = open_as("patient", "/admin/accounts")
    page.get_by_role("link", name="Go to my start page").click()
    expect(page).to_have_url(re.compile(r"/today$"))
