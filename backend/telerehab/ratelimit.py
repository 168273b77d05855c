"""Rate limits for the doors an attacker knocks on: login, register, refresh, password change.

Counters live in memory by default (one process) and in Redis when ``REDIS_URL`` is set, so
that every worker and every machine shares them. If Redis stops answering, each worker falls
back to its own in-memory counters (limits then hold per worker, not per clinic) and tries
Redis again a few seconds later: sign-in keeps working through a Redis outage.
"""

import logging
import math
import time

from limits import RateLimitItem, parse
from limits.errors import StorageError
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from telerehab.config import Settings
from telerehab.errors import TooManyRequests

logger = logging.getLogger("telerehab.ratelimit")
# Redis calls give up quickly: a rate-limit check must never be why a login hangs.
REDIS_TIMEOUT_SECONDS = 0.5
RETRY_SHARED_AFTER_SECONDS = 5.0


class RateLimits:
    def __init__(self, settings: Settings) -> None:
        self.local = MovingWindowRateLimiter(MemoryStorage())
        self.shared: MovingWindowRateLimiter | None = None
        if settings.redis_url:
            storage = storage_from_string(
                settings.redis_url,
                key_prefix="telerehab-limits",
                wrap_exceptions=True,
                socket_timeout=REDIS_TIMEOUT_SECONDS,
                socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
            )
            self.shared = MovingWindowRateLimiter(storage)
        self.shared_down_until = 0.0
        self.login_per_address = parse(settings.rate_limit_login_per_address)
        self.login_failures_per_account = parse(settings.rate_limit_login_failures_per_account)
        self.register_per_address = parse(settings.rate_limit_register_per_address)
        self.refresh_per_address = parse(settings.rate_limit_refresh_per_address)
        self.password_change_per_account = parse(settings.rate_limit_password_change_per_account)

    @property
    def using_shared(self) -> bool:
        return self.shared is not None and time.monotonic() >= self.shared_down_until

    def _call(self, method: str, rule: RateLimitItem, *key: str) -> bool:
        if self.shared is not None and self.using_shared:
            try:
                return bool(getattr(self.shared, method)(rule, *key))
            except StorageError:
                self.shared_down_until = time.monotonic() + RETRY_SHARED_AFTER_SECONDS
                logger.warning("Redis unreachable: rate limits are per worker for now")
        return bool(getattr(self.local, method)(rule, *key))

    def hit(self, rule: RateLimitItem, *key: str) -> None:
        """Count one attempt; refuse it with 429 and Retry-After when over the limit."""
        if not self._call("hit", rule, *key):
            self._refuse(rule, *key)

    def check(self, rule: RateLimitItem, *key: str) -> None:
        """Refuse without counting, when earlier attempts already used the allowance up."""
        if not self._call("test", rule, *key):
            self._refuse(rule, *key)

    def _refuse(self, rule: RateLimitItem, *key: str) -> None:
        limiter = self.shared if self.shared is not None and self.using_shared else self.local
        try:
            reset_at = limiter.get_window_stats(rule, *key).reset_time
        except StorageError:
            reset_at = time.time() + rule.get_expiry()
        retry_after = max(1, math.ceil(reset_at - time.time()))
        raise TooManyRequests(
            f"Too many attempts. Please wait {retry_after} seconds and try again.",
            headers={"Retry-After": str(retry_after)},
        )
