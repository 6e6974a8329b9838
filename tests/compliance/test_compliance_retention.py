"""Retention: a daily job purges message copies older than ``privacy.retention_days``."""

from __future__ import annotations

from compliance_db import dump_all

from bot.services.privacy.retention import RETENTION_JOB
from tests.conftest import BotConsole


async def _texts(bot: BotConsole) -> list[str]:
    assert bot.core is not None
    return [r["text"] for r in (await dump_all(bot.core))["messages"]]


async def _retention_jobs(bot: BotConsole) -> list[str]:
    assert bot.core is not None
    jobs = (await dump_all(bot.core))["jobs"]
    return [j["status"] for j in jobs if j["kind"] == RETENTION_JOB]


async def test_message_copies_older_than_the_retention_are_purged(
    sqlite_bot: BotConsole,
) -> None:
    bot = sqlite_bot
    bot.overrides = {"privacy": {"retention_days": 30}}
    await bot.restart()
    await bot.play(
        "! now 2026-03-01T09:00:00Z",
        "@ana #general: an old message",
        "! advance 20d",
        "@ana dm: a newer one",
    )
    await bot.restart()  # the job lives in the database: one, not one per start
    await bot.play("@bob #general: after a restart", "! advance 11d")
    assert await _texts(bot) == ["a newer one", "after a restart"]
    assert await _retention_jobs(bot) == ["pending"]
    await bot.play("! advance 20d")
    assert await _texts(bot) == []


async def test_no_retention_keeps_copies_and_schedules_nothing(sqlite_bot: BotConsole) -> None:
    bot = sqlite_bot
    await bot.play("! now 2026-03-01T09:00:00Z", "@ana #general: kept", "! advance 400d")
    assert await _texts(bot) == ["kept"]
    assert await _retention_jobs(bot) == []
