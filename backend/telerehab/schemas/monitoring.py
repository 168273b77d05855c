"""Remote monitoring: the doctor's time log, and the monthly monitoring report."""

from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import AfterValidator, Field

from telerehab.schemas.base import (
    BoundedDateTime,
    InputSchema,
    PartialUpdate,
    ReadSchema,
    ShortText,
)

Minutes = Annotated[int, Field(ge=1, le=600, description="Whole minutes, 1-600.")]


def _not_ahead(moment: datetime) -> datetime:
    # Time is logged once spent; a clock a little fast is forgiven.
    if (moment - datetime.now(UTC)).total_seconds() > 3600:
        raise ValueError("time cannot be logged ahead of now")
    return moment


LoggedAt = Annotated[BoundedDateTime, AfterValidator(_not_ahead)]


class TimeEntryCreate(InputSchema):
    started_at: LoggedAt = Field(description="When the work began, with a zone (kept as UTC).")
    minutes: Minutes
    activity: ShortText = Field(description="What was done, e.g. 'Reviewed ROM data, called'.")


class TimeEntryUpdate(PartialUpdate):
    kept_fields = ("started_at", "minutes", "activity")

    started_at: LoggedAt | None = None
    minutes: Minutes | None = None
    activity: ShortText | None = None


class TimeEntryRead(ReadSchema):
    id: int
    patient_id: int
    doctor_id: int
    started_at: datetime
    minutes: int
    activity: str
    created_at: datetime
    updated_at: datetime | None


class MonitoringPeriod(ReadSchema):
    start: date = Field(description="First UTC day of the 30-day period.")
    end: date = Field(description="Last UTC day of the period (start + 29 days).")
    days_measured: int = Field(description="Days of the period with measured exercise data.")
    meets_threshold: bool = Field(description="16 or more days measured.")
    complete: bool = Field(description="The period is over (its last day is before today).")


class MonitoringPatient(ReadSchema):
    patient_id: int
    full_name: str
    first_measured_day: date | None = Field(
        description="The first UTC day with measured exercise data; periods count from it."
    )
    periods: list[MonitoringPeriod] = Field(description="The 30-day periods starting this month.")
    days_measured_in_month: int
    minutes: int = Field(description="The calling doctor's logged minutes in the month.")


class MonitoringReport(ReadSchema):
    month: str = Field(description="YYYY-MM")
    doctor_id: int
    doctor_name: str
    threshold_days: int
    period_days: int
    patients: list[MonitoringPatient]
