"""Which connection owns a live exercise session, across workers and machines.

The database is the one truth: each connection that takes a session over raises the session's
``stream_epoch`` by one and keeps the value it got (a fencing token). A stream whose epoch is no
longer the session's has been replaced: it stores the reps it has counted, closes with 4000, and
writes nothing more (it cannot finish the session either).

How an older stream learns it was replaced, fastest first:
- on the same worker, at once (the worker's own table of open streams);
- on another worker or machine, through Redis: the newer connection publishes the session and its
  epoch on one channel that every worker with open streams listens to;
- without Redis, or while this worker is not subscribed (Redis down), each stream asks the
  database for its session's epoch every ``POLL_SECONDS``; and every stored set and the finish
  check the epoch in their own transaction, so a stream never writes after a newer one claimed
  the session, whatever the messaging did.
"""

from collections.abc import Awaitable, Callable, Mapping
from typing import Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from telerehab.live.channel import RedisChannel
from telerehab.models import WorkoutSession

CHANNEL = "telerehab:exercise-stream-owner"
POLL_SECONDS = 2.0

# Called with a session id and the epoch a newer connection claimed.
OnClaimed = Callable[[int, int], Awaitable[None]]


class Replaceable(Protocol):
    epoch: int

    async def replaced(self) -> None: ...


def replace_on_claim(streams: Mapping[int, Replaceable]) -> OnClaimed:
    """What a worker does when another one announces a claim: its own older stream of that
    session stores its reps and closes."""

    async def replace(session_id: int, epoch: int) -> None:
        stream = streams.get(session_id)
        if stream is not None and stream.epoch < epoch:
            await stream.replaced()

    return replace


def claim(db: Session, session_id: int) -> int:
    """Make the caller the session's stream: its new epoch (committed by the caller)."""
    epoch = db.scalar(
        update(WorkoutSession)
        .where(WorkoutSession.id == session_id)
        .values(stream_epoch=WorkoutSession.stream_epoch + 1)
        .returning(WorkoutSession.stream_epoch)
    )
    assert epoch is not None  # the caller has just found the session
    return int(epoch)


def current_epoch(db: Session, session_id: int, *, lock: bool = False) -> int:
    """The session's epoch; ``lock`` holds the row until the caller's commit, so that no claim
    slips in between the check and the write it guards."""
    statement = select(WorkoutSession.stream_epoch).where(WorkoutSession.id == session_id)
    epoch = db.scalar(statement.with_for_update() if lock else statement)
    return epoch or 0


def _parse(text: str) -> tuple[int, int] | None:
    """``"<session id>:<epoch>"`` as two numbers; None for anything else on the channel."""
    session_id, _, epoch = text.partition(":")
    if not (session_id.isdigit() and epoch.isdigit()):
        return None
    return int(session_id), int(epoch)


class OwnerBroadcast:
    """One per worker: tells the other workers that a session changed hands, and hears them.
    While ``listening`` is false its streams ask the database instead."""

    def __init__(self, redis_url: str | None) -> None:
        self.channel = RedisChannel(redis_url, CHANNEL)

    @property
    def listening(self) -> bool:
        return self.channel.listening

    def listen(self, on_claimed: OnClaimed) -> None:
        async def heard(text: str) -> None:
            claimed = _parse(text)
            if claimed is not None:
                await on_claimed(*claimed)

        self.channel.listen(heard)

    async def announce(self, session_id: int, epoch: int) -> None:
        """Tell every worker; the database already holds the claim, so a failure only slows the
        older stream's close down to its next poll."""
        await self.channel.publish(f"{session_id}:{epoch}")

    async def close(self) -> None:
        await self.channel.close()
