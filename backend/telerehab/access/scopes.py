"""Who may see what, as SQL: every read starts from one readable statement per resource.

``visible_<resource>(caller)`` is the select of the rows the caller may read, with the loader
options its Read schema needs, so the row an access check loads is the row the answer shows. A
doctor's patients are a join on active assignments, evaluated in the database, so a list is never
loaded and then filtered, and another doctor's patient is simply not found.

A caller is a role and an id; the id may be a bound parameter, for a statement built once per
role and run for every caller of it (``Bound``).
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Generic, Protocol, TypeVar, cast

from sqlalchemy import (
    ColumnElement,
    Exists,
    Select,
    and_,
    exists,
    false,
    or_,
    select,
    true,
)
from sqlalchemy.orm import InstrumentedAttribute, Session, joinedload, selectinload
from sqlalchemy.orm.strategy_options import _AbstractLoad

from telerehab.binds import Binds, scalars
from telerehab.enums import UserRole
from telerehab.models import (
    Assignment,
    Base,
    BrainExerciseSession,
    Combo,
    MedicalRecord,
    PatientNote,
    QuestionnaireResponse,
    QuestionnaireSchedule,
    Schedule,
    TimeEntry,
    User,
    WeekPlan,
    WeekPlanItem,
    WorkoutSession,
)

M = TypeVar("M", bound=Base)


class Caller(Protocol):
    """Who reads: a signed-in ``User``, or a role with a bound id (``Bound``)."""

    @property
    def role(self) -> UserRole: ...

    @property
    def id(self) -> int | ColumnElement[int]: ...


@dataclass(frozen=True)
class Bound:
    """Any caller of ``role``, whose id is the bound parameter :me (see ``Me``)."""

    role: UserRole

    @property
    def id(self) -> ColumnElement[int]:
        return cast(ColumnElement[int], Me.placeholders().me)


@dataclass(frozen=True)
class Me(Binds):
    me: int


# --- Patients and doctors ---------------------------------------------------------------------


def active_assignment(
    doctor_id: int | ColumnElement[int], patient_id_column: InstrumentedAttribute[int]
) -> Exists:
    """True where ``patient_id_column`` is a patient the doctor currently cares for."""
    return exists().where(
        Assignment.doctor_id == doctor_id,
        Assignment.patient_id == patient_id_column,
        Assignment.ended_at.is_(None),
    )


def may_see_patient(
    caller: Caller, patient_id_column: InstrumentedAttribute[int]
) -> ColumnElement[bool]:
    """A WHERE clause: the rows whose ``patient_id_column`` the caller may read."""
    return role_may_see_patient(caller.role, caller.id, patient_id_column)


def role_may_see_patient(
    role: UserRole, user_id: int | ColumnElement[int], patient_id_column: InstrumentedAttribute[int]
) -> ColumnElement[bool]:
    """``may_see_patient`` for a caller of ``role``; ``user_id`` may be a bound parameter, for
    a statement built once for every caller of that role."""
    if role == UserRole.PATIENT:
        return patient_id_column == user_id
    if role == UserRole.DOCTOR:
        return active_assignment(user_id, patient_id_column)
    return false()  # admins manage accounts, not clinical content


def patients_of(doctor_id: int | ColumnElement[int]) -> Select[User]:
    """A doctor's current patients; ``doctor_id`` may be a bound parameter, for a statement
    built once for every doctor."""
    return select(User).where(User.role == UserRole.PATIENT, active_assignment(doctor_id, User.id))


@dataclass(frozen=True)
class DoctorsPatient(Binds):
    me: int
    patient_id: int


@cache
def _doctors_patient() -> Select[User]:
    """Patient :patient_id if doctor :me cares for them: built once, as it serves most reads."""
    bound = DoctorsPatient.placeholders()
    return patients_of(bound.me).where(User.id == bound.patient_id)


def visible_patient(db: Session, user: User, patient_id: int) -> User | None:
    """Patient ``patient_id`` if ``user`` may see their data, else None.

    A patient may see only themselves, the account the token already loaded and found active, so
    their own screens cost no lookup; a doctor's patient is looked up through the assignment.
    """
    if user.role == UserRole.PATIENT:
        return user if user.id == patient_id else None
    if user.role != UserRole.DOCTOR:
        return None
    binds = DoctorsPatient(me=user.id, patient_id=patient_id)
    return scalars(db, _doctors_patient(), binds).one_or_none()


def visible_doctors(user: User) -> Select[User]:
    """A patient's current doctors; a doctor sees themselves; an admin sees every doctor."""
    statement = select(User).where(User.role == UserRole.DOCTOR)
    if user.role == UserRole.PATIENT:
        return statement.where(
            exists().where(
                Assignment.doctor_id == User.id,
                Assignment.patient_id == user.id,
                Assignment.ended_at.is_(None),
            )
        )
    if user.role == UserRole.DOCTOR:
        return statement.where(User.id == user.id)
    return statement


