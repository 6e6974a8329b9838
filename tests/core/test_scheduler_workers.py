"""Several bot processes on one database: claims are disjoint, and a killed worker's claims
pass to another when its lease runs out."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import Core
from bot.clock import ManualClock
from bot.config import Config
from bot.platform import Tenant
from bot.scheduler import JobRun
from bot.storage.repos.jobs import JobRepo

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)


class Worker:
    """One core (its own engine and connection pool) recording the jobs it completed."""

    def __init__(self, core: Core, done: list[tuple[str, int]]) -> None:
        self.core = core
        self.done = done
        self.started: list[int] = []
        self.ran_at: list[datetime] = []
        self.first_started = asyncio.Event()
        self.block = False
        core.scheduler.register("test.work", self._handle)

    async def _handle(self, run: JobRun) -> None:
        self.started.append(run.job.id)
        self.first_started.set()
        if self.block:
            await asyncio.Event().wait()  # hangs until the "process" is killed
        await asyncio.sleep(0)  # let the other worker interleave
        self.done.append((self.core.scheduler.worker, run.job.id))
        self.ran_at.append(self.core.clock.now())


@pytest.fixture
async def pair(db_url: str, tmp_path: Path) -> AsyncIterator[tuple[Worker, Worker]]:
    clock = ManualClock(T0)
    done: list[tuple[str, int]] = []
    workers = []
    for name in ("a", "b"):
        config = Config(data_dir=tmp_path / "data", database_url=db_url)
        worker = Worker(Core(config, clock=clock, worker=name), done)
        await worker.core.start(ticking=False)
        workers.append(worker)
    try:
        yield workers[0], workers[1]
    finally:
        for worker in workers:
            await worker.core.stop()


async def _add_due_jobs(core: Core, count: int) -> list[int]:
    tenant_id = await core.tenant_id(Tenant("console", "workers"))
    async with core.db.session() as s:
        repo = JobRepo(s)
        return [
            await repo.add(
                tenant_id=tenant_id,
                kind="test.work",
                payload={"n": n},
                due_at=T0 - timedelta(seconds=n % 7),
                cron=None,
                tz=None,
                cancel_key=None,
                owner_id=None,
                now=T0,
            )
            for n in range(count)
        ]


async def test_two_workers_claiming_1000_due_jobs_run_each_once(
    pair: tuple[Worker, Worker],
) -> None:
    a, b = pair
    ids = await _add_due_jobs(a.core, 1000)
    ran = await asyncio.gather(a.core.scheduler.run_due(limit=25), b.core.scheduler.run_due(25))
    assert sum(ran) == 1000
    counts = Counter(job_id for _, job_id in a.done)
    assert sorted(counts) == sorted(ids) and set(counts.values()) == {1}
    by_worker = Counter(worker for worker, _ in a.done)
    assert by_worker["a"] > 0 and by_worker["b"] > 0  # both took part
    assert await a.core.scheduler.run_due() == 0 and await b.core.scheduler.run_due() == 0


async def test_a_killed_workers_claims_pass_to_the_other_after_the_lease(
    pair: tuple[Worker, Worker],
) -> None:
    a, b = pair
    ids = await _add_due_jobs(a.core, 30)
    a.block = True
    killed = asyncio.create_task(a.core.scheduler.run_due(limit=10))
    await asyncio.wait_for(a.first_started.wait(), 10)
    killed.cancel()
    with pytest.raises(asyncio.CancelledError):
        await killed
    # a holds 10 claims it will never finish; b runs the other 20 only.
    assert await b.core.scheduler.run_due() == 20
    clock = b.core.clock
    assert isinstance(clock, ManualClock)
    clock.advance(b.core.scheduler.lease - timedelta(seconds=1))
    assert await b.core.scheduler.run_due() == 0
    clock.advance(timedelta(seconds=1))
    assert await b.core.scheduler.run_due() == 10
    counts = Counter(job_id for _, job_id in b.done)
    assert sorted(counts) == sorted(ids) and set(counts.values()) == {1}
    assert {worker for worker, _ in b.done} == {"b"}
    assert a.started[0] in counts  # the job a was running when it died was taken over


async def test_advancing_the_clock_takes_a_dead_workers_jobs_over_when_the_lease_ends(
    pair: tuple[Worker, Worker],
) -> None:
    a, b = pair
    await _add_due_jobs(a.core, 3)
    a.block = True
    killed = asyncio.create_task(a.core.scheduler.run_due(limit=1))
    await asyncio.wait_for(a.first_started.wait(), 10)
    killed.cancel()
    with pytest.raises(asyncio.CancelledError):
        await killed
    await b.core.scheduler.advance_to(T0 + timedelta(hours=1))
    lease_end = T0 + b.core.scheduler.lease
    assert b.ran_at == [T0, T0, lease_end]  # the dead worker's job at the end of its lease
