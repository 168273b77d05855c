from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints, field_validator

from telerehab.enums import ExerciseType, Side
from telerehab.exercise_logic import is_valid_target_rom
from telerehab.schemas.base import InputSchema, LongText, ReadSchema, TargetRangeOfMotion
from telerehab.schemas.user import UserSummary

ComboName = Annotated[str, StringConstraints(min_length=1, max_length=120)]
MAX_COMBO_ITEMS = 30


class ComboItemInput(InputSchema):
    """One exercise of a routine; its position is its place in the list sent."""

    exercise_type: ExerciseType
    side: Side = Side.BOTH
    sets: int = Field(default=3, ge=1, le=20)
    reps: int = Field(default=10, ge=1, le=200)
    rest_seconds: int = Field(default=60, ge=0, le=900)
    target_rom_deg: TargetRangeOfMotion | None = Field(
        default=None, description="Range of motion to aim for, in degrees; null: no target."
    )


class ComboCreate(InputSchema):
    """A whole routine: sent on creation, and again in full to replace it."""

    name: ComboName
    description: LongText | None = None
    items: list[ComboItemInput] = Field(min_length=1, max_length=MAX_COMBO_ITEMS)


class ComboItemRead(ReadSchema):
    id: int
    position: int
    exercise_type: ExerciseType
    side: Side
    sets: int
    reps: int
    rest_seconds: int
    target_rom_deg: TargetRangeOfMotion | None = Field(
        description="Range of motion to aim for, in degrees; null: no target."
    )

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
