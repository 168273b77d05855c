"""A doctor's decision on a proposal: accept it, accept it with their own values (edit), or
dismiss it. Nothing changes without one, and a decision changes only the patient's plan of the
week after the proposal's week:

- That week gets a copy of the routine with the new dose, made for this patient (one copy per
  routine and week, shared by the proposals of that routine's other exercises), in place of the
  routine on each day no workout was recorded against yet. The routine itself, which other
  patients may use, never changes, and no recorded workout is re-linked.
- When that week has no plan yet, it first gets a copy of the proposal week's plan.
- A dose equal to the current one (a hold accepted) records the decision and changes nothing.
- A variant accepted puts the library's harder (or easier) exercise in the copy, in place of the
  routine's, at the library's starting dose (edited: at the doctor's); a range target is kept
  only when the variant is a camera exercise, as only the camera measures one.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, selectinload

from telerehab.domain.calendar import local_today, week_start
from telerehab.domain.notifications import notify
from telerehab.enums import NotificationKind, ProposalStatus
from telerehab.errors import Conflict, NotFound
from telerehab.library import LIBRARY
from telerehab.models import (
    Combo,
    ComboItem,
    ProgressionProposal,
    User,
    WeekPlan,
    WeekPlanItem,
    WorkoutSession,
    utc_now,
)
from telerehab.progression.rules import Dose
from telerehab.schemas.progression import DecisionKind, ProgressionDecision

MAX_NAME = 120


@dataclass(frozen=True)
class Decision:
    status: ProposalStatus  # accepted, edited or dismissed
    dose: Dose | None = None  # the dose to apply (accepted: the proposal's; edited: the doctor's)


def find_proposal(db: Session, patient: User, proposal_id: int) -> ProgressionProposal:
    proposal = db.scalars(
        select(ProgressionProposal).where(
            ProgressionProposal.id == proposal_id, ProgressionProposal.patient_id == patient.id
        )
    ).one_or_none()
    if proposal is None:
        raise NotFound("No progression proposal with this id for this patient.")
    return proposal


def proposed_dose(proposal: ProgressionProposal) -> Dose:
    return Dose(proposal.proposed_sets, proposal.proposed_reps, proposal.proposed_target_rom_deg)


def decision_of(body: ProgressionDecision, proposal: ProgressionProposal) -> Decision:
    """The request as a decision: an edit's values left out are the proposal's."""
    proposed = proposed_dose(proposal)
    if body.decision == DecisionKind.DISMISS:
        return Decision(ProposalStatus.DISMISSED)
    if body.decision == DecisionKind.ACCEPT:
        return Decision(ProposalStatus.ACCEPTED, proposed)
    dose = Dose(
        sets=body.sets if body.sets is not None else proposed.sets,
        reps=body.reps if body.reps is not None else proposed.reps,
        target_rom_deg=(
            body.target_rom_deg
            if "target_rom_deg" in body.model_fields_set
            else proposed.target_rom_deg
        ),
    )
    return Decision(ProposalStatus.EDITED, dose)


def _plan(db: Session, patient: User, monday: date) -> WeekPlan | None:
    return db.scalars(
        select(WeekPlan)
        .where(WeekPlan.patient_id == patient.id, WeekPlan.week_start == monday)
        .options(selectinload(WeekPlan.items))
    ).one_or_none()


def _source_item(db: Session, proposal: ProgressionProposal) -> ComboItem:
    item = db.scalars(
        select(ComboItem).where(
            ComboItem.combo_id == proposal.combo_id, ComboItem.position == proposal.position
        )
    ).one_or_none()
    if item is None or item.exercise_code != proposal.exercise_code:
        raise Conflict(
            "The routine has changed since this proposal was made; change next week's plan by hand."
        )
    return item


def _copy_plan(db: Session, doctor: User, source: WeekPlan, monday: date) -> WeekPlan:
    plan = WeekPlan(
        patient_id=source.patient_id,
        doctor_id=doctor.id,
        week_start=monday,
        notes=source.notes,
        items=[
            WeekPlanItem(weekday=i.weekday, position=i.position, combo_id=i.combo_id)
            for i in source.items
        ],
    )
    db.add(plan)
    db.flush()
    return plan


def _free_name(db: Session, doctor: User, base: str) -> str:
    taken = set(db.scalars(select(Combo.name).where(Combo.doctor_id == doctor.id)))
    name, count = base[:MAX_NAME], 2
    while name in taken:
        suffix = f" ({count})"
        name, count = base[: MAX_NAME - len(suffix)] + suffix, count + 1
    return name


def _patients_copy(
    db: Session, doctor: User, patient: User, proposal: ProgressionProposal, monday: date
) -> Combo:
    """The routine copy this patient's week ``monday`` uses for the proposal's routine: the one
    an earlier decision of the same week made, or a new one."""
    earlier = db.scalars(
        select(Combo)
        .join(ProgressionProposal, ProgressionProposal.applied_combo_id == Combo.id)
        .where(
            ProgressionProposal.patient_id == patient.id,
            ProgressionProposal.week_start == proposal.week_start,
            ProgressionProposal.combo_id == proposal.combo_id,
        )
        .options(selectinload(Combo.items))
        .limit(1)
    ).one_or_none()
    if earlier is not None:
        return earlier
    source = db.scalars(
        select(Combo).where(Combo.id == proposal.combo_id).options(selectinload(Combo.items))
    ).one()
    copy = Combo(
        doctor_id=doctor.id,
        name=_free_name(db, doctor, f"{source.name} · {patient.full_name} · {monday}"),
        description=(
            f"Copy of '{source.name}' for {patient.full_name} from the week of {monday}, "
            "after a progression proposal."
        ),
        items=[
            ComboItem(
                position=i.position,
                exercise_type=i.exercise_type,
                exercise_code=i.exercise_code,
                side=i.side,
                sets=i.sets,
                reps=i.reps,
                rest_seconds=i.rest_seconds,
                target_rom_deg=i.target_rom_deg,
            )
            for i in source.items
        ],
    )
    db.add(copy)
    db.flush()
    return copy


def variant_dose(variant: str, dose: Dose) -> Dose:
    """Where a variant starts: the library's dose; the range target only for a camera one."""
    exercise = LIBRARY[variant]
    target = dose.target_rom_deg if exercise.camera is not None else None
    return Dose(exercise.dose.sets, exercise.dose.reps, target)


