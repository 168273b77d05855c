from typing import Annotated

from pydantic import Field

from telerehab.enums import ExerciseType
from telerehab.schemas.base import Id, InputSchema, Password, ReadSchema, ShortText


class LegacyLogin(InputSchema):
    """The old app's sign-in body, as JSON (the successor takes the same fields as a form)."""

    username: ShortText
    password: Password


class LegacySimpleLog(InputSchema):
    """The old app's simple exercise log body; ``user_id`` is accepted but must be the caller."""

    user_id: Id | None = None
    exercise_type: ExerciseType
    reps: Annotated[int, Field(ge=0, le=1000)]
    duration_seconds: Annotated[float, Field(ge=0, le=24 * 3600)] = 0.0


class LegacySimpleLogCreated(ReadSchema):
    workout_session_id: int
    successor: str
