"""Sending within Discord's limits: posts paced per channel and kept in order, channels where
Rounds lacks permission marked unusable (an admin told once), and no retry loop on 401, 403
or 429.

discord.py already honours 429 ``retry_after`` with a bounded number of attempts and gives up
on a long one (``max_ratelimit_timeout``); nothing here retries on top of it. A message is
never dropped silently: it is either sent, or its failure reaches the caller (the core's
fan-out logs and isolates it).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

import discord

from bot.errors import RoundsError

__all__ = ["ChannelUnusable", "Guard", "Pacer", "TokenRejected"]

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Discord's codes for "the bot cannot see or write in this channel".
MISSING_ACCESS = 50001
MISSING_PERMISSIONS = 50013


class ChannelUnusable(RoundsError):
    """Rounds lacks permission in a channel; raised without a request once it is known."""

    def __init__(self) -> None:
        super().__init__(
            "Rounds cannot post in that channel: it lacks permission there. An admin has been told."
        )


class TokenRejected(RuntimeError):
    """Discord answered 401: the token was revoked or reset. Retrying cannot help."""


class Pacer:
    """Per channel, in order: at most ``burst`` posts in any ``window`` seconds (Discord allows
    about five per five seconds in a channel), waiting instead of tripping a 429."""

    def __init__(self, burst: int = 5, window: float = 5.0) -> None:
        self.burst = burst
        self.window = window
        self._locks: dict[str, asyncio.Lock] = {}
        self._sent: dict[str, deque[float]] = {}

    @asynccontextmanager
    async def slot(self, channel: str) -> AsyncIterator[None]:
        lock = self._locks.setdefault(channel, asyncio.Lock())
        async with lock:
            sent = self._sent.setdefault(channel, deque(maxlen=self.burst))
            if len(sent) == self.burst:
                wait = sent[0] + self.window - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
            try:
                yield
            finally:
                sent.append(time.monotonic())


#: notify(guild, channel, use): tell an admin; ``use`` is "" for posting, or "threads"
Notify = Callable[[str, str, str], Awaitable[None]]


class Guard:
    """Every post to a channel goes through :meth:`send`."""

    def __init__(
        self,
        notify_admin: Notify,
        on_rejected: Callable[[], None],
        pacer: Pacer | None = None,
    ) -> None:
        self.pacer = pacer or Pacer()
        self._notify_admin = notify_admin
        self._on_rejected = on_rejected
        #: (channel id, use) → guild id, for what was refused for lack of permission; a use
        #: is "" for posting, "threads" for opening threads (a separate permission)
        self._unusable: dict[tuple[str, str], str] = {}
        self._told: set[tuple[str, str]] = set()

    def usable(self, channel: str, use: str = "") -> bool:
        return (channel, use) not in self._unusable

    def forget(self, channel: str | None = None, guild: str | None = None) -> None:
        """Permissions changed: try the channel (or every channel of the guild) again."""
        for key, owner in list(self._unusable.items()):
            if key[0] == channel or owner == guild:
                del self._unusable[key]
                self._told.discard(key)

    async def send(
        self,
        guild: str | None,
        channel: str,
        call: Callable[[], Awaitable[T]],
        *,
        use: str = "",
        mark: bool = True,
    ) -> T:
        """Run one request to ``channel``, paced. ``use="threads"`` for opening a thread, which
        needs its own permission; ``mark=False`` for direct messages, where a 403 means the
        member's DMs are closed, not that Rounds lacks a permission."""
        if (channel, use) in self._unusable or (channel, "") in self._unusable:
            raise ChannelUnusable()
        async with self.pacer.slot(channel):
            try:
                return await call()
            except discord.Forbidden as exc:
                if mark and guild is not None and exc.code in (MISSING_ACCESS, MISSING_PERMISSIONS):
                    # Missing access means the channel is out of sight altogether.
                    await self._mark(guild, channel, "" if exc.code == MISSING_ACCESS else use)
                    raise ChannelUnusable() from None
                raise
            except discord.HTTPException as exc:
                if exc.status == 401:
                    self._on_rejected()
                    raise TokenRejected("Discord rejected the bot token (401)") from None
                raise

    async def _mark(self, guild: str, channel: str, use: str) -> None:
        key = (channel, use)
        self._unusable[key] = guild
        log.warning(
            "channel %s marked unusable%s: Rounds lacks permission", channel, use and f" ({use})"
        )
        if key in self._told:
            return
        self._told.add(key)
        try:
            await self._notify_admin(guild, channel, use)
        except Exception as exc:  # the notice is a courtesy; the caller learns of the failure
            log.warning("could not tell an admin about channel %s: %s", channel, type(exc).__name__)