def _apply(
    db: Session,
    doctor: User,
    patient: User,
    proposal: ProgressionProposal,
    dose: Dose,
    variant: str | None,
) -> None:
    next_monday = proposal.week_start + timedelta(weeks=1)
    if next_monday < week_start(local_today(patient.time_zone)):
        raise Conflict(f"The week of {next_monday} is over: decide this week's proposals instead.")
    _source_item(db, proposal)
    plan = _plan(db, patient, next_monday)
    if plan is None:
        source = _plan(db, patient, proposal.week_start)
        if source is None:
            raise Conflict("The proposal's week has no plan any more to carry over.")
        plan = _copy_plan(db, doctor, source, next_monday)
    copy = _patients_copy(db, doctor, patient, proposal, next_monday)
    started = exists().where(WorkoutSession.week_plan_item_id == WeekPlanItem.id)
    open_items = db.scalars(
        select(WeekPlanItem).where(
            WeekPlanItem.week_plan_id == plan.id,
            WeekPlanItem.combo_id.in_([proposal.combo_id, copy.id]),
            ~started,
        )
    ).all()
    if not open_items:
        raise Conflict(
            f"Next week's plan (week of {next_monday}) has no day left with this routine."
        )
    for plan_item in open_items:
        plan_item.combo_id = copy.id
    target = next(i for i in copy.items if i.position == proposal.position)
    target.sets, target.reps, target.target_rom_deg = dose.sets, dose.reps, dose.target_rom_deg
    if variant is not None:
        target.exercise_code, target.exercise_type = variant, LIBRARY[variant].camera
        if target.exercise_type is None:
            target.target_rom_deg = None
    plan.doctor_id = doctor.id
    proposal.applied_combo_id = copy.id
    db.flush()
    notify(
        db,
        patient.id,
        NotificationKind.WEEK_PLAN,
        f"Your plan for the week of {next_monday} has changed",
        link=f"/week-plans/{plan.id}",
    )


def decide(
    db: Session, doctor: User, patient: User, proposal: ProgressionProposal, decision: Decision
) -> ProgressionProposal:
    """Record the doctor's decision and, for an accepted change of dose, apply it."""
    if proposal.status != ProposalStatus.PROPOSED:
        raise Conflict(f"This proposal was already {proposal.status.value}.")
    if decision.dose is not None:
        current = Dose(proposal.sets, proposal.reps, proposal.target_rom_deg)
        variant = proposal.proposed_variant if proposal.proposed_variant in LIBRARY else None
        dose = decision.dose
        if variant is not None and decision.status == ProposalStatus.ACCEPTED:
            dose = variant_dose(variant, dose)
        if dose != current or variant is not None:
            _apply(db, doctor, patient, proposal, dose, variant)
        proposal.applied_sets = dose.sets
        proposal.applied_reps = dose.reps
        proposal.applied_target_rom_deg = dose.target_rom_deg
        proposal.applied_week_start = proposal.week_start + timedelta(weeks=1)
    proposal.status = decision.status
    proposal.decided_by_id = doctor.id
    proposal.decided_at = utc_now()
    db.flush()
    return proposal
