"""Exports of a patient's record: the FHIR Bundle (parsed back and validated with the R4B models
of ``fhir.resources``) and the sessions CSV. For the patient and the doctors caring for them;
404 for anyone else; audited; a bounded number of queries however long the history."""

import csv
import io
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from fhir.resources.R4B.bundle import Bundle
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from telerehab.domain.calendar import week_start
from telerehab.enums import ExerciseType, ScheduleStatus, Side, Weekday
from telerehab.exports.sessions_csv import HEADER
from telerehab.models import AuditEvent, Combo, Schedule, User, WeekPlan, WeekPlanItem

from ..conftest import StatementCount
from ..factories import Clinic, add_workout

CountStatements = Callable[[], AbstractContextManager[StatementCount]]


def fhir_url(patient_id: int) -> str:
    return f"/api/v1/patients/{patient_id}/fhir"


def csv_url(patient_id: int) -> str:
    return f"/api/v1/patients/{patient_id}/sessions.csv"


def add_history(db: Session, patient: User, doctor: User, combo: Combo, weeks: range) -> None:
    """The ``weeks`` (counted back from this one), each with a plan (three days), an appointment
    and four sessions of three sets."""
    this_monday = week_start(datetime.now(UTC).date())
    for week in weeks:
        monday = this_monday - timedelta(weeks=week)
        plan = WeekPlan(patient_id=patient.id, doctor_id=doctor.id, week_start=monday)
        plan.items = [
            WeekPlanItem(weekday=day, position=0, combo_id=combo.id)
            for day in (Weekday.MONDAY, Weekday.WEDNESDAY, Weekday.FRIDAY)
        ]
        starts = datetime.combine(monday, datetime.min.time(), UTC) + timedelta(hours=9)
        db.add_all(
            [
                plan,
                Schedule(
                    doctor_id=doctor.id,
                    patient_id=patient.id,
                    title=f"Review {week}",
                    starts_at=starts,
                    ends_at=starts + timedelta(minutes=30),
                    status=ScheduleStatus.COMPLETED,
                ),
            ]
        )
        for day in range(4):
            add_workout(
                db,
                patient,
                starts + timedelta(days=day, hours=8),
                sets=[{}, {"exercise_type": ExerciseType.BICEP_CURL, "side": Side.RIGHT}, {}],
                pain_score=day % 4,
                difficulty=2,
            )
    db.commit()


def parse_bundle(text: str) -> Bundle:
    """The export as a receiving system reads it: validated by the R4B models."""
    return Bundle.model_validate_json(text)


def resources(bundle: Bundle) -> dict[str, dict[str, object]]:
    return {
        f"{entry.resource.get_resource_type()}/{entry.resource.id}": entry.resource.model_dump(
            mode="json"
        )
        for entry in bundle.entry or []
    }


def test_the_fhir_export_is_a_valid_bundle_of_the_patients_record(
    client: TestClient, clinic: Clinic
) -> None:
    patient = clinic.patient_a1
    data = clinic.data["a1"]
    response = client.get(fhir_url(patient.id), headers=clinic.headers(clinic.doctor_a))

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/fhir+json"
    assert f'filename="patient-{patient.id}-fhir.json"' in response.headers["content-disposition"]
    bundle = parse_bundle(response.text)
    assert bundle.type == "collection"
    found = resources(bundle)
    detail = data.workout.details[0]
    assert set(found) == {
        f"Patient/patient-{patient.id}",
        f"Practitioner/practitioner-{clinic.doctor_a.id}",
        f"CarePlan/careplan-{data.week_plan.id}",
        f"Appointment/appointment-{data.schedule.id}",
        f"Observation/set-{detail.id}-reps",
        f"Observation/set-{detail.id}-rom",
        f"Observation/session-{data.workout.id}-pain",
    }
    assert found[f"Patient/patient-{patient.id}"]["name"] == [{"text": patient.full_name}]
    plan = found[f"CarePlan/careplan-{data.week_plan.id}"]
    assert plan["subject"] == {"reference": f"Patient/patient-{patient.id}"}
    assert plan["author"] == {"reference": f"Practitioner/practitioner-{clinic.doctor_a.id}"}
    [activity] = plan["activity"]  # type: ignore[misc]
    assert activity["detail"]["code"]["text"] == "Combo-A-XYZ"
    assert activity["detail"]["scheduledString"] == "monday"
    assert "squat (both): 3 x 10, target 90 degrees" in activity["detail"]["description"]
    appointment = found[f"Appointment/appointment-{data.schedule.id}"]
    assert appointment["status"] == "booked"
    assert appointment["description"] == data.schedule.title
    rom = found[f"Observation/set-{detail.id}-rom"]
    assert rom["valueQuantity"] == {
        "value": 95.0,
        "unit": "degrees",
        "system": "http://unitsofmeasure.org",
        "code": "deg",
    }
    assert rom["subject"] == {"reference": f"Patient/patient-{patient.id}"}
    assert rom["method"] == {"text": "Camera pose estimation, measured on the picture's landmarks"}
    reps = found[f"Observation/set-{detail.id}-reps"]
    assert reps["valueInteger"] == 9
    assert reps["component"][0]["valueInteger"] == 10  # type: ignore[index]
    pain = found[f"Observation/session-{data.workout.id}-pain"]
    assert pain["code"]["coding"][0]["system"] == "http://loinc.org"  # type: ignore[index]
    assert pain["code"]["coding"][0]["code"] == "72514-3"  # type: ignore[index]
    assert pain["valueInteger"] == 3
    # Every reference resolves inside the Bundle.
    references = {value for entry in found.values() for value in _references(entry)}
    assert references and references <= set(found)


