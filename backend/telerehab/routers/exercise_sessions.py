"""Live exercise: start a session, stream pose landmarks over a WebSocket (or send a set in one
batch), finish. Video never reaches the server: only landmarks do.

WebSocket protocol (``/api/v1/exercise-sessions/{session_id}/stream``):
- first message, within 10 s: ``{"type": "auth", "token": "<access token>"}`` (never in the URL);
- ``{"type": "start_set", "exercise": "squat", "side": null, "reps_target": 10,
  "target_rom_deg": 90, "fps": 30}``;
- frames, either binary (little-endian float32, rows of 133 numbers: timestamp, then x, y, z,
  visibility of the 33 landmarks) or ``{"type": "frames", "frames": [[...133 numbers], ...]}``;
  at most 300 frames a message;
- ``{"type": "end_set"}`` stores the set and answers ``{"type": "set_saved", "detail": ...}``;
- ``{"type": "finish", "pain_score": 2, "difficulty": 5}`` closes the session (code 1000).
The server answers with the engine's events (``rep_completed``, ``phase_changed``,
``form_feedback``, ``out_of_view``, ``in_view``) and ``{"type": "error", "detail": ...}`` for a bad
message, which it then ignores. Close codes: 4401 not signed in, 4403 not a patient, 4404 not
your session, 4409 session already finished, 1009 message too big, 4000 replaced: a newer
connection to the same session (a reload, a second tab) takes over. A client that disappears
mid-set, or is replaced, loses nothing already counted: the partial set is stored.
"""

import asyncio
import json
import logging
import time
from typing import Any

import numpy as np
from fastapi import APIRouter, Request, Response, WebSocket, WebSocketDisconnect, status
from fastapi.concurrency import run_in_threadpool
from pydantic import ValidationError
from starlette.websockets import WebSocketState

from telerehab.dependencies import (
    DbSession,
    OwnExerciseSession,
    Patient,
    find_own_exercise_session,
    record_own_workout,
    user_of_token,
)
from telerehab.enums import UserRole
from telerehab.errors import Conflict, DomainError, Unauthorized
from telerehab.live_sessions import (
    MAX_FRAMES_PER_MESSAGE,
    MAX_FRAMES_PER_SET,
    VALUES_PER_FRAME,
    LiveSet,
    finish_session,
    load_sets,
    parse_frames,
    start_session,
    store_set,
)
from telerehab.models import User
from telerehab.schemas.exercise import SessionDetailRead, WorkoutSessionRead
from telerehab.schemas.exercise_session import (
    ExerciseSessionFinish,
    ExerciseSessionStart,
    SetFrames,
    SetPrescription,
    SetResult,
)

logger = logging.getLogger("telerehab.exercise")
router = APIRouter(prefix="/exercise-sessions", tags=["exercise-sessions"])
ws_router = APIRouter(prefix="/exercise-sessions", tags=["exercise-sessions"])

AUTH_TIMEOUT_SECONDS = 10
MAX_MESSAGE_BYTES = MAX_FRAMES_PER_MESSAGE * VALUES_PER_FRAME * 8
NOT_YOURS: dict[int | str, dict[str, Any]] = {
    404: {"description": "No exercise session with this id is yours."}
}


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    operation_id="exercise-sessions-start",
    summary="Start an exercise session",
    description=(
        "Starts a session for a planned exercise (week_plan_item_id) or a free one. Retrying "
        "with the same client_key returns the session already started (200)."
    ),
    responses={
        200: {
            "description": "Already started with this client_key: the same session.",
            "model": WorkoutSessionRead,
        },
        404: {"description": "The planned exercise is not in your plan."},
        409: {"description": "client_key belongs to someone else."},
    },
)
def start(
    request: Request,
    patient: Patient,
    body: ExerciseSessionStart,
    db: DbSession,
    response: Response,
) -> WorkoutSessionRead:
    session, created = start_session(
        db,
        patient,
        week_plan_item_id=body.week_plan_item_id,
        combo_id=body.combo_id,
        client_key=body.client_key,
    )
    record_own_workout(db, request, patient, session)
    if created:
        return WorkoutSessionRead.model_validate(session)
    response.status_code = status.HTTP_200_OK
    return WorkoutSessionRead.model_validate(load_sets(db, session))


