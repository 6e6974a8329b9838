"""Fixtures of the events tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import BotConsole


@pytest.fixture
async def small_burst_bot(db_url: str, tmp_path: Path) -> AsyncIterator[BotConsole]:
    """The console bot with a burst threshold of 3 posts a minute."""
    harness = BotConsole(tmp_path / "data", db_url, overrides={"events": {"burst_threshold": 3}})
    await harness.start()
    try:
        yield harness
    finally:
        await harness.stop()
