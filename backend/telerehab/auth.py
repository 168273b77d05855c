"""Password hashing (bcrypt)."""

import bcrypt

BCRYPT_ROUNDS = 12
# bcrypt only reads the first 72 bytes of a secret; longer passwords are refused at the schema.
BCRYPT_MAX_BYTES = 72


def hash_password(password: str, rounds: int = BCRYPT_ROUNDS) -> str:
    secret = password.encode("utf-8")
    if len(secret) > BCRYPT_MAX_BYTES:
        raise ValueError(f"password is longer than {BCRYPT_MAX_BYTES} bytes")
    return bcrypt.hashpw(secret, bcrypt.gensalt(rounds)).decode("ascii")


def verify_password(password: str, password_hash: str) -> bool:
    try:
        return bcrypt.checkpw(password.encode("utf-8"), password_hash.encode("ascii"))
    except ValueError:
        # Not a bcrypt hash at all (e.g. an account disabled by migration 004): never a match.
        return False


MIN_PASSWORD_LENGTH = 10


def password_problem(password: str) -> str | None:
    """Why ``password`` is not acceptable, or None when it is."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"A password needs at least {MIN_PASSWORD_LENGTH} characters."
    if len(password.encode("utf-8")) > BCRYPT_MAX_BYTES:
        return f"A password can be at most {BCRYPT_MAX_BYTES} bytes long."
    return None
