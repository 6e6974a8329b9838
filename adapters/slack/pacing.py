"""Posts to one channel are paced: Slack allows about one message per second per channel.

Each channel has a FIFO turn (an :class:`asyncio.Lock` wakes waiters in order), so posts keep
their order and none is dropped; a turn starts no sooner than ``interval`` after the previous
one ended. The turn is held through slack_sdk's own 429 retries, so a rate-limited channel
backs off as a whole. Channels do not wait for each other.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

__all__ = ["Pacer"]

_PRUNE_AT = 1024


class Pacer:
    def __init__(self, interval: float = 1.0) -> None:
        self.interval = interval
        self._locks: dict[str, asyncio.Lock] = {}
        self._ready_at: dict[str, float] = {}
        self._users: dict[str, int] = {}

    @asynccontextmanager
    async def turn(self, channel: str) -> AsyncIterator[None]:
        """Wait for the channel's turn, then hold it while posting."""
        if len(self._locks) > _PRUNE_AT:
            self._prune()
        lock = self._locks.setdefault(channel, asyncio.Lock())
        self._users[channel] = self._users.get(channel, 0) + 1
        try:
            async with lock:
                delay = self._ready_at.get(channel, 0.0) - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                try:
                    yield
                finally:
                    self._ready_at[channel] = time.monotonic() + self.interval
        finally:
            self._users[channel] -= 1

    def _prune(self) -> None:
        """Forget channels nobody is using whose pause is over, so that the maps stay small."""
        now = time.monotonic()
        for channel in [c for c, n in self._users.items() if n == 0]:
            if self._ready_at.get(channel, 0.0) <= now:
                self._locks.pop(channel, None)
                self._ready_at.pop(channel, None)
                self._users.pop(channel, None)
