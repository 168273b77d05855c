"""Passwords (bcrypt, a strength check) and tokens (a short-lived JWT, rotating refresh tokens).

A sign-in is a family of refresh tokens; every access token names its family (the ``sid`` claim),
so that ending the sign-in (logout, a refresh token used twice) ends its access tokens at once
too, through a short list of ended sign-ins kept where the rate limits are (``RevokedSignIns``).
"""

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

from telerehab.access.ratelimit import SharedStore
from telerehab.config import Settings
from telerehab.errors import Unauthorized
from telerehab.models import RefreshToken, User

BCRYPT_ROUNDS = 12
# bcrypt only reads the first 72 bytes of a secret; longer passwords are refused instead.
BCRYPT_MAX_BYTES = 72
MIN_PASSWORD_LENGTH = 10
# zxcvbn scores 0-4; 3 is "safely unguessable: moderate protection from offline attacks".
MIN_PASSWORD_SCORE = 3
ACCESS_TOKEN_ALGORITHM = "HS256"  # noqa: S105  (an algorithm name)
# No role: every request reads the account, whose role (and whether it is active) is the truth.
REQUIRED_CLAIMS = ["sub", "exp", "iat", "iss", "aud", "jti", "ver", "sid"]


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
    token_version: int
    sign_in_id: str
    expires_at: float  # Unix time


def create_access_token(
    user: User, settings: Settings, sign_in_id: str | None = None, now: datetime | None = None
) -> str:
    """An access token of the sign-in ``sign_in_id`` (a refresh token family); without one, a
    sign-in of its own that no refresh token can extend (tests, tools)."""
    now = now or datetime.now(UTC)
    payload = {
        "sub": str(user.id),
        "ver": user.token_version,
        "iat": now,
        "exp": now + timedelta(minutes=settings.access_token_minutes),
        "iss": settings.token_issuer,
        "aud": settings.token_audience,
        "jti": uuid.uuid4().hex,
        "sid": sign_in_id or uuid.uuid4().hex,
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
            token_version=int(payload["ver"]),
            sign_in_id=str(payload["sid"]),
            expires_at=float(payload["exp"]),
        )
    except jwt.ExpiredSignatureError:
        raise Unauthorized("The access token has expired; refresh it or sign in again.") from None
    except (jwt.InvalidTokenError, ValueError, TypeError):
        raise Unauthorized("The access token is not valid.") from None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IssuedRefreshToken:
    value: str  # for the client only: the database keeps its hash
    sign_in_id: str  # the token's family, named by the access tokens issued with it


def issue_refresh_token(
    db: Session, user: User, settings: Settings, family_id: str | None = None
) -> IssuedRefreshToken:
    """Store a new refresh token (as a hash) of ``family_id``, or of a new sign-in."""
    value = secrets.token_urlsafe(32)
    family_id = family_id or uuid.uuid4().hex
    now = datetime.now(UTC)
    db.add(
        RefreshToken(
            user_id=user.id,
            family_id=family_id,
            token_hash=_digest(value),
            created_at=now,
            expires_at=now + timedelta(days=settings.refresh_token_days),
        )
    )
    return IssuedRefreshToken(value, family_id)


class RefreshTokenReused(Unauthorized):
    """A refresh token was presented after it had been used: its family is revoked."""

    def __init__(self, detail: str, sign_in_id: str) -> None:
        super().__init__(detail)
        self.sign_in_id = sign_in_id


def rotate_refresh_token(
    db: Session, value: str, settings: Settings
) -> tuple[User, IssuedRefreshToken]:
    """Spend ``value`` and return its owner with a fresh token of the same family.

    A token spent again within ``refresh_reuse_grace_seconds`` of its first use gets another
    token of the same family: a retried request, or two refreshes of one browser crossing, is no
    theft, and ending the sign-in for it signed patients out mid-session. Later, it raises
    ``RefreshTokenReused`` after revoking the family (the caller must commit that and end the
    family's access tokens); ``Unauthorized`` for an unknown, expired or revoked token.
    """
    now = datetime.now(UTC)
    stored = db.scalars(
        select(RefreshToken).where(RefreshToken.token_hash == _digest(value)).with_for_update()
    ).one_or_none()
    if stored is None:
        raise Unauthorized("The session is not valid; please sign in.")
    grace = timedelta(seconds=settings.refresh_reuse_grace_seconds)
    if stored.used_at is not None and (now - stored.used_at > grace or stored.revoked_at):
        revoke_family(db, stored.family_id, now)
        raise RefreshTokenReused(
            "This session token was already used; every session of that sign-in was ended. "
            "Please sign in again.",
            stored.family_id,
        )
    if stored.revoked_at is not None or stored.expires_at <= now:
        raise Unauthorized("The session has ended; please sign in again.")
    user = db.get(User, stored.user_id)
    if user is None or not user.is_active:
        raise Unauthorized("The session has ended; please sign in again.")
    stored.used_at = stored.used_at or now  # a retry within the grace does not extend it
    return user, issue_refresh_token(db, user, settings, family_id=stored.family_id)


def revoke_family(db: Session, family_id: str, now: datetime | None = None) -> None:
    db.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now or datetime.now(UTC))
    )


def revoke_refresh_token(db: Session, value: str) -> str | None:
    """Logout: end the sign-in this token belongs to and return its id (None for a value that
    is no token of ours)."""
    family_id = db.scalar(
        select(RefreshToken.family_id).where(RefreshToken.token_hash == _digest(value))
    )
    if family_id is not None:
        revoke_family(db, family_id)
    return family_id


def end_all_sessions(db: Session, user: User) -> None:
    """Password change, disabled account: every token of ``user`` stops working now."""
    user.token_version += 1
    db.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user.id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=datetime.now(UTC))
    )


class RevokedSignIns:
    """Sign-ins ended while access tokens of theirs may still be unexpired.

    Each is remembered for one access-token lifetime (no token of it lives longer), in Redis when
    configured, so every worker refuses those tokens at once, and always in this worker's
    memory too, so the worker that ended a sign-in refuses its tokens even while Redis is down.
    Checking costs one Redis GET, or a dictionary look-up without Redis: no database query.
    """

    def __init__(self, store: SharedStore, settings: Settings) -> None:
        self.store = store
        self.remember_seconds = settings.access_token_minutes * 60

    @staticmethod
    def key(sign_in_id: str) -> str:
        return f"ended-sign-in/{sign_in_id}"

    def add(self, sign_in_id: str) -> None:
        key = self.key(sign_in_id)
        self.store.local.incr(key, self.remember_seconds)
        self.store.run_shared(lambda storage: storage.incr(key, self.remember_seconds), 0)

    def __contains__(self, sign_in_id: str) -> bool:
        key = self.key(sign_in_id)
        return bool(
            self.store.local.get(key) or self.store.run_shared(lambda storage: storage.get(key), 0)
        )
