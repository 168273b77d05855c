"""Creating and changing accounts: the rules shared by self-registration and the admin."""

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from telerehab.access.credentials import end_all_sessions, hash_password, password_problem
from telerehab.enums import UserRole
from telerehab.errors import Conflict, InvalidInput
from telerehab.models import User

# A username is how people sign in and find each other: whoever picks one must learn that it is
# taken. An e-mail address is private: a refusal names no account (docs/api.md, "Sessions,
# lockout and enumeration"), and every request that can earn one is rate limited.
EMAIL_UNAVAILABLE = (
    "This e-mail address cannot be used; please enter another one or leave it empty."
)


def ensure_email_free(db: Session, email: str | None, *, account_id: int | None = None) -> None:
    """Refuse ``email`` (lower case) when an account other than ``account_id`` has it."""
    if email and db.scalar(select(User.id).where(User.email == email, User.id != account_id)):
        raise Conflict(EMAIL_UNAVAILABLE)


def _ensure_unique(db: Session, username: str, email: str | None) -> None:
    if db.scalar(select(User.id).where(User.username == username)):
        raise Conflict("This username is taken; please choose another.")
    ensure_email_free(db, email)


def create_account(
    db: Session,
    *,
    role: UserRole,
    username: str,
    password: str,
    full_name: str,
    email: str | None,
    **profile: object,
) -> User:
    """A new account of ``role``, after the uniqueness and password rules (shared with admin)."""
    email = email.lower() if email else None
    _ensure_unique(db, username, email)
    problem = password_problem(password, user_inputs=[username, full_name, email or ""])
    if problem:
        raise InvalidInput(problem)
    user = User(
        username=username,
        full_name=full_name,
        email=email,
        role=role,
        password_hash=hash_password(password),
        **profile,
    )
    db.add(user)
    db.flush()
    return user


def set_active(db: Session, user: User, is_active: bool) -> User:
    """Enable or disable an account; disabling ends all of its sessions at once."""
    if user.is_active and not is_active:
        end_all_sessions(db, user)
    user.is_active = is_active
    return user


# Letters and digits that cannot be mistaken for one another when read out or copied by hand.
UNAMBIGUOUS_CHARACTERS = "abcdefghjkmnpqrstuvwxyz23456789"


def temporary_password() -> str:
    """A random password to hand over once: 20 characters (about 99 bits), in groups of five."""
    return "-".join(
        "".join(secrets.choice(UNAMBIGUOUS_CHARACTERS) for _ in range(5)) for _ in range(4)
    )


def reset_password(db: Session, user: User, password: str) -> User:
    """Give ``user`` a temporary password that they must change at their next sign-in (the API
    lets them do nothing else until then); every session of the account ends at once."""
    problem = password_problem(
        password, user_inputs=[user.username, user.full_name, user.email or ""]
    )
    if problem:
        raise InvalidInput(problem)
    user.password_hash = hash_password(password)
    user.must_change_password = True
    end_all_sessions(db, user)
    return user
