"""Fixtures of the digests tests: a local feed site and the console bot allowed to reach it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import BotConsole
from tests.digests.servers import FeedSite, serve

#: The console clock at the start of every story (a Monday, the week before the DST change).
T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
async def site() -> AsyncIterator[FeedSite]:
    """An empty feed site on 127.0.0.1; tests add routes with ``site.set``."""
    async with serve(FeedSite()) as running:
        yield running


def feed_bot(data_dir: Path, url: str, **feeds: object) -> BotConsole:
    """The console bot with feeds on 127.0.0.1 allowed (and any other ``[feeds]`` keys)."""
    return BotConsole(data_dir, url, overrides={"feeds": {"allow_private_networks": True, **feeds}})


@pytest.fixture
async def fbot(db_url: str, tmp_path: Path) -> AsyncIterator[BotConsole]:
    """The feed-enabled console bot on both engines, clock at :data:`T0`."""
    harness = feed_bot(tmp_path / "data", db_url)
    await harness.start(T0)
    try:
        yield harness
    finally:
        await harness.stop()


@pytest.fixture
async def sqlite_fbot(sqlite_url: str, tmp_path: Path) -> AsyncIterator[BotConsole]:
    """The feed-enabled console bot on SQLite only (stories that do not test storage)."""
    harness = feed_bot(tmp_path / "data", sqlite_url)
    await harness.start(T0)
    try:
        yield harness
    finally:
        await harness.stop()
