from datetime import date, datetime
from enum import StrEnum
from typing import Self

from pydantic import Field, model_validator

from telerehab.enums import ProposalKind, ProposalStatus, Side
from telerehab.library import exercise_name
from telerehab.models import ProgressionProposal
from telerehab.schemas.base import Id, InputSchema, ReadSchema, TargetRangeOfMotion


class WeekFactsRead(ReadSchema):
    planned: int = Field(description="Sessions of the exercise's routine planned that week.")
    done: int = Field(description="Of those, the ones a workout was recorded against.")
    max_pain: int | None = Field(description="The worst pain rated (0-10); null: none rated.")
    mean_difficulty: float | None = Field(description="Mean difficulty rated (1-10).")
    range_deg: float | None = Field(
        description="Mean over the week's sets of each set's best rep range, in degrees."
    )
    rated_sets: int = Field(description="Sets whose count the engine rated.")
    sure_sets: int = Field(description="Of those, the ones counted with high confidence.")


class DoseRead(ReadSchema):
    sets: int
    reps: int
    target_rom_deg: float | None


class ProgressionProposalRead(ReadSchema):
    id: int
    patient_id: int
    week_start: date = Field(description="The Monday of the finished week the rule read.")
    combo_id: int | None = Field(description="The routine; null if it was deleted since.")
    position: int = Field(description="The exercise's place in the routine.")
    exercise_code: str = Field(description="The library exercise (`/exercise-library`).")
    exercise_name: str
    side: Side
    kind: ProposalKind
    reason: str = Field(description="Why, in one sentence.")
    facts: WeekFactsRead
    current: DoseRead = Field(description="The routine's dose when the proposal was made.")
    proposed: DoseRead = Field(description="The rule's dose for next week.")
    proposed_variant: str | None = Field(description="A library exercise, for a variant kind.")
    proposed_variant_name: str | None
    status: ProposalStatus
    applied: DoseRead | None = Field(description="The dose the doctor applied, once decided.")
    applied_week_start: date | None = Field(description="The week whose plan the dose went to.")
    applied_combo_id: int | None = Field(
        description="The patient's copy of the routine with the new dose, in that week's plan."
    )
    decided_by_id: int | None
    decided_at: datetime | None

    @classmethod
    def from_row(cls, row: ProgressionProposal) -> "ProgressionProposalRead":
        applied = None
        if row.applied_sets is not None and row.applied_reps is not None:
            applied = DoseRead(
                sets=row.applied_sets,
                reps=row.applied_reps,
                target_rom_deg=row.applied_target_rom_deg,
            )
        return cls(
            id=row.id,
            patient_id=row.patient_id,
            week_start=row.week_start,
            combo_id=row.combo_id,
            position=row.position,
            exercise_code=row.exercise_code,
            exercise_name=exercise_name(row.exercise_code),
            side=row.side,
            kind=row.kind,
            reason=row.reason,
            facts=WeekFactsRead.model_validate(row.facts),
            current=DoseRead(sets=row.sets, reps=row.reps, target_rom_deg=row.target_rom_deg),
            proposed=DoseRead(
                sets=row.proposed_sets,
                reps=row.proposed_reps,
                target_rom_deg=row.proposed_target_rom_deg,
            ),
            proposed_variant=row.proposed_variant,
            proposed_variant_name=(
                exercise_name(row.proposed_variant) if row.proposed_variant else None
            ),
            status=row.status,
            applied=applied,
            applied_week_start=row.applied_week_start,
            applied_combo_id=row.applied_combo_id,
            decided_by_id=row.decided_by_id,
            decided_at=row.decided_at,
        )


class DecisionKind(StrEnum):
    ACCEPT = "accept"
    EDIT = "edit"
    DISMISS = "dismiss"


class ProgressionDecision(InputSchema):
    """Accept the proposal, accept it with your own values (edit), or dismiss it. Values left
    out of an edit are the proposal's; `target_rom_deg: null` removes the range target."""

    proposal_id: Id
    decision: DecisionKind
    sets: int | None = Field(default=None, ge=1, le=20)
    reps: int | None = Field(default=None, ge=1, le=200)
    target_rom_deg: TargetRangeOfMotion | None = None

    @model_validator(mode="after")
    def values_only_for_edit(self) -> Self:
        given = self.model_fields_set & {"sets", "reps", "target_rom_deg"}
        if self.decision == DecisionKind.EDIT and not given:
            raise ValueError("an edit gives at least one of sets, reps, target_rom_deg")
        if self.decision != DecisionKind.EDIT and given:
            raise ValueError("sets, reps and target_rom_deg go with an edit only")
        if ("sets" in given and self.sets is None) or ("reps" in given and self.reps is None):
            raise ValueError("sets and reps cannot be null; omit a field to keep it")
        return self
