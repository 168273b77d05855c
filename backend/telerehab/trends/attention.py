"""The doctor's attention list: which of their patients need a look, and why, worst first.

Built once per set of (time zone, local day) and limit (the doctor and the moment are bound at
execution, named by ``AttentionBinds``): building and hashing it cost more CPU than PostgreSQL
spends running it. Each patient's week and days are their own, in their time zone: the facts
are gathered a zone at a time (one branch of a UNION ALL per zone among the doctor's patients).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Select,
    Subquery,
    and_,
    case,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import InstrumentedAttribute, Session

from telerehab.access.scopes import active_assignment
from telerehab.binds import Binds
from telerehab.domain.calendar import WEEKDAYS, local_midnight, local_today, week_start
from telerehab.domain.missed_days import missed_patients, zones_of
from telerehab.enums import UserRole
from telerehab.models import (
    Assignment,
    QuestionnaireResponse,
    User,
    WeekPlan,
    WeekPlanItem,
    WorkoutSession,
)
from telerehab.questionnaires.catalogue import INSTRUMENTS, Direction

# Thresholds of the doctor's attention list (the clinic's rules, not tuning knobs); missed days
# follow the one rule of ``telerehab.domain.missed_days``.
HIGH_PAIN = 7
HIGH_PAIN_DAYS = 7
ADHERENCE_DROP = 0.25


@dataclass(frozen=True)
class AttentionBinds(Binds):
    doctor_id: int
    now: datetime
    pain_since: datetime


def patient_zones(db: Session, doctor: User) -> list[str]:
    """The time zones the doctor's current patients live in (``attention_list`` needs them)."""
    return zones_of(db, _current_patients(doctor.id))


def _current_patients(doctor_id: Any) -> Select[int]:
    return select(Assignment.patient_id).where(
        Assignment.doctor_id == doctor_id, Assignment.ended_at.is_(None)
    )


def attention_list(
    doctor: User, now: datetime, limit: int, zones: Sequence[str]
) -> tuple[Select[Any], dict[str, Any]]:
    """The doctor's patients who need a look, with what makes them stand out, worst first (at
    most ``limit``): a statement and the parameters to execute it with. ``zones`` are those of
    the doctor's patients (``patient_zones``); each patient's today is their local day at ``now``.

    - missed: the patient has missed sessions (``telerehab.domain.missed_days``);
    - pain: a rating of ``HIGH_PAIN`` or more in the last ``HIGH_PAIN_DAYS`` days;
    - adherence: this week so far at least ``ADHERENCE_DROP`` below last week as a whole;
    - questionnaire: an instrument's latest score worse than the one before by more than its
      MCID (``_worsened``).
    """
    binds = AttentionBinds(
        doctor_id=doctor.id, now=now, pain_since=now - timedelta(days=HIGH_PAIN_DAYS)
    )
    zone_days = tuple((name, local_today(name, now)) for name in sorted(set(zones) or {"UTC"}))
    return _attention_statement(zone_days, limit), binds.values()


def _week_facts(today: date, zone_name: str) -> tuple[Subquery, Subquery, Subquery]:
    """Three grouped statements over the doctor's patients only, one row per patient: their plan
    items of this and last week, their sessions since last Monday, and whether they missed
    sessions. Each reads one index range per patient (plans by (patient, week), sessions by
    (patient, started_at))."""
    bound = AttentionBinds.placeholders()
    this_monday = week_start(today)
    last_monday = this_monday - timedelta(weeks=1)

    def cares_for(patient_id: InstrumentedAttribute[int]) -> ColumnElement[bool]:
        # A join from the doctor's active assignments (one per patient: a unique index says
        # so), which PostgreSQL drives patient by patient through the (patient, ...) indexes.
        return and_(
            Assignment.patient_id == patient_id,
            Assignment.doctor_id == bound.doctor_id,
            Assignment.ended_at.is_(None),
        )

    plans = (
        select(
            WeekPlan.patient_id,
            func.count(WeekPlanItem.id)
            .filter(
                WeekPlan.week_start == this_monday,
                WeekPlanItem.weekday.in_(WEEKDAYS[: today.weekday() + 1]),
            )
            .label("planned_now"),
            func.count(WeekPlanItem.id)
            .filter(WeekPlan.week_start == last_monday)
            .label("planned_last"),
        )
        .select_from(Assignment)
        .join(WeekPlan, cares_for(WeekPlan.patient_id))
        .join(WeekPlanItem, WeekPlanItem.week_plan_id == WeekPlan.id)
        .where(WeekPlan.week_start.in_([last_monday, this_monday]))
        .group_by(WeekPlan.patient_id)
        .subquery("plans")
    )
    started = WorkoutSession.started_at
    this_week = local_midnight(this_monday, zone_name)
    sessions = (
        select(
            WorkoutSession.user_id,
            func.max(WorkoutSession.pain_score)
            .filter(started >= bound.pain_since)
            .label("max_pain"),
            func.count(WorkoutSession.id)
            .filter(started >= this_week, started < bound.now)
            .label("done_now"),
            func.count(WorkoutSession.id).filter(started < this_week).label("done_last"),
        )
        .select_from(Assignment)
        .join(WorkoutSession, cares_for(WorkoutSession.user_id))
        .where(started >= local_midnight(last_monday, zone_name), started <= bound.now)
        .group_by(WorkoutSession.user_id)
        .subquery("sessions")
    )
    in_zone = (
        _current_patients(bound.doctor_id)
        .join(User, User.id == Assignment.patient_id)
        .where(User.time_zone == zone_name)
    )
    return plans, sessions, missed_patients(today, in_zone, zone_name)


