"""The live exercise stream: one WebSocket's state machine, from signing in to finishing.

The protocol (``/api/v1/exercise-sessions/{session_id}/stream``) and its close codes are in
docs/api.md: every JSON message is one of ``StreamClientMessage`` (client to server) or
``StreamServerMessage`` (server to client), told apart by ``type``, parsed with a bound on its size
and nesting (before authentication too) and published in the OpenAPI components; frames may also
come binary (little-endian float32 rows of 133 numbers, 232 in a set that sends world
landmarks). A bad message is answered ``{"type": "error", "detail": ...}`` and ignored.

A client that disappears mid-set, or is replaced (``telerehab.live.owners``), loses nothing already
counted: the partial set is stored. So is the set in progress when the token has merely run out or
its sign-in was ended (the patient's own reps, counted under their sign-in; the app signs in again
and goes on), but not when the account was disabled or its password changed: nothing more is
written under an account its owner or the clinic has shut. Nor does a worker that dies (SIGKILL)
lose a rep: the client keeps a set's frames until ``set_saved`` and resends the set under its
``set_key`` to whichever worker it reaches next; ``store_set`` stores each key once.
"""

import asyncio
import contextlib
import logging
import time
from enum import IntEnum
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from fastapi import WebSocket
from fastapi.concurrency import run_in_threadpool
from pydantic import TypeAdapter, ValidationError
from sqlalchemy.orm import Session
from starlette.websockets import WebSocketDisconnect, WebSocketState

from telerehab.dependencies import find_own_exercise_session, record_own_workout, user_of_token
from telerehab.enums import UserRole
from telerehab.errors import Conflict, DomainError, NotFound, Unauthorized
from telerehab.live.owners import POLL_SECONDS, claim, current_epoch, replace_on_claim
from telerehab.live.sessions import (
    MAX_FRAMES_PER_MESSAGE,
    VALUES_PER_WORLD_FRAME,
    LiveSet,
    finish_session,
    frame_width,
    load_sets,
    parse_frames,
    store_set,
)
from telerehab.models import User
from telerehab.schemas.base import Id
from telerehab.schemas.exercise import (
    EngineEvent,
    SessionDetailRead,
    WorkoutSessionRead,
    engine_events,
)
from telerehab.schemas.exercise_session import (
    ExerciseSessionFinish,
    StreamAuth,
    StreamClientMessage,
    StreamEndSet,
    StreamError,
    StreamFinish,
    StreamFinished,
    StreamFrames,
    StreamPing,
    StreamPong,
    StreamReady,
    StreamServerMessage,
    StreamSetSaved,
    StreamSetStarted,
    StreamStartSet,
)

logger = logging.getLogger("telerehab.exercise")

AUTH_TIMEOUT_SECONDS = 10
MAX_MESSAGE_BYTES = MAX_FRAMES_PER_MESSAGE * VALUES_PER_WORLD_FRAME * 8
MAX_AUTH_MESSAGE_BYTES = 8 * 1024  # an access token is a few hundred bytes
CLIENT_MESSAGE: TypeAdapter[StreamClientMessage] = TypeAdapter(StreamClientMessage)
SERVER_MESSAGE: TypeAdapter[StreamServerMessage] = TypeAdapter(StreamServerMessage)
SESSION_ID: TypeAdapter[int] = TypeAdapter(Id)


class CloseCode(IntEnum):
    FINISHED = 1000
    MESSAGE_TOO_BIG = 1009
    SERVER_ERROR = 1011
    REPLACED = 4000
    NOT_SIGNED_IN = 4401
    NOT_A_PATIENT = 4403
    NOT_YOURS = 4404
    SESSION_FINISHED = 4409


class _AccountShut(Exception):
    """The streaming patient's account was disabled or signed out everywhere (a password change):
    nothing more may be written under it."""


class _Replaced(Exception):
    """A newer connection claimed the session: this one may not finish it."""


class _SignInLapsed(Exception):
    """The token no longer holds (it expired, or its sign-in was ended) though the account is in
    good standing."""


class _Stored(NamedTuple):
    events: list[EngineEvent]  # the set's closing events, when asked for
    saved: StreamSetSaved  # the acknowledgement: the client may forget the set's frames
    token_holds: bool
    still_owner: bool  # False: a newer connection claimed the session meanwhile


