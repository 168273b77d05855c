"""The progress report (PDF), read back as a referrer would: its text with pypdf, and its charts
as the vector drawing operators in the page content (lines and filled rectangles). For the
doctors caring for the patient only; the period is validated; a year of history costs the same
number of statements as a week."""

import io
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from telerehab.enums import ExerciseType, Side
from telerehab.models import (
    AuditEvent,
    PatientNote,
    QuestionnaireResponse,
    QuestionnaireSchedule,
)

from ..conftest import StatementCount
from ..factories import Clinic, add_workout
from .test_exports import add_history

CountStatements = Callable[[], AbstractContextManager[StatementCount]]
NAME = "Zoë Łukasiewicz 李"


def report_url(patient_id: int) -> str:
    return f"/api/v1/patients/{patient_id}/report.pdf"


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def drawing(content: bytes) -> tuple[int, int]:
    """How many line segments (``l``) and filled rectangles (``re`` then ``f``) the pages draw."""
    lines = rects = 0
    for page in PdfReader(io.BytesIO(content)).pages:
        stream = page.get_contents()
        data = stream.get_data().decode("latin-1") if stream is not None else ""
        lines += len(re.findall(r"[\d.]+ [\d.]+ l\b", data))
        rects += len(re.findall(r"re f\b", data))
    return lines, rects