@router.post(
    "/{session_id}/sets",
    status_code=status.HTTP_201_CREATED,
    operation_id="exercise-sessions-add-set",
    summary="Send one set's frames in a batch",
    description=(
        "For clients that cannot hold a WebSocket: the frames of a whole set in one request. "
        "The engine counts the reps and the set is stored as the session's next set."
    ),
    responses={
        **NOT_YOURS,
        409: {"description": "The session is finished."},
        413: {"description": "Request body too large."},
    },
)
def add_set(session: OwnExerciseSession, body: SetFrames, db: DbSession) -> SetResult:
    frames = parse_frames(body.frames, MAX_FRAMES_PER_SET)
    live = LiveSet(body.exercise, body.side, body.reps_target, body.target_rom_deg, body.fps)
    events = live.feed(frames)
    closing, summary = live.finish()
    detail = store_set(db, session, live, summary, float(frames[-1, 0] - frames[0, 0]))
    return SetResult(
        detail=SessionDetailRead.model_validate(detail),
        events=[event.to_dict() for event in [*events, *closing]],
    )


@router.post(
    "/{session_id}/finish",
    operation_id="exercise-sessions-finish",
    summary="Finish an exercise session",
    description=(
        "Closes the session with the patient's pain and difficulty ratings. Idempotent: a retried "
        "finish returns the same session and stores nothing twice."
    ),
    responses=NOT_YOURS,
)
def finish(
    session: OwnExerciseSession, body: ExerciseSessionFinish, db: DbSession
) -> WorkoutSessionRead:
    finish_session(
        db, session, pain_score=body.pain_score, difficulty=body.difficulty, notes=body.notes
    )
    return WorkoutSessionRead.model_validate(load_sets(db, session))


class _Stream:
    """One WebSocket's state: who is streaming, into which session, and the set in progress."""

    def __init__(self, websocket: WebSocket, session_id: int) -> None:
        self.websocket = websocket
        self.session_id = session_id
        self.factory = websocket.app.state.session_factory
        self.settings = websocket.app.state.settings
        self.patient_id: int | None = None
        self.live: LiveSet | None = None
        self.set_started = 0.0

    def _authorise(self, token: str) -> int:
        with self.factory() as db:
            user: User = user_of_token(db, self.settings, token)
            if user.role != UserRole.PATIENT:
                raise PermissionError
            session = find_own_exercise_session(db, user, self.session_id)
            if session.ended_at is not None:
                raise Conflict("This session is finished.")
            return user.id

    def _store(
        self, live: LiveSet, final_events: bool
    ) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        """Store a set already detached from ``self.live`` (on the event loop, so that frames
        still arriving cannot reach it while a worker thread finishes it)."""
        closing, summary = live.finish()
        seconds = max(0.0, live.last_time - self.set_started) if live.last_time > 0 else 0.0
        with self.factory() as db:
            patient = db.get(User, self.patient_id)
            assert patient is not None
            session = find_own_exercise_session(db, patient, self.session_id)
            detail = store_set(db, session, live, summary, seconds)
            record_own_workout(db, self.websocket, patient, session)
            db.commit()
            stored = SessionDetailRead.model_validate(detail).model_dump(mode="json")
        return [event.to_dict() for event in closing] if final_events else [], stored

    def _finish(self, body: ExerciseSessionFinish) -> dict[str, Any]:
        with self.factory() as db:
            patient = db.get(User, self.patient_id)
            assert patient is not None
            session = find_own_exercise_session(db, patient, self.session_id)
            record_own_workout(db, self.websocket, patient, session)
            finish_session(
                db,
                session,
                pain_score=body.pain_score,
                difficulty=body.difficulty,
                notes=body.notes,
            )
            db.commit()
            return WorkoutSessionRead.model_validate(load_sets(db, session)).model_dump(mode="json")

    async def send(self, payload: dict[str, Any]) -> None:
        if self.websocket.application_state == WebSocketState.DISCONNECTED:
            return  # replaced by a newer connection while this message was on its way
        await self.websocket.send_text(json.dumps(payload, separators=(",", ":")))

    async def error(self, detail: str) -> None:
        await self.send({"type": "error", "detail": detail})

    async def authenticate(self) -> bool:
        try:
            first = await asyncio.wait_for(
                self.websocket.receive_text(), timeout=AUTH_TIMEOUT_SECONDS
            )
            message = json.loads(first)
            if not isinstance(message, dict) or message.get("type") != "auth":
                raise ValueError
            token = str(message["token"])
        except (TimeoutError, ValueError, KeyError, TypeError, WebSocketDisconnect):
            await self.websocket.close(4401, 'Send {"type": "auth", "token": ...} first.')
            return False
        try:
            self.patient_id = await run_in_threadpool(self._authorise, token)
        except Unauthorized:
            await self.websocket.close(4401, "The access token is not valid.")
            return False
        except PermissionError:
            await self.websocket.close(4403, "Only patients stream exercise.")
            return False
        except Conflict:
            await self.websocket.close(4409, "This session is finished.")
            return False
        except DomainError:
            await self.websocket.close(4404, "No exercise session with this id is yours.")
            return False
        await self.send({"type": "ready", "session_id": self.session_id})
        return True

    async def on_frames(self, rows: Any) -> None:
        if self.live is None:
            await self.error("Send start_set before frames.")
            return
        try:
            frames = parse_frames(rows, MAX_FRAMES_PER_MESSAGE)
            events = self.live.feed(frames)
        except DomainError as problem:
            await self.error(problem.detail)
            return
        if self.live.last_time and not self.set_started:
            self.set_started = float(frames[0, 0])
        for event in events:
            await self.send(event.to_dict())

    async def on_text(self, raw: str) -> bool:
        """Handle one JSON message; False once the session is finished."""
        try:
            message = json.loads(raw)
            kind = message["type"]
        except (ValueError, KeyError, TypeError):
            await self.error('Messages are JSON objects with a "type".')
            return True
        if kind == "frames":
            await self.on_frames(message.get("frames"))
        elif kind == "start_set":
            if self.live is not None:
                await self._end_set()
            try:
                plan = SetPrescription.model_validate(
                    {k: v for k, v in message.items() if k != "type"}
                )
            except ValidationError as invalid:
                await self.error(f"Invalid set: {invalid.errors()[0]['msg']}")
                return True
            self.live = LiveSet(
                plan.exercise, plan.side, plan.reps_target, plan.target_rom_deg, plan.fps
            )
            self.set_started = 0.0
            await self.send({"type": "set_started", "exercise": plan.exercise.value})
        elif kind == "end_set":
            await self._end_set()
        elif kind == "finish":
            try:
                body = ExerciseSessionFinish.model_validate(
                    {k: v for k, v in message.items() if k != "type"}
                )
            except ValidationError as invalid:
                await self.error(f"Invalid finish: {invalid.errors()[0]['msg']}")
                return True
            if self.live is not None:
                await self._end_set()
            session = await run_in_threadpool(self._finish, body)
            await self.send({"type": "finished", "session": session})
            await self.websocket.close(1000)
            return False
        elif kind == "ping":
            await self.send({"type": "pong"})
        else:
            await self.error(f"Unknown message type {kind!r}.")
        return True

    async def _end_set(self) -> None:
        if self.live is None:
            await self.error("No set in progress.")
            return
        live, self.live = self.live, None
        events, stored = await run_in_threadpool(self._store, live, True)
        for event in events:
            await self.send(event)
        await self.send({"type": "set_saved", "detail": stored})

    async def on_bytes(self, data: bytes) -> None:
        if len(data) % (VALUES_PER_FRAME * 4):
            await self.error(f"Binary frames are rows of {VALUES_PER_FRAME} float32 numbers.")
            return
        rows = np.frombuffer(data, dtype="<f4").reshape(-1, VALUES_PER_FRAME)
        await self.on_frames(rows)

    async def save_partial_set(self) -> None:
        """The client vanished or was replaced: keep every rep already counted."""
        live, self.live = self.live, None
        if live is not None and self.patient_id is not None:
            try:
                await run_in_threadpool(self._store, live, False)
            except DomainError:
                logger.warning("partial set not stored: session %s is closed", self.session_id)


