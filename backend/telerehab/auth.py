"""Passwords (bcrypt, a strength check) and tokens (a short-lived JWT, rotating refresh tokens)."""

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import bcrypt
import jwt
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from zxcvbn import zxcvbn

from telerehab.config import Settings
from telerehab.enums import UserRole
from telerehab.errors import Unauthorized
from telerehab.models import RefreshToken, User

BCRYPT_ROUNDS = 12
# bcrypt only reads the first 72 bytes of a secret; longer passwords are refused instead.
BCRYPT_MAX_BYTES = 72
MIN_PASSWORD_LENGTH = 10
# zxcvbn scores 0-4; 3 is "safely unguessable: moderate protection from offline attacks".
MIN_PASSWORD_SCORE = 3
ACCESS_TOKEN_ALGORITHM = "HS256"  # noqa: S105  (an algorithm name)
REQUIRED_CLAIMS = ["sub", "role", "exp", "iat", "iss", "aud", "jti", "ver"]


def hash_password(password: str, rounds: int = BCRYPT_ROUNDS) -> str:
    secret = password.encode("utf-8")
    if len(secret) > BCRYPT_MAX_BYTES:
        raise ValueError(f"password is longer than {BCRYPT_MAX_BYTES} bytes")
    return bcrypt.hashpw(secret, bcrypt.gensalt(rounds)).decode("ascii")


def verify_password(password: str, password_hash: str) -> bool:
    try:
        secret = password.encode("utf-8")
        return len(secret) <= BCRYPT_MAX_BYTES and bcrypt.checkpw(
            secret, password_hash.encode("ascii")
        )
    except ValueError:
        # Not a bcrypt hash at all (e.g. an account disabled by migration 004): never a match.
        return False


# A real hash to compare against when the account does not exist, so that a login for an
# unknown name takes as long as one with a wrong password (no account enumeration by timing).
_TIMING_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


def burn_password_check(password: str) -> None:
    verify_password(password, _TIMING_DUMMY_HASH)


def password_problem(password: str, *, user_inputs: list[str] | None = None) -> str | None:
    """Why ``password`` is not acceptable, or None when it is."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"A password needs at least {MIN_PASSWORD_LENGTH} characters."
    if len(password.encode("utf-8")) > BCRYPT_MAX_BYTES:
        return f"A password can be at most {BCRYPT_MAX_BYTES} bytes long."
    verdict = zxcvbn(password, user_inputs=[value for value in user_inputs or [] if value])
    if verdict["score"] < MIN_PASSWORD_SCORE:
        warning = verdict["feedback"].get("warning") or "This password is too easy to guess."
        suggestions = " ".join(verdict["feedback"].get("suggestions") or [])
        return f"{warning.rstrip('.')}. {suggestions}".strip()
    return None


@dataclass(frozen=True)
class AccessClaims:
    user_id: int
    role: UserRole
    token_version: int
    token_id: str


def create_access_token(user: User, settings: Settings, now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    payload = {
        "sub": str(user.id),
        "role": user.role.value,
        "ver": user.token_version,
        "iat": now,
        "exp": now + timedelta(minutes=settings.access_token_minutes),
        "iss": settings.token_issuer,
        "aud": settings.token_audience,
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(payload, settings.secret_key, algorithm=ACCESS_TOKEN_ALGORITHM)


def decode_access_token(token: str, settings: Settings) -> AccessClaims:
    try:
        # One algorithm only: "none", RS256-with-our-secret-as-public-key and the like are refused.
        payload = jwt.decode(
            token,
            settings.secret_key,
            algorithms=[ACCESS_TOKEN_ALGORITHM],
            audience=settings.token_audience,
            issuer=settings.token_issuer,
            options={"require": REQUIRED_CLAIMS},
        )
        return AccessClaims(
            user_id=int(payload["sub"]),
            role=UserRole(payload["role"]),
            token_version=int(payload["ver"]),
            token_id=str(payload["jti"]),
        )
    except jwt.ExpiredSignatureError:
        raise Unauthorized("The access token has expired; refresh it or sign in again.") from None
    except (jwt.InvalidTokenError, ValueError, TypeError):
        raise Unauthorized("The access token is not valid.") from None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_refresh_token(
    db: Session, user: User, settings: Settings, family_id: str | None = None
) -> str:
    """Store a new refresh token (as a hash) and return its value for the client."""
    value = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    db.add(
        RefreshToken(
            user_id=user.id,
            family_id=family_id or uuid.uuid4().hex,
            token_hash=_digest(value),
            created_at=now,
            expires_at=now + timedelta(days=settings.refresh_token_days),
        )
    )
    return value


class RefreshTokenReused(Unauthorized):
    """A refresh token was presented after it had been used: its family is revoked."""


def rotate_refresh_token(db: Session, value: str, settings: Settings) -> tuple[User, str]:
    """Spend ``value`` and return its owner with a fresh token of the same family.

    Raises ``RefreshTokenReused`` after revoking the family (the caller must commit that), and
    ``Unauthorized`` for an unknown, expired or revoked token.
    """
    now = datetime.now(UTC)
    stored = db.scalars(
        select(RefreshToken).where(RefreshToken.token_hash == _digest(value)).with_for_update()
    ).one_or_none()
    if stored is None:
        raise Unauthorized("The session is not valid; please sign in.")
    if stored.used_at is not None:
        revoke_family(db, stored.family_id, now)
        raise RefreshTokenReused(
            "This session token was already used; every session of that sign-in was ended. "
            "Please sign in again."
        )
    if stored.revoked_at is not None or stored.expires_at <= now:
        raise Unauthorized("The session has ended; please sign in again.")
    user = db.get(User, stored.user_id)
    if user is None or not user.is_active:
        raise Unauthorized("The session has ended; please sign in again.")
    stored.used_at = now
    return user, issue_refresh_token(db, user, settings, family_id=stored.family_id)


def revoke_family(db: Session, family_id: str, now: datetime | None = None) -> None:
    db.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now or datetime.now(UTC))
    )


def revoke_refresh_token(db: Session, value: str) -> None:
    """Logout: end the sign-in this token belongs to (unknown values are ignored)."""
    family_id = db.scalar(
        select(RefreshToken.family_id).where(RefreshToken.token_hash == _digest(value))
    )
    if family_id is not None:
        revoke_family(db, family_id)


def end_all_sessions(db: Session, user: User) -> None:
    """Password change, disabled account: every token of ``user`` stops working now."""
    user.token_version += 1
    db.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user.id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=datetime.now(UTC))
    )
