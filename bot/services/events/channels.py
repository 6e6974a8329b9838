"""Channel names and member counts from the platform, cached: a burst must not turn into a
burst of platform look-ups."""

from __future__ import annotations

import time

from bot.outbox import Outbox
from bot.platform import ChannelInfo

__all__ = ["ChannelDirectory"]

_TTL = 600.0


class ChannelDirectory:
    def __init__(self) -> None:
        self._cache: dict[tuple[str, str, str], tuple[float, ChannelInfo | None]] = {}

    async def info(self, out: Outbox, channel: str) -> ChannelInfo | None:
        key = (out.platform.name, out.workspace, channel)
        cached = self._cache.get(key)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        found = await out.platform.resolve_channel(out.workspace, channel)
        self._cache[key] = (time.monotonic() + _TTL, found)
        return found

    async def label(self, out: Outbox, channel: str) -> str:
        """``#name`` for people to read (platform ids are not names on Slack or Discord)."""
        found = await self.info(out, channel)
        return f"#{found.name if found else channel}"

    async def reach(self, out: Outbox, channels: set[str]) -> int:
        """The sum of the member counts of the channels (a person in two counts twice), asked
        afresh: counts change, names hardly."""
        total = 0
        for channel in sorted(channels):
            found = await out.platform.resolve_channel(out.workspace, channel)
            total += found.member_count if found else 0
        return total
