"""The Discord adapter under test: the real discord.py client logged in to a fake Discord on
127.0.0.1 (REST and gateway), and a core on a fresh database."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from adapters.discord.limits import Pacer
from adapters.discord.runner import Runner
from bot.app import Core
from bot.clock import ManualClock
from bot.config import Config, DiscordConfig
from tests.discord.fake_discord import FakeDiscord

TOKEN = "MTAwMDAwMDAwMDAwMDAwMDAw.fake.CANARYdiscordTOKEN"
START = datetime(2026, 3, 28, 8, 0, tzinfo=UTC)


@dataclass
class DiscordBot:
    """A running adapter, its core and the fake Discord it talks to."""

    core: Core
    runner: Runner
    fake: FakeDiscord
    task: asyncio.Task[None]

    async def settle(self) -> None:
        """Wait until the client has read every event the fake sent and the adapter and the
        core are through with them (discord.py runs each handler as a task of its own)."""
        client = self.runner.link.client
        await self.fake.wait_for(
            lambda: client.ws is not None and (client.ws.sequence or 0) >= self.fake.seq
        )
        while True:
            handlers = [
                t
                for t in asyncio.all_tasks()
                if t.get_name().startswith("discord.py: ") and not t.done()
            ]
            if not handlers:
                break
            await asyncio.gather(*handlers, return_exceptions=True)
        await self.core.idle()

    async def stop(self) -> None:
        if self.task.done():
            return  # ended on its own; a test that expects that has awaited it
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task


async def make_core(
    fake: FakeDiscord,
    db_url: str,
    data_dir: Path,
    *,
    prepare: Callable[[Core], Any] | None = None,
    **discord: Any,
) -> Core:
    """A started core whose ``[discord]`` section points at the fake."""
    settings: dict[str, Any] = {
        "token": TOKEN,
        "guild_ids": (fake.GUILD,),
        "forum_channels": (fake.FORUM,),
        "api_base_url": fake.base_url,
    }
    settings.update(discord)
    config = Config(data_dir=data_dir, database_url=db_url, discord=DiscordConfig(**settings))
    core = Core(config, clock=ManualClock(START))
    if prepare is not None:
        prepare(core)
    await core.start(ticking=False)
    return core


async def start_bot(
    fake: FakeDiscord,
    db_url: str,
    data_dir: Path,
    *,
    pacer: Pacer | None = None,
    prepare: Callable[[Core], Any] | None = None,
    **discord: Any,
) -> DiscordBot:
    """The adapter running against the fake, connected and ready."""
    core = await make_core(fake, db_url, data_dir, prepare=prepare, **discord)
    runner = Runner(core, pacer=pacer or Pacer(burst=50, window=1.0), guild_ready_timeout=0.2)
    task = asyncio.create_task(runner.run())
    bot = DiscordBot(core, runner, fake, task)
    await asyncio.wait_for(fake.ready.wait(), 10)
    await fake.wait_for(lambda: runner.link.client.is_ready())
    await bot.settle()
    return bot


@pytest.fixture(autouse=True)
def _discord_globals() -> Any:
    """discord.py keeps the API base and the gateway address in class attributes: put them
    back after each test."""
    base, gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    yield
    Route.BASE = base
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(str(gateway))


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
async def discord_bot(
    fake: FakeDiscord, sqlite_url: str, tmp_path: Path
) -> AsyncIterator[DiscordBot]:
    bot = await start_bot(fake, sqlite_url, tmp_path / "data")
    try:
        yield bot
    finally:
        await bot.stop()
        await bot.core.stop()
