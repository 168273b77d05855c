"""Sign-up, sign-in, token refresh, sign-out and password change (the cookie and the password
check: ``telerehab.access.sign_in``)."""

from typing import Annotated

from fastapi import APIRouter, Cookie, Depends, Request, Response, status
from fastapi.security import OAuth2PasswordRequestForm

from telerehab.access.accounts import create_account
from telerehab.access.credentials import (
    RefreshTokenReused,
    end_all_sessions,
    hash_password,
    password_problem,
    revoke_refresh_token,
    rotate_refresh_token,
    verify_password,
)
from telerehab.access.sign_in import (
    REFRESH_COOKIE,
    REFRESH_COOKIE_PATH,
    sign_in_with_password,
    signed_in,
)
from telerehab.dependencies import (
    AppSettings,
    ClientAddress,
    CurrentUser,
    DbSession,
    EndedSignIns,
    Limits,
)
from telerehab.enums import UserRole
from telerehab.errors import InvalidInput, Unauthorized
from telerehab.schemas.auth import TokenResponse
from telerehab.schemas.user import PasswordChange, PatientRegister, UserRead

public_router = APIRouter(prefix="/auth", tags=["auth"])
router = APIRouter(prefix="/auth", tags=["auth"])


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
        time_zone=body.time_zone,
    )
    return UserRead.model_validate(user)


@public_router.post(
    "/login",
    operation_id="auth-login",
    summary="Sign in",
    description=(
        "OAuth2 password flow (form fields `username`, `password`). Returns a short-lived access "
        "token and sets the refresh cookie. After a few failures for one account from one "
        "address, that pair must wait before each further attempt, longer each time (429 with "
        "Retry-After); an address has a cap on attempts and on failures. No account is ever "
        "locked: its owner signs in from another address meanwhile."
    ),
    responses={
        401: {"description": "Wrong username or password (or a disabled account: the same)."},
        429: {"description": "Too many attempts: wait Retry-After seconds."},
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
    return sign_in_with_password(
        form.username,
        form.password,
        request=request,
        response=response,
        db=db,
        settings=settings,
        limits=limits,
        address=address,
    )


@public_router.post(
    "/refresh",
    operation_id="auth-refresh",
    summary="Get a new access token",
    description=(
        "Spends the refresh cookie and sets a new one (rotation). A refresh token used again "
        "more than a few seconds after its first use ends every session of that sign-in (a "
        "retry within them gets another token)."
    ),
    responses={401: {"description": "No valid session."}, 429: {"description": "Too many."}},
)
def refresh(
    request: Request,
    response: Response,
    db: DbSession,
    settings: AppSettings,
    limits: Limits,
    revoked: EndedSignIns,
    address: ClientAddress,
    refresh_cookie: Annotated[str | None, Cookie(alias=REFRESH_COOKIE, max_length=200)] = None,
) -> TokenResponse:
    limits.hit(limits.refresh_per_address, "refresh", address)
    if not refresh_cookie:
        raise Unauthorized("There is no session to refresh; please sign in.")
    try:
        user, new_token = rotate_refresh_token(db, refresh_cookie, settings)
    except RefreshTokenReused as reused:
        # The revocation must outlive this failed request: commit it before answering 401;
        # and the access tokens of the family (the thief's or the owner's) end now too.
        db.commit()
        revoked.add(reused.sign_in_id)
        raise
    return signed_in(response, request, user, new_token, settings)


@public_router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="auth-logout",
    summary="Sign out",
    description=(
        "Ends the sign-in of the refresh cookie and clears it: its refresh tokens and every "
        "access token issued with them stop working at once."
    ),
)
def logout(
    response: Response,
    db: DbSession,
    revoked: EndedSignIns,
    refresh_cookie: Annotated[str | None, Cookie(alias=REFRESH_COOKIE, max_length=200)] = None,
) -> None:
    sign_in_id = revoke_refresh_token(db, refresh_cookie) if refresh_cookie else None
    if sign_in_id is not None:
        revoked.add(sign_in_id)
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
    user.must_change_password = False
    end_all_sessions(db, user)
    response.delete_cookie(REFRESH_COOKIE, path=REFRESH_COOKIE_PATH)
