"""Workout sessions as stored, the engine's events, the patient's rating of a session, and their
progress series."""

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, TypeAdapter, computed_field

from telerehab.enums import ConfidenceBand, ExerciseType, Side, WorkoutSource
from telerehab.exercise_logic import (
    SLOW_CAMERA_FPS,
    Event,
    is_movement_mismatch,
    measured_frame_rate,
    set_band,
)
from telerehab.schemas.base import DifficultyScore, InputSchema, PainScore, ReadSchema
from telerehab.trends import TrendBucket

# The exercise engine's events (``telerehab.exercise_logic.events``) as the API sends them: the
# same JSON as their ``to_dict()``, described field by field.


class RepCompletedEvent(ReadSchema):
    """A rep was counted. Angles are those of the exercise's measured joint, in degrees."""

    type: Literal["rep_completed"]
    time: float = Field(description="Seconds, on the clock of the frames' timestamps.")
    index: int = Field(description="1 for the set's first rep.")
    start_time: float
    end_time: float
    range_of_motion_deg: float
    peak_angle_deg: float = Field(description="The largest angle during the rep.")
    min_angle_deg: float = Field(description="The smallest angle during the rep.")
    duration_s: float
    side: Side
    form_flags: list[str] = Field(description="Codes of what was wrong with the rep's form.")
    confidence: float = Field(
        ge=0,
        le=1,
        description=(
            "How sure the engine is of this rep: how well its joints were seen, how far other "
            "signals found it, how clearly it stood out of the jitter, how like the set's other "
            "reps it is."
        ),
    )
    confidence_band: ConfidenceBand | None = Field(
        default=None,
        description=(
            "uncertain: below the calibrated threshold; still counted, and flagged. "
            "Null in sets stored before the engine rated its reps."
        ),
    )
    good: bool | None = Field(description="Whether the rep reached the target; null: no target.")


class PhaseChangedEvent(ReadSchema):
    """The movement turned: ``phase`` is the exercise's effort or return phase (e.g. down, up)."""

    type: Literal["phase_changed"]
    time: float
    phase: str


class FormFeedbackEvent(ReadSchema):
    """Something to tell the patient, at most once every few seconds per ``code``."""

    type: Literal["form_feedback"]
    time: float
    code: str
    message: str


class OutOfViewEvent(ReadSchema):
    """The joints the exercise needs have not been seen for a while."""

    type: Literal["out_of_view"]
    time: float
    message: str
    missing_joints: list[str]


class InViewEvent(ReadSchema):
    """The needed joints are visible again after an ``out_of_view``."""

    type: Literal["in_view"]
    time: float


AnyEngineEvent = (
    RepCompletedEvent | PhaseChangedEvent | FormFeedbackEvent | OutOfViewEvent | InViewEvent
)
EngineEvent = Annotated[AnyEngineEvent, Field(discriminator="type")]
ENGINE_EVENTS: TypeAdapter[list[EngineEvent]] = TypeAdapter(list[EngineEvent])


def engine_events(events: Iterable[Event]) -> list[EngineEvent]:
    """The engine's events as the API sends them."""
    return ENGINE_EVENTS.validate_python([event.to_dict() for event in events])


class RepRangeOfMotion(ReadSchema):
    """A rep stored in short form (the demo clinic's history): its number and range of motion."""

    index: int
    rom_deg: float


class SessionDetailRead(ReadSchema):
    """One set, as the exercise engine measured it."""

    id: int
    position: int
    exercise_code: str = Field(description="The exercise of the library.")
    exercise_type: ExerciseType | None = Field(
        description="The camera engine's exercise; null: sets and reps the patient reported."
    )
    side: Side | None
    set_number: int
    reps_target: int | None
    reps_done: int
    duration_seconds: float
    rom_min_deg: float | None
    rom_max_deg: float | None
    rom_mean_deg: float | None
    form_score: float | None = Field(description="0-100, higher is cleaner form.")
    rep_metrics: list[RepCompletedEvent | RepRangeOfMotion] = Field(
        description="The set's reps as the engine counted them (a short form in older history)."
    )
    setup_skipped: bool = Field(
        description="Started before the camera check passed: the counts are less certain."
    )
    rom_from_world_landmarks: bool = Field(
        description=(
            "The ranges were measured on MediaPipe's 3-D world landmarks, which the camera's "
            "angle does not bend; false: on the camera's picture (MoveNet, and every set stored "
            "before 2026-12-06), where an arm raised towards the camera reads a few degrees more."
        )
    )
    confidence: float | None = Field(
        description=(
            "How far the engine trusts the count, 0-1 (the share of reps not uncertain times how "
            "far its other signals bear the count out). Null: stored before sets were rated."
        )
    )
    uncertain_reps: int | None = Field(
        description=(
            "Reps counted but flagged uncertain (included in reps_done). Null: stored before "
            "sets were rated."
        )
    )

    @computed_field(  # type: ignore[prop-decorator]
        description=(
            "high: sets rated so are counted within one rep in at least 97 % of the engine's "
            "calibration cases; uncertain: read the count with care. Null: not rated."
        )
    )
    @property
    def confidence_band(self) -> ConfidenceBand | None:
        return None if self.confidence is None else set_band(self.confidence)

    @computed_field(  # type: ignore[prop-decorator]
        description=(
            "How many of the set's reps had each form flag (docs/api.md, 'Form feedback'); "
            "empty when none had one, or for reps stored in short form."
        )
    )
    @property
    def flag_counts(self) -> dict[str, int]:
        return dict(Counter(code for flags in self._rep_flags() for code in flags))

    frame_count: int | None = Field(
        description="Frames the set was counted from. Null: a self-report, or stored before."
    )

    @computed_field(  # type: ignore[prop-decorator]
        description=(
            "Frames a second the camera and pose tracker actually delivered over the set. Null: "
            "not recorded."
        )
    )
    @property
    def frame_rate(self) -> float | None:
        rate = measured_frame_rate(self.frame_count, self.duration_seconds)
        return None if rate is None else round(rate, 1)

    @computed_field(  # type: ignore[prop-decorator]
        description=(
            f"Seen at {SLOW_CAMERA_FPS:g} frames a second or fewer: a rep is then a handful of "
            "frames, so the count is less certain (the patient was warned during the set)."
        )
    )
    @property
    def slow_camera(self) -> bool:
        rate = measured_frame_rate(self.frame_count, self.duration_seconds)
        return rate is not None and rate <= SLOW_CAMERA_FPS

    @computed_field(  # type: ignore[prop-decorator]
        description=(
            "The movement did not match the prescribed exercise: at least half the reps were "
            "flagged wrong_movement (a sideways raise under shoulder flexion, or the reverse)."
        )
    )
    @property
    def movement_mismatch(self) -> bool:
        return is_movement_mismatch(self._rep_flags())

    def _rep_flags(self) -> list[list[str]]:
        return [rep.form_flags for rep in self.rep_metrics if isinstance(rep, RepCompletedEvent)]


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
