"""Progress over time, in SQL: range of motion, pain, brain games, adherence, and the doctor's
view of who needs attention and what patients did recently.

Every series is one grouped statement. Buckets are UTC days or ISO weeks (their Monday); the one
dialect-specific piece is how a timestamp becomes its bucket, kept in ``bucket_start``.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Any

from fastapi import Depends, Query
from sqlalchemy import (
    ColumnElement,
    Date,
    Float,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    literal_column,
    not_,
    null,
    or_,
    select,
    true,
    tuple_,
    type_coerce,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import (
    DeclarativeBase,
    InstrumentedAttribute,
    Mapped,
    column_property,
    foreign,
    joinedload,
    relationship,
)
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from telerehab.access import active_assignment, may_see_patient
from telerehab.enums import BrainGame, ExerciseType, Side, UserRole, Weekday
from telerehab.errors import InvalidInput
from telerehab.models import (
    Assignment,
    BrainExerciseSession,
    SessionDetail,
    User,
    WeekPlan,
    WeekPlanItem,
    WorkoutSession,
)
from telerehab.pagination import PAGE_ROWS, KeysetPage, PageParams, cursor_parameter
from telerehab.progress import week_start
from telerehab.schemas.base import BoundedDate

# A trend without ``from`` covers this many days up to ``to``; longer spans are refused so that
# a day-by-day series stays a screenful, not a year of rows.
DEFAULT_TREND_DAYS = 84
MAX_TREND_DAYS = 731
# Thresholds of the doctor's attention list (the clinic's rules, not tuning knobs).
MISSED_DAYS = 2
HIGH_PAIN = 7
HIGH_PAIN_DAYS = 7
ADHERENCE_DROP = 0.25


class TrendBucket(StrEnum):
    DAY = "day"
    WEEK = "week"


class ActivityKind(StrEnum):
    WORKOUT = "workout"
    BRAIN = "brain"


def utc_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def weekday_of(day: date) -> Weekday:
    return list(Weekday)[day.weekday()]


# --- Buckets -------------------------------------------------------------------------------


class utc_day(FunctionElement[date]):  # noqa: N801  (reads as the SQL function it renders)
    """The UTC calendar day of a timestamp."""

    type = Date()
    inherit_cache = True
    name = "utc_day"


class utc_monday(FunctionElement[date]):  # noqa: N801
    """The Monday of a timestamp's ISO week, in UTC."""

    type = Date()
    inherit_cache = True
    name = "utc_monday"


# SQLite stores UTC timestamps as 'YYYY-MM-DD HH:MM:SS' text; 'weekday 0' moves forward to the
# next Sunday (or stays on one), six days back is that week's Monday.
@compiles(utc_day, "sqlite")
def _utc_day_sqlite(element: utc_day, compiler: SQLCompiler, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)})"


@compiles(utc_monday, "sqlite")
def _utc_monday_sqlite(element: utc_monday, compiler: SQLCompiler, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)}, 'weekday 0', '-6 days')"


