"""The old app's URLs: deprecated, redirected after the same access check, never a back door."""

from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from telerehab.enums import WorkoutSource
from telerehab.models import WorkoutSession
from telerehab.routers.legacy import OWN_READS, PATIENT_READS

from ..factories import TEST_PASSWORD, Clinic


def _assert_deprecated(response: object, successor: str) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    assert headers["Deprecation"].startswith("@")
    assert headers["Sunset"].endswith("GMT")
    assert headers["Link"] == f'<{successor}>; rel="successor-version"'


def test_the_plans_example_url_redirects_after_the_access_check(
    client: TestClient, clinic: Clinic
) -> None:
    doctor = clinic.headers(clinic.doctor_a)
    own = f"/api/medical-records/{clinic.patient_a1.id}"
    moved = client.get(own, headers=doctor, follow_redirects=False)
    assert moved.status_code == 308
    successor = f"/api/v1/patients/{clinic.patient_a1.id}/medical-records"
    assert moved.headers["location"] == successor
    _assert_deprecated(moved, successor)
    followed = client.get(own, headers=doctor)
    assert followed.status_code == 200
    assert followed.json()["items"][0]["diagnosis"] == "Diagnosis-of-a1-XYZ"

    foreign = client.get(
        f"/api/medical-records/{clinic.patient_b1.id}", headers=doctor, follow_redirects=False
    )
    assert foreign.status_code == 404
    assert "location" not in foreign.headers
    assert client.get(own, follow_redirects=False).status_code == 401


def test_every_old_read_url_points_at_a_real_successor(client: TestClient, clinic: Clinic) -> None:
    paths = {str(c.path) for c in iter_route_contexts(client.app.routes)}  # type: ignore[attr-defined]
    for successor in [*PATIENT_READS.values(), *OWN_READS.values()]:
        assert successor in paths, successor


def test_old_login_keeps_working_through_a_308(client: TestClient, clinic: Clinic) -> None:
    response = client.post(
        "/api/login", data={"username": clinic.patient_a1.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 200
    assert response.json()["user"]["id"] == clinic.patient_a1.id
    assert response.history[0].status_code == 308


def test_old_simple_log_writes_a_workout_session(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    patient = clinic.headers(clinic.patient_a1)
    created = client.post(
        "/api/exercise-log",
        headers=patient,
        json={
            "user_id": clinic.patient_a1.id,
            "exercise_type": "squat",
            "reps": 12,
            "duration_seconds": 45,
        },
    )
    assert created.status_code == 201, created.text
    _assert_deprecated(created, f"/api/v1/patients/{clinic.patient_a1.id}/workout-sessions")
    stored = db_session.scalars(
        select(WorkoutSession).where(WorkoutSession.id == created.json()["workout_session_id"])
    ).one()
    assert stored.source == WorkoutSource.LEGACY_SIMPLE_LOG
    assert stored.user_id == clinic.patient_a1.id

    someone_else = client.post(
        "/api/exercise-log",
        headers=patient,
        json={"user_id": clinic.patient_b1.id, "exercise_type": "squat", "reps": 12},
    )
    assert someone_else.status_code == 404
    doctor = client.post(
        "/api/exercise-log",
        headers=clinic.headers(clinic.doctor_a),
        json={"exercise_type": "squat", "reps": 3},
    )
    assert doctor.status_code == 403
    nonsense = client.post(
        "/api/exercise-log", headers=patient, json={"exercise_type": "juggling", "reps": -1}
    )
    assert nonsense.status_code == 422
