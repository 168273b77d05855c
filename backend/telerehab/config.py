"""Settings, read once from the environment (and an optional ``.env``).

There is deliberately no default ``SECRET_KEY``: a clinic server that starts with a guessable key
lets anyone mint tokens, so the app refuses to start instead.
"""

import ipaddress
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal, Self

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

MIN_SECRET_KEY_LENGTH = 32
DEFAULT_SQLITE_PATH = Path("telerehab.db")


class ConfigurationError(RuntimeError):
    """The environment does not describe a server we are willing to start."""


class DatabaseSettings(BaseSettings):
    """What the database commands need (migrate, seed, backup): no secret required."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True)

    database_url: str = f"sqlite:///{DEFAULT_SQLITE_PATH}"
    db_pool_size: int = Field(default=10, ge=1)
    db_max_overflow: int = Field(default=10, ge=0)
    db_pool_timeout_seconds: float = Field(default=5.0, gt=0)
    db_connect_timeout_seconds: int = Field(default=5, ge=1)


class ReminderSettings(BaseSettings):
    """Reminders and the clinic's outgoing mail: what ``telerehab send-reminders`` needs (no
    secret key required) and the server's own scheduler reads."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True)

    # Seconds between the server's own reminder runs; 0 (the default): the server runs none,
    # and a cron job may call ``telerehab send-reminders`` instead.
    reminder_interval_seconds: float = Field(default=0, ge=0)
    # A reminder goes out from the patient's chosen local time until this many minutes after
    # it, never later: after a missed run or a change of time zone, no reminder at night.
    reminder_window_minutes: int = Field(default=120, ge=1, le=12 * 60)
    # Outgoing mail; without a host, reminders are in-app only.
    smtp_host: str | None = None
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_from: str | None = None
    # "starttls" (upgrade a plain connection, usually port 587), "ssl" (TLS from the start,
    # usually 465) or "none" (a relay on the local network only).
    smtp_tls: Literal["starttls", "ssl", "none"] = "starttls"
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_timeout_seconds: float = Field(default=10.0, gt=0)

    @model_validator(mode="after")
    def _mail_has_a_sender(self) -> Self:
        if self.smtp_host and not self.smtp_from:
            raise ValueError("SMTP_FROM must be set when SMTP_HOST is (the sender's address)")
        return self


class Settings(DatabaseSettings, ReminderSettings):
    secret_key: str = Field(min_length=1)
    # The API's statements only (migrations and backups may run long): a runaway query is
    # cancelled by PostgreSQL and the request answers 503 instead of holding a connection.
    db_statement_timeout_seconds: float = Field(default=30.0, ge=0)
    redis_url: str | None = None
    cors_origins: list[str] = []
    access_token_minutes: int = Field(default=15, ge=1, le=24 * 60)
    refresh_token_days: int = Field(default=14, ge=1, le=365)
    # A refresh token spent again this soon after its first use is a retry (a reply lost on the
    # way, two contexts of one browser), not a theft: it gets another token of its sign-in.
    refresh_reuse_grace_seconds: int = Field(default=10, ge=0, le=60)
    token_issuer: str = "telerehab"  # noqa: S105  (a name, not a secret)
    token_audience: str = "telerehab-api"  # noqa: S105
    # Deprecated legacy URLs answer with a Sunset header carrying this date.
    legacy_sunset: date = date(2027, 6, 30)
    # Proxies whose X-Forwarded-For is believed (addresses or networks, e.g. ["10.0.0.0/8"]).
    trusted_proxies: list[str] = []
    # Rate limits, in the `limits` notation ("5/minute", "10 per 15 minutes").
    rate_limit_login_per_address: str = "30/minute"
    # The hard cap on wrong passwords from one address, whatever the accounts.
    rate_limit_login_failures_per_address: str = "50 per hour"
    # Failed sign-ins of one account from one address: after this many, that pair waits the
    # first delay before its next attempt, and twice as long after each further failure, up to
    # the maximum. Accounts are never locked: their owner signs in from another address.
    login_free_failures: int = Field(default=5, ge=1)
    login_first_delay_seconds: int = Field(default=2, ge=1)
    login_max_delay_seconds: int = Field(default=15 * 60, ge=1)
    rate_limit_register_per_address: str = "10/hour"
    rate_limit_refresh_per_address: str = "60/minute"
    rate_limit_password_change_per_account: str = "5 per 15 minutes"  # noqa: S105
    # Each answer to a profile change says whether another account holds an e-mail address.
    rate_limit_profile_change_per_account: str = "10 per hour"
    max_request_body_bytes: int = Field(default=1_048_576, ge=1024)
    # A whole exercise set of pose frames sent in one batch: 3 minutes at 30 fps with world
    # landmarks, as the web app writes them (float32 values as JSON numbers), is about 25 MiB.
    max_frames_body_bytes: int = Field(default=32 * 1_048_576, ge=1024)
    # Bearer token a Prometheus scraper presents at /metrics; unset, /metrics answers 404.
    metrics_token: str | None = None
    # The built web app served at / (make web builds it); absent, only the API is served.
    web_app_dir: Path = Path(__file__).resolve().parents[2] / "frontend" / "dist"
    log_level: str = "INFO"
    log_json: bool = True

    @field_validator("secret_key")
    @classmethod
    def _secret_key_is_strong(cls, value: str) -> str:
        if len(value) < MIN_SECRET_KEY_LENGTH or len(set(value)) < 8:
            raise ValueError(
                f"SECRET_KEY must be at least {MIN_SECRET_KEY_LENGTH} characters of random text"
            )
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_are_networks(cls, values: list[str]) -> list[str]:
        for value in values:
            try:
                ipaddress.ip_network(value, strict=False)
            except ValueError:
                raise ValueError(f"{value!r} is not an IP address or network") from None
        return values


def load_settings() -> Settings:
    """Read the settings, turning pydantic's report into one sentence an operator can act on."""
    try:
        return Settings()  # values come from the environment
    except ValidationError as error:
        problems = []
        for issue in error.errors():
            name = ".".join(str(part) for part in issue["loc"]).upper()
            if issue["type"] == "missing":
                problems.append(f"{name} is not set")
            else:
                problems.append(f"{name}: {issue['msg'].removeprefix('Value error, ')}")
        hint = (
            " Set it in the environment or in a .env file, e.g. "
            "SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')."
        )
        raise ConfigurationError(
            "Telerehab cannot start: " + "; ".join(problems) + "." + hint
        ) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
