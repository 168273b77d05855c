"""Outcome questionnaires end to end: a doctor schedules one, the patient is told and answers,
the server scores it (refusing a missing item), both see the history, a worsening beyond the
MCID puts the patient on the doctor's attention list, and the scores leave as CSV and FHIR."""

import csv
import io
from datetime import UTC, date, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from telerehab.domain.calendar import utc_today
from telerehab.domain.questionnaires import notify_due
from telerehab.models import AuditEvent, Notification, QuestionnaireResponse, QuestionnaireSchedule

from ..factories import Clinic
from .test_exports import parse_bundle, resources


def schedules_url(patient_id: int) -> str:
    return f"/api/v1/patients/{patient_id}/questionnaires"


def responses_url(patient_id: int) -> str:
    return f"/api/v1/patients/{patient_id}/questionnaire-responses"


def schedule(client: TestClient, clinic: Clinic, instrument: str, **fields: object) -> dict:  # type: ignore[type-arg]
    body = {"instrument": instrument, "start_date": utc_today().isoformat(), **fields}
    created = client.post(
        schedules_url(clinic.patient_a1.id), headers=clinic.headers(clinic.doctor_a), json=body
    )
    assert created.status_code == 201, created.text
    return created.json()  # type: ignore[no-any-return]


def answer(client: TestClient, clinic: Clinic, schedule_id: int, **body: object) -> dict:  # type: ignore[type-arg]
    answered = client.post(
        responses_url(clinic.patient_a1.id),
        headers=clinic.headers(clinic.patient_a1),
        json={"schedule_id": schedule_id, **body},
    )
    assert answered.status_code == 201, answered.text
    return answered.json()  # type: ignore[no-any-return]


def lefs(value: int) -> dict[str, int]:
    return {f"lefs{n}": value for n in range(1, 21)}


def test_the_catalogue_lists_instruments_with_mcid_and_licence(
    client: TestClient, clinic: Clinic
) -> None:
    page = client.get(
        "/api/v1/questionnaires/instruments", headers=clinic.headers(clinic.patient_a1)
    ).json()
    by_code = {item["code"]: item for item in page["items"]}
    assert set(by_code) == {"nprs", "psfs", "lefs", "spadi"} and page["next_cursor"] is None
    assert by_code["lefs"]["mcid"] == 9 and "Binkley" in by_code["lefs"]["licence"]["citation"]
    assert by_code["psfs"]["items"] == [] and by_code["psfs"]["activity_scale"]["maximum"] == 10


