"""The caller's own account: profile, and (for a patient) who accessed their record."""

from fastapi import APIRouter
from sqlalchemy import Row, select
from sqlalchemy.orm import aliased

from telerehab.access.accounts import ensure_email_free
from telerehab.dependencies import CurrentUser, DbSession, Limits, Patient
from telerehab.enums import AuditOutcome
from telerehab.models import AuditEvent, User
from telerehab.schemas.audit import RecordAccessRead
from telerehab.schemas.base import Page
from telerehab.schemas.user import ProfileUpdate, UserRead
from telerehab.web.pagination import PageQuery, paginate

router = APIRouter(prefix="/users", tags=["users"])


@router.get(
    "/me",
    operation_id="users-me",
    summary="My account",
    description="The signed-in user's own profile.",
)
def read_me(user: CurrentUser) -> UserRead:
    return UserRead.model_validate(user)


@router.patch(
    "/me",
    operation_id="users-update-me",
    summary="Update my profile",
    description=(
        "Changes name, e-mail, phone, date of birth, time zone (an IANA name; an unknown one "
        "is refused with 422) or reminder time (a local HH:MM, null for none); omitted fields "
        "stay as they are. "
        "Limited per account (429 with Retry-After): an answer tells whether an e-mail address "
        "can be used."
    ),
    responses={
        409: {"description": "The e-mail address cannot be used (no account is named)."},
        429: {"description": "Too many profile changes."},
    },
)
def update_me(body: ProfileUpdate, user: CurrentUser, db: DbSession, limits: Limits) -> UserRead:
    limits.hit(limits.profile_change_per_account, "profile-change", str(user.id))
    changes = body.model_dump(exclude_unset=True)
    if changes.get("email"):
        changes["email"] = changes["email"].lower()
        ensure_email_free(db, changes["email"], account_id=user.id)
    for field, value in changes.items():
        setattr(user, field, value)
    db.flush()
    return UserRead.model_validate(user)


@router.get(
    "/me/record-access",
    operation_id="users-my-record-access",
    summary="Who accessed my record",
    description=(
        "For a patient: every read or change of their clinical data by someone else, newest "
        "first. Their own use of the app is not listed, nor refused attempts: those name "
        "whatever patient id their sender typed, and read nothing (the admin's audit log "
        "keeps them)."
    ),
)
def my_record_access(user: Patient, db: DbSession, page: PageQuery) -> Page[RecordAccessRead]:
    actor = aliased(User)
    statement = (
        select(AuditEvent, actor.full_name)
        .outerjoin(actor, actor.id == AuditEvent.actor_id)
        .where(
            AuditEvent.patient_id == user.id,
            # A patient's own sessions and screens are audited too, but they would bury the
            # accesses this list is for.
            AuditEvent.actor_id.is_distinct_from(user.id),
            # A refused request's patient id is whatever its sender typed (another patient
            # probing ids, a doctor's typo): it read nothing, and listing it would let anyone
            # write into this patient's trail.
            AuditEvent.outcome == AuditOutcome.ALLOWED,
        )
    )
    keys = [AuditEvent.created_at, AuditEvent.id]
    return paginate(db, statement, keys, page, _record_access, scalars=False)


def _record_access(row: Row[AuditEvent, str | None]) -> RecordAccessRead:
    event, name = row
    return RecordAccessRead(
        actor_name=name,
        actor_role=event.actor_role,
        action=event.action,
        resource_type=event.resource_type,
        outcome=event.outcome,
        created_at=event.created_at,
    )