REPLACED = 4000


async def _take_over(connection: _Stream) -> None:
    """Make ``connection`` the session's only stream in this worker: an older one (a tab left
    open, a socket the network half-closed) has its partial set stored and is closed.
    """
    streams: dict[int, _Stream] = connection.websocket.app.state.exercise_streams
    older = streams.get(connection.session_id)
    streams[connection.session_id] = connection
    if older is not None:
        await older.save_partial_set()  # stored before the newer connection's first set
        await older.websocket.close(REPLACED, "A newer connection took over this session.")


@ws_router.websocket("/{session_id}/stream", name="exercise-sessions-stream")
async def stream(websocket: WebSocket, session_id: int) -> None:
    await websocket.accept()
    connection = _Stream(websocket, session_id)
    if not await connection.authenticate():
        return
    await _take_over(connection)
    started = time.monotonic()
    try:
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                break
            data, text = message.get("bytes"), message.get("text")
            if (data and len(data) > MAX_MESSAGE_BYTES) or (text and len(text) > MAX_MESSAGE_BYTES):
                await websocket.close(1009, "Message too big: send at most 300 frames at once.")
                break
            if data is not None:
                await connection.on_bytes(data)
            elif text is not None and not await connection.on_text(text):
                return
    except WebSocketDisconnect:
        pass
    finally:
        streams = websocket.app.state.exercise_streams
        if streams.get(session_id) is connection:
            del streams[session_id]
        await connection.save_partial_set()
        logger.info("exercise stream closed after %.0f s", time.monotonic() - started)