def test_schedule_notify_answer_and_history(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    created = schedule(client, clinic, "nprs", every_weeks=2)
    assert created["due_on"] == utc_today().isoformat()
    assert created["ordered_by"]["id"] == clinic.doctor_a.id
    # Due today: the patient was told at once, and the daily job does not tell again.
    told = db_session.scalars(
        select(Notification).where(
            Notification.user_id == clinic.patient_a1.id,
            Notification.title.contains("Numeric Pain Rating Scale"),
        )
    ).all()
    assert len(told) == 1 and told[0].link == "/questionnaires"
    assert notify_due(db_session, utc_today()) == 0
    db_session.commit()

    patient = clinic.headers(clinic.patient_a1)
    listed = client.get(schedules_url(clinic.patient_a1.id), headers=patient).json()
    assert [s["id"] for s in listed["items"]] == [created["id"]]
    assert listed["items"][0]["due_on"] == utc_today().isoformat()

    response = answer(client, clinic, created["id"], answers={"pain": 6})
    assert response["score"] == 6 and response["items"] == [
        {"code": "pain", "text": "Your pain over the last 24 hours", "value": 6}
    ]
    listed = client.get(schedules_url(clinic.patient_a1.id), headers=patient).json()
    assert listed["items"][0]["due_on"] is None
    again = client.post(
        responses_url(clinic.patient_a1.id),
        headers=patient,
        json={"schedule_id": created["id"], "answers": {"pain": 5}},
    )
    assert again.status_code == 409

    # Two weeks on, the next occurrence is due and the daily job tells the patient once.
    later = utc_today() + timedelta(weeks=2)
    assert notify_due(db_session, later) == 1
    assert notify_due(db_session, later) == 0
    db_session.commit()

    for caller in (clinic.doctor_a, clinic.patient_a1):
        history = client.get(
            responses_url(clinic.patient_a1.id), headers=clinic.headers(caller)
        ).json()
        assert [r["score"] for r in history["items"]] == [6]


def test_a_missing_or_out_of_range_item_is_a_problem_and_nothing_is_stored(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    created = schedule(client, clinic, "lefs")
    patient = clinic.headers(clinic.patient_a1)
    url = responses_url(clinic.patient_a1.id)
    missing = {k: v for k, v in lefs(3).items() if k != "lefs7"}
    for answers, words in ((missing, "missing"), ({**lefs(3), "lefs2": 9}, "from 0 to 4")):
        refused = client.post(
            url, headers=patient, json={"schedule_id": created["id"], "answers": answers}
        )
        assert refused.status_code == 422
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert words in refused.json()["detail"]
    assert db_session.scalars(select(QuestionnaireResponse)).all() == []
    assert answer(client, clinic, created["id"], answers=lefs(3))["score"] == 60


def test_psfs_takes_the_patients_own_activities(client: TestClient, clinic: Clinic) -> None:
    created = schedule(client, clinic, "psfs")
    activities = [
        {"name": "Climbing stairs", "value": 3},
        {"name": "Kneeling to garden", "value": 5},
        {"name": "Carrying shopping", "value": 4},
    ]
    response = answer(client, clinic, created["id"], activities=activities)
    assert response["score"] == 4
    assert response["items"][0]["text"] == "Climbing stairs"


def test_only_the_doctor_schedules_and_only_the_patient_answers(
    client: TestClient, clinic: Clinic
) -> None:
    created = schedule(client, clinic, "nprs")
    as_patient = client.post(
        schedules_url(clinic.patient_a1.id),
        headers=clinic.headers(clinic.patient_a1),
        json={"instrument": "nprs", "start_date": "2026-01-05"},
    )
    assert as_patient.status_code == 403
    as_doctor = client.post(
        responses_url(clinic.patient_a1.id),
        headers=clinic.headers(clinic.doctor_a),
        json={"schedule_id": created["id"], "answers": {"pain": 2}},
    )
    assert as_doctor.status_code == 403
    # Another patient cannot answer it through their own id either: it is not theirs.
    other = client.post(
        responses_url(clinic.patient_a2.id),
        headers=clinic.headers(clinic.patient_a2),
        json={"schedule_id": created["id"], "answers": {"pain": 2}},
    )
    assert other.status_code == 404
    unknown = client.post(
        schedules_url(clinic.patient_a1.id),
        headers=clinic.headers(clinic.doctor_a),
        json={"instrument": "quickdash", "start_date": "2026-01-05"},
    )
    assert unknown.status_code == 422


def test_everything_is_invisible_to_a_doctor_not_caring_and_to_admins(
    client: TestClient, clinic: Clinic
) -> None:
    created = schedule(client, clinic, "nprs")
    answer(client, clinic, created["id"], answers={"pain": 4})
    patient_id = clinic.patient_a1.id
    urls = [
        schedules_url(patient_id),
        responses_url(patient_id),
        f"/api/v1/patients/{patient_id}/questionnaire-scores.csv?instrument=nprs",
    ]
    for url in urls:
        assert client.get(url, headers=clinic.headers(clinic.doctor_b)).status_code == 404
        assert client.get(url, headers=clinic.headers(clinic.admin)).status_code == 403
    refused = client.post(
        schedules_url(patient_id),
        headers=clinic.headers(clinic.doctor_b),
        json={"instrument": "nprs", "start_date": "2026-01-05"},
    )
    assert refused.status_code == 404


def _backdate(db: Session, response_id: int, days: int) -> None:
    row = db.get(QuestionnaireResponse, response_id)
    assert row is not None
    row.answered_at = datetime.now(UTC) - timedelta(days=days)
    db.commit()


def _add_response(
    db: Session, schedule_id: int, patient_id: int, instrument: str, score: float, days_ago: int
) -> None:
    db.add(
        QuestionnaireResponse(
            schedule_id=schedule_id,
            patient_id=patient_id,
            instrument=instrument,
            due_on=utc_today() - timedelta(days=days_ago),
            answered_at=datetime.now(UTC) - timedelta(days=max(days_ago, 0)),
            score=score,
            items=[],
        )
    )
    db.commit()


def _reasons(client: TestClient, clinic: Clinic) -> list[str]:
    dashboard = client.get("/api/v1/dashboard/doctor", headers=clinic.headers(clinic.doctor_a))
    assert dashboard.status_code == 200, dashboard.text
    for row in dashboard.json()["needs_attention"]:
        if row["patient"]["id"] == clinic.patient_a1.id:
            return row["reasons"]  # type: ignore[no-any-return]
    return []


def test_a_worsening_beyond_the_mcid_puts_the_patient_on_the_attention_list(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    pain = schedule(client, clinic, "nprs", every_weeks=1)
    function = schedule(client, clinic, "lefs", every_weeks=1)
    patient_id = clinic.patient_a1.id
    # Pain 3 -> 5: up by the MCID (2), not more: no alert.
    _add_response(db_session, pain["id"], patient_id, "nprs", 3, days_ago=14)
    _add_response(db_session, pain["id"], patient_id, "nprs", 5, days_ago=7)
    assert "score_worsened" not in _reasons(client, clinic)
    # Function up by 20 (better) is no alert either.
    _add_response(db_session, function["id"], patient_id, "lefs", 40, days_ago=14)
    _add_response(db_session, function["id"], patient_id, "lefs", 60, days_ago=7)
    assert "score_worsened" not in _reasons(client, clinic)
    # Function down by 10 (more than 9): worse.
    _add_response(db_session, function["id"], patient_id, "lefs", 50, days_ago=1)
    assert "score_worsened" in _reasons(client, clinic)


def test_pain_rising_beyond_the_mcid_is_an_alert(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    pain = schedule(client, clinic, "nprs", every_weeks=1)
    _add_response(db_session, pain["id"], clinic.patient_a1.id, "nprs", 2, days_ago=7)
    _add_response(db_session, pain["id"], clinic.patient_a1.id, "nprs", 5, days_ago=1)
    assert "score_worsened" in _reasons(client, clinic)


def test_the_scores_csv_and_the_fhir_bundle(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    created = schedule(client, clinic, "lefs", every_weeks=1)
    first = answer(client, clinic, created["id"], answers=lefs(3))
    _backdate(db_session, first["id"], 7)
    # The next week's occurrence, answered now.
    _add_response(db_session, created["id"], clinic.patient_a1.id, "lefs", 45, days_ago=-7)
    doctor = clinic.headers(clinic.doctor_a)
    exported = client.get(
        f"/api/v1/patients/{clinic.patient_a1.id}/questionnaire-scores.csv?instrument=lefs",
        headers=doctor,
    )
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert [row["score"] for row in rows] == ["60.0", "45.0"]
    assert rows[1]["change"] == "-15.0" and rows[1]["important_change"] == "worse"
    assert rows[0]["lefs1"] == "3" and rows[0]["mcid"] == "9"
    bad = client.get(
        f"/api/v1/patients/{clinic.patient_a1.id}/questionnaire-scores.csv?instrument=x",
        headers=doctor,
    )
    assert bad.status_code == 422
    # Without an instrument: every instrument's scores, changes per instrument, no items.
    pain = schedule(client, clinic, "nprs")
    answer(client, clinic, pain["id"], answers={"pain": 4})
    every = client.get(
        f"/api/v1/patients/{clinic.patient_a1.id}/questionnaire-scores.csv", headers=doctor
    )
    rows = list(csv.DictReader(io.StringIO(every.text)))
    assert [(r["instrument"], r["score"], r["change"]) for r in rows] == [
        ("lefs", "60.0", ""),
        ("lefs", "45.0", "-15.0"),
        ("nprs", "4.0", ""),
    ]
    assert "lefs1" not in rows[0]

    bundle = parse_bundle(
        client.get(f"/api/v1/patients/{clinic.patient_a1.id}/fhir", headers=doctor).text
    )
    found = resources(bundle)
    answered = found[f"QuestionnaireResponse/questionnaire-response-{first['id']}"]
    assert answered["status"] == "completed"
    assert answered["questionnaire"] == "https://telerehab.example/fhir/Questionnaire/lefs"
    assert answered["subject"] == {"reference": f"Patient/patient-{clinic.patient_a1.id}"}
    items = answered["item"]
    assert items[0] == {  # type: ignore[index]
        "linkId": "lefs1",
        "text": "Your usual work, housework or school activities",
        "answer": [{"valueInteger": 3}],
    }
    assert items[-1]["linkId"] == "score" and items[-1]["answer"] == [{"valueDecimal": 60.0}]  # type: ignore[index]


def test_answers_and_schedules_are_audited(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    created = schedule(client, clinic, "nprs")
    answer(client, clinic, created["id"], answers={"pain": 1})
    actions = set(
        db_session.scalars(
            select(AuditEvent.action).where(AuditEvent.patient_id == clinic.patient_a1.id)
        )
    )
    assert {"questionnaires-schedule", "questionnaires-answer"} <= actions
    assert db_session.get(QuestionnaireSchedule, created["id"]) is not None
    assert date.fromisoformat(created["start_date"]) == utc_today()


def test_a_questionnaire_is_due_on_the_patients_own_day(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    """At 12:00 UTC on 1 March it is already 2 March in Auckland (UTC+13) and still 1 March in
    London: a questionnaire starting on 2 March is due for the patient in Auckland only."""
    auckland, london = clinic.patient_a1, clinic.patient_a2
    auckland.time_zone, london.time_zone = "Pacific/Auckland", "Europe/London"
    for patient in (auckland, london):
        db_session.add(
            QuestionnaireSchedule(
                patient_id=patient.id,
                doctor_id=clinic.doctor_a.id,
                instrument="nprs",
                start_date=date(2026, 3, 2),
            )
        )
    db_session.flush()
    noon = datetime(2026, 3, 1, 12, tzinfo=UTC)

    assert notify_due(db_session, now=noon) == 1
    told = db_session.scalars(
        select(Notification.user_id).where(Notification.title.contains("Numeric Pain"))
    ).all()
    assert told == [auckland.id]
    # Twelve hours on it is 2 March in London too.
    assert notify_due(db_session, now=noon + timedelta(hours=12)) == 1
    assert notify_due(db_session, now=noon + timedelta(hours=12)) == 0
