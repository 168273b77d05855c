"""Sign-up, sign-in, token refresh, sign-out and password change.

The access token travels in the response body (the web app keeps it in memory); the refresh token
only in an httpOnly, SameSite=Strict cookie scoped to these routes, never readable by scripts.
"""

from typing import Annotated

from fastapi import APIRouter, Cookie, Depends, Request, Response, status
from fastapi.security import OAuth2PasswordRequestForm
from sqlalchemy import select

from telerehab.accounts import create_account
from telerehab.auth import (
    RefreshTokenReused,
    burn_password_check,
    create_access_token,
    end_all_sessions,
    hash_password,
    issue_refresh_token,
    password_problem,
    revoke_refresh_token,
    rotate_refresh_token,
    verify_password,
)
from telerehab.config import Settings
from telerehab.dependencies import AppSettings, ClientAddress, CurrentUser, DbSession, Limits
from telerehab.enums import UserRole
from telerehab.errors import InvalidInput, Unauthorized
from telerehab.models import User
from telerehab.schemas.auth import TokenResponse
from telerehab.schemas.user import PasswordChange, PatientRegister, UserRead

REFRESH_COOKIE = "telerehab_refresh"
REFRESH_COOKIE_PATH = "/api/v1/auth"
BAD_CREDENTIALS = "The username or password is not correct."

public_router = APIRouter(prefix="/auth", tags=["auth"])
router = APIRouter(prefix="/auth", tags=["auth"])


def _set_refresh_cookie(
    response: Response, request: Request, value: str, settings: Settings
) -> None:
    response.set_cookie(
        REFRESH_COOKIE,
        value,
        max_age=settings.refresh_token_days * 24 * 3600,
        path=REFRESH_COOKIE_PATH,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def _token_response(user: User, settings: Settings) -> TokenResponse:
    return TokenResponse(
        access_token=create_access_token(user, settings),
        expires_in=settings.access_token_minutes * 60,
        user=UserRead.model_validate(user),
    )


@public_router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    operation_id="auth-register",
    summary="Register as a patient",
    description="Creates a patient account. Doctor accounts are created by a clinic admin.",
    responses={
        409: {"description": "Username or e-mail taken."},
        422: {"description": "Invalid input or a weak password."},
        429: {"description": "Too many sign-ups from this address."},
    },
)
def register(
    body: PatientRegister, db: DbSession, limits: Limits, address: ClientAddress
) -> UserRead:
    limits.hit(limits.register_per_address, "register", address)
    user = create_account(
        db,
        role=UserRole.PATIENT,
        username=body.username,
        password=body.password,
        full_name=body.full_name,
        email=body.email,
        date_of_birth=body.date_of_birth,
        phone=body.phone,
    )
    return UserRead.model_validate(user)


@public_router.post(
    "/login",
    operation_id="auth-login",
    summary="Sign in",
    description=(
        "OAuth2 password flow (form fields `username`, `password`). Returns a short-lived access "
        "token and sets the refresh cookie. Repeated failures for an account or from an address "
        "answer 429 with Retry-After."
    ),
    responses={
        401: {"description": "Wrong username or password."},
        429: {"description": "Too many attempts."},
    },
)
def login(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    request: Request,
    response: Response,
    db: DbSession,
    settings: AppSettings,
    limits: Limits,
    address: ClientAddress,
) -> TokenResponse:
    username = form.username.strip().lower()[:50]
    limits.hit(limits.login_per_address, "login-address", address)
    limits.check(limits.login_failures_per_account, "login-account", username)
    user = db.scalars(select(User).where(User.username == username)).one_or_none()
    if user is None:
        burn_password_check(form.password)
    if user is None or not verify_password(form.password, user.password_hash):
        limits.hit(limits.login_failures_per_account, "login-account", username)
        raise Unauthorized(BAD_CREDENTIALS, headers={"WWW-Authenticate": "Bearer"})
    if not user.is_active:
        raise Unauthorized("This account is disabled; please contact your clinic.")
    _set_refresh_cookie(response, request, issue_refresh_token(db, user, settings), settings)
    return _token_response(user, settings)


@public_router.post(
    "/refresh",
    operation_id="auth-refresh",
    summary="Get a new access token",
    description=(
        "Spends the refresh cookie and sets a new one (rotation). A refresh token used twice "
        "ends every session of that sign-in."
    ),
    responses={401: {"description": "No valid session."}, 429: {"description": "Too many."}},
)
def refresh(
    request: Request,
    response: Response,
    db: DbSession,
    settings: AppSettings,
    limits: Limits,
    address: ClientAddress,
    refresh_cookie: Annotated[str | None, Cookie(alias=REFRESH_COOKIE, max_length=200)] = None,
) -> TokenResponse:
    limits.hit(limits.refresh_per_address, "refresh", address)
    if not refresh_cookie:
        raise Unauthorized("There is no session to refresh; please sign in.")
    try:
        user, new_value = rotate_refresh_token(db, refresh_cookie, settings)
    except RefreshTokenReused:
        # The revocation must outlive this failed request: commit it before answering 401.
        db.commit()
        raise
    _set_refresh_cookie(response, request, new_value, settings)
    return _token_response(user, settings)


@public_router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="auth-logout",
    summary="Sign out",
    description="Ends the sign-in of the refresh cookie (every token it produced) and clears it.",
)
def logout(
    response: Response,
    db: DbSession,
    refresh_cookie: Annotated[str | None, Cookie(alias=REFRESH_COOKIE, max_length=200)] = None,
) -> None:
    if refresh_cookie:
        revoke_refresh_token(db, refresh_cookie)
    response.delete_cookie(REFRESH_COOKIE, path=REFRESH_COOKIE_PATH)


@router.put(
    "/password",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="auth-change-password",
    summary="Change my password",
    description="Needs the current password. Ends every session of the account, this one too.",
    responses={
        401: {"description": "Current password wrong."},
        422: {"description": "New password too weak."},
        429: {"description": "Too many attempts."},
    },
)
def change_password(
    body: PasswordChange, user: CurrentUser, db: DbSession, limits: Limits, response: Response
) -> None:
    limits.hit(limits.password_change_per_account, "password-change", str(user.id))
    if not verify_password(body.current_password, user.password_hash):
        raise Unauthorized("The current password is not correct.")
    problem = password_problem(
        body.new_password, user_inputs=[user.username, user.full_name, user.email or ""]
    )
    if problem:
        raise InvalidInput(problem)
    user.password_hash = hash_password(body.new_password)
    end_all_sessions(db, user)
    response.delete_cookie(REFRESH_COOKIE, path=REFRESH_COOKIE_PATH)
