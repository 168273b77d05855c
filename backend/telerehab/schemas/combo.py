from datetime import datetime
from typing import Annotated, Self

from pydantic import Field, StringConstraints, computed_field, field_validator, model_validator

from telerehab.enums import ExerciseType, Recording, Side
from telerehab.exercise_logic import is_valid_target_rom
from telerehab.library import camera_type
from telerehab.schemas.base import InputSchema, LongText, ReadSchema, TargetRangeOfMotion
from telerehab.schemas.library import ExerciseCode
from telerehab.schemas.user import UserSummary

ComboName = Annotated[str, StringConstraints(min_length=1, max_length=120)]
MAX_COMBO_ITEMS = 30


class ComboItemInput(InputSchema):
    """One exercise of a routine; its position is its place in the list sent. Name it by its
    library code (``exercise_code``); ``exercise_type`` (a camera exercise) is still taken."""

    exercise_code: ExerciseCode | None = Field(
        default=None, description="The exercise of the library (GET /exercise-library)."
    )
    exercise_type: ExerciseType | None = Field(
        default=None,
        description="Older clients: a camera exercise by the engine's name (its library code).",
    )
    side: Side = Side.BOTH
    sets: int = Field(default=3, ge=1, le=20)
    reps: int = Field(default=10, ge=1, le=200)
    rest_seconds: int = Field(default=60, ge=0, le=900)
    target_rom_deg: TargetRangeOfMotion | None = Field(
        default=None, description="Range of motion to aim for, in degrees; null: no target."
    )

    @model_validator(mode="after")
    def _one_exercise(self) -> Self:
        if self.exercise_code is None and self.exercise_type is None:
            raise ValueError("name the exercise: exercise_code (a code of the library)")
        if self.exercise_code is None:
            self.exercise_code = str(self.exercise_type)
        elif self.exercise_type is not None and self.exercise_type != self.exercise_code:
            raise ValueError("exercise_type and exercise_code name different exercises")
        # The engine counts the library's camera exercises; the patient reports the others.
        self.exercise_type = camera_type(self.exercise_code)
        if self.exercise_type is None and self.target_rom_deg is not None:
            raise ValueError("a self-reported exercise has no target range of motion")
        return self


class ComboCreate(InputSchema):
    """A whole routine: sent on creation, and again in full to replace it."""

    name: ComboName
    description: LongText | None = None
    items: list[ComboItemInput] = Field(min_length=1, max_length=MAX_COMBO_ITEMS)


class ComboItemRead(ReadSchema):
    id: int
    position: int
    exercise_code: str = Field(description="The exercise of the library.")
    exercise_type: ExerciseType | None = Field(
        description="The camera engine's exercise; null: the patient reports this one."
    )
    side: Side
    sets: int
    reps: int
    rest_seconds: int
    target_rom_deg: TargetRangeOfMotion | None = Field(
        description="Range of motion to aim for, in degrees; null: no target."
    )

    @computed_field(  # type: ignore[prop-decorator]
        description="camera: counted live; self_report: the patient enters sets and reps."
    )
    @property
    def recording(self) -> Recording:
        return Recording.SELF_REPORT if self.exercise_type is None else Recording.CAMERA

    @field_validator("target_rom_deg", mode="before")
    @classmethod
    def _unjudgeable_target_is_none(cls, degrees: float | None) -> float | None:
        # The database takes 0-180 degrees, and a target of 0 was accepted before the engine's
        # bounds were the API's: such a routine reads (and is exercised) as having no target.
        return degrees if degrees is None or is_valid_target_rom(degrees) else None


class ComboRead(ReadSchema):
    id: int
    name: str
    description: str | None
    doctor: UserSummary = Field(description="The doctor who wrote the routine.")
    created_at: datetime
    items: list[ComboItemRead] = Field(description="In the order they are done.")
