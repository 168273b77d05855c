"""Rate limits for the doors an attacker knocks on (login, register, refresh, password change,
profile changes), and the store they share with the list of ended sign-ins.

Counters live in memory by default (one process) and in Redis when ``REDIS_URL`` is set, so
that every worker and every machine shares them. If Redis stops answering, each worker falls
back to its own in-memory counters (limits then hold per worker, not per clinic) and tries
Redis again a few seconds later: sign-in keeps working through a Redis outage.

Failed sign-ins are throttled as OWASP's Authentication Cheat Sheet advises: per account and
address pair, with a delay that doubles after each failure past a few free ones, under a hard cap
per address. Nothing a stranger does from their own address slows down the account's owner
signing in from theirs.
"""

import logging
import math
import time
from collections.abc import Callable
from typing import TypeVar

from limits import RateLimitItem, parse
from limits.errors import StorageError
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from telerehab.config import Settings
from telerehab.errors import TooManyRequests

logger = logging.getLogger("telerehab.ratelimit")
# Redis calls give up quickly: a rate-limit check must never be why a login hangs.
REDIS_TIMEOUT_SECONDS = 0.5
RETRY_SHARED_AFTER_SECONDS = 5.0
# How long an account and address pair's failures are remembered (from the first of them),
# unless a successful sign-in from that pair clears them sooner.
LOGIN_FAILURE_MEMORY_SECONDS = 24 * 3600
# 2**30 seconds is decades: any configured maximum delay is reached long before.
MAX_DELAY_EXPONENT = 30

T = TypeVar("T")


class SharedStore:
    """Expiring counters in Redis when configured and answering, else in this process."""

    def __init__(self, redis_url: str | None) -> None:
        self.local: Storage = MemoryStorage()
        self.shared: Storage | None = None
        if redis_url:
            shared = storage_from_string(
                redis_url,
                key_prefix="telerehab-limits",
                wrap_exceptions=True,
                socket_timeout=REDIS_TIMEOUT_SECONDS,
                socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
            )
            assert isinstance(shared, Storage)  # a redis:// URL names the synchronous storage
            self.shared = shared
        self.shared_down_until = 0.0

    @property
    def using_shared(self) -> bool:
        return self.shared is not None and time.monotonic() >= self.shared_down_until

    def run(self, action: Callable[[Storage], T]) -> T:
        """``action`` on Redis, or on this process's memory without Redis or while it is down."""
        if self.shared is not None and self.using_shared:
            try:
                return action(self.shared)
            except StorageError:
                self._mark_shared_down()
        return action(self.local)

    def run_shared(self, action: Callable[[Storage], T], otherwise: T) -> T:
        """``action`` on Redis; ``otherwise`` without Redis or while it is down."""
        if self.shared is not None and self.using_shared:
            try:
                return action(self.shared)
            except StorageError:
                self._mark_shared_down()
        return otherwise

    def _mark_shared_down(self) -> None:
        self.shared_down_until = time.monotonic() + RETRY_SHARED_AFTER_SECONDS
        logger.warning("Redis unreachable: rate limits and ended sign-ins are per worker for now")


def _too_many(reset_at: float) -> TooManyRequests:
    retry_after = max(1, math.ceil(reset_at - time.time()))
    return TooManyRequests(
        f"Too many attempts. Please wait {retry_after} seconds and try again.",
        headers={"Retry-After": str(retry_after)},
    )


def _login_keys(account: str, address: str) -> tuple[str, str]:
    """The keys of a pair's failure count and of its current wait."""
    return f"login-failures/{account}/{address}", f"login-wait/{account}/{address}"


class RateLimits:
    def __init__(self, settings: Settings, store: SharedStore | None = None) -> None:
        self.store = store or SharedStore(settings.redis_url)
        self.limiters = {
            storage: MovingWindowRateLimiter(storage)
            for storage in (self.store.local, self.store.shared)
            if storage is not None
        }
        self.login_per_address = parse(settings.rate_limit_login_per_address)
        self.login_failures_per_address = parse(settings.rate_limit_login_failures_per_address)
        self.register_per_address = parse(settings.rate_limit_register_per_address)
        self.refresh_per_address = parse(settings.rate_limit_refresh_per_address)
        self.password_change_per_account = parse(settings.rate_limit_password_change_per_account)
        self.profile_change_per_account = parse(settings.rate_limit_profile_change_per_account)
        self.login_free_failures = settings.login_free_failures
        self.login_first_delay_seconds = settings.login_first_delay_seconds
        self.login_max_delay_seconds = settings.login_max_delay_seconds

    @property
    def using_shared(self) -> bool:
        return self.store.using_shared

    def _call(self, method: str, rule: RateLimitItem, *key: str) -> bool:
        return bool(
            self.store.run(lambda storage: getattr(self.limiters[storage], method)(rule, *key))
        )

    def hit(self, rule: RateLimitItem, *key: str) -> None:
        """Count one attempt; refuse it with 429 and Retry-After when over the limit."""
        if not self._call("hit", rule, *key):
            self._refuse(rule, *key)

    def count(self, rule: RateLimitItem, *key: str) -> None:
        """Count one attempt that is answered anyway (a failed sign-in answers 401)."""
        self._call("hit", rule, *key)

    def check(self, rule: RateLimitItem, *key: str) -> None:
        """Refuse without counting, when earlier attempts already used the allowance up."""
        if not self._call("test", rule, *key):
            self._refuse(rule, *key)

    def _refuse(self, rule: RateLimitItem, *key: str) -> None:
        reset_at = self.store.run(
            lambda storage: self.limiters[storage].get_window_stats(rule, *key).reset_time
        )
        raise _too_many(reset_at)

    def begin_login(self, account: str, address: str) -> None:
        """Let a sign-in attempt for ``account`` from ``address`` go on, or refuse it with 429.

        The attempt counts as a failure of the pair until ``login_succeeded`` says otherwise,
        so attempts sent in parallel cannot slip past the delay together. From the
        ``login_free_failures``-th failure on, each one makes the pair wait, twice as long each
        time (up to ``login_max_delay_seconds``); the attempt that opens a wait goes on, any
        other made during it is refused.
        """
        failures_key, wait_key = _login_keys(account, address)

        def attempt(storage: Storage) -> float | None:
            """None to go on, else when the pair's wait ends."""
            if storage.get(wait_key):
                return storage.get_expiry(wait_key)
            failures = storage.incr(failures_key, LOGIN_FAILURE_MEMORY_SECONDS)
            if failures < self.login_free_failures:
                return None
            if storage.incr(wait_key, self._delay_after(failures)) > 1:
                return storage.get_expiry(wait_key)  # another attempt opened this wait
            return None

        wait_ends = self.store.run(attempt)
        if wait_ends is not None:
            raise _too_many(wait_ends)

    def _delay_after(self, failures: int) -> int:
        exponent = min(failures - self.login_free_failures, MAX_DELAY_EXPONENT)
        return min(self.login_first_delay_seconds << exponent, self.login_max_delay_seconds)

    def login_succeeded(self, account: str, address: str) -> None:
        """The pair signed in: its failures are forgiven."""

        def forget(storage: Storage) -> None:
            for key in _login_keys(account, address):
                storage.clear(key)

        self.store.run(forget)