def test_the_report_reads_back_with_its_sections_and_charts(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    patient = clinic.patient_a1
    patient.full_name = NAME
    today = datetime.now(UTC).date()
    noon = datetime.combine(today, datetime.min.time(), UTC) + timedelta(hours=12)
    for back, pain, rom in ((20, 6, 70.0), (12, 4, 80.0), (5, 2, 95.0)):
        add_workout(
            db_session,
            patient,
            noon - timedelta(days=back),
            sets=[{"rom_mean_deg": rom, "rom_max_deg": rom + 5}, {"rom_mean_deg": rom}],
            pain_score=pain,
        )
    add_workout(db_session, patient, noon - timedelta(days=60), notes="Outside-the-period")
    db_session.add(PatientNote(patient_id=patient.id, doctor_id=clinic.doctor_a.id, body="Gains"))
    add_pain_ratings(db_session, clinic, [(45, 9), (20, 7), (6, 4)])
    db_session.commit()

    response = client.get(report_url(patient.id), headers=clinic.headers(clinic.doctor_a))

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    start = today - timedelta(days=29)
    assert (
        f'filename="patient-{patient.id}-report-{start.isoformat()}-{today.isoformat()}.pdf"'
        in response.headers["content-disposition"]
    )
    text = pdf_text(response.content)
    assert NAME in text  # DejaVu draws the Latin letters, the fallback font the Chinese one
    assert f"Period: {start:%d %b %Y} to {today:%d %b %Y}" in text
    assert f"Prepared by {clinic.doctor_a.full_name}" in text
    assert "Diagnosis: Diagnosis-of-a1-XYZ" in text
    assert "Weekly adherence" in text and "Mean range of motion per day" in text
    assert "Squat, left" in text  # the range of motion chart's legend
    assert "Pain after sessions per day" in text and "mean pain" in text
    # The sessions of the period, and none before it.
    assert text.count(f"{(noon - timedelta(days=5)):%d %b %Y} 12:00") == 1
    assert "Workout-a1-XYZ" not in text  # session notes are not printed; sessions are counted
    assert f"{(noon - timedelta(days=60)):%d %b %Y} 12:00" not in text
    assert "Clinical notes" in text and "Gains" in text and "Note-a1-XYZ" in text
    # The two answers of the period (not the one before it); the change since the first of
    # them is 3 points, beyond the NPRS's MCID of 2, and a lower pain is better.
    assert "Outcome questionnaires" in text
    assert text.count("Numeric Pain Rating Scale") == 3  # two rows and the MCID line
    assert "7 points" in text and "4 points -3 better" in text and "9 points" not in text
    lines, rects = drawing(response.content)
    # ROM: 4 days measured (3 + the seeded one) joined by 3 segments; pain: two lines of 3
    # segments; plus the gridlines. Adherence: one bar a week, plus the point markers.
    assert lines >= 3 + 2 * 3 + 3 * 5, lines
    assert rects >= 4 + 2 * 4, rects


def add_pain_ratings(db: Session, clinic: Clinic, answers: list[tuple[int, int]]) -> None:
    """NPRS answers of patient a1, each (days ago, score), to a questionnaire doctor a ordered."""
    now = datetime.now(UTC)
    for back, score in answers:
        schedule = QuestionnaireSchedule(
            patient_id=clinic.patient_a1.id,
            doctor_id=clinic.doctor_a.id,
            instrument="nprs",
            start_date=(now - timedelta(days=back)).date(),
        )
        db.add(schedule)
        db.flush()
        db.add(
            QuestionnaireResponse(
                schedule_id=schedule.id,
                patient_id=clinic.patient_a1.id,
                instrument="nprs",
                due_on=schedule.start_date,
                answered_at=now - timedelta(days=back),
                score=score,
                items=[{"code": "pain", "text": "Your pain", "value": score}],
            )
        )


def test_an_empty_period_says_so_and_has_no_chart_lines(client: TestClient, clinic: Clinic) -> None:
    response = client.get(
        report_url(clinic.patient_a2.id),
        params={"from": "2020-01-01", "to": "2020-01-31"},
        headers=clinic.headers(clinic.doctor_a),
    )
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Period: 01 Jan 2020 to 31 Jan 2020" in text
    assert "No range of motion was measured in this period." in text
    assert "No session was rated for pain in this period." in text
    assert "No exercise session in this period." in text
    assert "No clinical note in this period." in text
    assert "No questionnaire was answered in this period." in text


@pytest.mark.parametrize(
    ("params", "detail"),
    [
        ({"from": "2026-03-10", "to": "2026-03-01"}, "from: must not be after to."),
        ({"from": "2026-13-01"}, "from"),
        ({"to": "yesterday"}, "to"),
        ({"from": "2020-01-01", "to": "2026-01-01"}, "at most 731 days"),
    ],
)
def test_a_bad_period_is_a_problem(
    client: TestClient, clinic: Clinic, params: dict[str, str], detail: str
) -> None:
    response = client.get(
        report_url(clinic.patient_a1.id), params=params, headers=clinic.headers(clinic.doctor_a)
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert detail in response.text


def test_the_report_is_for_the_doctors_caring_for_the_patient_only(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    for caller, patient, status in [
        (clinic.doctor_a, clinic.patient_b1, 404),
        (clinic.doctor_a, clinic.patient_ended, 404),
        (clinic.doctor_b, clinic.patient_a1, 404),
        (clinic.patient_a1, clinic.patient_a1, 403),  # for a referrer, from the clinician
        (clinic.admin, clinic.patient_a1, 403),
    ]:
        response = client.get(report_url(patient.id), headers=clinic.headers(caller))
        assert response.status_code == status, (caller.username, patient.username)
        assert "XYZ" not in response.text and patient.full_name not in response.text
    events = db_session.scalars(
        select(AuditEvent).where(
            AuditEvent.actor_id == clinic.doctor_a.id, AuditEvent.action == "reports-progress"
        )
    ).all()
    assert sorted(event.outcome.value for event in events) == ["denied", "denied"]


def test_a_year_of_history_costs_the_statements_of_a_week(
    client: TestClient, clinic: Clinic, db_session: Session, count_statements: CountStatements
) -> None:
    patient, doctor = clinic.patient_a2, clinic.doctor_a
    today = datetime.now(UTC).date()
    year = {"from": (today - timedelta(days=364)).isoformat(), "to": today.isoformat()}
    counts = []
    for weeks in (range(1, 2), range(2, 53)):
        add_history(db_session, patient, doctor, clinic.combos["a"], weeks)
        with count_statements() as counted:
            response = client.get(
                report_url(patient.id), params=year, headers=clinic.headers(doctor)
            )
        assert response.status_code == 200
        counts.append(counted.count)
    assert counts[0] == counts[1], counts
    text = pdf_text(response.content)
    assert "Mean range of motion per week" in text
    assert "Bicep curl, right" in text
    assert len(PdfReader(io.BytesIO(response.content)).pages) >= 3


def test_the_home_programme_draws_any_name_too(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    clinic.patient_a1.full_name = NAME
    db_session.commit()
    response = client.get(
        f"/api/v1/patients/{clinic.patient_a1.id}/home-programme.pdf",
        headers=clinic.headers(clinic.patient_a1),
    )
    assert NAME in pdf_text(response.content)


def test_sets_without_a_side_or_range_still_report(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    noon = datetime.combine(date.today(), datetime.min.time(), UTC) - timedelta(days=1)
    add_workout(
        db_session,
        clinic.patient_a2,
        noon,
        sets=[{"exercise_type": ExerciseType.KNEE_RAISE, "side": None, "rom_mean_deg": None}],
    )
    add_workout(db_session, clinic.patient_a2, noon, sets=[{"side": Side.BOTH}])
    db_session.commit()
    response = client.get(report_url(clinic.patient_a2.id), headers=clinic.headers(clinic.doctor_a))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Knee raise" in text and "Squat, both" in text
