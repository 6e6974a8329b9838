"""Cached settings: a change made by this process is seen at once, even by a read that was
already on its way to the database when the change was made."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from bot.settings import Settings
from bot.storage.db import Database
from bot.storage.repos import SettingRepo, TenantRepo

NOW = datetime(2026, 3, 28, 8, 0, tzinfo=UTC)


async def test_a_read_in_flight_across_a_change_does_not_cache_the_old_value(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = Database(db_url)
    await db.migrate()
    settings = Settings(db)
    try:
        async with db.session() as s:
            t = await TenantRepo(s).ensure("slack", "T9", NOW)
        await settings.set(t, "workspace", "privacy.policy", "warn")
        read_done = asyncio.Event()
        release = asyncio.Event()
        real_get = SettingRepo.get

        async def slow_get(self: SettingRepo, scope: str, key: str) -> str | None:
            value = await real_get(self, scope, key)
            read_done.set()
            await release.wait()  # the value read is on its way back while the change lands
            return value

        monkeypatch.setattr(SettingRepo, "get", slow_get)
        reader = asyncio.create_task(settings.get(t, "workspace", "privacy.policy"))
        await read_done.wait()
        monkeypatch.setattr(SettingRepo, "get", real_get)
        await settings.set(t, "workspace", "privacy.policy", "hold")
        release.set()
        assert await reader == "warn"  # it began before the change
        assert await settings.get(t, "workspace", "privacy.policy") == "hold"
        assert await settings.get(t, "workspace", "privacy.policy") == "hold"  # now cached
    finally:
        await db.close()