def is_counterpart(
    me: int | ColumnElement[int], other_id: InstrumentedAttribute[int] | ColumnElement[int] | int
) -> ColumnElement[bool]:
    """True where ``other_id`` is joined to the caller ``me`` by an active assignment, either
    way: the people one may talk to."""
    return exists().where(
        Assignment.ended_at.is_(None),
        or_(
            and_(Assignment.doctor_id == me, Assignment.patient_id == other_id),
            and_(Assignment.patient_id == me, Assignment.doctor_id == other_id),
        ),
    )


def visible_counterparts(caller: Caller) -> Select[User]:
    """The people the caller may talk to now: their current doctors or patients."""
    return select(User).where(is_counterpart(caller.id, User.id))


def visible_assignments(caller: Caller) -> Select[Assignment]:
    """Admins: every assignment; a doctor or a patient: their own. With both people."""
    statement = select(Assignment).options(
        joinedload(Assignment.doctor), joinedload(Assignment.patient)
    )
    if caller.role == UserRole.DOCTOR:
        return statement.where(Assignment.doctor_id == caller.id)
    if caller.role == UserRole.PATIENT:
        return statement.where(Assignment.patient_id == caller.id)
    return statement


# --- Clinical content ---------------------------------------------------------------------------


def combo_details() -> tuple[_AbstractLoad, ...]:
    """What a ``ComboRead`` shows besides the row: its author and its (few) items, joined in."""
    return joinedload(Combo.doctor), joinedload(Combo.items)


def visible_combos(caller: Caller) -> Select[Combo]:
    """Doctors share one library of routines; a patient reads those of their own week plans."""
    if caller.role == UserRole.DOCTOR:
        may_see: ColumnElement[bool] = true()
    elif caller.role == UserRole.PATIENT:
        may_see = exists().where(
            WeekPlanItem.combo_id == Combo.id,
            WeekPlan.id == WeekPlanItem.week_plan_id,
            WeekPlan.patient_id == caller.id,
        )
    else:
        may_see = false()  # admins manage accounts, not care
    return select(Combo).where(may_see).options(*combo_details())


def plan_details() -> tuple[_AbstractLoad, ...]:
    """What a ``WeekPlanRead`` shows besides the row: the author, and each item's routine."""
    return (
        joinedload(WeekPlan.doctor),
        selectinload(WeekPlan.items).selectinload(WeekPlanItem.combo).options(*combo_details()),
    )


def visible_week_plans(caller: Caller) -> Select[WeekPlan]:
    return (
        select(WeekPlan)
        .where(may_see_patient(caller, WeekPlan.patient_id))
        .options(*plan_details())
    )


SCHEDULE_PEOPLE = (joinedload(Schedule.doctor), joinedload(Schedule.patient))


