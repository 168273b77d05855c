"""Starting a live exercise session, sending a set's frames in one batch, finishing, and the
messages of the live stream both ways."""

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints

from telerehab.enums import ExerciseType, Side
from telerehab.exercise_logic import MAX_ASPECT_RATIO, MIN_ASPECT_RATIO
from telerehab.schemas.base import (
    DifficultyScore,
    Id,
    InputSchema,
    PainScore,
    ReadSchema,
    TargetRangeOfMotion,
)
from telerehab.schemas.exercise import (
    AnyEngineEvent,
    EngineEvent,
    SessionDetailRead,
    WorkoutSessionRead,
)

ClientKey = Annotated[str, StringConstraints(min_length=8, max_length=64, pattern=r"^[\w-]+$")]
FramesPerSecond = Annotated[float, Field(gt=0, le=120)]
SetKey = Annotated[
    ClientKey | None,
    Field(
        description=(
            "A key the client makes up for the set. A set sent again under the same key (after "
            "a reconnection, from its first frame; or in a batch, when the stream could not "
            "store it) is stored once: what was stored of it is replaced only by a version "
            "counted from more frames. Omit it and a set sent again is stored as another set."
        ),
    ),
]


class ExerciseSessionStart(InputSchema):
    week_plan_item_id: Id | None = Field(
        default=None, description="The planned exercise being done; omit for a free session."
    )
    combo_id: Id | None = None
    client_key: ClientKey | None = Field(
        default=None,
        description="A key the client makes up; starting again with it returns the same session.",
    )


class SetPrescription(InputSchema):
    exercise: ExerciseType
    side: Side | None = Field(default=None, description="Omit to let the engine find the side.")
    reps_target: Annotated[int, Field(ge=1, le=200)] | None = None
    target_rom_deg: TargetRangeOfMotion | None = Field(
        default=None, description="The range to reach for a rep to count as good."
    )
    fps: FramesPerSecond = 30.0
    aspect_ratio: Annotated[float, Field(ge=MIN_ASPECT_RATIO, le=MAX_ASPECT_RATIO)] = Field(
        default=1.0,
        description=(
            "The camera picture's width over its height (0.5625 for a 720 x 1280 portrait "
            "phone). MediaPipe gives x (and z) as fractions of the width, y of the height; the "
            "engine measures angles with both in one unit, so without it a portrait or wide "
            "picture distorts every angle (a 120-degree curl read as 50-90 on a phone)."
        ),
    )
    world_landmarks: bool = Field(
        default=False,
        description=(
            "Each frame also carries MediaPipe's world landmarks after the 132 picture values: "
            "X0, Y0, Z0, ..., X32, Y32, Z32, in metres about the hips' midpoint, as MediaPipe "
            "gives them (232 numbers a row). The range of motion is then measured on them, which "
            "a camera's perspective does not distort (a forward raise of 90 degrees seen from the "
            "front reads 97 on the picture); counting still reads the picture."
        ),
    )
    setup_skipped: bool = Field(
        default=False,
        description=(
            'The patient started with "Start anyway" before the camera check passed (joints '
            "out of view, too dark): the set is stored marked, its counts less certain."
        ),
    )


class SetFrames(SetPrescription):
    set_key: SetKey = None
    frames: list[list[float]] = Field(
        description=(
            "Compact frames: each row is [timestamp_s, x0, y0, z0, v0, ..., x32, y32, z32, v32] "
            "in MediaPipe Pose order (133 numbers; 232 with world_landmarks, the world "
            "landmarks' X0, Y0, Z0, ..., Z32 after the picture's). At most 5400 rows (3 minutes "
            "at 30 fps)."
        ),
        max_length=5400,
    )


class SetResult(ReadSchema):
    detail: SessionDetailRead
    count_note: str | None = Field(
        default=None, description="Why the count differs from the reps sent live, if it does."
    )
    events: list[EngineEvent] = Field(description="The engine's events for the set, in order.")


class ExerciseSessionFinish(InputSchema):
    pain_score: PainScore | None = None
    difficulty: DifficultyScore | None = None
    notes: Annotated[str, StringConstraints(max_length=2000)] | None = None


# What a client sends on the exercise stream (``/exercise-sessions/{id}/stream``), one JSON object
# a message, told apart by ``type``. Binary messages carry frames and are not JSON.


class StreamAuth(InputSchema):
    type: Literal["auth"]
    token: Annotated[str, StringConstraints(min_length=1, max_length=4096)]


class StreamStartSet(SetPrescription):
    type: Literal["start_set"]
    set_key: SetKey = None


class StreamFrames(InputSchema):
    type: Literal["frames"]
    frames: list[list[float]] = Field(description="Compact frames, as in ``SetFrames``.")


class StreamEndSet(InputSchema):
    type: Literal["end_set"]


class StreamFinish(ExerciseSessionFinish):
    type: Literal["finish"]


class StreamPing(InputSchema):
    type: Literal["ping"]


StreamClientMessage = Annotated[
    StreamAuth | StreamStartSet | StreamFrames | StreamEndSet | StreamFinish | StreamPing,
    Field(discriminator="type"),
]


# What the server sends on the stream: its answers to the messages above, and the engine's events
# as they happen (``EngineEvent``).


class StreamAnswer(ReadSchema):
    """A server message: ``type`` has a default here but is always sent, so the schema says
    required and the generated TypeScript can tell the messages apart by it."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)


class StreamReady(StreamAnswer):
    """Signed in: the stream takes sets for this session."""

    type: Literal["ready"] = "ready"
    session_id: int


class StreamSetStarted(StreamAnswer):
    """The set began: the engine's events that follow, up to its set_saved, are about it."""

    type: Literal["set_started"] = "set_started"
    exercise: ExerciseType
    set_key: str | None = Field(default=None, description="The set's key, as given in start_set.")


class StreamSetSaved(StreamAnswer):
    """The set was stored (its closing events came just before): the acknowledgement after which
    the client may forget the set's frames."""

    type: Literal["set_saved"] = "set_saved"
    set_key: str | None = Field(description="The set's key, as given in start_set.")
    frames: int = Field(description="The frames the stored set was counted from.")
    detail: SessionDetailRead
    count_note: str | None = Field(
        default=None,
        description="Why the saved count differs from the one shown during the set, if it does.",
    )


class StreamFinished(StreamAnswer):
    """The session is closed; the server then closes the stream (code 1000)."""

    type: Literal["finished"] = "finished"
    session: WorkoutSessionRead


class StreamError(StreamAnswer):
    """A message the server could not take; it was ignored and the stream goes on."""

    type: Literal["error"] = "error"
    detail: str


class StreamPong(StreamAnswer):
    type: Literal["pong"] = "pong"


StreamServerMessage = Annotated[
    StreamReady
    | StreamSetStarted
    | AnyEngineEvent
    | StreamSetSaved
    | StreamFinished
    | StreamError
    | StreamPong,
    Field(discriminator="type"),
]
