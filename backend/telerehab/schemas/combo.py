from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from telerehab.enums import ExerciseType, Side
from telerehab.schemas.base import Degrees, InputSchema, LongText, ReadSchema
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
    target_rom_deg: Degrees | None = Field(
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
    target_rom_deg: float | None


class ComboRead(ReadSchema):
    id: int
    name: str
    description: str | None
    doctor: UserSummary = Field(description="The doctor who wrote the routine.")
    created_at: datetime
    items: list[ComboItemRead] = Field(description="In the order they are done.")
