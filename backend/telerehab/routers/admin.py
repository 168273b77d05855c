"""Account management for clinic administrators (no clinical content here)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response, status
from sqlalchemy import or_, select

from telerehab.access.accounts import create_account, reset_password, set_active, temporary_password
from telerehab.access.audit import record_allowed, route_action
from telerehab.dependencies import Admin, DbSession, require_role
from telerehab.enums import UserRole
from telerehab.errors import Conflict, NotFound
from telerehab.models import User
from telerehab.schemas.base import Page
from telerehab.schemas.user import AccountStatus, DoctorCreate, PasswordReset, UserRead
from telerehab.web.pagination import PageQuery, paginate

router = APIRouter(
    prefix="/admin", tags=["admin"], dependencies=[Depends(require_role(UserRole.ADMIN))]
)


@router.get(
    "/users",
    operation_id="admin-list-users",
    summary="List accounts",
    description="Every account, newest first; filter by role or search name and username.",
)
def list_users(
    db: DbSession,
    page: PageQuery,
    role: UserRole | None = None,
    search: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
) -> Page[UserRead]:
    statement = select(User)
    if role is not None:
        statement = statement.where(User.role == role)
    if search:
        pattern = f"%{search.lower()}%"
        statement = statement.where(or_(User.username.like(pattern), User.full_name.ilike(pattern)))
    return paginate(db, statement, [User.created_at, User.id], page, UserRead.model_validate)


@router.post(
    "/doctors",
    status_code=status.HTTP_201_CREATED,
    operation_id="admin-create-doctor",
    summary="Create a doctor account",
    description="Doctors cannot register themselves; an admin creates their account.",
    responses={
        409: {"description": "Username or e-mail taken."},
        422: {"description": "Weak password or invalid input."},
    },
)
def create_doctor(body: DoctorCreate, db: DbSession) -> UserRead:
    doctor = create_account(
        db,
        role=UserRole.DOCTOR,
        username=body.username,
        password=body.password,
        full_name=body.full_name,
        email=body.email,
        phone=body.phone,
    )
    return UserRead.model_validate(doctor)


AccountId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The account's user id.")]


def _account(db: DbSession, user_id: int) -> User:
    user = db.get(User, user_id)
    if user is None:
        raise NotFound("No account with this id.")
    return user


@router.put(
    "/users/{user_id}/status",
    operation_id="admin-set-account-status",
    summary="Enable or disable an account",
    description="A disabled account cannot sign in, and its open sessions end at once.",
    responses={
        404: {"description": "No such account."},
        409: {"description": "An admin cannot disable their own account."},
    },
)
def set_account_status(
    body: AccountStatus, admin: Admin, db: DbSession, user_id: AccountId
) -> UserRead:
    user = _account(db, user_id)
    if user.id == admin.id and not body.is_active:
        raise Conflict("You cannot disable your own account; ask another admin.")
    return UserRead.model_validate(set_active(db, user, body.is_active))


@router.post(
    "/users/{user_id}/password-reset",
    operation_id="admin-reset-password",
    summary="Reset an account's password",
    description=(
        "Gives the account a random temporary password, answered this once and never stored in "
        "clear, to hand to its owner. Every session of the account ends, and at the next sign-in "
        "the account must choose a new password before it can do anything else. Audited."
    ),
    responses={
        404: {"description": "No such account."},
        409: {"description": "Admins change their own password in their account settings."},
    },
)
def reset_account_password(
    admin: Admin, db: DbSession, request: Request, response: Response, user_id: AccountId
) -> PasswordReset:
    user = _account(db, user_id)
    if user.id == admin.id:
        raise Conflict("Change your own password in your account settings.")
    password = temporary_password()
    reset_password(db, user, password)
    record_allowed(
        db, request, admin, route_action(request), "account", patient_id=None, resource_id=user.id
    )
    # A secret in the body: no cache, proxy or browser history may keep it.
    response.headers["Cache-Control"] = "no-store"
    return PasswordReset(user=UserRead.model_validate(user), temporary_password=password)
