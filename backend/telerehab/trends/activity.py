"""Recent activity across a doctor's patients: their workouts and brain games, newest first, as a
keyset page with each session's patient.
"""

from datetime import datetime
from enum import StrEnum
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    Select,
    String,
    bindparam,
    case,
    func,
    literal,
    literal_column,
    null,
    select,
    true,
    tuple_,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    column_property,
    foreign,
    joinedload,
    relationship,
)

from telerehab.access.scopes import Me, active_assignment, may_see_patient
from telerehab.enums import BrainGame
from telerehab.models import Assignment, BrainExerciseSession, SessionDetail, User, WorkoutSession
from telerehab.web.pagination import PAGE_ROWS, KeysetPage, PageParams, cursor_parameter


class ActivityKind(StrEnum):
    WORKOUT = "workout"
    BRAIN = "brain"


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
    doctor = Me.placeholders().me
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
    # SQLite has no LATERAL join: it sorts every session instead. One statement for both (a
    # start bound per patient, then the sessions from there) costs PostgreSQL two index probes
    # per patient and kind instead of one, 12-28 % more time (docs/benchmarks.md, issue 20).
    if dialect != "postgresql":
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
    return _activity_page(shape), Me(me=doctor.id).values()
