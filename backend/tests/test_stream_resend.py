"""A worker that dies mid-set loses no rep (issue 23): real server processes on one PostgreSQL.

The patient streams a real recording to the first server, which is killed with SIGKILL halfway
through the set: the reps it had counted die with it, unstored. The client reconnects to the
second server and sends the set again under its key, from the first frame, as the web app does
(frontend/src/exercise/live/liveStream.ts): the stored count equals the count of the same set
streamed without interruption. Sent once more (its answer lost, say), the set is still stored
once.
"""

import json
import secrets

import numpy as np
import pytest
from websockets.sync.client import ClientConnection

from .shared_data import shared_data
from .test_stream_owners import (
    TwoServers,
    json_text,
    open_session,
    sets_and_end,
    stream,
    until,
    with_redis,
)

pytestmark = pytest.mark.postgres_only
__all__ = ["with_redis"]  # the fixture, imported to be used here

RECORDING = "pose/uiprmd_m07_s01.npy"  # shoulder abduction, 10 reps, 30 Hz, 634 frames
FRAMES_PER_MESSAGE = 30  # a second of frames a message


def recording_rows() -> np.ndarray:
    """The recording as the stream's binary rows: [timestamp, 33 x (x, y, z, visibility)]."""
    landmarks = np.load(shared_data(RECORDING, "the real pose recording"))
    times = np.arange(len(landmarks)) / 30.0
    rows = np.column_stack([times, landmarks.reshape(len(landmarks), -1)])
    return rows.astype("<f4")


def open_set(ws: ClientConnection, key: str) -> None:
    ws.send(json_text({"type": "start_set", "exercise": "shoulder-abduction", "set_key": key}))
    until(ws, "set_started")


def send_frames(ws: ClientConnection, rows: np.ndarray) -> list[dict[str, object]]:
    """Send ``rows`` and return the server's messages until it has taken them all."""
    for begin in range(0, len(rows), FRAMES_PER_MESSAGE):
        ws.send(rows[begin : begin + FRAMES_PER_MESSAGE].tobytes())
    ws.send(json_text({"type": "ping"}))
    messages = []
    while (message := json.loads(ws.recv(timeout=30)))["type"] != "pong":
        messages.append(message)
    return messages


def whole_set(ws: ClientConnection, key: str, rows: np.ndarray) -> dict[str, object]:
    """The set from its first frame to its end; the server's set_saved."""
    open_set(ws, key)
    send_frames(ws, rows)
    ws.send(json_text({"type": "end_set"}))
    return until(ws, "set_saved")


def reps_done(saved: dict[str, object]) -> int:
    detail = saved["detail"]
    assert isinstance(detail, dict)
    return int(detail["reps_done"])


def test_a_worker_killed_mid_set_loses_no_rep(with_redis: TwoServers) -> None:
    servers = with_redis
    rows = recording_rows()

    # The same set without interruption, in a session of its own.
    with stream(servers.second, servers, open_session(servers)) as ws:
        uninterrupted = reps_done(whole_set(ws, "uninterrupted-set", rows))
    assert uninterrupted >= 8, "the engine counts this recording (10 true reps)"

    session_id = open_session(servers)
    key = f"set-{secrets.token_hex(8)}"
    half = len(rows) // 2
    with stream(servers.first, servers, session_id) as ws:
        open_set(ws, key)
        counted = send_frames(ws, rows[:half])
        reps_before = sum(message["type"] == "rep_completed" for message in counted)
        assert reps_before >= 2, "the worker had counted reps when it died"
        servers.first.process.kill()  # SIGKILL: no partial set stored, nothing flushed
        servers.first.process.wait(timeout=10)
    assert sets_and_end(servers, session_id) == ([], False), "the dead worker stored nothing"

    # The client reconnects, here to the other server, and sends the set again from its start.
    with stream(servers.second, servers, session_id) as ws:
        saved = whole_set(ws, key, rows)
    assert (saved["set_key"], saved["frames"]) == (key, len(rows))
    assert reps_done(saved) == uninterrupted
    assert sets_and_end(servers, session_id) == ([uninterrupted], False)

    # Sent again whole (its set_saved lost on the way): answered the same, stored once.
    with stream(servers.second, servers, session_id) as ws:
        again = whole_set(ws, key, rows)
        ws.send(json_text({"type": "finish"}))
        until(ws, "finished")
    assert again == saved
    assert sets_and_end(servers, session_id) == ([uninterrupted], True)
