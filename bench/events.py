"""Benchmark: gathered posts per second for a live event (target: >= 500/s on SQLite).

Scenarios, each on a fresh database. "in flight" is how many messages are being handled at
once: platforms deliver a burst concurrently (the Slack adapter dispatches every event in its
own task), and posts that arrive while a write is in flight share the next transaction.
  gather, burst    the events hook alone (tag match, filing, burst check, insert) for posts
                   arriving in a burst: they are recorded and queued for the summary
  gather, calm     the hook with every post mirrored on its own into the live thread (burst
                   threshold lifted; the console platform writes to nowhere)
  pipeline, burst  whole messages through ``core.dispatch``: event dedupe, member, privacy
                   gate, message copy, every capability's hooks, the events hook as above
  pipeline, none   the same messages with no event running: what the rest of Rounds costs

CPU s counts every thread of this process (SQLite's included, a PostgreSQL server's not):
on a shared, loaded machine it says what the work costs when the wall clock cannot.

    .venv/bin/python bench/events.py [--posts 2000] [--flight 64] [--pipeline-flight 8]
                                     [--pg URL | --no-pg]

The pipeline runs fewer messages at once by default: the core writes two transactions per
message, and with SQLite's single writer many more in flight wait out its busy timeout.

PostgreSQL runs when --pg (default: $ROUNDS_TEST_PG, else postgresql://postgres@127.0.0.1/test)
is reachable; a scratch database is created on it and dropped afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import secrets
import sys
import tempfile
import time
from collections.abc import Coroutine
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import asyncpg

from adapters.console import Console
from bot.app import Core
from bot.clock import ManualClock
from bot.config import Config, EventsConfig
from bot.context import Ctx, StoredMessage
from bot.platform import MessageEvent, MessageRef
from bot.services.events.gather import Gatherer
from bot.storage.repos import MemberRepo

NOW = datetime(2026, 3, 28, 14, 0, tzinfo=UTC)
AUTHORS = 50
CHANNELS = ("general", "cardiology", "imaging", "fellows")
SETUP = (
    "! role olga organizer",
    "@olga #general: /event start #ACC26 --tz America/New_York",
    '@olga #general: /event session add #ACC26 S12 "Trials" 2026-03-28T09:00 2026-03-28T12:00',
)


def text(i: int) -> str:
    return f"Post {i}: the late-breaking trial results look strong #ACC26 see slide {i % 9}"


async def build(url: str, data: Path, threshold: int) -> tuple[Core, Console]:
    config = replace(
        Config(data_dir=data, database_url=url),
        events=EventsConfig(burst_threshold=threshold),
    )
    core = Core(config, clock=ManualClock(NOW))
    console = Console(core, out=io.StringIO(), as_json=True)
    await core.start(ticking=False)
    return core, console


@dataclass
class Timer:
    """Wall-clock and CPU seconds (all threads of this process: SQLite's included, a
    PostgreSQL server's not) of what runs inside ``with``."""

    wall: float = 0.0
    cpu: float = 0.0

    def __enter__(self) -> Timer:
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall += time.perf_counter() - self._wall
        self.cpu += time.process_time() - self._cpu


async def in_flight(jobs: list[Coroutine[Any, Any, None]], flight: int) -> None:
    """Run the jobs with at most ``flight`` of them at once."""
    gate = asyncio.Semaphore(flight)

    async def one(job: Coroutine[Any, Any, None]) -> None:
        async with gate:
            await job

    await asyncio.gather(*(one(j) for j in jobs))


async def hook_alone(url: str, data: Path, posts: int, threshold: int, flight: int) -> Timer:
    """Seconds for ``posts`` messages through the events hook (and their mirrors)."""
    core, console = await build(url, data, threshold)
    try:
        for line in SETUP:
            await console.play(line)
        gatherer = next(
            h.__self__
            for h in core.hooks.on_message
            if isinstance(getattr(h, "__self__", None), Gatherer)
        )
        tenant_id = await core.tenant_id(console.tenant)
        async with core.db.session() as s:
            repo = MemberRepo(s, tenant_id)
            members = [await repo.ensure(f"u{i}", f"u{i}", NOW) for i in range(AUTHORS)]
        out = core.outbox(console.tenant)
        work = []
        for i in range(posts):
            channel = CHANNELS[i % len(CHANNELS)]
            event = MessageEvent(
                tenant=console.tenant,
                event_id=f"e{i}",
                user=members[i % AUTHORS].user_id,
                channel=channel,
                at=NOW,
                message_id=f"m{i}",
                text=text(i),
            )
            ctx = Ctx(console.tenant, tenant_id, members[i % AUTHORS], event, out)
            stored = StoredMessage(
                ref=MessageRef(channel, f"m{i}"),
                author=members[i % AUTHORS],
                text=text(i),
                phi_kinds=(),
                held=False,
                is_dm=False,
                private_channel=False,
            )
            work.append((ctx, stored))
        with Timer() as timer:
            await in_flight([gatherer.on_message(ctx, stored) for ctx, stored in work], flight)
            await core.idle()  # the mirrors spawned in calm mode
        return timer
    finally:
        await core.stop()


async def pipeline(url: str, data: Path, posts: int, with_event: bool, flight: int) -> Timer:
    """Seconds for ``posts`` messages through the whole dispatch chain."""
    core, console = await build(url, data, 10)
    try:
        for line in SETUP if with_event else SETUP[:1]:
            await console.play(line)
        events = [
            MessageEvent(
                tenant=console.tenant,
                event_id=f"e{i}",
                user=f"u{i % AUTHORS}",
                channel=CHANNELS[i % len(CHANNELS)],
                at=NOW,
                message_id=f"m{i}",
                text=text(i),
            )
            for i in range(posts)
        ]
        with Timer() as timer:
            await in_flight([core.dispatch(e) for e in events], flight)
            await core.idle()
        return timer
    finally:
        await core.stop()


async def pg_database(admin: str) -> str | None:
    name = "rounds_bench_" + secrets.token_hex(4)
    try:
        conn = await asyncpg.connect(admin, timeout=5)
    except (OSError, asyncpg.PostgresError):
        return None
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    server = admin.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    return f"{server}/{name}"


async def drop_pg(admin: str, url: str) -> None:
    conn = await asyncpg.connect(admin, timeout=5)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    finally:
        await conn.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--flight", type=int, default=64, help="messages handled at once")
    parser.add_argument("--pipeline-flight", type=int, default=8)
    parser.add_argument(
        "--pg",
        default=os.environ.get("ROUNDS_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test"),
    )
    parser.add_argument("--no-pg", action="store_true")
    args = parser.parse_args()
    n, many, some = args.posts, args.flight, args.pipeline_flight
    scenarios = (
        ("gather, burst", 1, lambda u, d: hook_alone(u, d, n, 10, 1)),
        ("gather, burst", many, lambda u, d: hook_alone(u, d, n, 10, many)),
        ("gather, calm", 1, lambda u, d: hook_alone(u, d, n, 10 * n, 1)),
        ("pipeline, burst", some, lambda u, d: pipeline(u, d, n, True, some)),
        ("pipeline, none", some, lambda u, d: pipeline(u, d, n, False, some)),
    )
    head = f"{'scenario':<16} {'in flight':>9} {'engine':<11} {'posts':>6} {'seconds':>8}"
    print(f"{head} {'posts/s':>8} {'CPU s':>6} {'posts/CPU-s':>11}")
    for engine in ("sqlite", "postgresql"):
        for name, flight, run in scenarios:
            with tempfile.TemporaryDirectory() as tmp:
                data = Path(tmp) / "data"
                if engine == "sqlite":
                    url: str | None = f"sqlite+aiosqlite:///{data / 'rounds.sqlite3'}"
                elif args.no_pg:
                    url = None
                else:
                    url = await pg_database(args.pg)
                if url is None:
                    print(f"{name:<16} {flight:>9} {engine:<11} {'':>6} {'n/a':>8}")
                    continue
                try:
                    timer = await run(url, data)
                finally:
                    if engine == "postgresql":
                        await drop_pg(args.pg, url)
            row = f"{name:<16} {flight:>9} {engine:<11} {n:>6} {timer.wall:>8.2f}"
            cpu = f"{timer.cpu:>6.2f} {n / timer.cpu:>11.0f}"
            print(f"{row} {n / timer.wall:>8.0f} {cpu}", flush=True)


if __name__ == "__main__":
    asyncio.run(main())
