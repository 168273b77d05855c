"""The exercise library as the API shows it, and a patient's self-reported exercise."""

from typing import Annotated

from pydantic import AfterValidator, Field

from telerehab.enums import BodyRegion, ExerciseGoal, ExerciseType, Recording, Side
from telerehab.library import LIBRARY, SELF_REPORT_CODES
from telerehab.library.model import Prop, View
from telerehab.schemas.base import DifficultyScore, Id, InputSchema, LongText, PainScore, ReadSchema
from telerehab.schemas.exercise_session import ClientKey

MAX_CODE_LENGTH = 64


def _known_exercise(code: str) -> str:
    if code not in LIBRARY:
        raise ValueError("not an exercise of the library (see GET /api/v1/exercise-library)")
    return code


def _self_reported(code: str) -> str:
    if code not in SELF_REPORT_CODES:
        raise ValueError("not a self-reported exercise: the camera counts this one")
    return code


ExerciseCode = Annotated[
    str,
    Field(max_length=MAX_CODE_LENGTH, description="A code of the exercise library."),
    AfterValidator(_known_exercise),
]
SelfReportCode = Annotated[ExerciseCode, AfterValidator(_self_reported)]


class DoseRead(ReadSchema):
    sets: int
    reps: int
    rest_seconds: int
    hold_seconds: int | None = Field(description="Each repetition held this long; null: none.")


class KeyPoseRead(ReadSchema):
    angles: dict[str, float] = Field(
        description="Joint angles in degrees (joints left out stand at 0); see docs/api.md."
    )
    hold_s: float
    label: str


class DemonstrationRead(ReadSchema):
    view: View
    prop: Prop
    move_s: float = Field(description="Seconds from one key pose to the next.")
    poses: list[KeyPoseRead] = Field(description="Played in a loop, back to the first.")


class LibraryExerciseRead(ReadSchema):
    code: str
    name: str
    region: BodyRegion
    goal: ExerciseGoal
    recording: Recording = Field(
        description="camera: counted live by the engine; self_report: the patient enters it."
    )
    camera: ExerciseType | None = Field(description="The engine's exercise; null: self-report.")
    summary: str
    instructions: list[str] = Field(description="The steps, in order.")
    cautions: list[str]
    dose: DoseRead = Field(description="Where a prescription starts.")
    equipment: list[str]
    harder: str | None = Field(description="Code of a harder variant in the library.")
    easier: str | None = Field(description="Code of an easier variant in the library.")
    demonstration: DemonstrationRead


class SelfReportCreate(InputSchema):
    """Sets and reps a patient did of an exercise the camera does not count, with the same
    ratings as a camera session. Stored as a finished workout session (``self_report``)."""

    exercise_code: SelfReportCode
    week_plan_item_id: Id | None = Field(
        default=None, description="Today's planned routine it belongs to; null: a free one."
    )
    side: Side | None = None
    reps_per_set: list[Annotated[int, Field(ge=0, le=200)]] = Field(
        min_length=1, max_length=20, description="Reps done in each set, in order."
    )
    pain_score: PainScore
    difficulty: DifficultyScore
    notes: LongText | None = None
    client_key: ClientKey | None = Field(
        default=None, description="Sent again on a retry: the same session comes back."
    )
