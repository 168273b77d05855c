"""The monthly remote-monitoring report: 30-day periods counted from the first measured day,
listed in the month they start; 16 measured days meet the threshold, 15 do not; the doctor's
own minutes of the month; the same rows as JSON, CSV and PDF."""

import csv
import io
from datetime import UTC, date, datetime, time, timedelta

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy.orm import Session

from telerehab.domain.monitoring import periods_starting_in
from telerehab.exports.monitoring import HEADER
from telerehab.models import TimeEntry, User

from ..factories import Clinic, add_workout

MONTH = "2024-03"
URL = "/api/v1/reports/monitoring"


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def measure(db: Session, patient: User, first: date, offsets: list[int]) -> None:
    for offset in offsets:
        add_workout(db, patient, at(first + timedelta(days=offset)))


def log(db: Session, doctor: User, patient: User, day: date, minutes: int) -> None:
    db.add(
        TimeEntry(
            patient_id=patient.id,
            doctor_id=doctor.id,
            started_at=at(day),
            minutes=minutes,
            activity="Review",
        )
    )


@pytest.fixture
def march(clinic: Clinic, db_session: Session) -> Clinic:
    """A1: first measured 5 March, 16 days in its first period. A2: first measured 20 February,
    15 days in its second period (21 March to 19 April). E: care ended in February."""
    for key in ("a1", "a2", "ended"):
        clinic.assignments[key].created_at = at(date(2024, 1, 2))
    clinic.assignments["ended"].ended_at = at(date(2024, 2, 1))
    a1, a2 = clinic.patient_a1, clinic.patient_a2
    measure(db_session, a1, date(2024, 3, 5), list(range(16)))  # 5 to 20 March
    add_workout(db_session, a1, at(date(2024, 3, 7), 18))  # a second session the same day
    add_workout(db_session, a1, at(date(2024, 3, 25)), sets=[])  # no sets: not measured
    measure(db_session, a1, date(2024, 3, 5), [30])  # 4 April: the next period
    measure(db_session, a2, date(2024, 2, 20), [0, 1])
    measure(db_session, a2, date(2024, 3, 21), list(range(0, 30, 2))[:15])
    log(db_session, clinic.doctor_a, a1, date(2024, 3, 1), 20)
    log(db_session, clinic.doctor_a, a1, date(2024, 3, 31), 25)
    log(db_session, clinic.doctor_a, a1, date(2024, 4, 1), 5)  # April
    log(db_session, clinic.doctor_b, a1, date(2024, 3, 10), 40)  # another doctor's
    db_session.commit()
    return clinic


def test_periods_run_back_to_back_from_the_first_measured_day() -> None:
    first = date(2024, 1, 31)
    assert periods_starting_in(first, date(2024, 1, 1)) == [first]
    assert periods_starting_in(first, date(2024, 2, 1)) == []  # 1 March is the next one
    assert periods_starting_in(first, date(2024, 3, 1)) == [date(2024, 3, 1), date(2024, 3, 31)]
    assert periods_starting_in(date(2024, 4, 2), date(2024, 3, 1)) == []


def test_the_month_shows_days_per_period_and_my_minutes(client: TestClient, march: Clinic) -> None:
    response = client.get(URL, params={"month": MONTH}, headers=march.headers(march.doctor_a))
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["month"], report["threshold_days"], report["period_days"]) == (MONTH, 16, 30)
    rows = {row["patient_id"]: row for row in report["patients"]}
    assert set(rows) == {march.patient_a1.id, march.patient_a2.id}  # not E, not B's patient
    a1 = rows[march.patient_a1.id]
    assert a1["first_measured_day"] == "2024-03-05"
    assert a1["periods"] == [
        {
            "start": "2024-03-05",
            "end": "2024-04-03",
            "days_measured": 16,
            "meets_threshold": True,
            "complete": True,
        }
    ]
    assert a1["days_measured_in_month"] == 16
    assert a1["minutes"] == 45
    a2 = rows[march.patient_a2.id]
    assert a2["first_measured_day"] == "2024-02-20"
    assert [
        (p["start"], p["end"], p["days_measured"], p["meets_threshold"]) for p in a2["periods"]
    ] == [("2024-03-21", "2024-04-19", 15, False)]
    assert a2["minutes"] == 0


def test_the_csv_and_the_pdf_hold_the_same_rows(client: TestClient, march: Clinic) -> None:
    headers = march.headers(march.doctor_a)
    response = client.get(f"{URL}.csv", params={"month": MONTH}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert 'filename="monitoring-2024-03.csv"' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert tuple(rows[0]) == HEADER
    found = {
        row["full_name"]: (
            row["period_start"],
            row["days_measured"],
            row["meets_threshold"],
            row["minutes"],
        )
        for row in rows
    }
    assert found == {
        march.patient_a1.full_name: ("2024-03-05", "16", "yes", "45"),
        march.patient_a2.full_name: ("2024-03-21", "15", "no", "0"),
    }

    response = client.get(f"{URL}.pdf", params={"month": MONTH}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    text = " ".join(
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "Remote monitoring report, 2024-03" in text
    assert f"{march.patient_a1.full_name} 05 Mar to 03 Apr 2024 16 meets 16 45" in text
    assert f"{march.patient_a2.full_name} 21 Mar to 19 Apr 2024 15 below 6 0" in text
    assert "Periods meeting the threshold: 1. Minutes logged in total: 45." in text


def test_a_month_without_data_lists_my_patients_with_nothing(
    client: TestClient, clinic: Clinic
) -> None:
    month = f"{datetime.now(UTC):%Y-%m}"
    report = client.get(URL, params={"month": month}, headers=clinic.headers(clinic.doctor_b))
    assert [row["patient_id"] for row in report.json()["patients"]] == [clinic.patient_b1.id]
    [row] = report.json()["patients"]
    seeded = clinic.data["b1"].time_entry
    assert row["minutes"] == (17 if f"{seeded.started_at:%Y-%m}" == month else 0)
    workout = clinic.data["b1"].workout  # yesterday's: this month, unless today is the 1st
    assert row["days_measured_in_month"] == (f"{workout.started_at:%Y-%m}" == month)


@pytest.mark.parametrize("month", ["2024-13", "2024-3", "24-03", "1899-12", "march", ""])
def test_a_bad_month_is_a_problem(client: TestClient, clinic: Clinic, month: str) -> None:
    for suffix in ("", ".csv", ".pdf"):
        response = client.get(
            f"{URL}{suffix}", params={"month": month}, headers=clinic.headers(clinic.doctor_a)
        )
        assert response.status_code == 422, (suffix, month)
        assert response.headers["content-type"] == "application/problem+json"


def test_the_report_is_for_doctors(client: TestClient, clinic: Clinic) -> None:
    for caller in (clinic.patient_a1, clinic.admin):
        for suffix in ("", ".csv", ".pdf"):
            response = client.get(
                f"{URL}{suffix}", params={"month": MONTH}, headers=clinic.headers(caller)
            )
            assert response.status_code == 403


def test_without_a_month_the_report_is_this_months(client: TestClient, clinic: Clinic) -> None:
    response = client.get(f"{URL}.csv", headers=clinic.headers(clinic.doctor_a))
    month = f"{datetime.now(UTC):%Y-%m}"
    assert f'filename="monitoring-{month}.csv"' in response.headers["content-disposition"]
    assert client.get(URL, headers=clinic.headers(clinic.doctor_a)).json()["month"] == month
