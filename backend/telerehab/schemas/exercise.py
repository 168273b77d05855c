"""Workout sessions as stored, the patient's rating of one, and their progress series."""

from datetime import date, datetime
from typing import Any

from pydantic import Field

from telerehab.enums import ExerciseType, Side, WorkoutSource
from telerehab.schemas.base import DifficultyScore, InputSchema, PainScore, ReadSchema
from telerehab.trends import TrendBucket


class SessionDetailRead(ReadSchema):
    """One set, as the exercise engine measured it."""

    id: int
    position: int
    exercise_type: ExerciseType
    side: Side | None
    set_number: int
    reps_target: int | None
    reps_done: int
    duration_seconds: float
    rom_min_deg: float | None
    rom_max_deg: float | None
    rom_mean_deg: float | None
    form_score: float | None = Field(description="0-100, higher is cleaner form.")
    rep_metrics: list[dict[str, Any]] = Field(
        description="Per-rep metrics from the engine: index, rom_deg, duration_s, form_flags..."
    )


class WorkoutSessionRead(ReadSchema):
    id: int
    patient_id: int = Field(validation_alias="user_id")
    started_at: datetime
    ended_at: datetime | None
    source: WorkoutSource
    combo_id: int | None
    week_plan_item_id: int | None
    pain_score: int | None = Field(description="The patient's pain after the session, 0-10.")
    difficulty: int | None = Field(description="How hard it felt, 1-10.")
    notes: str | None
    created_at: datetime
    details: list[SessionDetailRead] = Field(description="The sets, in the order done.")


class WorkoutRating(InputSchema):
    """How the session went for the patient; sending it again replaces the earlier rating."""

    pain_score: PainScore = Field(description="0 = no pain, 10 = worst imaginable.")
    difficulty: DifficultyScore = Field(description="1 = very easy, 10 = could not finish.")


class TrendWindow(ReadSchema):
    """What a trend covers: its bucket size and the UTC days of its first and last bucket."""

    bucket: TrendBucket
    period_start: date
    period_end: date


class RangeOfMotionPoint(ReadSchema):
    bucket_start: date = Field(description="The UTC day, or the Monday of the ISO week.")
    exercise_type: ExerciseType
    side: Side | None
    mean_rom_deg: float | None = Field(description="Mean of the sets' mean range of motion.")
    max_rom_deg: float | None = Field(description="Largest range of motion of any set.")
    reps_done: int
    sets: int


class RangeOfMotionTrend(TrendWindow):
    points: list[RangeOfMotionPoint] = Field(
        description="One point per bucket, exercise and side that had sets; oldest first."
    )


class PainPoint(ReadSchema):
    bucket_start: date
    mean_pain: float
    max_pain: int
    sessions: int = Field(description="Rated sessions in the bucket.")


class PainTrend(TrendWindow):
    points: list[PainPoint] = Field(description="Buckets with rated sessions; oldest first.")


class AdherenceWeek(ReadSchema):
    week_start: date = Field(description="Monday of the ISO week.")
    planned: int = Field(description="Routines in the week's plan.")
    done: int = Field(description="Workout sessions started that week.")
    adherence: float | None = Field(description="done / planned, capped at 1; null: no plan.")


class AdherenceSeries(ReadSchema):
    weeks: list[AdherenceWeek] = Field(description="Oldest first, ending with the current week.")
