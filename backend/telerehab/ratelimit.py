"""Rate limits for the doors an attacker knocks on: login, register, refresh, password change.

Counters live in memory by default (one process) and in Redis when ``REDIS_URL`` is set, so
that every worker and every machine shares them.
"""

import math
import time

from limits import RateLimitItem, parse
from limits.aio.storage import Storage as AsyncStorage
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from telerehab.config import Settings
from telerehab.errors import TooManyRequests


class RateLimits:
    def __init__(self, settings: Settings) -> None:
        self.storage: Storage | AsyncStorage = (
            storage_from_string(settings.redis_url, key_prefix="telerehab-limits")
            if settings.redis_url
            else storage_from_string("memory://")
        )
        self.limiter = MovingWindowRateLimiter(self.storage)
        self.login_per_address = parse(settings.rate_limit_login_per_address)
        self.login_failures_per_account = parse(settings.rate_limit_login_failures_per_account)
        self.register_per_address = parse(settings.rate_limit_register_per_address)
        self.refresh_per_address = parse(settings.rate_limit_refresh_per_address)
        self.password_change_per_account = parse(settings.rate_limit_password_change_per_account)

    def hit(self, rule: RateLimitItem, *key: str) -> None:
        """Count one attempt; refuse it with 429 and Retry-After when over the limit."""
        if not self.limiter.hit(rule, *key):
            self._refuse(rule, *key)

    def check(self, rule: RateLimitItem, *key: str) -> None:
        """Refuse without counting, when earlier attempts already used the allowance up."""
        if not self.limiter.test(rule, *key):
            self._refuse(rule, *key)

    def _refuse(self, rule: RateLimitItem, *key: str) -> None:
        reset_at = self.limiter.get_window_stats(rule, *key).reset_time
        retry_after = max(1, math.ceil(reset_at - time.time()))
        raise TooManyRequests(
            f"Too many attempts. Please wait {retry_after} seconds and try again.",
            headers={"Retry-After": str(retry_after)},
        )

    def clear(self) -> None:
        self.storage.reset()
