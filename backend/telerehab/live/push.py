"""Push instead of poll: an open web app hears within a second that its user has something new
(a message, a notification, an appointment change), whichever worker or machine wrote it.

Only the kind travels (``message``, ``appointment_moved``...): the app then reads what changed
through the API, with the same access checks as ever, so nothing clinical passes through Redis or
sits in an event stream. A write that notifies someone registers the push on its database session
(``push_after_commit``); once the transaction commits, the push is published on one Redis channel
that every worker hears and handed to that user's open streams. Without Redis it is delivered in
this worker (the whole server, when there is one worker). While Redis is configured but down, the
event stream answers 503 and ends the streams it had, and the app polls as it always could.
"""

import asyncio
import contextlib
from collections.abc import Iterable, Iterator

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from telerehab.live.channel import RedisChannel

CHANNEL = "telerehab:push"
PENDING = "telerehab.pending_pushes"  # key of a database session's info dict
QUEUE_LIMIT = 100  # a stream that stopped reading loses pushes, never the worker's memory

# What a stream receives: a kind, or None when the stream must end (Redis went down).
Queue = asyncio.Queue[str | None]


def push_after_commit(db: Session, user_id: int, kind: str) -> None:
    """Tell ``user_id``'s open apps about ``kind`` once ``db`` commits (never if it rolls back)."""
    db.info.setdefault(PENDING, []).append((user_id, kind))


def send_pushes_after_commit(factory: sessionmaker[Session], hub: "PushHub") -> None:
    """Every session ``factory`` makes hands its pushes to ``hub`` when it commits, and drops
    them when it rolls back."""

    @event.listens_for(factory, "after_commit")
    def committed(db: Session) -> None:
        pushes = db.info.pop(PENDING, None)
        if pushes:
            hub.committed(pushes)

    @event.listens_for(factory, "after_rollback")
    def rolled_back(db: Session) -> None:
        db.info.pop(PENDING, None)


def _parse(text: str) -> tuple[int, str] | None:
    user_id, _, kind = text.partition(":")
    return (int(user_id), kind) if user_id.isdigit() and kind else None


class PushHub:
    """One per worker: the open event streams per user, and the channel between workers."""

    def __init__(self, redis_url: str | None) -> None:
        self.channel = RedisChannel(redis_url, CHANNEL)
        self.channel.on_down = self._end_streams
        self.streams: dict[int, set[Queue]] = {}
        self.loop: asyncio.AbstractEventLoop | None = None

    @property
    def available(self) -> bool:
        """Whether a push written on any worker reaches this worker's streams."""
        return not self.channel.configured or self.channel.listening

    def start(self) -> None:
        """On the worker's event loop, as it starts."""
        self.loop = asyncio.get_running_loop()
        self.channel.listen(self._heard)

    @contextlib.contextmanager
    def subscription(self, user_id: int) -> Iterator[Queue]:
        queue: Queue = asyncio.Queue(maxsize=QUEUE_LIMIT)
        self.streams.setdefault(user_id, set()).add(queue)
        try:
            yield queue
        finally:
            queues = self.streams.get(user_id, set())
            queues.discard(queue)
            if not queues:
                self.streams.pop(user_id, None)

    def committed(self, pushes: Iterable[tuple[int, str]]) -> None:
        """Send pushes whose transaction committed; called from any thread."""
        if self.loop is None or self.loop.is_closed():
            return
        for user_id, kind in pushes:
            asyncio.run_coroutine_threadsafe(self._send(user_id, kind), self.loop)

    async def _send(self, user_id: int, kind: str) -> None:
        if not await self.channel.publish(f"{user_id}:{kind}"):
            self._deliver(user_id, kind)  # no Redis, or it failed: this worker's streams at least

    async def _heard(self, text: str) -> None:
        pushed = _parse(text)
        if pushed is not None:
            self._deliver(*pushed)

    def _deliver(self, user_id: int, kind: str | None) -> None:
        for queue in self.streams.get(user_id, ()):
            with contextlib.suppress(asyncio.QueueFull):
                queue.put_nowait(kind)

    def _end_streams(self) -> None:
        for user_id in list(self.streams):
            self._deliver(user_id, None)

    async def close(self) -> None:
        await self.channel.close()
