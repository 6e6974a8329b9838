"""Per-host slots: at most a few requests to one host at a time, waited for in turn.

The wait for a slot is kept out of every timeout on purpose: a feed queued behind slow
feeds of its host (PubMed serves many) must not fail as "timed out connecting" before it
has even started. A request's timeouts start once it holds its slot.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from yarl import URL

__all__ = ["HostSlots", "host_key"]


def host_key(url: str | URL) -> str:
    """``host:port`` of ``url`` (lower case), the unit the per-host limit counts.

    An address that does not parse gets a key of its own: its fetch fails at once anyway.
    """
    try:
        parsed = url if isinstance(url, URL) else URL(url.strip())
        return f"{(parsed.raw_host or '').lower()}:{parsed.port}"
    except (ValueError, TypeError, UnicodeError):
        return str(url)


class HostSlots:
    """``per_host`` slots per host, granted first come, first served."""

    def __init__(self, per_host: int) -> None:
        self.per_host = max(1, per_host)
        # host -> (its semaphore, holders and waiters); dropped when nobody uses it, so
        # that the table does not grow with every host ever fetched
        self._hosts: dict[str, tuple[asyncio.Semaphore, int]] = {}

    @contextlib.asynccontextmanager
    async def hold(self, url: str | URL) -> AsyncIterator[None]:
        """Wait for a slot on ``url``'s host and hold it for the ``async with`` body."""
        key = host_key(url)
        sem, users = self._hosts.get(key) or (asyncio.Semaphore(self.per_host), 0)
        self._hosts[key] = (sem, users + 1)
        try:
            async with sem:
                yield
        finally:
            sem, users = self._hosts[key]
            if users == 1:
                del self._hosts[key]
            else:
                self._hosts[key] = (sem, users - 1)
