"""A patient's proposals for one finished week: the week's facts per routine item, read from
the plan and the workouts done against it, and the rule's proposal for each, stored once.

An item of the plan is a routine's exercise (routine and position). A routine planned on three
days is three planned sessions of each of its exercises; a session is done once a workout was
recorded against that day's plan item. Pain and difficulty are rated per workout, so an
exercise's are those of the workouts of its routine; its range and the confidence of its
counts are those of its own sets.
"""

from collections import defaultdict
from dataclasses import asdict
from datetime import date, timedelta
from statistics import fmean

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from telerehab.domain.calendar import local_today, week_start
from telerehab.enums import Side
from telerehab.errors import InvalidInput
from telerehab.exercise_logic.confidence import SET_HIGH
from telerehab.library import LIBRARY
from telerehab.models import (
    Combo,
    ComboItem,
    ProgressionProposal,
    SessionDetail,
    User,
    WeekPlan,
    WeekPlanItem,
    WorkoutSession,
)
from telerehab.progression.rules import Dose, Variant, WeekFacts, propose


def last_finished_week(patient: User) -> date:
    """The Monday of the last ISO week that is over in the patient's time zone."""
    return week_start(local_today(patient.time_zone)) - timedelta(weeks=1)


def finished_week(patient: User, monday: date | None) -> date:
    """``monday`` checked to start a week that is over for the patient (default: the last)."""
    if monday is None:
        return last_finished_week(patient)
    if monday.weekday() != 0:
        raise InvalidInput(f"week_start must be a Monday; {monday} is a {monday:%A}.")
    if monday > last_finished_week(patient):
        raise InvalidInput(f"The week of {monday} is not over yet for this patient.")
    return monday


def _matches(detail: SessionDetail, item: ComboItem) -> bool:
    if detail.exercise_code != item.exercise_code:
        return False
    return item.side == Side.BOTH or detail.side in (None, item.side, Side.BOTH)


def week_facts(item: ComboItem, planned: int, workouts: list[WorkoutSession]) -> WeekFacts:
    """The facts of ``item``'s week from the workouts recorded against its plan items."""
    pains = [w.pain_score for w in workouts if w.pain_score is not None]
    difficulties = [w.difficulty for w in workouts if w.difficulty is not None]
    sets = [d for w in workouts for d in w.details if _matches(d, item)]
    ranges = [d.rom_max_deg for d in sets if d.rom_max_deg is not None]
    rated = [d.confidence for d in sets if d.confidence is not None]
    return WeekFacts(
        planned=planned,
        done=len({w.week_plan_item_id for w in workouts}),
        max_pain=max(pains) if pains else None,
        mean_difficulty=round(fmean(difficulties), 1) if difficulties else None,
        range_deg=round(fmean(ranges), 1) if ranges else None,
        rated_sets=len(rated),
        sure_sets=sum(value >= SET_HIGH for value in rated),
    )


def _variant(code: str | None) -> Variant | None:
    exercise = LIBRARY.get(code) if code else None
    return Variant(exercise.code, exercise.name.lower()) if exercise else None


def harder_variant(exercise_code: str) -> Variant | None:
    """The library's harder variant of the exercise, if it names one."""
    exercise = LIBRARY.get(exercise_code)
    return _variant(exercise.harder) if exercise else None


def easier_variant(exercise_code: str) -> Variant | None:
    """The library's easier variant of the exercise, if it names one."""
    exercise = LIBRARY.get(exercise_code)
    return _variant(exercise.easier) if exercise else None


def _proposal_row(
    patient: User, monday: date, item: ComboItem, facts: WeekFacts
) -> ProgressionProposal:
    dose = Dose(item.sets, item.reps, item.target_rom_deg)
    proposal = propose(
        item.exercise_code, dose, facts, harder=harder_variant, easier=easier_variant
    )
    return ProgressionProposal(
        patient_id=patient.id,
        week_start=monday,
        combo_id=item.combo_id,
        position=item.position,
        exercise_code=item.exercise_code,
        side=item.side,
        kind=proposal.kind,
        reason=proposal.reason[:300],
        facts=asdict(facts),
        sets=dose.sets,
        reps=dose.reps,
        target_rom_deg=dose.target_rom_deg,
        proposed_sets=proposal.dose.sets,
        proposed_reps=proposal.dose.reps,
        proposed_target_rom_deg=proposal.dose.target_rom_deg,
        proposed_variant=proposal.variant,
    )


def generate(db: Session, patient: User, monday: date) -> int:
    """Store the proposals of the patient's week starting ``monday`` that are not stored yet;
    proposals already there (and their decisions) stay as they are. Returns how many were new.
    """
    plan = db.scalars(
        select(WeekPlan)
        .where(WeekPlan.patient_id == patient.id, WeekPlan.week_start == monday)
        .options(
            selectinload(WeekPlan.items).selectinload(WeekPlanItem.combo).selectinload(Combo.items)
        )
    ).one_or_none()
    if plan is None or not plan.items:
        return 0
    stored = {
        (combo_id, position)
        for combo_id, position in db.execute(
            select(ProgressionProposal.combo_id, ProgressionProposal.position).where(
                ProgressionProposal.patient_id == patient.id,
                ProgressionProposal.week_start == monday,
            )
        )
    }
    planned: dict[int, int] = defaultdict(int)
    for plan_item in plan.items:
        planned[plan_item.combo_id] += 1
    workouts = db.scalars(
        select(WorkoutSession)
        .where(
            WorkoutSession.user_id == patient.id,
            WorkoutSession.week_plan_item_id.in_([i.id for i in plan.items]),
        )
        .options(selectinload(WorkoutSession.details))
    ).all()
    combo_of_item = {i.id: i.combo_id for i in plan.items}
    by_combo: dict[int, list[WorkoutSession]] = defaultdict(list)
    for workout in workouts:
        if workout.week_plan_item_id is not None:
            by_combo[combo_of_item[workout.week_plan_item_id]].append(workout)
    combos = {i.combo_id: i.combo for i in plan.items}
    new = [
        _proposal_row(
            patient, monday, item, week_facts(item, planned[combo_id], by_combo[combo_id])
        )
        for combo_id, combo in sorted(combos.items())
        for item in combo.items
        if (combo_id, item.position) not in stored
    ]
    if not new:
        return 0
    try:
        # Two readers of the same week at once: the second one's rows collide with the first's
        # on the unique key, and it simply reads what the first stored.
        with db.begin_nested():
            db.add_all(new)
    except IntegrityError:
        return 0
    return len(new)


def proposals_of(patient: User, monday: date) -> Select[ProgressionProposal]:
    return select(ProgressionProposal).where(
        ProgressionProposal.patient_id == patient.id, ProgressionProposal.week_start == monday
    )
