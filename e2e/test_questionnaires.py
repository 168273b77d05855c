"""Outcome questionnaires from the screens: the doctor schedules one on the patient's page, the
patient answers it on a phone with the keyboard only (a missing answer is caught and focused
first), and the doctor sees the score and its trend and downloads the scores as CSV."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

from conftest import settled
from playwright.sync_api import Page, ViewportSize, expect
from test_exports import download

PHONE: ViewportSize = {"width": 390, "height": 844}


def test_doctor_schedules_patient_answers_by_keyboard_doctor_sees_score(
    open_as: Callable[..., Page], patient_id: int
) -> None:
    doctor = open_as("doctor", f"/patients/{patient_id}/questionnaires")
    settled(doctor)
    form = doctor.get_by_role("form", name="Schedule a questionnaire")
    form.get_by_role("button", name=re.compile("Questionnaire")).click()
    doctor.get_by_role("option", name="Numeric Pain Rating Scale").click()
    form.get_by_role("button", name="Schedule questionnaire").click()
    expect(doctor.get_by_role("status").filter(has_text="Scheduled")).to_be_visible()
    expect(doctor.get_by_text(re.compile("due since")).first).to_be_visible()

    patient = open_as("patient", "/questionnaires", viewport=PHONE)
    settled(patient)
    start = patient.get_by_role("button", name="Answer Numeric Pain Rating Scale").first
    start.focus()
    patient.keyboard.press("Enter")
    answering = patient.get_by_role("form", name="Numeric Pain Rating Scale")
    expect(answering).to_be_visible()
    # Sending with nothing chosen: told what is missing, and the item takes focus.
    answering.get_by_role("button", name="Send answers").focus()
    patient.keyboard.press("Enter")
    expect(answering.get_by_role("alert")).to_have_text(re.compile("One answer is missing"))
    group = answering.get_by_role("radiogroup", name="Your pain over the last 24 hours")
    expect(group.get_by_role("radio", name="0", exact=True)).to_be_focused()
    for _ in range(6):
        patient.keyboard.press("ArrowRight")
    expect(group.get_by_role("radio", name="6", exact=True)).to_be_checked()
    patient.keyboard.press("Tab")
    expect(answering.get_by_role("button", name="Send answers")).to_be_focused()
    patient.keyboard.press("Enter")
    expect(patient.get_by_text("Thank you, your answers were sent.")).to_be_visible()
    expect(patient.get_by_text(re.compile(r"Your score: 6 points"))).to_be_visible()
    width = patient.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide on a {PHONE['width']}px phone"

    doctor.reload()
    settled(doctor)
    scores = doctor.get_by_role("region", name="Numeric Pain Rating Scale scores")
    expect(
        scores.get_by_role("img", name=re.compile("Numeric Pain Rating Scale scores over time"))
    ).to_be_visible()
    expect(scores.get_by_role("cell", name="6", exact=True).first).to_be_visible()
    expect(scores.get_by_text(re.compile("MCID 2|answers?:"))).to_be_visible()

    name, text = download(doctor, "Download Numeric Pain Rating Scale scores (CSV)")
    assert name == f"patient-{patient_id}-nprs-scores.csv"
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(row["instrument"], float(row["score"])) for row in rows][-1:] == [("nprs", 6.0)]