def _references(value: object) -> list[str]:
    if isinstance(value, dict):
        own = [value["reference"]] if isinstance(value.get("reference"), str) else []
        return own + [ref for item in value.values() for ref in _references(item)]
    if isinstance(value, list):
        return [ref for item in value for ref in _references(item)]
    return []


def test_ids_are_stable_across_exports(client: TestClient, clinic: Clinic) -> None:
    headers = clinic.headers(clinic.patient_a1)
    first = parse_bundle(client.get(fhir_url(clinic.patient_a1.id), headers=headers).text)
    second = parse_bundle(client.get(fhir_url(clinic.patient_a1.id), headers=headers).text)
    assert [e.fullUrl for e in first.entry or []] == [e.fullUrl for e in second.entry or []]
    assert len(first.entry or []) == 7


def test_the_patient_exports_their_own_record(client: TestClient, clinic: Clinic) -> None:
    patient = clinic.patient_a1
    for url in (fhir_url(patient.id), csv_url(patient.id)):
        response = client.get(url, headers=clinic.headers(patient))
        assert response.status_code == 200, url
        assert "Workout-a1-XYZ" in response.text or "Combo-A-XYZ" in response.text


@pytest.mark.parametrize("url", [fhir_url, csv_url])
def test_exports_are_invisible_to_everyone_else(
    client: TestClient, clinic: Clinic, db_session: Session, url: Callable[[int], str]
) -> None:
    foreign = [
        (clinic.doctor_a, clinic.patient_b1, 404),
        (clinic.doctor_a, clinic.patient_ended, 404),  # care ended: no longer theirs
        (clinic.patient_a1, clinic.patient_a2, 404),
        (clinic.admin, clinic.patient_a1, 403),  # admins manage accounts, not care
    ]
    for caller, patient, status in foreign:
        response = client.get(url(patient.id), headers=clinic.headers(caller))
        assert response.status_code == status, (caller.username, patient.username)
        assert patient.full_name not in response.text
        assert "XYZ" not in response.text
    denied = db_session.scalars(
        select(AuditEvent).where(
            AuditEvent.actor_id == clinic.doctor_a.id,
            AuditEvent.patient_id == clinic.patient_b1.id,
        )
    ).all()
    assert [event.outcome.value for event in denied] == ["denied"]


@pytest.mark.parametrize("url", [fhir_url, csv_url])
def test_an_export_is_audited_as_a_clinical_read(
    client: TestClient, clinic: Clinic, db_session: Session, url: Callable[[int], str]
) -> None:
    response = client.get(url(clinic.patient_a2.id), headers=clinic.headers(clinic.doctor_a))
    assert response.status_code == 200
    events = db_session.scalars(
        select(AuditEvent).where(AuditEvent.patient_id == clinic.patient_a2.id)
    ).all()
    assert [(e.actor_id, e.outcome.value, e.resource_type) for e in events] == [
        (clinic.doctor_a.id, "allowed", "patient")
    ]
    assert events[0].action.startswith("exports-")


