"""Brain game sessions: what a patient's device sends after a game, and what is read back.

The device sends the trials only; the server works out the score and the rest, and refuses a
game that could not have been played (see ``BrainSessionCreate``).
"""

import statistics
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Self

from pydantic import Field, model_validator

from telerehab.enums import BrainGame
from telerehab.schemas.base import BoundedDateTime, InputSchema, ReadSchema
from telerehab.schemas.exercise import TrendWindow

MAX_GAME = timedelta(hours=2)
# Devices' clocks drift; a game "ending" this little in the future is a clock, not a forgery.
CLOCK_SKEW = timedelta(minutes=2)
# No trial (see, decide, press) takes less than this, so a game cannot hold more of them.
MIN_TRIAL_MS = 150
MIN_REACTION_MS = 100  # faster than any human response to a stimulus
MAX_REACTION_MS = 60_000
MAX_LEVEL = 100
POINTS_PER_LEVEL = 10
# Sequence recall's level is the length of the sequence, which starts at two.
FIRST_LEVEL = {BrainGame.SEQUENCE_RECALL: 2}
TIMED_GAMES = frozenset({BrainGame.REACTION_TIME, BrainGame.STROOP})

ReactionMs = Annotated[float, Field(ge=MIN_REACTION_MS, le=MAX_REACTION_MS)]


class BrainTrialCreate(InputSchema):
    correct: bool
    reaction_ms: ReactionMs | None = Field(
        default=None, description="Stimulus to answer, 100-60000 ms; required by timed games."
    )
    level: int = Field(ge=1, le=MAX_LEVEL, description="Difficulty level the trial was played at.")


@dataclass(frozen=True)
class BrainMetrics:
    score: int
    accuracy: float
    median_reaction_ms: float | None
    level_reached: int
    errors: int


class BrainSessionCreate(InputSchema):
    """A finished game. Refused (422) when it could not have been played: it ends before it
    starts, lasts over two hours or ends in the future; trials come faster than one per 150 ms
    or their reaction times add up to more than the game lasted; a level rises by more than one
    from a trial to the next, or the first trial is not at the game's first level (1; 2 for
    sequence recall, whose level is the sequence length); a timed game (reaction time, Stroop)
    has a trial without a reaction time."""

    game: BrainGame
    started_at: BoundedDateTime
    ended_at: BoundedDateTime
    trials: list[BrainTrialCreate] = Field(min_length=1, max_length=500)

    @model_validator(mode="after")
    def _could_have_been_played(self) -> Self:
        duration = self.ended_at - self.started_at
        if duration <= timedelta(0):
            raise ValueError("ended_at must be after started_at")
        if duration > MAX_GAME:
            raise ValueError("a game lasts at most two hours")
        if self.ended_at > datetime.now(UTC) + CLOCK_SKEW:
            raise ValueError("ended_at is in the future")
        duration_ms = duration / timedelta(milliseconds=1)
        if len(self.trials) * MIN_TRIAL_MS > duration_ms:
            raise ValueError(f"{len(self.trials)} trials do not fit in {duration_ms:.0f} ms")
        reactions = [t.reaction_ms for t in self.trials if t.reaction_ms is not None]
        if sum(reactions) > duration_ms:
            raise ValueError("the reaction times add up to more than the game lasted")
        if self.game in TIMED_GAMES and len(reactions) < len(self.trials):
            raise ValueError(f"every {self.game.value} trial needs reaction_ms")
        first_level = FIRST_LEVEL.get(self.game, 1)
        if self.trials[0].level != first_level:
            raise ValueError(f"a {self.game.value} game starts at level {first_level}")
        for number, (before, after) in enumerate(zip(self.trials, self.trials[1:], strict=False)):
            if after.level > before.level + 1:
                raise ValueError(f"trials.{number + 1}: the level rises by more than one")
        return self

    def metrics(self) -> BrainMetrics:
        """Score: ``POINTS_PER_LEVEL`` x level for each correct trial, so harder levels count
        more; the level reached is the highest level played."""
        reactions = [t.reaction_ms for t in self.trials if t.reaction_ms is not None]
        correct = [t for t in self.trials if t.correct]
        return BrainMetrics(
            score=sum(POINTS_PER_LEVEL * t.level for t in correct),
            accuracy=round(len(correct) / len(self.trials), 4),
            median_reaction_ms=statistics.median(reactions) if reactions else None,
            level_reached=max(t.level for t in self.trials),
            errors=len(self.trials) - len(correct),
        )


class BrainSessionRead(ReadSchema):
    id: int
    patient_id: int = Field(validation_alias="user_id")
    game: BrainGame
    started_at: datetime
    ended_at: datetime | None
    score: int
    accuracy: float | None = Field(description="Share of correct trials, 0-1.")
    median_reaction_ms: float | None
    level_reached: int
    errors: int
    created_at: datetime


class BrainTrialRead(ReadSchema):
    trial: int = Field(description="0-based position in the game.")
    correct: bool
    reaction_ms: float | None
    level: int


class BrainSessionDetail(BrainSessionRead):
    trials: list[BrainTrialRead] = Field(validation_alias="logs", description="In play order.")


class BrainPoint(ReadSchema):
    bucket_start: date = Field(description="The UTC day, or the Monday of the ISO week.")
    game: BrainGame
    mean_score: float
    mean_accuracy: float | None
    mean_reaction_ms: float | None = Field(
        description="Mean of the sessions' median reaction times."
    )
    max_level: int
    sessions: int


class BrainTrend(TrendWindow):
    points: list[BrainPoint] = Field(description="One point per bucket and game; oldest first.")