def _worsened() -> Subquery:
    """The ids (``patient_id``) of the doctor's patients whose latest answer to some instrument
    scores worse than their previous one by more than the instrument's MCID; "worse" is up for a
    pain or disability score, down for a function score (the catalogue's ``direction``)."""
    bound = AttentionBinds.placeholders()
    response = QuestionnaireResponse
    ranked = (
        select(
            response.patient_id,
            response.instrument,
            response.score,
            func.row_number()
            .over(
                partition_by=(response.patient_id, response.instrument),
                order_by=(response.answered_at.desc(), response.id.desc()),
            )
            .label("recency"),
        )
        .join(
            Assignment,
            and_(
                Assignment.patient_id == response.patient_id,
                Assignment.doctor_id == bound.doctor_id,
                Assignment.ended_at.is_(None),
            ),
        )
        .subquery("ranked")
    )
    latest = ranked.alias("latest")
    previous = ranked.alias("previous")
    worse_by = case(
        *(
            (
                latest.c.instrument == code,
                (latest.c.score - previous.c.score)
                * (1 if instrument.direction == Direction.HIGHER_IS_WORSE else -1)
                - instrument.mcid,
            )
            for code, instrument in INSTRUMENTS.items()
        ),
        else_=null(),
    )
    return (
        select(latest.c.patient_id)
        .join(
            previous,
            and_(
                previous.c.patient_id == latest.c.patient_id,
                previous.c.instrument == latest.c.instrument,
                previous.c.recency == 2,
            ),
        )
        .where(latest.c.recency == 1, worse_by > 0)
        .group_by(latest.c.patient_id)
        .subquery("worsened")
    )


def _adherence(planned: ColumnElement[int], done: ColumnElement[int]) -> ColumnElement[float]:
    """done / planned capped at 1 (as ``progress.adherence``), NULL without a plan."""
    return case(
        (planned == 0, null()),
        (done >= planned, literal(1.0, Float)),
        else_=cast(done, Float) / cast(planned, Float),
    )


@lru_cache(maxsize=8)
def _attention_statement(zone_days: tuple[tuple[str, date], ...], limit: int) -> Select[Any]:
    """The facts are grouped statements joined to the patients (not correlated subqueries,
    which PostgreSQL would run again wherever a flag uses them), one branch per zone."""
    facts = union_all(*(_zone_facts(today, name) for name, today in zone_days)).subquery("facts")
    return _flagged(facts, limit)


def _zone_facts(today: date, zone_name: str) -> Select[Any]:
    """The facts of the doctor's patients who live in ``zone_name``, whose day is ``today``."""
    bound = AttentionBinds.placeholders()
    plans, sessions, missed_ids = _week_facts(today, zone_name)
    worsened_ids = _worsened()
    return (
        select(User)
        .where(
            User.role == UserRole.PATIENT,
            User.time_zone == zone_name,
            active_assignment(bound.doctor_id, User.id),
        )
        .with_only_columns(
            User.id,
            User.full_name,
            User.role,
            User.time_zone,
            missed_ids.c.patient_id.is_not(None).label("missed"),
            worsened_ids.c.patient_id.is_not(None).label("worsened"),
            sessions.c.max_pain,
            func.coalesce(plans.c.planned_now, 0).label("planned_now"),
            func.coalesce(sessions.c.done_now, 0).label("done_now"),
            func.coalesce(plans.c.planned_last, 0).label("planned_last"),
            func.coalesce(sessions.c.done_last, 0).label("done_last"),
            select(func.max(WorkoutSession.started_at))
            .where(WorkoutSession.user_id == User.id)
            .scalar_subquery()
            .label("last_session_at"),
        )
        .outerjoin(plans, plans.c.patient_id == User.id)
        .outerjoin(sessions, sessions.c.user_id == User.id)
        .outerjoin(missed_ids, missed_ids.c.patient_id == User.id)
        .outerjoin(worsened_ids, worsened_ids.c.patient_id == User.id)
    )


def _flagged(facts: Subquery, limit: int) -> Select[Any]:
    """The patients among ``facts`` who stand out, with why, worst first."""
    adherence_now = _adherence(facts.c.planned_now, facts.c.done_now)
    adherence_last = _adherence(facts.c.planned_last, facts.c.done_last)
    missed = facts.c.missed
    in_pain = facts.c.max_pain >= HIGH_PAIN
    # A hair under the threshold so that 1.0 -> 0.75 counts despite float rounding.
    dropped = adherence_last - adherence_now >= ADHERENCE_DROP - 1e-9
    worsened = facts.c.worsened
    flags = (missed, in_pain, dropped, worsened)
    reasons = sum((case((flag, 1), else_=0) for flag in flags), start=literal(0))
    return (
        select(
            facts.c.id,
            facts.c.full_name,
            facts.c.role,
            facts.c.time_zone,
            missed.label("missed_sessions"),
            in_pain.label("high_pain"),
            dropped.label("adherence_drop"),
            worsened.label("score_worsened"),
            facts.c.max_pain,
            adherence_now.label("adherence_this_week"),
            adherence_last.label("adherence_last_week"),
            facts.c.last_session_at,
            func.count().over().label("total"),
        )
        .where(or_(*flags))
        .order_by(reasons.desc(), facts.c.full_name, facts.c.id)
        .limit(limit)
    )
