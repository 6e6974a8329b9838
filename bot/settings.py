"""Per-workspace settings (``scope``, ``key`` → value) kept in the ``settings`` table.

Capabilities read them on every message (is this a Q&A channel, which privacy policy applies
here), so reads are cached for a short while: a change made by this process is seen at once,
one made by another process sharing the database within ``ttl`` seconds.
"""

from __future__ import annotations

import time

from bot.storage.db import Database
from bot.storage.repos import SettingRepo

__all__ = ["Settings"]


class Settings:
    """Cached reads and write-through changes of the ``settings`` table."""

    def __init__(self, db: Database, *, ttl: float = 30.0) -> None:
        self.db = db
        self.ttl = ttl
        self._cache: dict[tuple[int, str, str], tuple[float, str | None]] = {}
        # Bumped by every set(): a read that was in flight across a change must not cache
        # the value it read before it.
        self._changes = 0

    async def get(self, tenant_id: int, scope: str, key: str) -> str | None:
        """The value, or None when unset."""
        cache_key = (tenant_id, scope, key)
        hit = self._cache.get(cache_key)
        if hit and hit[0] > time.monotonic():
            return hit[1]
        changes = self._changes
        async with self.db.session() as s:
            value = await SettingRepo(s, tenant_id).get(scope, key)
        if changes == self._changes:
            self._cache[cache_key] = (time.monotonic() + self.ttl, value)
        return value

    async def set(self, tenant_id: int, scope: str, key: str, value: str | None) -> None:
        """Set, or with None remove, a value."""
        async with self.db.session() as s:
            await SettingRepo(s, tenant_id).set(scope, key, value)
        self._changes += 1
        self._cache.pop((tenant_id, scope, key), None)

    async def scopes_with(self, tenant_id: int, key: str, value: str) -> list[str]:
        """Every scope where ``key`` is ``value`` (read from the database, not the cache)."""
        async with self.db.session() as s:
            return await SettingRepo(s, tenant_id).scopes_with(key, value)
