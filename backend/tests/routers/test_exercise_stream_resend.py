"""A set sent again after a reconnection is stored once (issue 23): the client keeps a set's frames
until ``set_saved`` and, on a new connection, sends ``start_set`` with the same ``set_key`` and the
set from its first frame. The real worker death (SIGKILL) is in tests/test_stream_resend.py."""

import numpy as np
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from telerehab.enums import ExerciseType
from telerehab.live.sessions import LiveSet, start_session, store_set
from telerehab.models import SessionDetail

from ..factories import Clinic
from .test_exercise_sessions import squats, start

KEY = "set-0f9c2d4e"


def stored(db: Session, session_id: object) -> list[tuple[int, int | None, str | None]]:
    db.expire_all()
    return [
        (detail.reps_done, detail.frame_count, detail.set_key)
        for detail in db.scalars(
            select(SessionDetail)
            .where(SessionDetail.session_id == session_id)
            .order_by(SessionDetail.position)
        )
    ]


def send_set(
    client: TestClient, clinic: Clinic, session_id: object, rows: np.ndarray, *, end: bool
) -> dict[str, object] | None:
    """One connection: the set under ``KEY`` from its first frame; with ``end``, its answer;
    without, the client vanishes once the server has taken the frames."""
    with client.websocket_connect(f"/api/v1/exercise-sessions/{session_id}/stream") as ws:
        ws.send_json({"type": "auth", "token": clinic.token(clinic.patient_a1)})
        assert ws.receive_json()["type"] == "ready"
        ws.send_json({"type": "start_set", "exercise": "squat", "side": "both", "set_key": KEY})
        assert ws.receive_json()["type"] == "set_started"
        for begin in range(0, len(rows), 100):
            ws.send_bytes(rows[begin : begin + 100].tobytes())
        ws.send_json({"type": "end_set" if end else "ping"})
        while (message := ws.receive_json())["type"] not in ("set_saved", "pong"):
            pass
    return message if end else None


def test_a_set_resent_after_a_drop_is_stored_once_from_every_frame(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    session = start(client, clinic)
    rows = squats(6)
    half = len(rows) // 2
    # The connection drops halfway: the server stores what it counted so far, under the key.
    send_set(client, clinic, session["id"], rows[:half], end=False)
    (partial,) = stored(db_session, session["id"])
    assert partial[1:] == (half, KEY) and partial[0] < 6

    # The client sends the set again, whole: its row now holds the whole set, counted once.
    saved = send_set(client, clinic, session["id"], rows, end=True)
    assert saved is not None
    assert (saved["set_key"], saved["frames"]) == (KEY, len(rows))
    assert saved["detail"]["reps_done"] == 6  # type: ignore[index]
    assert stored(db_session, session["id"]) == [(6, len(rows), KEY)]

    # Its set_saved was lost, say: sent again, it changes nothing and is answered the same.
    again = send_set(client, clinic, session["id"], rows, end=True)
    assert again == saved
    # A copy with fewer frames (an older connection's) never replaces the longer one.
    send_set(client, clinic, session["id"], rows[:half], end=False)
    assert stored(db_session, session["id"]) == [(6, len(rows), KEY)]

    # The next set is the session's second, whatever came before.
    with client.websocket_connect(f"/api/v1/exercise-sessions/{session['id']}/stream") as ws:
        ws.send_json({"type": "auth", "token": clinic.token(clinic.patient_a1)})
        ws.receive_json()
        ws.send_json({"type": "start_set", "exercise": "squat", "set_key": "set-next-01"})
        ws.receive_json()
        ws.send_bytes(squats(2).tobytes())
        ws.send_json({"type": "finish"})
        while (message := ws.receive_json())["type"] != "finished":
            pass
    details = message["session"]["details"]
    assert [(d["reps_done"], d["set_number"]) for d in details] == [(6, 1), (2, 2)]


def test_store_set_keeps_the_copy_counted_from_more_frames(
    db_session: Session, clinic: Clinic
) -> None:
    """Whichever order the copies arrive in (a replaced stream may store its partial set after
    the newer stream stored the whole), the longest one is the set."""
    session, _ = start_session(
        db_session, clinic.patient_a1, week_plan_item_id=None, combo_id=None, client_key=None
    )
    rows = squats(4).astype(np.float64)

    def copy(frames: int) -> SessionDetail:
        live = LiveSet(ExerciseType.SQUAT, None, None, None, 30.0, set_key=KEY)
        live.feed(rows[:frames])
        _, summary = live.finish()
        return store_set(db_session, session, live, summary)

    whole = copy(len(rows))
    assert copy(len(rows) // 2) is whole
    assert (whole.reps_done, whole.frame_count) == (4, len(rows))
    count = db_session.scalars(
        select(SessionDetail.id).where(SessionDetail.session_id == session.id)
    ).all()
    assert len(count) == 1


def test_a_set_the_stream_could_not_store_is_sent_in_a_batch_under_its_key(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    """The stream is down when the patient finishes: the app sends each set not yet stored to
    the batch endpoint under its key before finishing over REST (useLiveSession)."""
    session = start(client, clinic)
    rows = squats(5)
    half = len(rows) // 2
    send_set(client, clinic, session["id"], rows[:half], end=False)  # the stream dropped
    url = f"/api/v1/exercise-sessions/{session['id']}/sets"
    body = {"exercise": "squat", "side": "both", "set_key": KEY, "frames": rows.tolist()}
    headers = clinic.headers(clinic.patient_a1)

    first = client.post(url, json=body, headers=headers)
    assert first.status_code == 201, first.text
    assert first.json()["detail"]["reps_done"] == 5
    assert stored(db_session, session["id"]) == [(5, len(rows), KEY)]
    # Sent again (its answer was lost), or a shorter copy: the set stays one, whole.
    again = client.post(url, json=body, headers=headers)
    shorter = client.post(url, json={**body, "frames": rows[:half].tolist()}, headers=headers)
    assert again.json()["detail"] == first.json()["detail"]
    assert shorter.json()["detail"]["id"] == first.json()["detail"]["id"]
    assert stored(db_session, session["id"]) == [(5, len(rows), KEY)]
    # A set without a key is another set, as before.
    other = client.post(url, json={**body, "set_key": None}, headers=headers)
    assert other.json()["detail"]["set_number"] == 2
