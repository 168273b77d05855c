"""Exports from the screens: the doctor downloads a patient's FHIR Bundle, sessions CSV and home
programme PDF from the patient's page, the patient their own from the progress page; each file is
read back (the Bundle validated with the R4B models of ``fhir.resources``, the PDF's text read)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from fhir.resources.R4B.bundle import Bundle
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from telerehab.exports.sessions_csv import HEADER


def download_file(page: Page, button: str) -> tuple[str, Path]:
    """Press a download button; the file's suggested name and where it was saved."""
    with page.expect_download() as waiting:
        page.get_by_role("button", name=button).click()
    file = waiting.value
    return file.suggested_filename, Path(file.path())


def download(page: Page, button: str) -> tuple[str, str]:
    name, path = download_file(page, button)
    return name, path.read_text(encoding="utf-8")


def check_exports(page: Page, patient_id: int) -> None:
    name, text = download(page, "Download FHIR")
    assert name == f"patient-{patient_id}-fhir.json"
    bundle = Bundle.model_validate_json(text)
    kinds = [entry.resource.get_resource_type() for entry in bundle.entry or []]
    assert kinds[0] == "Patient" and bundle.entry[0].resource.id == f"patient-{patient_id}"
    assert "Practitioner" in kinds

    name, text = download(page, "Download sessions CSV")
    assert name == f"patient-{patient_id}-sessions.csv"
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == HEADER
    sets = [row for row in rows[1:] if row[HEADER.index("set_id")]]
    assert sets, "the seeded patient has exercised"
    # The two files tell the same story: one repetitions Observation per set.
    reps = [
        entry.resource.id
        for entry in bundle.entry or []
        if entry.resource.get_resource_type() == "Observation"
        and entry.resource.id.endswith("-reps")
    ]
    assert sorted(reps) == sorted(f"set-{row[HEADER.index('set_id')]}-reps" for row in sets)

    name, path = download_file(page, "Print home programme")
    assert name == f"patient-{patient_id}-home-programme.pdf"
    text = " ".join(sheet.extract_text() for sheet in PdfReader(path).pages)
    assert "Home exercise programme" in text


def test_the_doctor_downloads_a_patients_record(
    open_as: Callable[..., Page], patient_id: int
) -> None:
    page = open_as("doctor", f"/patients/{patient_id}/reports")
    downloads = page.get_by_role("region", name="Records to download")
    expect(downloads.get_by_role("button", name="Download FHIR")).to_be_visible()
    check_exports(page, patient_id)


def test_the_patient_downloads_their_own_record(
    open_as: Callable[..., Page], patient_id: int
) -> None:
    page = open_as("patient", "/progress")
    expect(page.get_by_role("heading", level=1, name="Progress")).to_be_visible()
    expect(page.get_by_role("region", name="Your records")).to_be_visible()
    check_exports(page, patient_id)