# PostgreSQL truncates in the session's time zone unless told which one.
@compiles(utc_day, "postgresql")
def _utc_day_postgresql(element: utc_day, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(({compiler.process(element.clauses, **kw)} AT TIME ZONE 'UTC') AS DATE)"


@compiles(utc_monday, "postgresql")
def _utc_monday_postgresql(element: utc_monday, compiler: SQLCompiler, **kw: Any) -> str:
    column = compiler.process(element.clauses, **kw)
    return f"CAST(date_trunc('week', {column} AT TIME ZONE 'UTC') AS DATE)"


def bucket_start(
    column: InstrumentedAttribute[datetime], bucket: TrendBucket
) -> ColumnElement[date]:
    """The first day of ``column``'s bucket, on SQLite and PostgreSQL alike."""
    return utc_day(column) if bucket == TrendBucket.DAY else utc_monday(column)


# --- Periods (the ``from`` / ``to`` query parameters) ---------------------------------------


@dataclass(frozen=True)
class Period:
    """UTC days, both ends included; either end may be open."""

    start: date | None
    end: date | None

    def where(self, column: InstrumentedAttribute[datetime]) -> list[ColumnElement[bool]]:
        since, until = self.utc_bounds()
        clauses = []
        if since is not None:
            clauses.append(column >= since)
        if until is not None:
            clauses.append(column < until)
        return clauses

    def utc_bounds(self) -> tuple[datetime | None, datetime | None]:
        """The first instant in the period and the first after it (None: that end is open)."""
        since = utc_midnight(self.start) if self.start is not None else None
        until = utc_midnight(self.end + timedelta(days=1)) if self.end is not None else None
        return since, until

    def closed(self, today: date | None = None) -> "ClosedPeriod":
        """Both ends set: ``to`` defaults to today, ``from`` to ``DEFAULT_TREND_DAYS`` before."""
        end = self.end or today or datetime.now(UTC).date()
        start = self.start or end - timedelta(days=DEFAULT_TREND_DAYS - 1)
        if start > end:
            raise InvalidInput("from: must not be after to.")
        if (end - start).days >= MAX_TREND_DAYS:
            raise InvalidInput(f"from/to: a trend covers at most {MAX_TREND_DAYS} days.")
        return ClosedPeriod(start, end)


@dataclass(frozen=True)
class ClosedPeriod(Period):
    """A trend's window: both ends known, so the answer can say what it covers."""

    start: date
    end: date


async def period_params(
    start: Annotated[
        BoundedDate | None,
        Query(alias="from", description="First UTC day included (YYYY-MM-DD), 1900-2199."),
    ] = None,
    end: Annotated[
        BoundedDate | None,
        Query(alias="to", description="Last UTC day included (YYYY-MM-DD), 1900-2199."),
    ] = None,
) -> Period:
    if start is not None and end is not None and start > end:
        raise InvalidInput("from: must not be after to.")
    return Period(start, end)


PeriodQuery = Annotated[Period, Depends(period_params)]
BucketQuery = Annotated[
    TrendBucket, Query(description="Group by UTC day or by ISO week (starting Monday).")
]

# OpenAPI answers of the routes that read one patient's history.
CLINICIANS_ONLY: dict[int | str, dict[str, Any]] = {
    403: {"description": "Admins see no clinical content."}
}
PATIENT_NOT_YOURS: dict[int | str, dict[str, Any]] = {
    **CLINICIANS_ONLY,
    404: {"description": "Not a patient in your care."},
}
TREND_RESPONSES: dict[int | str, dict[str, Any]] = {
    **PATIENT_NOT_YOURS,
    422: {"description": "`from` after `to`, or a span over two years."},
}


# --- Series --------------------------------------------------------------------------------


# The trends are built once per shape (bucket and filters), with the patient, the window and
# the filters' values bound at execution: building and hashing a trend's SQL cost the worker
# about a millisecond a request, more than PostgreSQL spends answering it.
_TREND_PATIENT = "trend_patient_id"
_WINDOW_FROM, _WINDOW_UNTIL = "trend_from", "trend_until"


def _trend_parameters(patient_id: int, window: ClosedPeriod, **filters: Any) -> dict[str, Any]:
    """The values a cached trend statement is executed with (filters that are None are not
    in the statement)."""
    since, until = window.utc_bounds()
    return {
        _TREND_PATIENT: patient_id,
        _WINDOW_FROM: since,
        _WINDOW_UNTIL: until,
        **{name: value for name, value in filters.items() if value is not None},
    }


def _of_patient_in_window(
    owner: InstrumentedAttribute[int], started_at: InstrumentedAttribute[datetime]
) -> list[ColumnElement[bool]]:
    return [
        owner == bindparam(_TREND_PATIENT, type_=Integer),
        started_at >= bindparam(_WINDOW_FROM, type_=started_at.type),
        started_at < bindparam(_WINDOW_UNTIL, type_=started_at.type),
    ]


def range_of_motion_trend(
    patient_id: int,
    window: ClosedPeriod,
    bucket: TrendBucket,
    exercise: ExerciseType | None,
    side: Side | None,
) -> tuple[Select[Any], dict[str, Any]]:
    """Per bucket, exercise and side: mean ROM, best ROM, reps and sets done; a statement and
    the parameters to execute it with."""
    statement = _range_of_motion_statement(bucket, exercise is not None, side is not None)
    return statement, _trend_parameters(patient_id, window, exercise=exercise, side=side)


@lru_cache(maxsize=16)
def _range_of_motion_statement(
    bucket: TrendBucket, by_exercise: bool, by_side: bool
) -> Select[Any]:
    start = bucket_start(WorkoutSession.started_at, bucket).label("bucket_start")
    statement = (
        select(
            start,
            SessionDetail.exercise_type,
            SessionDetail.side,
            func.avg(SessionDetail.rom_mean_deg).label("mean_rom_deg"),
            func.max(SessionDetail.rom_max_deg).label("max_rom_deg"),
            func.coalesce(func.sum(SessionDetail.reps_done), 0).label("reps_done"),
            func.count(SessionDetail.id).label("sets"),
        )
        .join(WorkoutSession, WorkoutSession.id == SessionDetail.session_id)
        .where(*_of_patient_in_window(WorkoutSession.user_id, WorkoutSession.started_at))
        .group_by(start, SessionDetail.exercise_type, SessionDetail.side)
        .order_by(start, SessionDetail.exercise_type, SessionDetail.side)
    )
    if by_exercise:
        statement = statement.where(
            SessionDetail.exercise_type
            == bindparam("exercise", type_=SessionDetail.exercise_type.type)
        )
    if by_side:
        statement = statement.where(
            SessionDetail.side == bindparam("side", type_=SessionDetail.side.type)
        )
    return statement


def pain_trend(
    patient_id: int, window: ClosedPeriod, bucket: TrendBucket
) -> tuple[Select[Any], dict[str, Any]]:
    """Per bucket: mean and worst pain of the rated sessions, and how many were rated; a
    statement and the parameters to execute it with."""
    return _pain_statement(bucket), _trend_parameters(patient_id, window)


@lru_cache(maxsize=4)
def _pain_statement(bucket: TrendBucket) -> Select[Any]:
    start = bucket_start(WorkoutSession.started_at, bucket).label("bucket_start")
    return (
        select(
            start,
            func.avg(WorkoutSession.pain_score).label("mean_pain"),
            func.max(WorkoutSession.pain_score).label("max_pain"),
            func.count(WorkoutSession.id).label("sessions"),
        )
        .where(
            *_of_patient_in_window(WorkoutSession.user_id, WorkoutSession.started_at),
            WorkoutSession.pain_score.is_not(None),
        )
        .group_by(start)
        .order_by(start)
    )


def brain_trend(
    patient_id: int, window: ClosedPeriod, bucket: TrendBucket, game: BrainGame | None
) -> tuple[Select[Any], dict[str, Any]]:
    """Per bucket and game: mean score and accuracy, mean of the sessions' median reaction
    times (a true median is not portable SQL), best level, and how many sessions; a statement
    and the parameters to execute it with."""
    return _brain_statement(bucket, game is not None), _trend_parameters(
        patient_id, window, game=game
    )


@lru_cache(maxsize=8)
def _brain_statement(bucket: TrendBucket, by_game: bool) -> Select[Any]:
    start = bucket_start(BrainExerciseSession.started_at, bucket).label("bucket_start")
    statement = (
        select(
            start,
            BrainExerciseSession.game,
            func.avg(BrainExerciseSession.score).label("mean_score"),
            func.avg(BrainExerciseSession.accuracy).label("mean_accuracy"),
            func.avg(BrainExerciseSession.median_reaction_ms).label("mean_reaction_ms"),
            func.max(BrainExerciseSession.level_reached).label("max_level"),
            func.count(BrainExerciseSession.id).label("sessions"),
        )
        .where(
            *_of_patient_in_window(BrainExerciseSession.user_id, BrainExerciseSession.started_at)
        )
        .group_by(start, BrainExerciseSession.game)
        .order_by(start, BrainExerciseSession.game)
    )
    if by_game:
        statement = statement.where(
            BrainExerciseSession.game == bindparam("game", type_=BrainExerciseSession.game.type)
        )
    return statement


def adherence_series(
    patient_id: int, weeks: int, today: date | None = None
) -> tuple[Select[Any], dict[str, Any]]:
    """Per ISO week, the last ``weeks`` up to this one: plan items vs sessions started; a
    statement and the parameters to execute it with."""
    this_monday = week_start(today or datetime.now(UTC).date())
    return _adherence_statement(this_monday, weeks), {"adherence_patient_id": patient_id}


_PATIENT_ID = bindparam("adherence_patient_id", type_=Integer)


# Built once per week and length, with the patient bound at execution: building and hashing
# the calendar of weeks cost the worker more than PostgreSQL spends answering it.
@lru_cache(maxsize=64)
def _adherence_statement(this_monday: date, weeks: int) -> Select[Any]:
    mondays = [this_monday - timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]
    calendar = union_all(
        *(select(literal(monday, Date).label("week_start")) for monday in mondays)
    ).subquery("calendar")
    planned = (
        select(WeekPlan.week_start, func.count(WeekPlanItem.id).label("planned"))
        .join(WeekPlanItem, WeekPlanItem.week_plan_id == WeekPlan.id)
        .where(WeekPlan.patient_id == _PATIENT_ID, WeekPlan.week_start >= mondays[0])
        .group_by(WeekPlan.week_start)
        .subquery("planned")
    )
    done_week = utc_monday(WorkoutSession.started_at).label("week_start")
    done = (
        select(done_week, func.count(WorkoutSession.id).label("done"))
        .where(
            WorkoutSession.user_id == _PATIENT_ID,
            WorkoutSession.started_at >= utc_midnight(mondays[0]),
        )
        .group_by(done_week)
        .subquery("done")
    )
    return (
        select(
            calendar.c.week_start,
            func.coalesce(planned.c.planned, 0).label("planned"),
            func.coalesce(done.c.done, 0).label("done"),
        )
        .select_from(calendar)
        .outerjoin(planned, planned.c.week_start == calendar.c.week_start)
        .outerjoin(done, done.c.week_start == calendar.c.week_start)
        .order_by(calendar.c.week_start)
    )


# --- The doctor's attention list -----------------------------------------------------------


# Bound at execution: the attention list's statement is built once a day, not once a request
# (building and hashing it cost more CPU than PostgreSQL spends running it).
_DOCTOR_ID = bindparam("attention_doctor_id", type_=Integer)
_NOW = bindparam("attention_now", type_=WorkoutSession.started_at.type)
_PAIN_SINCE = bindparam("attention_pain_since", type_=WorkoutSession.started_at.type)


def _week_facts(today: date) -> tuple[Any, Any]:
    """Two grouped statements over the doctor's patients only, one row per patient: their plan
    items of this and last week, and their sessions since last Monday. Each reads one index
    range per patient (plans by (patient, week), sessions by (patient, started_at))."""
    missed_days = [today - timedelta(days=back) for back in range(MISSED_DAYS, 0, -1)]
    this_monday = week_start(today)
    last_monday = this_monday - timedelta(weeks=1)

    def cares_for(patient_id: InstrumentedAttribute[int]) -> ColumnElement[bool]:
        # A join from the doctor's active assignments (one per patient: a unique index says
        # so), which PostgreSQL drives patient by patient through the (patient, ...) indexes.
        return and_(
            Assignment.patient_id == patient_id,
            Assignment.doctor_id == _DOCTOR_ID,
            Assignment.ended_at.is_(None),
        )

    # The missed days lie in this week or the last, so both weeks' plans answer every question.
    on_missed_day = or_(
        *(
            and_(WeekPlan.week_start == week_start(day), WeekPlanItem.weekday == weekday_of(day))
            for day in missed_days
        )
    )
    plans = (
        select(
            WeekPlan.patient_id,
            func.count(WeekPlanItem.id).filter(on_missed_day).label("had_plan"),
            func.count(WeekPlanItem.id)
            .filter(
                WeekPlan.week_start == this_monday,
                WeekPlanItem.weekday.in_(list(Weekday)[: today.weekday() + 1]),
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
    this_week = utc_midnight(this_monday)
    sessions = (
        select(
            WorkoutSession.user_id,
            func.count(WorkoutSession.id)
            .filter(started >= utc_midnight(missed_days[0]))
            .label("exercised"),
            func.max(WorkoutSession.pain_score).filter(started >= _PAIN_SINCE).label("max_pain"),
            func.count(WorkoutSession.id)
            .filter(started >= this_week, started < _NOW)
            .label("done_now"),
            func.count(WorkoutSession.id).filter(started < this_week).label("done_last"),
        )
        .select_from(Assignment)
        .join(WorkoutSession, cares_for(WorkoutSession.user_id))
        .where(started >= utc_midnight(last_monday), started <= _NOW)
        .group_by(WorkoutSession.user_id)
        .subquery("sessions")
    )
    return plans, sessions


def _adherence(planned: ColumnElement[int], done: ColumnElement[int]) -> ColumnElement[float]:
    """done / planned capped at 1 (as ``progress.adherence``), NULL without a plan."""
    return case(
        (planned == 0, null()),
        (done >= planned, literal(1.0, Float)),
        else_=cast(done, Float) / cast(planned, Float),
    )


def attention_list(doctor: User, now: datetime, limit: int) -> tuple[Select[Any], dict[str, Any]]:
    """The doctor's patients who need a look, with what makes them stand out, worst first (at
    most ``limit``): a statement and the parameters to execute it with.

    - missed: plan items on the last ``MISSED_DAYS`` full days, and no session since they began;
    - pain: a rating of ``HIGH_PAIN`` or more in the last ``HIGH_PAIN_DAYS`` days;
    - adherence: this week so far at least ``ADHERENCE_DROP`` below last week as a whole.
    """
    parameters = {
        "attention_doctor_id": doctor.id,
        "attention_now": now,
        "attention_pain_since": now - timedelta(days=HIGH_PAIN_DAYS),
    }
    return _attention_statement(now.date(), limit), parameters


@lru_cache(maxsize=8)
def _attention_statement(today: date, limit: int) -> Select[Any]:
    """The facts are two grouped statements joined to the patients (not correlated subqueries,
    which PostgreSQL would run again wherever a flag uses them)."""
    plans, sessions = _week_facts(today)
    facts = (
        select(User)
        .where(User.role == UserRole.PATIENT, active_assignment(_DOCTOR_ID, User.id))
        .with_only_columns(
            User.id,
            User.full_name,
            User.role,
            (func.coalesce(plans.c.had_plan, 0) > 0).label("had_plan"),
            (func.coalesce(sessions.c.exercised, 0) > 0).label("exercised"),
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
        .subquery("facts")
    )
    adherence_now = _adherence(facts.c.planned_now, facts.c.done_now)
    adherence_last = _adherence(facts.c.planned_last, facts.c.done_last)
    missed = and_(facts.c.had_plan, not_(facts.c.exercised))
    in_pain = facts.c.max_pain >= HIGH_PAIN
    # A hair under the threshold so that 1.0 -> 0.75 counts despite float rounding.
    dropped = adherence_last - adherence_now >= ADHERENCE_DROP - 1e-9
    reasons = sum(
        (case((flag, 1), else_=0) for flag in (missed, in_pain, dropped)), start=literal(0)
    )
    return (
        select(
            facts.c.id,
            facts.c.full_name,
            facts.c.role,
            missed.label("missed_sessions"),
            in_pain.label("high_pain"),
            dropped.label("adherence_drop"),
            facts.c.max_pain,
            adherence_now.label("adherence_this_week"),
            adherence_last.label("adherence_last_week"),
            facts.c.last_session_at,
            func.count().over().label("total"),
        )
        .where(or_(missed, in_pain, dropped))
        .order_by(reasons.desc(), facts.c.full_name, facts.c.id)
        .limit(limit)
    )


# --- Recent activity across patients -------------------------------------------------------


class _QueryMapped(DeclarativeBase):
    """Read-only classes mapped over queries, not tables: outside ``Base.metadata``, so
    migrations never see them."""


_activity = union_all(
    select(
        literal_column(f"'{ActivityKind.WORKOUT.value}'", String).label("kind"),
        WorkoutSession.id,
        WorkoutSession.user_id.label("patient_id"),
        WorkoutSession.started_at,
        WorkoutSession.ended_at,
        type_coerce(null(), BrainExerciseSession.game.type).label("game"),
        type_coerce(null(), Integer).label("score"),
        type_coerce(null(), Float).label("accuracy"),
        WorkoutSession.pain_score,
        WorkoutSession.difficulty,
    ),
    select(
        literal_column(f"'{ActivityKind.BRAIN.value}'", String),
        BrainExerciseSession.id,
        BrainExerciseSession.user_id,
        BrainExerciseSession.started_at,
        BrainExerciseSession.ended_at,
        BrainExerciseSession.game,
        BrainExerciseSession.score,
        BrainExerciseSession.accuracy,
        null(),
        null(),
    ),
).subquery("activity")


def _of_workout(aggregate: ColumnElement[int]) -> ColumnElement[int | None]:
    """An aggregate of a workout's sets, NULL for a brain game. Kept out of the union and in
    the outer select, so that PostgreSQL computes it for the page's rows only, after the sort
    and the LIMIT (inside the union it ran for every session of every patient)."""
    return case(
        (
            _activity.c.kind == ActivityKind.WORKOUT.value,
            select(aggregate).where(SessionDetail.session_id == _activity.c.id).scalar_subquery(),
        ),
        else_=null(),
    )


class Activity(_QueryMapped):
    """A workout or brain session of any patient; scope it with ``may_see_patient``."""

    __table__ = _activity
    __mapper_args__ = {"primary_key": [_activity.c.kind, _activity.c.id]}

    kind: Mapped[str]
    id: Mapped[int]
    patient_id: Mapped[int]
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    game: Mapped[BrainGame | None]
    score: Mapped[int | None]
    accuracy: Mapped[float | None]
    pain_score: Mapped[int | None]
    difficulty: Mapped[int | None]
    sets: Mapped[int | None] = column_property(_of_workout(func.count(SessionDetail.id)))
    reps_done: Mapped[int | None] = column_property(
        _of_workout(func.coalesce(func.sum(SessionDetail.reps_done), 0))
    )

    patient: Mapped[User] = relationship(
        User,
        primaryjoin=lambda: foreign(Activity.patient_id) == User.id,
        viewonly=True,
        lazy="raise",
    )


ACTIVITY_ORDER = [Activity.started_at, Activity.kind, Activity.id]


def _sessions_before(
    model: type[WorkoutSession] | type[BrainExerciseSession], kind_after_cursor: int
) -> ColumnElement[bool]:
    """Sessions of one kind that come after the page's cursor in ``ACTIVITY_ORDER`` (started_at,
    kind, id descending), written on this table's own index columns (started_at, id) and the
    cursor's bound values. The kind compares to the cursor's as ``kind_after_cursor``: -1 if it
    sorts before it, 0 the same, 1 after."""
    started_at = bindparam(cursor_parameter(0), type_=model.started_at.type)
    condition: ColumnElement[bool]
    if kind_after_cursor < 0:
        condition = model.started_at <= started_at
    elif kind_after_cursor > 0:
        condition = model.started_at < started_at
    else:
        after_id = bindparam(cursor_parameter(2), type_=Integer)
        condition = tuple_(model.started_at, model.id) < tuple_(started_at, after_id)
    return condition


@lru_cache(maxsize=16)
def _activity_page(kinds_after_cursor: tuple[int, ...] | None) -> KeysetPage:
    """Workouts and brain games of the patients of doctor :me, with each one's patient, newest
    first, on PostgreSQL; built once per shape of cursor.

    Only the page's rows are read: their (kind, id) come from a LATERAL join that walks each
    patient's (patient, started_at, id) index backwards from the cursor, at most a page of each
    kind, so a page costs the same whatever the length of the patients' history (sorting every
    session of every patient of the doctor grew with it). The cursor and the page size are the
    page's own bound parameters.
    """
    doctor = bindparam("me", type_=Integer)
    rows = bindparam(PAGE_ROWS, type_=Integer)

    def latest(
        model: type[WorkoutSession] | type[BrainExerciseSession], kind: ActivityKind, index: int
    ) -> Select[str, int, datetime]:
        statement = select(
            literal(kind.value, String).label("kind"), model.id, model.started_at
        ).where(model.user_id == Assignment.patient_id)
        if kinds_after_cursor is not None:
            statement = statement.where(_sessions_before(model, kinds_after_cursor[index]))
        return statement.order_by(model.started_at.desc(), model.id.desc()).limit(rows)

    newest = union_all(
        latest(WorkoutSession, ActivityKind.WORKOUT, 0),
        latest(BrainExerciseSession, ActivityKind.BRAIN, 1),
    ).lateral("newest")
    page_keys = (
        select(newest.c.kind, newest.c.id)
        .select_from(Assignment)
        .join(newest, true())
        .where(Assignment.doctor_id == doctor, Assignment.ended_at.is_(None))
        .order_by(newest.c.started_at.desc(), newest.c.kind.desc(), newest.c.id.desc())
        .limit(rows)
    )
    statement = (
        select(Activity)
        .options(joinedload(Activity.patient, innerjoin=True))
        .where(
            active_assignment(doctor, Activity.patient_id),
            tuple_(Activity.kind, Activity.id).in_(page_keys),
        )
    )
    return KeysetPage(statement, tuple(ACTIVITY_ORDER))


def recent_activity(
    doctor: User, page: PageParams, dialect: str
) -> tuple[KeysetPage, dict[str, Any]]:
    """Workouts and brain games of the doctor's patients with each one's patient, as a page for
    ``read_page`` and the parameters to run it with."""
    if dialect != "postgresql":  # SQLite has no LATERAL join: it sorts every session instead
        statement = (
            select(Activity)
            .options(joinedload(Activity.patient, innerjoin=True))
            .where(may_see_patient(doctor, Activity.patient_id))
        )
        return KeysetPage(statement, tuple(ACTIVITY_ORDER)), {}
    shape = None
    after = page.after(ACTIVITY_ORDER)
    if after is not None:
        _, after_kind, _ = after
        shape = tuple(
            (kind.value > after_kind) - (kind.value < after_kind)
            for kind in (ActivityKind.WORKOUT, ActivityKind.BRAIN)
        )
    return _activity_page(shape), {"me": doctor.id}
