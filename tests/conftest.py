"""Shared fixtures: databases on both engines, and the console as the test bot.

PostgreSQL is required: when it is unreachable the storage tests fail, never skip.
Set ROUNDS_TEST_PG (default postgresql://postgres@127.0.0.1:5432/test) to point elsewhere.
"""

from __future__ import annotations

import io
import json
import os
import secrets
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from adapters.console import Console
from bot.app import Core
from bot.clock import ManualClock
from bot.config import Config

PG_ADMIN = os.environ.get("ROUNDS_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
ENGINES = ("sqlite", "postgresql")


def _pg_server() -> str:
    return PG_ADMIN.rsplit("/", 1)[0]


async def create_pg_database() -> str:
    """A new empty database on the test server; returns its SQLAlchemy URL."""
    name = "rounds_t_" + secrets.token_hex(5)
    try:
        conn = await asyncpg.connect(PG_ADMIN, timeout=5)
    except (OSError, asyncpg.PostgresError) as exc:
        pytest.fail(f"PostgreSQL is unreachable at {PG_ADMIN}: {exc}", pytrace=False)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return f"{_pg_server().replace('postgresql://', 'postgresql+asyncpg://')}/{name}"


async def drop_pg_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    conn = await asyncpg.connect(PG_ADMIN, timeout=5)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture(params=ENGINES)
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A fresh, empty database per test, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'rounds.sqlite3'}"
        return
    url = await create_pg_database()
    try:
        yield url
    finally:
        await drop_pg_database(url)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'rounds.sqlite3'}"


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    url = await create_pg_database()
    try:
        yield url
    finally:
        await drop_pg_database(url)


@dataclass
class BotConsole:
    """The console platform driven in-process: ``await play(...)`` and read ``actions``.

    A restart is ``await restart()``: a new core and console on the same data."""

    data_dir: Path
    url: str
    overrides: dict[str, Any] = field(default_factory=dict)
    actions: list[dict[str, Any]] = field(default_factory=list)
    core: Core | None = None
    console: Console | None = None
    _out: io.StringIO = field(default_factory=io.StringIO)

    def config(self) -> Config:
        base = Config(data_dir=self.data_dir, database_url=self.url)
        sections = {k: v for k, v in self.overrides.items() if isinstance(v, dict)}
        top = {k: v for k, v in self.overrides.items() if not isinstance(v, dict)}
        for name, values in sections.items():
            top[name] = replace(getattr(base, name), **values)
        return replace(base, **top)

    async def start(self, now: datetime | None = None) -> None:
        self.core = Core(self.config(), clock=ManualClock(now))
        self._out = io.StringIO()
        self.console = Console(self.core, out=self._out, as_json=True)
        await self.core.start(ticking=False)

    async def stop(self) -> None:
        if self.core is not None:
            await self.core.stop()
            self.core = None

    async def restart(self) -> None:
        clock = self.core.clock if self.core else None
        now = clock.now() if isinstance(clock, ManualClock) and clock.manual else None
        await self.stop()
        await self.start(now)

    def _collect(self) -> list[dict[str, Any]]:
        text = self._out.getvalue()
        self._out.seek(0)
        self._out.truncate()
        new = [json.loads(line) for line in text.splitlines() if line.strip()]
        self.actions.extend(new)
        return new

    async def play(self, *lines: str) -> list[dict[str, Any]]:
        """Play script lines (each may hold several, split on newlines); return new actions."""
        assert self.console is not None, "start() first"
        for chunk in lines:
            for line in chunk.split("\n"):
                await self.console.play(line)
        return self._collect()

    def find(self, **match: Any) -> list[dict[str, Any]]:
        """Actions whose keys equal the given values (``text`` matches as a substring)."""
        out = []
        for action in self.actions:
            ok = True
            for key, value in match.items():
                if key == "text":
                    ok = ok and value in action["text"]
                else:
                    ok = ok and action.get(key) == value
            if ok:
                out.append(action)
        return out


@pytest.fixture
async def bot(db_url: str, tmp_path: Path) -> AsyncIterator[BotConsole]:
    """The console test bot on both engines."""
    harness = BotConsole(tmp_path / "data", db_url)
    await harness.start()
    try:
        yield harness
    finally:
        await harness.stop()


@pytest.fixture
async def sqlite_bot(sqlite_url: str, tmp_path: Path) -> AsyncIterator[BotConsole]:
    """The console test bot on SQLite only (for tests that do not touch storage shape)."""
    harness = BotConsole(tmp_path / "data", sqlite_url)
    await harness.start()
    try:
        yield harness
    finally:
        await harness.stop()


@pytest.fixture
def repo_root() -> Iterator[Path]:
    yield Path(__file__).resolve().parents[1]
