"""What the ended-sign-in check adds to every authenticated request.

Usage, from the repository root: ``backend/.venv/bin/python bench/token_check.py [REDIS_URL]``
Times, per call, decoding an access token (what every request already paid) and the check that
its sign-in was not ended (``RevokedSignIns``), in memory and, given a URL, in Redis, with a
thousand ended sign-ins stored. Prints the median of several runs, in microseconds. Each Redis
run uses keys of its own, removed afterwards.
"""

from __future__ import annotations

import statistics
import sys
import time
import timeit
import uuid
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))

from telerehab.access.credentials import RevokedSignIns, create_access_token, decode_access_token
from telerehab.access.ratelimit import SharedStore
from telerehab.config import Settings
from telerehab.enums import UserRole
from telerehab.models import User

RUNS = 7
CALLS = 5_000
ENDED_SIGN_INS = 1_000


def microseconds_a_call(action: Callable[[], object]) -> tuple[float, float]:
    """(wall-clock, this process's CPU) microseconds a call: medians of RUNS runs."""

    def median(clock: Callable[[], float]) -> float:
        timer = timeit.Timer(action, timer=clock)
        return statistics.median(timer.timeit(CALLS) / CALLS * 1e6 for _ in range(RUNS))

    return median(time.perf_counter), median(time.process_time)


def show(what: str, cost: tuple[float, float]) -> None:
    print(f"{what}: {cost[0]:.2f} µs a call, {cost[1]:.2f} µs of CPU")


def revocation_check(settings: Settings, redis_url: str | None) -> tuple[float, float]:
    revoked = RevokedSignIns(SharedStore(redis_url), settings)
    ended = [uuid.uuid4().hex for _ in range(ENDED_SIGN_INS)]
    for sign_in_id in ended:
        revoked.add(sign_in_id)
    live_sign_in = uuid.uuid4().hex  # the common case: a sign-in that was not ended
    assert live_sign_in not in revoked and ended[0] in revoked
    cost = microseconds_a_call(lambda: live_sign_in in revoked)
    shared = revoked.store.shared
    if shared is not None:
        for sign_in_id in ended:
            shared.clear(revoked.key(sign_in_id))
    return cost


def main(argv: list[str]) -> int:
    redis_url = argv[0] if argv else None
    settings = Settings(
        database_url="sqlite://", secret_key=f"bench-{uuid.uuid4().hex}{uuid.uuid4().hex}"
    )
    user = User(id=1, username="bench", full_name="Bench", role=UserRole.PATIENT, token_version=0)
    token = create_access_token(user, settings, uuid.uuid4().hex)
    started = time.perf_counter()
    show(
        "decode the access token", microseconds_a_call(lambda: decode_access_token(token, settings))
    )
    show("ended-sign-in check, memory", revocation_check(settings, None))
    if redis_url:
        show(f"ended-sign-in check, Redis at {redis_url}", revocation_check(settings, redis_url))
    print(f"({RUNS} runs of {CALLS} calls each, medians; {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