def visible_schedules(caller: Caller) -> Select[Schedule]:
    """Appointments of the patients the caller may see, with both people (``ScheduleRead``)."""
    return (
        select(Schedule)
        .where(may_see_patient(caller, Schedule.patient_id))
        .options(*SCHEDULE_PEOPLE)
    )


def visible_notes(caller: Caller) -> Select[PatientNote]:
    """Clinical notes, with their author: doctors caring for the patient only; patients and
    admins never."""
    may_see = (
        may_see_patient(caller, PatientNote.patient_id)
        if caller.role == UserRole.DOCTOR
        else false()
    )
    return select(PatientNote).where(may_see).options(joinedload(PatientNote.doctor))


def visible_records(caller: Caller) -> Select[MedicalRecord]:
    return select(MedicalRecord).where(may_see_patient(caller, MedicalRecord.patient_id))


def visible_workout_sessions(caller: Caller) -> Select[WorkoutSession]:
    return select(WorkoutSession).where(may_see_patient(caller, WorkoutSession.user_id))


def visible_brain_sessions(caller: Caller) -> Select[BrainExerciseSession]:
    return select(BrainExerciseSession).where(may_see_patient(caller, BrainExerciseSession.user_id))


def visible_questionnaire_schedules(caller: Caller) -> Select[QuestionnaireSchedule]:
    """Questionnaires ordered for the patients the caller may see, with who ordered them."""
    return (
        select(QuestionnaireSchedule)
        .where(may_see_patient(caller, QuestionnaireSchedule.patient_id))
        .options(joinedload(QuestionnaireSchedule.doctor))
    )


def visible_questionnaire_responses(caller: Caller) -> Select[QuestionnaireResponse]:
    return select(QuestionnaireResponse).where(
        may_see_patient(caller, QuestionnaireResponse.patient_id)
    )


def visible_time_entries(caller: Caller) -> Select[TimeEntry]:
    """A doctor's own monitoring time, for the patients in their care now; nobody else's."""
    if caller.role != UserRole.DOCTOR:
        return select(TimeEntry).where(false())
    return select(TimeEntry).where(
        TimeEntry.doctor_id == caller.id, may_see_patient(caller, TimeEntry.patient_id)
    )


@dataclass(frozen=True, eq=False)
class Readable(Generic[M]):
    """A resource read by id: its readable statement, and what its access is audited as."""

    name: str  # the audit log's resource type; "patient_note" reads "patient note" in a 404
    statement: Callable[[Caller], Select[M]]
    id_column: InstrumentedAttribute[int]
    # Whose clinical data a row is (audited); None for what is no one's record (a routine).
    patient_column: InstrumentedAttribute[int] | None
    not_found: str = ""

    @property
    def missing(self) -> str:
        """The 404's sentence."""
        return self.not_found or f"No {self.name.replace('_', ' ')} with this id is visible to you."


SCHEDULES = Readable("schedule", visible_schedules, Schedule.id, Schedule.patient_id)
WEEK_PLANS = Readable("week_plan", visible_week_plans, WeekPlan.id, WeekPlan.patient_id)
NOTES = Readable("patient_note", visible_notes, PatientNote.id, PatientNote.patient_id)
RECORDS = Readable("medical_record", visible_records, MedicalRecord.id, MedicalRecord.patient_id)
WORKOUT_SESSIONS = Readable(
    "workout_session", visible_workout_sessions, WorkoutSession.id, WorkoutSession.user_id
)
BRAIN_SESSIONS = Readable(
    "brain_session", visible_brain_sessions, BrainExerciseSession.id, BrainExerciseSession.user_id
)
COMBOS = Readable(
    "combo", visible_combos, Combo.id, None, not_found="No routine with this id is visible to you."
)
# For a change: every doctor reads every routine, so there is nothing to hide from its author.
COMBOS_TO_CHANGE = Readable("combo", visible_combos, Combo.id, None, "No routine with this id.")
TIME_ENTRIES = Readable("time_entry", visible_time_entries, TimeEntry.id, TimeEntry.patient_id)