def _problem(invalid: ValidationError) -> str:
    """The first thing wrong with a message, as ``field: what is wrong``."""
    issue = invalid.errors(include_url=False)[0]
    where = ".".join(str(part) for part in issue["loc"][1:])  # [0] is the message's type
    return f"{where}: {issue['msg']}" if where else str(issue["msg"])


class ExerciseStream:
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
        self.owners = websocket.app.state.stream_owners
        self.epoch = 0  # this connection's claim on the session; see telerehab.live.owners
        self.watch: asyncio.Task[None] | None = None

    async def run(self) -> None:
        """The stream from accepting the socket to its end, whatever ends it."""
        await self.websocket.accept()
        started = time.monotonic()
        try:
            if not await self.authenticate():
                return
            await self.take_over()
            await self.serve()
        except WebSocketDisconnect:
            pass
        except Exception:
            # No exception leaves the stream: the error is logged once, what was counted is
            # kept, and the client is told with a close code it can act on (reconnect).
            logger.exception("exercise stream of session %s failed", self.session_id)
            await self.save_partial_set()
            await self.close(CloseCode.SERVER_ERROR, "Server error; reconnect to go on.")
        finally:
            if self.watch is not None:
                self.watch.cancel()
            streams = self.websocket.app.state.exercise_streams
            if streams.get(self.session_id) is self:
                del streams[self.session_id]
            await self.save_partial_set()
            logger.info("exercise stream closed after %.0f s", time.monotonic() - started)

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

    def _claim(self) -> int:
        with self.factory() as db:
            epoch = claim(db, self.session_id)
            db.commit()
        return epoch

    def _epoch_now(self) -> int:
        with self.factory() as db:
            return current_epoch(db, self.session_id)

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

    def _store(self, live: LiveSet, final_events: bool) -> _Stored:
        """Store a set already detached from ``self.live`` (on the event loop, so that frames
        still arriving cannot reach it while a worker thread finishes it). A stream replaced
        meanwhile still stores the reps it counted, and learns that it must stop."""
        closing, summary = live.finish()
        with self.factory() as db:
            try:
                patient, token_holds = self._patient(db), True
            except _SignInLapsed:
                patient, token_holds = db.get(User, self.patient_id), False
            assert patient is not None
            session = find_own_exercise_session(db, patient, self.session_id)
            still_owner = current_epoch(db, session.id, lock=True) == self.epoch
            detail = store_set(db, session, live, summary)
            record_own_workout(db, self.websocket, patient, session)
            db.commit()
            saved = StreamSetSaved(
                set_key=live.set_key,
                frames=detail.frame_count or live.frames,  # a resent set's longest copy
                detail=SessionDetailRead.model_validate(detail),
                count_note=summary.count_note,
            )
        events = engine_events(closing) if final_events else []
        return _Stored(events, saved, token_holds, still_owner)

    def _finish(self, body: ExerciseSessionFinish) -> WorkoutSessionRead:
        with self.factory() as db:
            patient = self._patient(db)
            session = find_own_exercise_session(db, patient, self.session_id)
            if current_epoch(db, session.id, lock=True) != self.epoch:
                raise _Replaced
            record_own_workout(db, self.websocket, patient, session)
            finish_session(
                db,
                session,
                pain_score=body.pain_score,
                difficulty=body.difficulty,
                notes=body.notes,
            )
            db.commit()
            return WorkoutSessionRead.model_validate(load_sets(db, session))

    # -- on the event loop: the socket -------------------------------------------------------

    async def send(self, message: StreamServerMessage) -> None:
        if self.websocket.application_state == WebSocketState.DISCONNECTED:
            return  # replaced by a newer connection while this message was on its way
        await self.websocket.send_text(SERVER_MESSAGE.dump_json(message).decode())

    async def error(self, detail: str) -> None:
        await self.send(StreamError(detail=detail))

    async def close(self, code: CloseCode, reason: str = "") -> None:
        if self.websocket.application_state == WebSocketState.DISCONNECTED:
            return
        with contextlib.suppress(WebSocketDisconnect):  # the client had gone already
            await self.websocket.close(code, reason)

    async def replaced(self) -> None:
        """A newer connection took the session over: keep what was counted, then close."""
        await self.save_partial_set()
        await self.close(CloseCode.REPLACED, "A newer connection took over this session.")

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
            message = CLIENT_MESSAGE.validate_json(text or "")
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
        return True

    async def take_over(self) -> None:
        """Become the session's only stream: an older one (a tab left open, a socket the network
        half-closed, a connection to another worker) has its partial set stored and is closed."""
        self.epoch = await run_in_threadpool(self._claim)
        streams: dict[int, ExerciseStream] = self.websocket.app.state.exercise_streams
        older = streams.get(self.session_id)
        streams[self.session_id] = self
        self.owners.listen(replace_on_claim(streams))
        await self.owners.announce(self.session_id, self.epoch)
        if older is not None:
            await older.replaced()  # its set stored before this connection's first set
        self.watch = asyncio.create_task(self.watch_owner())
        # Ready once the claim is the database's: from here an older stream cannot finish.
        await self.send(StreamReady(session_id=self.session_id))

    async def watch_owner(self) -> None:
        """While this worker hears no claims (no Redis, or Redis down), ask the database."""
        while True:
            await asyncio.sleep(POLL_SECONDS)
            if not self.owners.listening and await run_in_threadpool(self._epoch_now) > self.epoch:
                await self.replaced()
                return

    async def on_frames(self, rows: list[list[float]] | npt.NDArray[np.float32]) -> None:
        if self.live is None:
            await self.error("Send start_set before frames.")
            return
        try:
            frames = parse_frames(rows, MAX_FRAMES_PER_MESSAGE, self.live.world_landmarks)
            events = self.live.feed(frames)
        except DomainError as problem:
            await self.error(problem.detail)
            return
        if events:  # most messages count frames and change nothing to tell
            for event in engine_events(events):
                await self.send(event)

    async def on_text(self, raw: str) -> bool:
        """Handle one JSON message; False once the stream is closed."""
        try:
            message = CLIENT_MESSAGE.validate_json(raw)
        except ValidationError as invalid:
            await self.error(f"Invalid message: {_problem(invalid)}")
            return True
        match message:
            case StreamFrames():
                await self.on_frames(message.frames)
            case StreamStartSet():
                if self.live is not None and not await self.end_set():
                    return False
                self.live = LiveSet.prescribed(message, message.set_key)
                await self.send(
                    StreamSetStarted(exercise=message.exercise, set_key=message.set_key)
                )
            case StreamEndSet():
                if self.live is None:
                    await self.error("No set in progress.")
                else:
                    return await self.end_set()
            case StreamFinish():
                return await self.finish(message)
            case StreamPing():
                await self.send(StreamPong())
            case StreamAuth():
                await self.error("Already signed in.")
        return True

    async def end_set(self) -> bool:
        """Store the set in progress; False when the stream had to close instead."""
        live, self.live = self.live, None
        assert live is not None
        try:
            stored = await run_in_threadpool(self._store, live, True)
        except _AccountShut:
            await self.signed_out()
            return False
        except Conflict:  # finished meanwhile (through the REST endpoint)
            await self.close(CloseCode.SESSION_FINISHED, "This session is finished.")
            return False
        for event in stored.events:
            await self.send(event)
        await self.send(stored.saved)
        if not stored.still_owner:
            await self.close(CloseCode.REPLACED, "A newer connection took over this session.")
            return False
        if not stored.token_holds:
            await self.signed_out()
        return stored.token_holds

    async def finish(self, body: ExerciseSessionFinish) -> bool:
        if self.live is not None and not await self.end_set():
            return False
        try:
            session = await run_in_threadpool(self._finish, body)
        except (_SignInLapsed, _AccountShut):
            await self.signed_out()
            return False
        except _Replaced:
            await self.close(CloseCode.REPLACED, "A newer connection took over this session.")
            return False
        await self.send(StreamFinished(session=session))
        await self.close(CloseCode.FINISHED)
        return False

    async def on_bytes(self, data: bytes) -> None:
        width = frame_width(self.live is not None and self.live.world_landmarks)
        if len(data) % (width * 4):
            await self.error(f"Binary frames of this set are rows of {width} float32 numbers.")
            return
        rows = np.frombuffer(data, dtype="<f4").reshape(-1, width)
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
