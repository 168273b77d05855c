"""Live exercise: start a session, stream pose landmarks over a WebSocket (or send a set in one
batch), finish. Video never reaches the server: only landmarks do. The stream's protocol and state
machine are in ``telerehab.live.stream``; the messages are ``StreamClientMessage`` and
``StreamServerMessage`` in the OpenAPI components."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response, WebSocket, status
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from telerehab.dependencies import DbSession, OwnExerciseSession, Patient, record_own_workout
from telerehab.domain.self_reports import record_self_report
from telerehab.live.owners import current_epoch
from telerehab.live.sessions import (
    MAX_FRAMES_PER_SET,
    LiveSet,
    finish_session,
    load_sets,
    parse_frames,
    start_session,
    store_set,
)
from telerehab.live.stream import ExerciseStream
from telerehab.schemas.exercise import SessionDetailRead, WorkoutSessionRead, engine_events
from telerehab.schemas.exercise_session import (
    ExerciseSessionFinish,
    ExerciseSessionStart,
    SetFrames,
    SetResult,
)
from telerehab.schemas.library import SelfReportCreate

router = APIRouter(prefix="/exercise-sessions", tags=["exercise-sessions"])
ws_router = APIRouter(prefix="/exercise-sessions", tags=["exercise-sessions"])

NOT_YOURS: dict[int | str, dict[str, Any]] = {
    404: {"description": "No exercise session with this id is yours."}
}
SET_FRAMES_SCHEMA = SetFrames.model_json_schema(ref_template="#/components/schemas/{model}")
SET_FRAMES_SCHEMA.pop("$defs", None)  # ExerciseType and Side are components already


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
    "/self-reports",
    status_code=status.HTTP_201_CREATED,
    operation_id="exercise-sessions-self-report",
    summary="Record a self-reported exercise",
    description=(
        "The sets and reps done of a library exercise the camera does not count, with the pain "
        "and difficulty ratings: stored as a finished session (source `self_report`) that "
        "counts toward adherence. Retrying with the same client_key returns it (200)."
    ),
    responses={
        200: {"description": "Already recorded with this client_key.", "model": WorkoutSessionRead},
        404: {"description": "The planned routine is not in your plan."},
        409: {"description": "client_key belongs to another session."},
    },
)
def self_report(
    request: Request, patient: Patient, body: SelfReportCreate, db: DbSession, response: Response
) -> WorkoutSessionRead:
    session, created = record_self_report(db, patient, body)
    record_own_workout(db, request, patient, session)
    if not created:
        response.status_code = status.HTTP_200_OK
    return WorkoutSessionRead.model_validate(session)


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
        "For clients that cannot hold a WebSocket, and for a set the stream could not store: "
        "the frames of a whole set in one request. The engine counts the reps and the set is "
        "stored as the session's next set, or, sent under a `set_key` already stored, replaces "
        "that set only when counted from more frames. The body is read only after the caller "
        "is known to own the session."
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
    frames = parse_frames(body.frames, MAX_FRAMES_PER_SET, body.world_landmarks)
    live = LiveSet.prescribed(body, body.set_key)
    events = live.feed(frames)
    closing, summary = live.finish()
    current_epoch(db, session.id, lock=True)  # a stream storing the same set waits, or we do
    detail = store_set(db, session, live, summary)
    return SetResult(
        detail=SessionDetailRead.model_validate(detail),
        events=engine_events([*events, *closing]),
        count_note=summary.count_note,
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


@ws_router.websocket("/{session_id}/stream", name="exercise-sessions-stream")
async def stream(websocket: WebSocket, session_id: int) -> None:
    """The live stream of a session's sets; its protocol is in ``telerehab.live.stream``."""
    await ExerciseStream(websocket, session_id).run()
