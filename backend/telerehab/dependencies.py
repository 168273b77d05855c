"""Who is calling, and may they touch this id: every route states its rule here, by signature.

Typed aliases make a handler's needs readable: ``db: DbSession``, ``user: CurrentUser``,
``patient: AccessiblePatient`` (already checked: the caller, or a patient assigned to the calling
doctor; anything else answered 404 before the handler ran, and was audited as denied).
"""

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Path, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy import Select, select
from sqlalchemy.orm import Session
from starlette.requests import HTTPConnection

from telerehab.access.audit import record_allowed, record_denied, route_action
from telerehab.access.credentials import RevokedSignIns, decode_access_token
from telerehab.access.ratelimit import RateLimits
from telerehab.access.scopes import (
    BRAIN_SESSIONS,
    COMBOS,
    COMBOS_TO_CHANGE,
    NOTES,
    RECORDS,
    SCHEDULES,
    TIME_ENTRIES,
    WEEK_PLANS,
    WORKOUT_SESSIONS,
    Bound,
    Readable,
    visible_counterparts,
    visible_doctors,
    visible_patient,
)
from telerehab.binds import Binds, scalars
from telerehab.config import Settings
from telerehab.database import get_db
from telerehab.domain.messages import NOT_A_COUNTERPART
from telerehab.enums import UserRole
from telerehab.errors import Forbidden, NotFound, Unauthorized
from telerehab.models import (
    Base,
    BrainExerciseSession,
    Combo,
    MedicalRecord,
    PatientNote,
    Schedule,
    TimeEntry,
    User,
    WeekPlan,
    WorkoutSession,
)

M = TypeVar("M", bound=Base)

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/login", auto_error=False)

DbSession = Annotated[Session, Depends(get_db, scope="function")]


# Dependencies that only read memory are ``async def``: FastAPI runs a plain ``def`` in its
# thread pool, a hop that costs more than the work. Those that wait on the database stay ``def``.


async def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_rate_limits(request: Request) -> RateLimits:
    limits: RateLimits = request.app.state.rate_limits
    return limits


async def get_revoked_sign_ins(request: Request) -> RevokedSignIns:
    revoked: RevokedSignIns = request.app.state.revoked_sign_ins
    return revoked


AppSettings = Annotated[Settings, Depends(get_settings_dep)]
Limits = Annotated[RateLimits, Depends(get_rate_limits)]
EndedSignIns = Annotated[RevokedSignIns, Depends(get_revoked_sign_ins)]