def test_the_csv_has_a_row_per_set(client: TestClient, clinic: Clinic, db_session: Session) -> None:
    patient = clinic.patient_a1
    started = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    workout = add_workout(
        db_session,
        patient,
        started,
        sets=[{"reps_done": 8}, {"exercise_type": ExerciseType.BICEP_CURL, "rom_max_deg": None}],
        pain_score=4,
        notes='=HYPERLINK("http://evil")',
    )
    empty = add_workout(db_session, patient, started + timedelta(days=1), sets=[])
    db_session.commit()

    response = client.get(csv_url(patient.id), headers=clinic.headers(clinic.doctor_a))

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert (
        f'filename="patient-{patient.id}-sessions.csv"' in response.headers["content-disposition"]
    )
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert tuple(rows[0]) == HEADER
    mine = [row for row in rows if row["session_id"] in (str(workout.id), str(empty.id))]
    assert [(r["session_id"], r["set_number"], r["exercise"], r["reps_done"]) for r in mine] == [
        (str(workout.id), "1", "squat", "8"),
        (str(workout.id), "1", "bicep-curl", "10"),
        (str(empty.id), "", "", ""),
    ]
    first = mine[0]
    assert first["started_at"] == "2026-03-02T09:00:00+00:00"
    assert (first["pain_score"], first["rom_max_deg"], first["side"]) == ("4", "90.0", "left")
    assert mine[1]["rom_max_deg"] == ""
    # A spreadsheet must not run the patient's note as a formula.
    assert first["session_notes"] == '\'=HYPERLINK("http://evil")'
    # Oldest first: the seeded workout of yesterday comes after March 2026.
    assert rows[-1]["session_notes"] == "Workout-a1-XYZ"


def test_a_year_of_history_exports_in_a_bounded_number_of_queries(
    client: TestClient, clinic: Clinic, db_session: Session, count_statements: CountStatements
) -> None:
    patient, doctor = clinic.patient_a2, clinic.doctor_a
    headers = clinic.headers(doctor)
    counts: dict[int, int] = {}
    sizes: dict[int, int] = {}
    for weeks_so_far, weeks_to_add in ((1, range(1, 2)), (52, range(2, 53))):
        add_history(db_session, patient, doctor, clinic.combos["a"], weeks_to_add)
        for url in (fhir_url, csv_url):
            with count_statements() as counted:
                response = client.get(url(patient.id), headers=headers)
            assert response.status_code == 200
            counts[weeks_so_far] = counts.get(weeks_so_far, 0) + counted.count
        sizes[weeks_so_far] = len(client.get(fhir_url(patient.id), headers=headers).content)
    assert counts[1] == counts[52], counts
    bundle = parse_bundle(client.get(fhir_url(patient.id), headers=headers).text)
    observations = [
        e for e in bundle.entry or [] if e.resource.get_resource_type() == "Observation"
    ]
    # 52 weeks x 4 sessions x (3 reps + 3 rom + 1 pain) Observations, plus the seeded session's.
    assert len(observations) == 52 * 4 * 7 + 3
    assert sizes[52] < 5 * 1024 * 1024


def pdf_url(patient_id: int) -> str:
    return f"/api/v1/patients/{patient_id}/home-programme.pdf"


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize("caller", ["doctor_a", "patient_a1"])
def test_the_home_programme_prints_this_weeks_plan(
    client: TestClient, clinic: Clinic, caller: str
) -> None:
    patient = clinic.patient_a1
    response = client.get(pdf_url(patient.id), headers=clinic.headers(getattr(clinic, caller)))

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    monday = week_start(datetime.now(UTC).date())
    assert (
        f'filename="patient-{patient.id}-home-programme-{monday.isoformat()}.pdf"'
        in response.headers["content-disposition"]
    )
    text = " ".join(pdf_text(response.content).split())
    assert patient.full_name in text
    assert "Plan-a1-XYZ" in text  # the plan's notes
    assert "Monday Combo-A-XYZ" in text
    assert "Squat 3 sets of 10 repetitions, both sides, rest 60 s between sets, aim for 90" in text
    assert "bend your knees as if sitting on a chair" in text  # how to do it (the library)
    assert "Bicep curl 2 sets of 12 repetitions" in text
    assert "Tuesday" not in text
    # Each exercise's picture: the figure at the start and at the end of the movement, each of
    # 11 bones (trunk, two arms of two, two legs of three) drawn as lines.
    content = PdfReader(io.BytesIO(response.content)).pages[0].get_contents()
    assert content is not None
    lines = re.findall(r"[\d.]+ [\d.]+ l\b", content.get_data().decode("latin-1"))
    assert len(lines) >= 2 * 2 * 11, len(lines)


def test_a_week_without_a_plan_says_so(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    db_session.delete(db_session.get_one(WeekPlan, clinic.data["a2"].week_plan.id))
    db_session.commit()
    response = client.get(pdf_url(clinic.patient_a2.id), headers=clinic.headers(clinic.patient_a2))
    assert response.status_code == 200
    assert "Nothing is planned for this week" in pdf_text(response.content)


def test_the_home_programme_is_invisible_to_everyone_else(
    client: TestClient, clinic: Clinic
) -> None:
    for caller, patient, status in [
        (clinic.doctor_a, clinic.patient_b1, 404),
        (clinic.patient_a1, clinic.patient_a2, 404),
        (clinic.admin, clinic.patient_a1, 403),
    ]:
        response = client.get(pdf_url(patient.id), headers=clinic.headers(caller))
        assert response.status_code == status
        assert "XYZ" not in response.text
