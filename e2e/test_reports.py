"""Reports from the screens: the doctor downloads a patient's progress report (PDF, for the
period picked) and keeps a monitoring time log on the patient's page, then downloads the monthly
monitoring report as CSV and PDF; each file is read back (PDF text with pypdf, CSV rows)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from conftest import Api, settled
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from test_exports import download, download_file

from telerehab.exports.monitoring import HEADER


def pdf_text(path: object) -> str:
    return " ".join(" ".join(sheet.extract_text().split()) for sheet in PdfReader(path).pages)  # type: ignore[arg-type]


def test_the_doctor_downloads_a_progress_report(
    open_as: Callable[..., Page], patient_id: int, api: Callable[[str], Api]
) -> None:
    page = open_as("doctor", f"/patients/{patient_id}/reports")
    expect(page.get_by_role("heading", name="Progress report")).to_be_visible()
    name, path = download_file(page, "Download progress report")
    today = datetime.now(UTC).date()
    start = today - timedelta(days=29)
    assert name == f"patient-{patient_id}-report-{start.isoformat()}-{today.isoformat()}.pdf"
    text = pdf_text(path)
    profile = api("doctor").get(f"/api/v1/patients/{patient_id}")
    assert "Progress report" in text and profile["full_name"] in text
    assert f"Period: {start:%d %b %Y} to {today:%d %b %Y}" in text
    assert "Weekly adherence" in text and "Clinical notes" in text


def test_the_doctor_logs_time_and_downloads_the_monitoring_report(
    open_as: Callable[..., Page], patient_id: int, api: Callable[[str], Api]
) -> None:
    page = open_as("doctor", f"/patients/{patient_id}/reports")
    form = page.get_by_role("form", name="Log time")
    minutes = form.get_by_role("textbox", name="Minutes")
    minutes.fill("23")
    form.get_by_role("textbox", name="Activity").fill("Reviewed the week, phone call")
    form.get_by_role("button", name="Log time").click()
    log = page.get_by_role("list", name="Time log")
    entry = log.get_by_role("article", name=re.compile(r"^23 minutes"))
    expect(entry).to_be_visible()
    expect(entry).to_contain_text("Reviewed the week, phone call")

    # Correct it to 25 minutes.
    entry.get_by_role("button", name="Edit").click()
    editor = entry.get_by_role("form", name="Correct the time entry")
    editor.get_by_role("textbox", name="Minutes").fill("25")
    editor.get_by_role("button", name="Save entry").click()
    expect(log.get_by_role("article", name=re.compile(r"^25 minutes"))).to_be_visible()

    month = f"{datetime.now(UTC):%Y-%m}"
    logged = sum(
        item["minutes"]
        for item in api("doctor").get(f"/api/v1/patients/{patient_id}/time-log", limit=100)["items"]
        if item["started_at"].startswith(month)
    )
    profile = api("doctor").get(f"/api/v1/patients/{patient_id}")

    page.get_by_role("link", name="Monitoring").first.click()
    expect(page.get_by_role("heading", level=1, name="Monitoring report")).to_be_visible()
    settled(page)
    row = page.get_by_role("row", name=re.compile(re.escape(profile["full_name"])))
    expect(row).to_contain_text(str(logged))

    name, text = download(page, "Download CSV")
    assert name == f"monitoring-{month}.csv"
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == HEADER
    mine = [r for r in rows if r["patient_id"] == str(patient_id)]
    assert mine and all(r["minutes"] == str(logged) for r in mine)

    name, path = download_file(page, "Download PDF")
    assert name == f"monitoring-{month}.pdf"
    text = pdf_text(path)
    assert f"Remote monitoring report, {month}" in text
    assert profile["full_name"] in text

    # Delete the entry again: the demo clinic is shared by the other tests.
    page.go_back()
    entry = page.get_by_role("list", name="Time log").get_by_role(
        "article", name=re.compile(r"^25 minutes")
    )
    entry.get_by_role("button", name="Delete").click()
    page.get_by_role("button", name="Delete entry").click()
    expect(entry).to_have_count(0)