def get_current_user(
    request: Request,
    db: DbSession,
    settings: AppSettings,
    revoked: EndedSignIns,
    token: Annotated[str | None, Depends(oauth2_scheme)],
) -> User:
    if not token:
        raise Unauthorized(
            "Sign in first: send the access token as 'Authorization: Bearer <token>'.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    user = user_of_token(db, settings, token, revoked)
    if user.must_change_password and route_action(request) not in WHILE_PASSWORD_MUST_CHANGE:
        raise Forbidden(
            "Your password was reset by an admin: choose a new one first "
            "(PUT /api/v1/auth/password)."
        )
    return user


# What an account whose password an admin reset may do until it chooses a new one.
WHILE_PASSWORD_MUST_CHANGE = frozenset({"users-me", "auth-change-password"})


def user_of_token(db: Session, settings: Settings, token: str, revoked: RevokedSignIns) -> User:
    """The active account an access token speaks for (also used by the exercise WebSocket),
    unless the token's sign-in is among ``revoked`` (ended by logout or a stolen refresh token).
    """
    claims = decode_access_token(token, settings)
    if claims.sign_in_id in revoked:
        raise Unauthorized(
            "This session has ended; please sign in again.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    user = db.get(User, claims.user_id)
    if user is None or not user.is_active or user.token_version != claims.token_version:
        raise Unauthorized(
            "This session has ended; please sign in again.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def require_role(*roles: UserRole) -> Callable[[User], Coroutine[Any, Any, User]]:
    """A dependency that lets only ``roles`` through (others get 403: the route is not theirs)."""
    names = " or ".join(role.value for role in roles)
    article = "an" if names[0] in "aeiou" else "a"

    async def check_role(user: CurrentUser) -> User:
        if user.role not in roles:
            raise Forbidden(f"Only {article} {names} may do this.")
        return user

    check_role.__name__ = f"require_role_{'_'.join(role.value for role in roles)}"
    # The OpenAPI builder documents 403 on every route whose dependencies carry this mark.
    check_role.allowed_roles = roles  # type: ignore[attr-defined]
    return check_role


Doctor = Annotated[User, Depends(require_role(UserRole.DOCTOR))]
Admin = Annotated[User, Depends(require_role(UserRole.ADMIN))]
Patient = Annotated[User, Depends(require_role(UserRole.PATIENT))]
Clinician = Annotated[User, Depends(require_role(UserRole.DOCTOR, UserRole.PATIENT))]

PATIENT_NOT_FOUND = "No patient with this id is in your care."


def verify_patient_access(
    request: Request,
    db: DbSession,
    user: Clinician,
    patient_id: Annotated[int, Path(ge=1, le=2**31 - 1, description="The patient's user id.")],
) -> User:
    """The patient ``patient_id`` if the caller may see their clinical data, else 404.

    Admins were already refused (403) by ``Clinician``: they manage accounts, not care.
    """
    patient = visible_patient(db, user, patient_id)
    if patient is None:
        record_denied(request, user, route_action(request), "patient", patient_id=patient_id)
        raise NotFound(PATIENT_NOT_FOUND)
    record_allowed(db, request, user, route_action(request), "patient", patient_id=patient.id)
    return patient


AccessiblePatient = Annotated[User, Depends(verify_patient_access)]


def verify_doctor_access(
    db: DbSession,
    user: CurrentUser,
    doctor_id: Annotated[int, Path(ge=1, le=2**31 - 1, description="The doctor's user id.")],
) -> User:
    """The doctor ``doctor_id`` if the caller is them, their patient, or an admin; else 404."""
    doctor = db.scalars(visible_doctors(user).where(User.id == doctor_id)).one_or_none()
    if doctor is None:
        raise NotFound("No doctor with this id is known to you.")
    return doctor


AccessibleDoctor = Annotated[User, Depends(verify_doctor_access)]


@dataclass(frozen=True)
class ById(Binds):
    me: int
    object_id: int


@lru_cache(maxsize=32)
def _readable_by_id(resource: Readable[M], role: UserRole) -> Select[M]:
    """Row :object_id of ``resource`` if a caller :me of ``role`` may read it: built once per
    resource and role, the ids bound at each call (building it was half the check's cost)."""
    return resource.statement(Bound(role)).where(
        resource.id_column == ById.placeholders().object_id
    )


def load_visible(
    request: Request, db: Session, user: User, resource: Readable[M], object_id: int
) -> M:
    """Row ``object_id`` of ``resource`` as its readable statement loads it (with what its
    answer shows), if ``user`` may read it; else 404. A patient's data is audited either way."""
    binds = ById(me=user.id, object_id=object_id)
    found: M | None = (
        scalars(db, _readable_by_id(resource, user.role), binds).unique().one_or_none()
    )
    patient_column = resource.patient_column
    if found is None:
        if patient_column is not None:
            action = route_action(request)
            record_denied(
                request, user, action, resource.name, patient_id=None, resource_id=object_id
            )
        raise NotFound(resource.missing)
    if patient_column is not None:
        record_allowed(
            db,
            request,
            user,
            route_action(request),
            resource.name,
            patient_id=getattr(found, patient_column.key),
            resource_id=object_id,
        )
    return found


IdPath = Annotated[int, Path(ge=1, le=2**31 - 1)]


def visible_medical_record(
    request: Request, db: DbSession, user: Clinician, record_id: IdPath
) -> MedicalRecord:
    return load_visible(request, db, user, RECORDS, record_id)


def visible_schedule(
    request: Request, db: DbSession, user: Clinician, schedule_id: IdPath
) -> Schedule:
    return load_visible(request, db, user, SCHEDULES, schedule_id)


def visible_patient_note(
    request: Request, db: DbSession, doctor: Doctor, note_id: IdPath
) -> PatientNote:
    """Clinical notes: doctors caring for the patient only; patients never see them."""
    return load_visible(request, db, doctor, NOTES, note_id)


def visible_time_entry(
    request: Request, db: DbSession, doctor: Doctor, entry_id: IdPath
) -> TimeEntry:
    """The calling doctor's own time entry, for a patient still in their care."""
    return load_visible(request, db, doctor, TIME_ENTRIES, entry_id)


def visible_week_plan(
    request: Request, db: DbSession, user: Clinician, week_plan_id: IdPath
) -> WeekPlan:
    return load_visible(request, db, user, WEEK_PLANS, week_plan_id)


def visible_workout_session(
    request: Request, db: DbSession, user: Clinician, session_id: IdPath
) -> WorkoutSession:
    return load_visible(request, db, user, WORKOUT_SESSIONS, session_id)


def visible_brain_session(
    request: Request, db: DbSession, user: Clinician, brain_session_id: IdPath
) -> BrainExerciseSession:
    return load_visible(request, db, user, BRAIN_SESSIONS, brain_session_id)


def visible_combo(request: Request, db: DbSession, user: Clinician, combo_id: IdPath) -> Combo:
    """A routine: any doctor's for a doctor; for a patient, one their plans use."""
    return load_visible(request, db, user, COMBOS, combo_id)


def own_combo(request: Request, db: DbSession, doctor: Doctor, combo_id: IdPath) -> Combo:
    """The caller's own routine. Another doctor's is readable to them, so it is no secret that
    it exists: changing it is refused (403), not hidden (404)."""
    combo = load_visible(request, db, doctor, COMBOS_TO_CHANGE, combo_id)
    if combo.doctor_id != doctor.id:
        raise Forbidden("Only the author may change a routine.")
    return combo


def find_own_exercise_session(db: Session, patient: User, session_id: int) -> WorkoutSession:
    """A live exercise session of ``patient``, else 404 (the WebSocket checks with this too)."""
    session = db.scalars(
        select(WorkoutSession).where(
            WorkoutSession.id == session_id, WorkoutSession.user_id == patient.id
        )
    ).one_or_none()
    if session is None:
        raise NotFound("No exercise session with this id is yours.")
    return session


def own_exercise_session(
    request: Request, patient: Patient, db: DbSession, session_id: IdPath
) -> WorkoutSession:
    """The calling patient's live exercise session (checked before any body is read), audited:
    what the request then writes into it is the patient's clinical record."""
    session = find_own_exercise_session(db, patient, session_id)
    record_own_workout(db, request, patient, session)
    return session


def record_own_workout(
    db: Session, connection: HTTPConnection, patient: User, session: WorkoutSession
) -> None:
    """Audit a patient's access to their own workout session (start, a set, finish)."""
    record_allowed(
        db,
        connection,
        patient,
        route_action(connection),
        "workout_session",
        patient_id=patient.id,
        resource_id=session.id,
    )


AccessibleSchedule = Annotated[Schedule, Depends(visible_schedule)]
OwnExerciseSession = Annotated[WorkoutSession, Depends(own_exercise_session)]
AccessiblePatientNote = Annotated[PatientNote, Depends(visible_patient_note)]
AccessibleTimeEntry = Annotated[TimeEntry, Depends(visible_time_entry)]
AccessibleWeekPlan = Annotated[WeekPlan, Depends(visible_week_plan)]
AccessibleWorkoutSession = Annotated[WorkoutSession, Depends(visible_workout_session)]
AccessibleBrainSession = Annotated[BrainExerciseSession, Depends(visible_brain_session)]
AccessibleMedicalRecord = Annotated[MedicalRecord, Depends(visible_medical_record)]
VisibleCombo = Annotated[Combo, Depends(visible_combo)]
OwnCombo = Annotated[Combo, Depends(own_combo)]


def current_counterpart(db: DbSession, user: Clinician, user_id: IdPath) -> User:
    """The person ``user_id`` if the caller may talk to them now, else 404."""
    found = db.scalars(visible_counterparts(user).where(User.id == user_id)).one_or_none()
    if found is None:
        raise NotFound(NOT_A_COUNTERPART)
    return found


Counterpart = Annotated[User, Depends(current_counterpart)]


def client_address(request: Request) -> str:
    address: str = getattr(request.state, "client_address", None) or (
        request.client.host if request.client else "unknown"
    )
    return address


ClientAddress = Annotated[str, Depends(client_address)]
