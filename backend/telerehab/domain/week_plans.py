"""Week plans: a doctor writes a patient's plan for one ISO week; the patient reads what is
planned for a day and what of it is done."""

from datetime import date

from sqlalchemy import ScalarSelect, and_, exists, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from telerehab.access.scopes import combo_details
from telerehab.domain.calendar import day_bounds, week_start, weekday_of
from telerehab.domain.notifications import notify
from telerehab.enums import NotificationKind
from telerehab.errors import InvalidInput, NotFound
from telerehab.models import Combo, User, WeekPlan, WeekPlanItem, WorkoutSession
from telerehab.schemas.combo import ComboRead
from telerehab.schemas.week_plan import TodayItem, TodayPlan, WeekPlanPut


def _check_combos_exist(db: Session, combo_ids: set[int]) -> None:
    found = set(db.scalars(select(Combo.id).where(Combo.id.in_(combo_ids))))
    missing = sorted(combo_ids - found)
    if missing:
        raise NotFound(f"No routine with id {', '.join(map(str, missing))}.")


def write_plan(
    db: Session, doctor: User, patient: User, monday: date, body: WeekPlanPut
) -> tuple[WeekPlan, bool]:
    """Create or replace the patient's plan of the week starting ``monday``, and tell them.

    Items left unchanged keep their ids, so workouts already done against them stay counted.
    Returns the plan and whether it was created.
    """
    if monday.weekday() != 0:
        raise InvalidInput(f"week_start must be a Monday; {monday} is a {monday:%A}.")
    wanted = {
        (day.weekday, position, combo_id)
        for day in body.days
        for position, combo_id in enumerate(day.combo_ids)
    }
    _check_combos_exist(db, {combo_id for _, _, combo_id in wanted})

    plan = db.scalars(
        select(WeekPlan)
        .where(WeekPlan.patient_id == patient.id, WeekPlan.week_start == monday)
        .options(selectinload(WeekPlan.items))
    ).one_or_none()
    created = plan is None
    if plan is None:
        plan = WeekPlan(patient_id=patient.id, week_start=monday, items=[])
        db.add(plan)
        title = f"Your plan for the week of {monday} is ready"
    else:
        kept = [i for i in plan.items if (i.weekday, i.position, i.combo_id) in wanted]
        plan.items = kept
        # Removed items must be gone before new ones take their (weekday, position) places.
        db.flush()
        wanted -= {(i.weekday, i.position, i.combo_id) for i in kept}
        title = f"Your plan for the week of {monday} has changed"
    plan.doctor_id = doctor.id
    plan.notes = body.notes
    plan.items.extend(
        WeekPlanItem(weekday=weekday, position=position, combo_id=combo_id)
        for weekday, position, combo_id in sorted(wanted)
    )
    db.flush()
    notify(db, patient.id, NotificationKind.WEEK_PLAN, title, link=f"/week-plans/{plan.id}")
    return plan, created


def routines_of_day(
    patient_id: int, day: date, zone_name: str
) -> tuple[ScalarSelect[int], ScalarSelect[int]]:
    """Two scalar subqueries: how many routines the patient's plan has for ``day``, and how many
    of them are done (a workout of the routine started that day, in the patient's zone)."""
    since, until = day_bounds(day, zone_name)
    of_day = (
        WeekPlan.patient_id == patient_id,
        WeekPlan.week_start == week_start(day),
        WeekPlanItem.weekday == weekday_of(day),
    )
    items = select(func.count(WeekPlanItem.id)).join(
        WeekPlan, WeekPlan.id == WeekPlanItem.week_plan_id
    )
    # A routine is done once a workout of it was started that day, however many were.
    started = exists().where(
        WorkoutSession.user_id == patient_id,
        WorkoutSession.week_plan_item_id == WeekPlanItem.id,
        WorkoutSession.started_at >= since,
        WorkoutSession.started_at < until,
    )
    return items.where(*of_day).scalar_subquery(), items.where(*of_day, started).scalar_subquery()


def day_plan(db: Session, patient: User, day: date) -> TodayPlan:
    """The routines planned for ``day`` in the patient's plan of that week, each with its
    exercises and whether a workout linked to it was started that day (the patient's local
    day)."""
    weekday = weekday_of(day)
    since, until = day_bounds(day, patient.time_zone)
    done = exists().where(
        WorkoutSession.week_plan_item_id == WeekPlanItem.id,
        WorkoutSession.user_id == patient.id,
        WorkoutSession.started_at >= since,
        WorkoutSession.started_at < until,
    )
    # One statement for the week's plan and the day's items: a plan with nothing planned that
    # day comes back as one row without an item, no plan as no row.
    rows = (
        db.execute(
            select(WeekPlan.id, WeekPlan.notes, WeekPlanItem, done.label("done"))
            .outerjoin(
                WeekPlanItem,
                and_(WeekPlanItem.week_plan_id == WeekPlan.id, WeekPlanItem.weekday == weekday),
            )
            .where(WeekPlan.patient_id == patient.id, WeekPlan.week_start == week_start(day))
            .options(joinedload(WeekPlanItem.combo).options(*combo_details()))
            .order_by(WeekPlanItem.position, WeekPlanItem.id)
        )
        .unique()
        .all()
    )
    if not rows:
        return TodayPlan(date=day, weekday=weekday, week_plan_id=None, notes=None, items=[])
    plan_id, notes = rows[0][0], rows[0][1]
    items = [
        TodayItem(
            week_plan_item_id=item.id,
            position=item.position,
            combo=ComboRead.model_validate(item.combo),
            done=is_done,
        )
        for _, _, item, is_done in rows
        if item is not None
    ]
    return TodayPlan(date=day, weekday=weekday, week_plan_id=plan_id, notes=notes, items=items)
