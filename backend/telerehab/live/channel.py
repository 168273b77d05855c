"""One Redis pub/sub channel shared by every worker: what one worker publishes, all hear.

Used to tell workers that a live exercise stream changed hands (``owners``) and that someone has
something new to read (``push``). ``listening`` is true while this worker is subscribed; callers
fall back to something slower (asking the database, polling) while it is false: no Redis
configured, Redis down, or not yet subscribed.
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from redis import asyncio as aioredis
from redis.exceptions import RedisError

logger = logging.getLogger("telerehab.live")

RECONNECT_SECONDS = 2.0
QUIET_SECONDS = 2.0  # a silent Redis outage is noticed within this (a ping when nothing comes)
REDIS_TIMEOUT_SECONDS = 1.0

OnMessage = Callable[[str], Awaitable[None]]


class RedisChannel:
    def __init__(self, redis_url: str | None, name: str) -> None:
        self.name = name
        self.redis = (
            aioredis.from_url(
                redis_url,
                socket_timeout=REDIS_TIMEOUT_SECONDS,
                socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
            )
            if redis_url
            else None
        )
        self.listening = False
        self.on_down: Callable[[], None] | None = None
        self._listener: asyncio.Task[None] | None = None

    @property
    def configured(self) -> bool:
        return self.redis is not None

    def listen(self, on_message: OnMessage) -> None:
        """Start hearing the channel (once per worker; later calls change nothing)."""
        if self.redis is not None and self._listener is None:
            self._listener = asyncio.create_task(self._hear(on_message))

    async def publish(self, text: str) -> bool:
        """Send ``text`` to every worker; False when Redis did not take it (logged)."""
        if self.redis is None:
            return False
        try:
            await self.redis.publish(self.name, text)
        except (RedisError, OSError):
            logger.warning("Redis unreachable: %s not published", self.name)
            return False
        return True

    async def _hear(self, on_message: OnMessage) -> None:
        assert self.redis is not None
        while True:
            try:
                async with self.redis.pubsub() as pubsub:
                    await pubsub.subscribe(self.name)
                    self.listening = True
                    while True:
                        message = await pubsub.get_message(
                            ignore_subscribe_messages=True, timeout=QUIET_SECONDS
                        )
                        if message is None:
                            await pubsub.ping()
                        elif message.get("type") == "message":
                            data = message.get("data")
                            await on_message(data.decode() if isinstance(data, bytes) else "")
            except (RedisError, OSError):
                if self.listening:
                    logger.warning("Redis unreachable: %s not heard until it is back", self.name)
                    self.listening = False
                    if self.on_down is not None:
                        self.on_down()
                await asyncio.sleep(RECONNECT_SECONDS)

    async def close(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
        if self.redis is not None:
            await self.redis.aclose()
