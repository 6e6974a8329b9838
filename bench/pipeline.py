"""The whole pipeline under load: 10,000 console lines (parse, dispatch, dedupe, member and
permission, privacy gate, store, hooks, reply, JSON out) on SQLite and on PostgreSQL.

    .venv/bin/python bench/pipeline.py [--lines 10000] [--engines sqlite,postgresql]
        [--pg postgresql://postgres@127.0.0.1:5432]

Each line is timed from the moment the console gets it until every effect of it is out (what
``--script -`` does per line). PostgreSQL gets a temporary database, dropped afterwards.
Prints a table: engine, lines, messages/s, p50 and p99 latency in milliseconds.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import logging
import random
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncpg

# The repository first: bench/feeds.py would otherwise shadow the feeds package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from adapters.console import Console
from bot.app import Core
from bot.clock import ManualClock
from bot.config import Config

USERS = [f"user{n}" for n in range(40)]
CHANNELS = ["general", "cardiology", "nephrology", "oncology", "random"]
TEXTS = [
    "Anyone seen the new guideline on anticoagulation in AF?",
    "Journal club moved to Thursday.",
    "What is your first-line choice for resistant hypertension?",
    "Thanks, that helps a lot.",
    "Good question: I would check the renal function first.",
]
# Commands that answer (publicly or privately), as members type them.
COMMANDS = ["/help", "/group list", "/help group", "/profile show"]
WARM_UP = 300  # lines played before measuring (numbers continue: one script)
SETUP = [
    "! role user0 admin",
    "@user0 #general: /group create cardiology",
    "@user0 #general: /group create nephrology",
]


def make_lines(count: int, seed: int = 7) -> list[str]:
    """A reproducible mix: 80% channel messages, 10% thread replies, 10% commands."""
    rnd = random.Random(seed)
    lines: list[str] = []
    numbered: list[tuple[int, str]] = []  # (message number, channel) of plain messages
    number = len([s for s in SETUP if s.startswith("@")])
    for _ in range(count):
        user, channel = rnd.choice(USERS), rnd.choice(CHANNELS)
        roll = rnd.random()
        number += 1
        if roll < 0.1:
            lines.append(f"@{user} #{channel}: {rnd.choice(COMMANDS)}")
        elif roll < 0.2 and numbered:
            root, where = rnd.choice(numbered[-200:])
            lines.append(f"@{user} #{where} >{root}: {rnd.choice(TEXTS)}")
        else:
            lines.append(f"@{user} #{channel}: {rnd.choice(TEXTS)}")
            numbered.append((number, channel))
    return lines


class _Discard(io.StringIO):
    """Standard output for the bench: every JSON object is built, then dropped."""

    def write(self, s: str) -> int:
        return len(s)


@dataclass(frozen=True)
class Result:
    engine: str
    lines: int
    seconds: float
    p50_ms: float
    p99_ms: float

    @property
    def rate(self) -> float:
        return self.lines / self.seconds


@asynccontextmanager
async def pg_database(server: str) -> AsyncIterator[str]:
    """A temporary PostgreSQL database on ``server``; its SQLAlchemy URL."""
    name = "rounds_bench_" + secrets.token_hex(4)
    admin = await asyncpg.connect(f"{server}/postgres", timeout=10)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    try:
        yield f"{server.replace('postgresql://', 'postgresql+asyncpg://')}/{name}"
    finally:
        admin = await asyncpg.connect(f"{server}/postgres", timeout=10)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


async def run_engine(engine: str, url: str, data_dir: Path, lines: list[str]) -> Result:
    core = Core(Config(data_dir=data_dir, database_url=url), clock=ManualClock())
    console = Console(core, out=_Discard(), as_json=True)
    await core.start(ticking=False)
    try:
        for line in SETUP:
            await console.play(line)
        for line in lines[:WARM_UP]:  # warm caches and connection pools
            await console.play(line)
        measured = lines[WARM_UP:]
        latencies: list[float] = []
        started = time.perf_counter()
        for line in measured:
            t0 = time.perf_counter()
            await console.play(line)
            latencies.append(time.perf_counter() - t0)
        await core.copies.flush()  # message copies are written in batches: count the last one
        elapsed = time.perf_counter() - started
    finally:
        await core.stop()
    cuts = statistics.quantiles(latencies, n=100)
    return Result(engine, len(measured), elapsed, cuts[49] * 1000, cuts[98] * 1000)


def table(results: list[Result]) -> str:
    rows = [("engine", "lines", "messages/s", "p50 ms", "p99 ms")]
    for r in results:
        rows.append(
            (r.engine, str(r.lines), f"{r.rate:,.0f}", f"{r.p50_ms:.2f}", f"{r.p99_ms:.2f}")
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    out = []
    for n, row in enumerate(rows):
        out.append(
            "  ".join(
                cell.rjust(w) if i else cell.ljust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    lines = make_lines(WARM_UP + args.lines)
    results = []
    for engine in args.engines.split(","):
        with tempfile.TemporaryDirectory(prefix="rounds-bench-") as tmp:
            data_dir = Path(tmp) / "data"
            if engine == "sqlite":
                url = f"sqlite+aiosqlite:///{data_dir / 'rounds.sqlite3'}"
                results.append(await run_engine(engine, url, data_dir, lines))
            elif engine == "postgresql":
                async with pg_database(args.pg) as url:
                    results.append(await run_engine(engine, url, data_dir, lines))
            else:
                parser.error(f"unknown engine {engine}")
    print(table(results))


if __name__ == "__main__":
    asyncio.run(main())
