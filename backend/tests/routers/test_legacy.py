"""The old app's URLs: deprecated, redirected after the same access check, never a back door."""

from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from telerehab.enums import WorkoutSource
from telerehab.models import WorkoutSession
from telerehab.routers.legacy import ALL_OLD_URLS, OLD_METHODS, OWN_URLS, PATIENT_URLS

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
    for successors in [*PATIENT_URLS.values(), *OWN_URLS.values()]:
        for successor in successors.values():
            assert successor in paths, successor


def test_old_login_takes_a_form_through_a_308_and_json_as_the_old_app_sent_it(
    client: TestClient, clinic: Clinic
) -> None:
    credentials = {"username": clinic.patient_a1.username, "password": TEST_PASSWORD}
    response = client.post("/api/login", data=credentials)
    assert response.status_code == 200
    assert response.json()["user"]["id"] == clinic.patient_a1.id
    assert response.history[0].status_code == 308

    as_json = client.post("/api/login", json=credentials)
    assert as_json.status_code == 200, as_json.text
    assert as_json.json()["user"]["id"] == clinic.patient_a1.id
    assert "telerehab_refresh" in as_json.cookies
    _assert_deprecated(as_json, "/api/v1/auth/login")
    me = client.get(
        "/api/v1/users/me", headers={"Authorization": f"Bearer {as_json.json()['access_token']}"}
    )
    assert me.status_code == 200

    wrong = client.post("/api/login", json={**credentials, "password": "not-the-password"})
    assert wrong.status_code == 401
    _assert_deprecated(wrong, "/api/v1/auth/login")
    nonsense = client.post("/api/login", json={"username": "x"})
    assert nonsense.status_code == 422
    assert nonsense.headers["content-type"] == "application/problem+json"


def _old_url(path: str, clinic: Clinic) -> str:
    return "/api" + path.format(patient_id=clinic.patient_a1.id)


def test_every_old_url_and_method_is_deprecated_and_redirected_or_gone(
    client: TestClient, clinic: Clinic
) -> None:
    # A doctor caring for the patient, or the patient for the simple log: the access checks pass.
    doctor, patient = clinic.headers(clinic.doctor_a), clinic.headers(clinic.patient_a1)
    answers = {}
    for path, successors in ALL_OLD_URLS.items():
        link = next(iter(successors.values()), "")
        for method in OLD_METHODS:
            url = _old_url(path, clinic)
            headers = patient if path == "/exercise-log" else doctor
            body = {"exercise_type": "squat", "reps": 3} if method != "GET" else None
            response = client.request(
                method, url, headers=headers, json=body, follow_redirects=False
            )
            answers[(method, path)] = response.status_code
            assert response.headers["Deprecation"].startswith("@"), (method, path)
            assert response.headers["Sunset"].endswith("GMT"), (method, path)
            assert response.headers["Link"].endswith('>; rel="successor-version"'), (method, path)
            successor = successors.get(method)
            if path == "/exercise-log" and method == "POST":
                assert response.status_code == 201, response.text
            elif path == "/login" and method == "POST":
                assert response.status_code == 422  # JSON without a password: answered here
            elif successor is not None:
                target = successor.format(patient_id=clinic.patient_a1.id)
                assert response.status_code == 308, (method, path, response.text)
                assert response.headers["location"] == target
                assert response.headers["Link"] == f'<{target}>; rel="successor-version"'
            else:
                assert response.status_code == 410, (method, path, response.text)
                assert response.headers["content-type"] == "application/problem+json"
                assert response.json()["status"] == 410
                if path != "/exercise-log":
                    assert link.format(patient_id=clinic.patient_a1.id) in response.headers["Link"]
    assert set(answers.values()) == {201, 308, 410, 422}
    assert answers[("POST", "/messages")] == 308
    assert answers[("DELETE", "/patients/{patient_id}")] == 410


def test_a_gone_old_url_still_hides_a_patient_out_of_care(
    client: TestClient, clinic: Clinic
) -> None:
    doctor = clinic.headers(clinic.doctor_a)
    for path in PATIENT_URLS:
        foreign = "/api" + path.format(patient_id=clinic.patient_b1.id)
        response = client.delete(foreign, headers=doctor, follow_redirects=False)
        assert response.status_code == 404, path
    signed_out = client.delete(_old_url("/patients/{patient_id}", clinic))
    assert signed_out.status_code == 401
    _assert_deprecated(signed_out, f"/api/v1/patients/{clinic.patient_a1.id}")


def test_an_old_write_url_redirects_with_its_body_to_the_successor(
    client: TestClient, clinic: Clinic
) -> None:
    sent = client.post(
        "/api/messages",
        headers=clinic.headers(clinic.doctor_a),
        json={"receiver_id": clinic.patient_a1.id, "body": "Sent to an old URL"},
    )
    assert sent.history[0].status_code == 308
    assert sent.status_code == 201, sent.text


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
