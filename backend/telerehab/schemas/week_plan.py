from datetime import date, datetime
from typing import Self

from pydantic import Field, model_validator

from telerehab.enums import Weekday
from telerehab.models import WeekPlan, WeekPlanItem
from telerehab.schemas.base import Id, InputSchema, LongText, ReadSchema
from telerehab.schemas.combo import ComboRead
from telerehab.schemas.user import UserSummary

WEEK_ORDER = list(Weekday)
MAX_COMBOS_PER_DAY = 10


class WeekPlanDayInput(InputSchema):
    weekday: Weekday
    combo_ids: list[Id] = Field(
        max_length=MAX_COMBOS_PER_DAY,
        description="Routines of the day, in order; any doctor's routine may be used.",
    )


class WeekPlanPut(InputSchema):
    """The whole plan of one week; days left out have nothing planned."""

    notes: LongText | None = None
    days: list[WeekPlanDayInput] = Field(max_length=len(WEEK_ORDER))

    @model_validator(mode="after")
    def each_weekday_once(self) -> Self:
        weekdays = [day.weekday for day in self.days]
        if len(set(weekdays)) != len(weekdays):
            raise ValueError("each weekday may appear only once")
        return self


class WeekPlanItemRead(ReadSchema):
    id: int = Field(description="Send it as `week_plan_item_id` when recording the workout.")
    position: int
    combo: ComboRead


class WeekPlanDayRead(ReadSchema):
    weekday: Weekday
    items: list[WeekPlanItemRead]


class WeekPlanRead(ReadSchema):
    id: int
    patient_id: int
    doctor: UserSummary = Field(description="The doctor who last wrote the plan.")
    week_start: date = Field(description="The Monday of the plan's ISO week.")
    notes: str | None
    created_at: datetime
    days: list[WeekPlanDayRead] = Field(description="Monday to Sunday; days with nothing omitted.")

    @classmethod
    def from_plan(cls, plan: WeekPlan) -> "WeekPlanRead":
        # Weekdays are stored as names, so the database orders them alphabetically; the week's
        # own order is restored here, over items that are already loaded.
        by_day: dict[Weekday, list[WeekPlanItem]] = {}
        for item in plan.items:
            by_day.setdefault(item.weekday, []).append(item)
        days = [
            WeekPlanDayRead(
                weekday=weekday,
                items=[
                    WeekPlanItemRead.model_validate(item)
                    for item in sorted(by_day[weekday], key=lambda item: item.position)
                ],
            )
            for weekday in WEEK_ORDER
            if weekday in by_day
        ]
        return cls(
            id=plan.id,
            patient_id=plan.patient_id,
            doctor=UserSummary.model_validate(plan.doctor),
            week_start=plan.week_start,
            notes=plan.notes,
            created_at=plan.created_at,
            days=days,
        )


class TodayItem(ReadSchema):
    week_plan_item_id: int = Field(description="Send it with the workout that does this item.")
    position: int
    combo: ComboRead
    done: bool = Field(description="A workout linked to this item was started on this day.")


class TodayPlan(ReadSchema):
    date: date
    weekday: Weekday
    week_plan_id: int | None = Field(description="This week's plan; null when there is none.")
    notes: str | None
    items: list[TodayItem]
