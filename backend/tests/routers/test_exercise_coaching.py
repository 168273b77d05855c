"""Coaching carried through (issue 22 §3, §4): the wrong movement told live during the set, the
stored set flagged for the doctor, its form score lowered, and which flags occurred."""

from fastapi.testclient import TestClient

from telerehab.enums import ExerciseType, Side

from ..exercise_synth import rep_progress, synthesize
from ..factories import Clinic
from .test_exercise_sessions import FPS, compact, start, stream_set


def raises(done: ExerciseType) -> list[list[float]]:
    frames = synthesize(done, rep_progress(5, FPS), 120.0, sides=(Side.RIGHT,))
    return compact(frames).tolist()


def test_a_sideways_raise_under_shoulder_flexion_is_told_live_and_flagged_for_the_doctor(
    client: TestClient, clinic: Clinic
) -> None:
    session = start(client, clinic)
    url = f"/api/v1/exercise-sessions/{session['id']}/stream"
    with client.websocket_connect(url) as ws:
        ws.send_json({"type": "auth", "token": clinic.token(clinic.patient_a1)})
        ws.receive_json()
        ws.send_json({"type": "start_set", "exercise": "shoulder-flexion", "side": "right"})
        ws.receive_json()
        wrong = stream_set(ws, compact(synthesize(
            ExerciseType.SHOULDER_ABDUCTION, rep_progress(5, FPS), 120.0, sides=(Side.RIGHT,)
        )))  # fmt: skip
        ws.send_json({"type": "start_set", "exercise": "shoulder-abduction", "side": "right"})
        ws.receive_json()
        right = stream_set(ws, compact(synthesize(
            ExerciseType.SHOULDER_ABDUCTION, rep_progress(5, FPS), 120.0, sides=(Side.RIGHT,)
        )))  # fmt: skip
    told = [e for e in wrong if e["type"] == "form_feedback"]
    assert told and told[0]["code"] == "wrong_movement"
    assert told[0]["message"] == "raise your arm forward, in front of you"
    # Told during the set: before the last rep was counted, not only when it was saved.
    reps = [index for index, e in enumerate(wrong) if e["type"] == "rep_completed"]
    assert wrong.index(told[0]) < reps[-1]
    flagged = wrong[-1]["detail"]
    assert flagged["movement_mismatch"] is True  # type: ignore[index]
    assert flagged["flag_counts"]["wrong_movement"] == flagged["reps_done"] == 5  # type: ignore[index]
    assert flagged["form_score"] == 0.0  # type: ignore[index]
    clean = right[-1]["detail"]
    assert clean["movement_mismatch"] is False  # type: ignore[index]
    assert clean["flag_counts"] == {}  # type: ignore[index]
    assert clean["form_score"] == 100.0  # type: ignore[index]

    history = client.get(
        f"/api/v1/patients/{clinic.patient_a1.id}/workout-sessions",
        headers=clinic.headers(clinic.doctor_a),
    ).json()
    details = next(s for s in history["items"] if s["id"] == session["id"])["details"]
    assert [d["movement_mismatch"] for d in details] == [True, False]


def test_a_batch_set_is_flagged_the_same_way(client: TestClient, clinic: Clinic) -> None:
    session = start(client, clinic)
    response = client.post(
        f"/api/v1/exercise-sessions/{session['id']}/sets",
        headers=clinic.headers(clinic.patient_a1),
        json={
            "exercise": "shoulder-abduction",
            "side": "right",
            "frames": raises(ExerciseType.SHOULDER_FLEXION),
        },
    )
    assert response.status_code == 201, response.text
    detail = response.json()["detail"]
    assert detail["movement_mismatch"] is True
    assert detail["flag_counts"]["wrong_movement"] == detail["reps_done"] == 5
