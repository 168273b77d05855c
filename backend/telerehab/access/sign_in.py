"""Signing in over HTTP, shared by the sign-in routes (today's and the old app's URL): the
password check behind the rate limits, and the answer that sets the refresh cookie.

The access token travels in the response body (the web app keeps it in memory); the refresh token
only in an httpOnly, SameSite=Strict cookie scoped to the auth routes, never readable by scripts.
"""

from fastapi import Request, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from telerehab.access.credentials import (
    IssuedRefreshToken,
    burn_password_check,
    create_access_token,
    issue_refresh_token,
    verify_password,
)
from telerehab.access.ratelimit import RateLimits
from telerehab.config import Settings
from telerehab.errors import Unauthorized
from telerehab.models import User
from telerehab.schemas.auth import TokenResponse
from telerehab.schemas.user import UserRead

REFRESH_COOKIE = "telerehab_refresh"
REFRESH_COOKIE_PATH = "/api/v1/auth"
BAD_CREDENTIALS = "The username or password is not correct."


def set_refresh_cookie(
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


def signed_in(
    response: Response,
    request: Request,
    user: User,
    refresh_token: IssuedRefreshToken,
    settings: Settings,
) -> TokenResponse:
    """Set the refresh cookie and answer with an access token of the same sign-in."""
    set_refresh_cookie(response, request, refresh_token.value, settings)
    return TokenResponse(
        access_token=create_access_token(user, settings, refresh_token.sign_in_id),
        expires_in=settings.access_token_minutes * 60,
        user=UserRead.model_validate(user),
    )


def sign_in_with_password(
    username: str,
    password: str,
    *,
    request: Request,
    response: Response,
    db: Session,
    settings: Settings,
    limits: RateLimits,
    address: str,
) -> TokenResponse:
    """Check the password behind the per-address and per-pair limits, then sign in."""
    username = username.strip().lower()[:50]
    limits.hit(limits.login_per_address, "login-address", address)
    limits.check(limits.login_failures_per_address, "login-failures-address", address)
    limits.begin_login(username, address)
    user = db.scalars(select(User).where(User.username == username)).one_or_none()
    if user is None:
        burn_password_check(password)
    # A disabled account answers exactly like a wrong password, after the same password check:
    # otherwise the answer would confirm that the password was right.
    password_right = user is not None and verify_password(password, user.password_hash)
    if user is None or not password_right or not user.is_active:
        limits.count(limits.login_failures_per_address, "login-failures-address", address)
        raise Unauthorized(BAD_CREDENTIALS, headers={"WWW-Authenticate": "Bearer"})
    limits.login_succeeded(username, address)
    return signed_in(response, request, user, issue_refresh_token(db, user, settings), settings)
