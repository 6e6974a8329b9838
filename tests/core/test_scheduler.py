"""The scheduler over restarts: each job runs once, missed occurrences coalesce, a finished or
cancelled job never runs, and a crash between marking and posting is audited, never re-sent."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import Core
from bot.clock import ManualClock
from bot.config import Config
from bot.platform import Tenant
from bot.scheduler import JobRun
from bot.storage.repos.audit import AuditRepo
from bot.storage.repos.jobs import JobRepo

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
TENANT = Tenant("console", "sched")

Ran = list[tuple[str, int, datetime]]


class Nodes:
    """Cores on one database: start, stop, restart, each recording the jobs it ran."""

    def __init__(self, url: str, data_dir: Path) -> None:
        self.url = url
        self.data_dir = data_dir
        self.clock = ManualClock(T0)
        self.ran: Ran = []
        self.cores: list[Core] = []

    async def start(
        self, worker: str, handler: Callable[[str, JobRun], Awaitable[None]] | None = None
    ) -> Core:
        core = Core(
            Config(data_dir=self.data_dir, database_url=self.url), clock=self.clock, worker=worker
        )

        async def record(run: JobRun) -> None:
            if handler is not None:
                await handler(worker, run)
            self.ran.append((worker, run.job.id, run.occurrence))

        core.scheduler.register("test.note", record)
        await core.start(ticking=False)
        self.cores.append(core)
        return core

    async def stop(self, core: Core) -> None:
        self.cores.remove(core)
        await core.stop()

    async def close(self) -> None:
        for core in list(self.cores):
            await self.stop(core)


@pytest.fixture
async def nodes(db_url: str, tmp_path: Path) -> AsyncIterator[Nodes]:
    group = Nodes(db_url, tmp_path / "data")
    try:
        yield group
    finally:
        await group.close()


async def test_jobs_run_exactly_once_across_a_restart(nodes: Nodes) -> None:
    core = await nodes.start("w1")
    tenant_id = await core.tenant_id(TENANT)
    ids = [
        await core.scheduler.schedule(tenant_id, "test.note", T0 + timedelta(hours=h), {"n": h})
        for h in (3, 1, 2)
    ]
    assert await core.scheduler.run_due() == 0
    await nodes.stop(core)

    nodes.clock.advance(timedelta(hours=5))
    core = await nodes.start("w2")
    assert await core.scheduler.run_due() == 3
    assert await core.scheduler.run_due() == 0
    assert [job_id for _, job_id, _ in nodes.ran] == [ids[1], ids[2], ids[0]]
    await nodes.stop(core)

    core = await nodes.start("w3")
    nodes.clock.advance(timedelta(days=30))
    assert await core.scheduler.run_due() == 0
    assert len(nodes.ran) == 3


async def test_a_job_due_while_down_runs_once_on_the_first_tick(nodes: Nodes) -> None:
    core = await nodes.start("w1")
    tenant_id = await core.tenant_id(TENANT)
    await core.scheduler.schedule(tenant_id, "test.note", T0 + timedelta(minutes=1))
    await nodes.stop(core)

    nodes.clock.advance(timedelta(hours=1))
    core = Core(Config(data_dir=nodes.data_dir, database_url=nodes.url), clock=nodes.clock)
    core.scheduler.register("test.note", _recorder(nodes.ran, "ticking"))
    core.scheduler.tick_seconds = 0.05
    await core.start()  # APScheduler ticks on this loop, the first time at once
    try:
        for _ in range(200):
            if nodes.ran:
                break
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.3)  # several more ticks: none may run it again
    finally:
        await core.stop()
    assert [(who, when) for who, _, when in nodes.ran] == [("ticking", T0 + timedelta(minutes=1))]


def _recorder(ran: Ran, worker: str) -> Callable[[JobRun], Awaitable[None]]:
    async def record(run: JobRun) -> None:
        ran.append((worker, run.job.id, run.occurrence))

    return record


async def test_missed_occurrences_of_a_recurring_job_coalesce(nodes: Nodes) -> None:
    core = await nodes.start("w1")
    tenant_id = await core.tenant_id(TENANT)
    job_id = await core.scheduler.schedule(
        tenant_id, "test.note", T0 + timedelta(hours=1), cron="0 * * * *", tz="UTC"
    )
    await nodes.stop(core)

    nodes.clock.advance(timedelta(hours=5, minutes=30))  # five occurrences missed
    core = await nodes.start("w2")
    assert await core.scheduler.run_due() == 1
    assert nodes.ran == [("w2", job_id, T0 + timedelta(hours=1))]
    assert await core.scheduler.next_due() == T0 + timedelta(hours=6)

    await core.scheduler.advance_to(T0 + timedelta(hours=8))
    assert [when for _, _, when in nodes.ran[1:]] == [
        T0 + timedelta(hours=6),
        T0 + timedelta(hours=7),
        T0 + timedelta(hours=8),
    ]


async def test_finished_and_failed_jobs_never_run_again(nodes: Nodes) -> None:
    attempts: list[datetime] = []

    async def flaky(worker: str, run: JobRun) -> None:
        if run.payload.get("fail"):
            attempts.append(nodes.clock.now())
            raise RuntimeError("always fails")

    core = await nodes.start("w1", flaky)
    tenant_id = await core.tenant_id(TENANT)
    done_id = await core.scheduler.schedule(tenant_id, "test.note", T0)
    failing_id = await core.scheduler.schedule(tenant_id, "test.note", T0, {"fail": True})
    await core.scheduler.advance_to(T0 + timedelta(hours=1))
    # Retried after 2 and 4 minutes, then given up; the occurrence stays the first one.
    assert attempts == [T0, T0 + timedelta(minutes=2), T0 + timedelta(minutes=6)]
    await nodes.stop(core)

    core = await nodes.start("w2", flaky)
    nodes.clock.advance(timedelta(days=400))
    assert await core.scheduler.run_due() == 0
    async with core.db.session() as s:
        repo = JobRepo(s)
        done, failed = await repo.get(done_id), await repo.get(failing_id)
    assert done is not None and done.status == "done"
    assert failed is not None and failed.status == "failed"
    assert failed.last_error == "RuntimeError" and failed.claimed_by is None
    assert [job_id for _, job_id, _ in nodes.ran] == [done_id]


async def test_cancel_keys_cancel_what_is_pending_under_them(nodes: Nodes) -> None:
    core = await nodes.start("w1")
    core.scheduler.register("test.other", _recorder(nodes.ran, "other"))
    sched = core.scheduler
    tenant_id = await core.tenant_id(TENANT)
    elsewhere = await core.tenant_id(Tenant("console", "elsewhere"))
    due = T0 + timedelta(hours=1)
    await sched.schedule(tenant_id, "test.note", due, cancel_key="question 12")
    await sched.schedule(tenant_id, "test.note", due, cancel_key="question 12")
    kept_kind = await sched.schedule(tenant_id, "test.other", due, cancel_key="question 12")
    kept_key = await sched.schedule(tenant_id, "test.note", due, cancel_key="question 13")
    kept_tenant = await sched.schedule(elsewhere, "test.note", due, cancel_key="question 12")

    assert await sched.cancel(tenant_id, "question 12", "test.note") == 2
    assert await sched.cancel(tenant_id, "question 12", "test.note") == 0
    await sched.advance_to(due)
    assert sorted(job_id for _, job_id, _ in nodes.ran) == [kept_kind, kept_key, kept_tenant]

    assert await sched.cancel(tenant_id, "question 12") == 0  # ran already: nothing pending


async def test_schedule_refuses_unknown_kinds_crons_and_zones(nodes: Nodes) -> None:
    core = await nodes.start("w1")
    tenant_id = await core.tenant_id(TENANT)
    with pytest.raises(ValueError, match="no handler"):
        await core.scheduler.schedule(tenant_id, "test.nope", T0)
    with pytest.raises(ValueError):
        await core.scheduler.schedule(tenant_id, "test.note", T0, cron="61 * * * *")
    with pytest.raises(ValueError, match="time zone"):
        await core.scheduler.schedule(tenant_id, "test.note", T0, cron="0 7 * * *", tz="Mars/Base")


async def test_a_crash_between_marking_and_posting_is_audited_never_resent(
    nodes: Nodes,
) -> None:
    marked = asyncio.Event()
    sent: list[tuple[str, datetime]] = []

    async def crashes_after_marking(worker: str, run: JobRun) -> None:
        if await run.mark_sent():
            marked.set()
            await asyncio.Event().wait()  # the process dies here, before posting

    async def posts(worker: str, run: JobRun) -> None:
        if await run.mark_sent():
            sent.append((worker, run.occurrence))

    core = await nodes.start("w1", crashes_after_marking)
    tenant_id = await core.tenant_id(TENANT)
    await core.scheduler.schedule(
        tenant_id, "test.note", T0 + timedelta(hours=1), cron="0 13 * * *", tz="UTC"
    )
    nodes.clock.advance(timedelta(hours=1))
    running = asyncio.create_task(core.scheduler.run_due())
    await asyncio.wait_for(marked.wait(), 10)
    running.cancel()  # killed: the claim and the mark stay, the finish never happens
    with pytest.raises(asyncio.CancelledError):
        await running
    await nodes.stop(core)

    core = await nodes.start("w2", posts)
    assert await core.scheduler.run_due() == 0  # the dead worker's lease still holds
    nodes.clock.advance(core.scheduler.lease)
    assert await core.scheduler.run_due() == 1
    assert sent == []  # maybe lost, never sent twice
    async with core.db.session() as s:
        rows = await AuditRepo(s, tenant_id).recent(action="job.maybe_not_sent")
    assert len(rows) == 1
    assert rows[0].actor == "system" and rows[0].outcome == "maybe_lost"
    assert rows[0].detail["occurrence"] == (T0 + timedelta(hours=1)).isoformat()

    await core.scheduler.advance_to(T0 + timedelta(days=1, hours=2))
    assert sent == [("w2", T0 + timedelta(days=1, hours=1))]  # the next occurrence is sent


async def test_stopping_lets_a_job_in_flight_finish(nodes: Nodes) -> None:
    started, finished = asyncio.Event(), asyncio.Event()

    async def slow(run: JobRun) -> None:
        started.set()
        await asyncio.sleep(0.2)
        finished.set()

    core = Core(Config(data_dir=nodes.data_dir, database_url=nodes.url), clock=nodes.clock)
    core.scheduler.register("test.slow", slow)
    core.scheduler.tick_seconds = 0.05
    await core.start(ticking=False)
    job_id = await core.scheduler.schedule(await core.tenant_id(TENANT), "test.slow", T0)
    core.scheduler.start()
    await asyncio.wait_for(started.wait(), 10)
    await core.stop()
    assert finished.is_set()

    core = await nodes.start("w2")
    async with core.db.session() as s:
        job = await JobRepo(s).get(job_id)
    assert job is not None and job.status == "done" and job.claimed_by is None
