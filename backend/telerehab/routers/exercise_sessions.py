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
- ``{"type": "finish", "pain_score": 2, "difficulty": 5}`` closes the session (code 1000);
- ``{"type": "ping"}``, answered ``{"type": "pong"}``.
Every JSON message is parsed with a bound on its size and nesting (before authentication too).
The server answers with the engine's events (``rep_completed``, ``phase_changed``,
``form_feedback``, ``out_of_view``, ``in_view``) and ``{"type": "error", "detail": ...}`` for a bad
message, which it then ignores.

Close codes (``CloseCode``; docs/api.md lists them too):
- 1000 finished; 1008 the URL's session id is not a number;
- 1009 message too big (the first message over 8 KiB, any other over 300 frames);
- 1011 server error: logged; the set in progress was stored if the database took it; reconnect;
- 4000 replaced: a newer connection to the same session (a reload, a second tab) took over;
- 4401 not signed in: no valid auth message first, or, checked again before each stored set and
  before finish, the token has expired or its account was disabled or signed out everywhere
  (a password change, an admin's reset);
- 4403 not a patient; 4404 not your session (any id out of 1..2^31-1 too); 4409 finished.

A client that disappears mid-set, or is replaced, loses nothing already counted: the partial set
is stored. So is the set in progress when the token has merely run out or its sign-in was ended
(the patient's own reps, counted under their sign-in; the app signs in again and goes on), but not
when the account was disabled or its password changed: nothing more is written under an account
its owner or the clinic has shut.
"""

import asyncio
import contextlib
import json
import logging
import time
from enum import IntEnum
from typing import Annotated, Any

import numpy as np
from fastapi import APIRouter, Depends, Request, Response, WebSocket, status
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from pydantic import TypeAdapter, ValidationError
from sqlalchemy.orm import Session
from starlette.websockets import WebSocketDisconnect, WebSocketState

from telerehab.dependencies import (
    DbSession,
    OwnExerciseSession,
    Patient,
    find_own_exercise_session,
    record_own_workout,
    user_of_token,
)
from telerehab.enums import UserRole
from telerehab.errors import Conflict, DomainError, NotFound, Unauthorized
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
from telerehab.schemas.base import Id
from telerehab.schemas.exercise import SessionDetailRead, WorkoutSessionRead
from telerehab.schemas.exercise_session import (
    ExerciseSessionFinish,
    ExerciseSessionStart,
    SetFrames,
    SetResult,
    StreamAuth,
    StreamEndSet,
    StreamFinish,
    StreamFrames,
    StreamMessage,
    StreamPing,
    StreamStartSet,
)

logger = logging.getLogger("telerehab.exercise")
router = APIRouter(prefix="/exercise-sessions", tags=["exercise-sessions"])
ws_router = APIRouter(prefix="/exercise-sessions", tags=["exercise-sessions"])

AUTH_TIMEOUT_SECONDS = 10
MAX_MESSAGE_BYTES = MAX_FRAMES_PER_MESSAGE * VALUES_PER_FRAME * 8
MAX_AUTH_MESSAGE_BYTES = 8 * 1024  # an access token is a few hundred bytes
NOT_YOURS: dict[int | str, dict[str, Any]] = {
    404: {"description": "No exercise session with this id is yours."}
}
STREAM_MESSAGE: TypeAdapter[StreamMessage] = TypeAdapter(StreamMessage)
SESSION_ID: TypeAdapter[int] = TypeAdapter(Id)
SET_FRAMES_SCHEMA = SetFrames.model_json_schema(ref_template="#/components/schemas/{model}")
SET_FRAMES_SCHEMA.pop("$defs", None)  # ExerciseType and Side are components already


class CloseCode(IntEnum):
    FINISHED = 1000
    MESSAGE_TOO_BIG = 1009
    SERVER_ERROR = 1011
    REPLACED = 4000
    NOT_SIGNED_IN = 4401
    NOT_A_PATIENT = 4403
    NOT_YOURS = 4404
    SESSION_FINISHED = 4409


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


async def read_set_frames(request: Request) -> SetFrames:
    """The body of ``add_set``, read only once the caller is known to own the session: declared
    after ``OwnExerciseSession``, this runs after it, so a stranger's megabytes are never parsed.
    (A body parameter would be read and parsed before any dependency runs.)"""
    raw = await request.body()
    try:
        return await run_in_threadpool(SetFrames.model_validate_json, raw)
    except ValidationError as invalid:
        raise RequestValidationError(
            [{**issue, "loc": ("body", *issue["loc"])} for issue in invalid.errors()]
        ) from None


@router.post(
    "/{session_id}/sets",
    status_code=status.HTTP_201_CREATED,
    operation_id="exercise-sessions-add-set",
    summary="Send one set's frames in a batch",
    description=(
        "For clients that cannot hold a WebSocket: the frames of a whole set in one request. "
        "The engine counts the reps and the set is stored as the session's next set. The body "
        "is read only after the caller is known to own the session."
    ),
    responses={
        **NOT_YOURS,
        409: {"description": "The session is finished."},
        413: {"description": "Request body too large."},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": SET_FRAMES_SCHEMA}},
        }
    },
)
def add_set(
    session: OwnExerciseSession,
    body: Annotated[SetFrames, Depends(read_set_frames)],
    db: DbSession,
) -> SetResult:
    frames = parse_frames(body.frames, MAX_FRAMES_PER_SET)
    live = LiveSet(body.exercise, body.side, body.reps_target, body.target_rom_deg, body.fps)
    events = live.feed(frames)
    closing, summary = live.finish()
    detail = store_set(db, session, live, summary)
    return SetResult.model_validate(
        {
            "detail": SessionDetailRead.model_validate(detail),
            "events": [event.to_dict() for event in [*events, *closing]],
        }
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


class _AccountShut(Exception):
    """The streaming patient's account was disabled or signed out everywhere (a password change):
    nothing more may be written under it."""


class _SignInLapsed(Exception):
    """The token no longer holds (it expired, or its sign-in was ended) though the account is in
    good standing."""


def _problem(invalid: ValidationError) -> str:
    """The first thing wrong with a message, as ``field: what is wrong``."""
    issue = invalid.errors(include_url=False)[0]
    where = ".".join(str(part) for part in issue["loc"][1:])  # [0] is the message's type
    return f"{where}: {issue['msg']}" if where else str(issue["msg"])


class _Stream:
    """One WebSocket's state: who is streaming, into which session, and the set in progress."""

    def __init__(self, websocket: WebSocket, session_id: int) -> None:
        self.websocket = websocket
        self.session_id = session_id
        self.factory = websocket.app.state.session_factory
        self.settings = websocket.app.state.settings
        self.revoked = websocket.app.state.revoked_sign_ins
        self.token = ""
        self.patient_id: int | None = None
        self.token_version = 0
        self.live: LiveSet | None = None

    # -- in a worker thread: the database ----------------------------------------------------

    def _authorise(self, token: str) -> None:
        with self.factory() as db:
            user: User = user_of_token(db, self.settings, token, self.revoked)
            if user.role != UserRole.PATIENT:
                raise PermissionError
            try:
                session_id = SESSION_ID.validate_python(self.session_id)
            except ValidationError:
                raise NotFound("No exercise session with this id is yours.") from None
            session = find_own_exercise_session(db, user, session_id)
            if session.ended_at is not None:
                raise Conflict("This session is finished.")
            self.token, self.patient_id, self.token_version = token, user.id, user.token_version

    def _patient(self, db: Session) -> User:
        """The streaming patient, checked again before anything is stored (one primary-key read,
        nothing per frame). Raises ``_SignInLapsed`` or ``_AccountShut`` when the token no
        longer holds, telling apart whether the account itself may still be written to."""
        try:
            return user_of_token(db, self.settings, self.token, self.revoked)
        except Unauthorized:
            patient = db.get(User, self.patient_id)
            if patient and patient.is_active and patient.token_version == self.token_version:
                raise _SignInLapsed from None
            raise _AccountShut from None

    def _store(
        self, live: LiveSet, final_events: bool
    ) -> tuple[list[dict[str, Any]], dict[str, Any], bool]:
        """Store a set already detached from ``self.live`` (on the event loop, so that frames
        still arriving cannot reach it while a worker thread finishes it); the last value says
        whether the token still holds."""
        closing, summary = live.finish()
        with self.factory() as db:
            try:
                patient, token_holds = self._patient(db), True
            except _SignInLapsed:
                patient, token_holds = db.get(User, self.patient_id), False
            assert patient is not None
            session = find_own_exercise_session(db, patient, self.session_id)
            detail = store_set(db, session, live, summary)
            record_own_workout(db, self.websocket, patient, session)
            db.commit()
            stored = SessionDetailRead.model_validate(detail).model_dump(mode="json")
        events = [event.to_dict() for event in closing] if final_events else []
        return events, stored, token_holds

    def _finish(self, body: ExerciseSessionFinish) -> dict[str, Any]:
        with self.factory() as db:
            patient = self._patient(db)
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

    # -- on the event loop: the socket -------------------------------------------------------

    async def send(self, payload: dict[str, Any]) -> None:
        if self.websocket.application_state == WebSocketState.DISCONNECTED:
            return  # replaced by a newer connection while this message was on its way
        await self.websocket.send_text(json.dumps(payload, separators=(",", ":")))

    async def error(self, detail: str) -> None:
        await self.send({"type": "error", "detail": detail})

    async def close(self, code: CloseCode, reason: str = "") -> None:
        if self.websocket.application_state == WebSocketState.DISCONNECTED:
            return
        with contextlib.suppress(WebSocketDisconnect):  # the client had gone already
            await self.websocket.close(code, reason)

    async def signed_out(self) -> None:
        await self.close(CloseCode.NOT_SIGNED_IN, "Your sign-in has ended; sign in again.")

    async def authenticate(self) -> bool:
        try:
            first = await asyncio.wait_for(self.websocket.receive(), timeout=AUTH_TIMEOUT_SECONDS)
        except TimeoutError:
            first = {"type": "websocket.receive"}
        if first["type"] == "websocket.disconnect":
            return False
        text = first.get("text")
        if text is not None and len(text) > MAX_AUTH_MESSAGE_BYTES:
            await self.close(CloseCode.MESSAGE_TOO_BIG, "Message too big: send the auth first.")
            return False
        try:
            message = STREAM_MESSAGE.validate_json(text or "")
        except ValidationError:
            message = None
        if not isinstance(message, StreamAuth):
            await self.close(CloseCode.NOT_SIGNED_IN, 'Send {"type": "auth", "token": ...} first.')
            return False
        try:
            await run_in_threadpool(self._authorise, message.token)
        except Unauthorized:
            await self.close(CloseCode.NOT_SIGNED_IN, "The access token is not valid.")
            return False
        except PermissionError:
            await self.close(CloseCode.NOT_A_PATIENT, "Only patients stream exercise.")
            return False
        except Conflict:
            await self.close(CloseCode.SESSION_FINISHED, "This session is finished.")
            return False
        except DomainError:
            await self.close(CloseCode.NOT_YOURS, "No exercise session with this id is yours.")
            return False
        await self.send({"type": "ready", "session_id": self.session_id})
        return True

    async def on_frames(self, rows: Any) -> None:
        if self.live is None:
            await self.error("Send start_set before frames.")
            return
        try:
            events = self.live.feed(parse_frames(rows, MAX_FRAMES_PER_MESSAGE))
        except DomainError as problem:
            await self.error(problem.detail)
            return
        for event in events:
            await self.send(event.to_dict())

    async def on_text(self, raw: str) -> bool:
        """Handle one JSON message; False once the stream is closed."""
        try:
            message = STREAM_MESSAGE.validate_json(raw)
        except ValidationError as invalid:
            await self.error(f"Invalid message: {_problem(invalid)}")
            return True
        match message:
            case StreamFrames():
                await self.on_frames(message.frames)
            case StreamStartSet():
                if self.live is not None and not await self.end_set():
                    return False
                self.live = LiveSet(
                    message.exercise,
                    message.side,
                    message.reps_target,
                    message.target_rom_deg,
                    message.fps,
                )
                await self.send({"type": "set_started", "exercise": message.exercise.value})
            case StreamEndSet():
                if self.live is None:
                    await self.error("No set in progress.")
                else:
                    return await self.end_set()
            case StreamFinish():
                return await self.finish(message)
            case StreamPing():
                await self.send({"type": "pong"})
            case StreamAuth():
                await self.error("Already signed in.")
        return True

    async def end_set(self) -> bool:
        """Store the set in progress; False when the stream had to close instead."""
        live, self.live = self.live, None
        assert live is not None
        try:
            events, stored, token_holds = await run_in_threadpool(self._store, live, True)
        except _AccountShut:
            await self.signed_out()
            return False
        except Conflict:  # finished meanwhile (through the REST endpoint)
            await self.close(CloseCode.SESSION_FINISHED, "This session is finished.")
            return False
        for event in events:
            await self.send(event)
        await self.send({"type": "set_saved", "detail": stored})
        if not token_holds:
            await self.signed_out()
        return token_holds

    async def finish(self, body: ExerciseSessionFinish) -> bool:
        if self.live is not None and not await self.end_set():
            return False
        try:
            session = await run_in_threadpool(self._finish, body)
        except (_SignInLapsed, _AccountShut):
            await self.signed_out()
            return False
        await self.send({"type": "finished", "session": session})
        await self.close(CloseCode.FINISHED)
        return False

    async def on_bytes(self, data: bytes) -> None:
        if len(data) % (VALUES_PER_FRAME * 4):
            await self.error(f"Binary frames are rows of {VALUES_PER_FRAME} float32 numbers.")
            return
        rows = np.frombuffer(data, dtype="<f4").reshape(-1, VALUES_PER_FRAME)
        await self.on_frames(rows)

    async def serve(self) -> None:
        """Handle messages until the client leaves or the stream closes."""
        while True:
            message = await self.websocket.receive()
            if message["type"] == "websocket.disconnect":
                return
            data, text = message.get("bytes"), message.get("text")
            if len(data or text or "") > MAX_MESSAGE_BYTES:
                await self.close(
                    CloseCode.MESSAGE_TOO_BIG, "Message too big: send at most 300 frames at once."
                )
                return
            if data is not None:
                await self.on_bytes(data)
            elif text is not None and not await self.on_text(text):
                return

    async def save_partial_set(self) -> None:
        """The client vanished, was replaced or hit a server error: keep every rep already
        counted (unless the account was shut meanwhile). Never raises: it runs while a stream
        ends, whatever ended it."""
        live, self.live = self.live, None
        if live is None or self.patient_id is None:
            return
        try:
            await run_in_threadpool(self._store, live, False)
        except _AccountShut:
            logger.info(
                "partial set not stored: the account was shut (session %s)", self.session_id
            )
        except Conflict:
            logger.warning("partial set not stored: session %s is closed", self.session_id)
        except Exception:
            logger.exception("partial set not stored (session %s)", self.session_id)


async def _take_over(connection: _Stream) -> None:
    """Make ``connection`` the session's only stream in this worker: an older one (a tab left
    open, a socket the network half-closed) has its partial set stored and is closed.
    """
    streams: dict[int, _Stream] = connection.websocket.app.state.exercise_streams
    older = streams.get(connection.session_id)
    streams[connection.session_id] = connection
    if older is not None:
        await older.save_partial_set()  # stored before the newer connection's first set
        await older.close(CloseCode.REPLACED, "A newer connection took over this session.")


@ws_router.websocket("/{session_id}/stream", name="exercise-sessions-stream")
async def stream(websocket: WebSocket, session_id: int) -> None:
    await websocket.accept()
    connection = _Stream(websocket, session_id)
    started = time.monotonic()
    try:
        if not await connection.authenticate():
            return
        await _take_over(connection)
        await connection.serve()
    except WebSocketDisconnect:
        pass
    except Exception:
        # No exception leaves the stream: the error is logged once, what was counted is kept,
        # and the client is told with a close code it can act on (reconnect).
        logger.exception("exercise stream of session %s failed", session_id)
        await connection.save_partial_set()
        await connection.close(CloseCode.SERVER_ERROR, "Server error; reconnect to go on.")
    finally:
        streams = websocket.app.state.exercise_streams
        if streams.get(session_id) is connection:
            del streams[session_id]
        await connection.save_partial_set()
        logger.info("exercise stream closed after %.0f s", time.monotonic() - started)
