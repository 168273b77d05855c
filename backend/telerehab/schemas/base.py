"""What every request and response schema builds on, and the clinic's shared field types."""

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any, ClassVar, Generic, Self, TypeVar

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from telerehab.exercise_logic import MAX_TARGET_ROM_DEG, MIN_TARGET_ROM_DEG

T = TypeVar("T")


class ReadSchema(BaseModel):
    """What the API sends: built from ORM rows."""

    model_config = ConfigDict(from_attributes=True)


class InputSchema(BaseModel):
    """What a client may send: unknown fields are refused, surrounding spaces trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul_character(cls, value: Any) -> Any:
        # PostgreSQL stores no NUL in text, and no person types one: refuse it on every database.
        texts = value if isinstance(value, list | tuple) else (value,)
        if any(isinstance(text, str) and "\x00" in text for text in texts):
            raise ValueError("text may not contain a NUL character")
        return value


class PartialUpdate(InputSchema):
    """A change to some fields of a row: a field left out stays as it is.

    ``kept_fields`` name the row's required columns: null may not blank them.
    """

    kept_fields: ClassVar[tuple[str, ...]] = ()

    @model_validator(mode="after")
    def _kept_fields_stay_set(self) -> Self:
        cleared = [
            name
            for name in self.kept_fields
            if name in self.model_fields_set and getattr(self, name) is None
        ]
        if cleared:
            raise ValueError(f"{', '.join(cleared)} cannot be null; omit a field to keep it")
        return self


class Page(ReadSchema, Generic[T]):
    """One page of a list, newest first; pass ``next_cursor`` back as ``cursor`` for the next."""

    items: list[T]
    next_cursor: str | None = Field(
        description="Opaque cursor of the next page; null on the last page."
    )


# The clinic's vocabulary: each limit written once.
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(min_length=1, max_length=10_000)]
PersonName = Annotated[str, StringConstraints(min_length=1, max_length=120)]
Username = Annotated[
    str,
    StringConstraints(
        min_length=3, max_length=50, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", to_lower=True
    ),
]
Password = Annotated[str, StringConstraints(min_length=1, max_length=128, strip_whitespace=False)]
Phone = Annotated[str, StringConstraints(min_length=3, max_length=32, pattern=r"^[0-9 +()-]+$")]
Id = Annotated[int, Field(ge=1, le=2**31 - 1)]
PainScore = Annotated[int, Field(ge=0, le=10)]
DifficultyScore = Annotated[int, Field(ge=1, le=10)]
Degrees = Annotated[float, Field(ge=0, le=180)]
# A range of motion to aim for, within the exercise engine's own bounds: what the API takes, the
# engine can judge reps against.
TargetRangeOfMotion = Annotated[
    float, Field(ge=MIN_TARGET_ROM_DEG, le=MAX_TARGET_ROM_DEG, description="Degrees.")
]

# The clinic's calendar: every date and time a client sends, in a body, a path, a query or a
# cursor, lies in the years 1900-2199. Nothing clinical comes before the oldest birth date we take
# (1900) and nobody books or plans two centuries ahead; far from Python's own limits (years 1 and
# 9999), a zone offset, the day after or a trend's window before a bound can never overflow, and
# both databases store every such value.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)
_FIRST_INSTANT = datetime.combine(FIRST_DAY, time(), tzinfo=UTC)
_END_OF_CALENDAR = datetime.combine(date(LAST_DAY.year + 1, 1, 1), time(), tzinfo=UTC)


def _within_calendar(day: date) -> date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"a date must lie between {FIRST_DAY} and {LAST_DAY}")
    return day


def _utc_within_calendar(moment: datetime) -> datetime:
    # Aware times compare by the instant they name, without computing it, so this cannot overflow.
    if not _FIRST_INSTANT <= moment < _END_OF_CALENDAR:
        raise ValueError(f"a time must lie between {FIRST_DAY} and {LAST_DAY} (UTC)")
    return moment.astimezone(UTC)


BoundedDate = Annotated[date, AfterValidator(_within_calendar)]


def _not_in_the_future(day: date) -> date:
    # A day ahead of UTC's today is still today somewhere (up to UTC+14).
    if day > datetime.now(UTC).date() + timedelta(days=1):
        raise ValueError("a birth date cannot lie in the future")
    return day


BirthDate = Annotated[BoundedDate, AfterValidator(_not_in_the_future)]
# A time with a zone (``Z`` or an offset such as ``+05:45``), kept as UTC. A time without one is
# refused (422), not taken as UTC: in a clinic whose patients live in several zones, a bare local
# time is a guess.
BoundedDateTime = Annotated[AwareDatetime, AfterValidator(_utc_within_calendar)]
