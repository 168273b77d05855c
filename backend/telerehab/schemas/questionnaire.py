"""Outcome questionnaires: the catalogue as the API shows it, a doctor's schedule, and a
patient's answers with the score the server computed."""

from datetime import date, datetime
from typing import Annotated, Self

from pydantic import AfterValidator, Field, model_validator

from telerehab.questionnaires.catalogue import INSTRUMENTS, Direction
from telerehab.schemas.base import BoundedDate, Id, InputSchema, ReadSchema, ShortText
from telerehab.schemas.user import UserSummary


def _known_instrument(code: str) -> str:
    if code not in INSTRUMENTS:
        raise ValueError(f"an instrument of the catalogue: {', '.join(INSTRUMENTS)}")
    return code


InstrumentCode = Annotated[
    str,
    AfterValidator(_known_instrument),
    Field(max_length=20, description="A code of the catalogue (`nprs`, `psfs`, `lefs`, `spadi`)."),
]
# A rating as sent: checked against the item's own scale by the scorer, which names the item.
Rating = Annotated[int, Field(ge=-1000, le=1000)]


class AnchorRead(ReadSchema):
    value: int
    label: str


class ScaleRead(ReadSchema):
    minimum: int
    maximum: int
    anchors: list[AnchorRead]


class ItemRead(ReadSchema):
    code: str
    text: str
    scale: ScaleRead
    group: str | None


class LicenceRead(ReadSchema):
    summary: str
    citation: str
    sources: list[str]


class InstrumentRead(ReadSchema):
    code: str
    name: str
    body_region: str
    instructions: str
    items: list[ItemRead] = Field(description="Empty for a patient-specific instrument (PSFS).")
    activity_scale: ScaleRead | None = Field(
        description="Patient-specific: the scale each of the patient's own activities is rated on."
    )
    min_activities: int
    max_activities: int
    scoring: str
    score_min: float
    score_max: float
    unit: str
    direction: Direction
    mcid: float = Field(description="Minimal clinically important difference, in score points.")
    mcid_source: str
    licence: LicenceRead


class QuestionnaireScheduleCreate(InputSchema):
    instrument: InstrumentCode
    start_date: BoundedDate = Field(description="The first day it is due (the patient's calendar).")
    every_weeks: int | None = Field(
        default=None, ge=1, le=52, description="Repeat every N weeks; omit for once."
    )
    end_date: BoundedDate | None = Field(
        default=None, description="No occurrence after this day (e.g. the planned discharge)."
    )

    @model_validator(mode="after")
    def _end_after_start(self) -> Self:
        if self.end_date is not None and self.end_date < self.start_date:
            raise ValueError("end_date must not be before start_date")
        return self


class QuestionnaireScheduleRead(ReadSchema):
    id: int
    patient_id: int
    instrument: str
    ordered_by: UserSummary = Field(validation_alias="doctor")
    start_date: date
    every_weeks: int | None
    end_date: date | None
    stopped_at: datetime | None
    created_at: datetime
    due_on: date | None = Field(
        default=None,
        description=(
            "The occurrence waiting for an answer, if any: the latest occurrence on or before "
            "today (UTC) that has none. It stays due until answered or until the next "
            "occurrence replaces it."
        ),
    )


class ActivityAnswer(InputSchema):
    name: ShortText
    value: Rating | None = None


class QuestionnaireAnswer(InputSchema):
    schedule_id: Id
    answers: dict[Annotated[str, Field(max_length=40)], Rating | None] = Field(
        default_factory=dict, max_length=40, description="Item code -> rating."
    )
    activities: list[ActivityAnswer] = Field(
        default_factory=list, max_length=10, description="PSFS: the patient's own activities."
    )


class ItemValueRead(ReadSchema):
    code: str
    text: str
    value: int


class QuestionnaireResponseRead(ReadSchema):
    id: int
    schedule_id: int
    patient_id: int
    instrument: str
    due_on: date
    answered_at: datetime
    score: float
    items: list[ItemValueRead]
