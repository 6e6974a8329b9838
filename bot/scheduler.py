"""Due work from the database, run once: reminders, escalations, digests, retention, polls.

Jobs live in the ``jobs`` table (so that nothing is lost over a restart) and are claimed with
a lease (so that with several processes each runs once, and a crashed process's claims are
taken over when the lease expires). APScheduler's AsyncIOScheduler ticks on the shared event
loop and its cron triggers compute recurrences, DST included.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.clock import Clock, ManualClock
from bot.storage.db import Database
from bot.storage.repos.jobs import ClaimedJob, JobRepo

__all__ = ["JobHandler", "JobRun", "Scheduler", "next_occurrence"]

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3


def next_occurrence(cron: str, tz: str | None, after: datetime) -> datetime | None:
    """The first fire time of a crontab expression strictly after ``after``, DST-correct."""
    trigger = CronTrigger.from_crontab(cron, timezone=ZoneInfo(tz or "UTC"))
    fire: datetime | None = trigger.get_next_fire_time(None, after + timedelta(microseconds=1))
    return fire


@dataclass(frozen=True, slots=True)
class JobRun:
    """One occurrence of a job being run. A job that posts calls :meth:`mark_sent` right
    before posting: if it answers False, a previous run may have posted already, so skip."""

    job: ClaimedJob
    scheduler: Scheduler

    @property
    def tenant_id(self) -> int:
        return self.job.tenant_id

    @property
    def payload(self) -> dict[str, Any]:
        return self.job.payload

    @property
    def occurrence(self) -> datetime:
        return self.job.occurrence

    async def mark_sent(self) -> bool:
        return await self.scheduler.mark_sent(self.job)


JobHandler = Callable[[JobRun], Awaitable[None]]
MaybeLostHook = Callable[[ClaimedJob], Awaitable[None]]


class Scheduler:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        *,
        lease: timedelta = timedelta(minutes=5),
        tick_seconds: float = 5.0,
        worker: str | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.lease = lease
        self.tick_seconds = tick_seconds
        self.worker = worker or f"{os.getpid()}-{secrets.token_hex(3)}"
        self._handlers: dict[str, JobHandler] = {}
        self._aps: AsyncIOScheduler | None = None
        self.on_maybe_lost: list[MaybeLostHook] = []

    def register(self, kind: str, handler: JobHandler) -> None:
        if kind in self._handlers:
            raise ValueError(f"job kind registered twice: {kind}")
        self._handlers[kind] = handler

    @property
    def kinds(self) -> set[str]:
        return set(self._handlers)

    async def schedule(
        self,
        tenant_id: int,
        kind: str,
        due: datetime,
        payload: dict[str, Any] | None = None,
        *,
        cron: str | None = None,
        tz: str | None = None,
        cancel_key: str | None = None,
        owner_id: int | None = None,
    ) -> int:
        """Add a job; with ``cron`` it recurs (``due`` is then its first occurrence)."""
        if kind not in self._handlers:
            raise ValueError(f"no handler for job kind {kind}")
        async with self.db.session() as s:
            return await JobRepo(s).add(
                tenant_id=tenant_id,
                kind=kind,
                payload=payload or {},
                due_at=due,
                cron=cron,
                tz=tz,
                cancel_key=cancel_key,
                owner_id=owner_id,
                now=self.clock.now(),
            )

    async def cancel(self, tenant_id: int, cancel_key: str, *kinds: str) -> int:
        """Cancel everything pending under a key (e.g. ``"question 12"``)."""
        async with self.db.session() as s:
            return await JobRepo(s).cancel(tenant_id, cancel_key, kinds)

    async def mark_sent(self, job: ClaimedJob) -> bool:
        async with self.db.session() as s:
            first = await JobRepo(s).mark_sent(job.id, self.worker, job.occurrence)
        if not first:
            log.warning(
                "job %s (%s) occurrence %s may not have been sent: a previous run crashed "
                "after marking it; not sending again",
                job.id,
                job.kind,
                job.occurrence.isoformat(),
            )
            for hook in self.on_maybe_lost:
                await hook(job)
        return first

    async def next_due(self) -> datetime | None:
        async with self.db.session() as s:
            return await JobRepo(s).next_due()

    async def run_due(self, limit: int = 100) -> int:
        """Claim and run every job due now, earliest first; returns how many ran."""
        ran = 0
        while True:
            now = self.clock.now()
            async with self.db.session() as s:
                batch = await JobRepo(s).claim(
                    self.worker, now, now + self.lease, limit, self.db.is_postgres
                )
            if not batch:
                return ran
            for job in batch:
                await self._run(job)
                ran += 1

    async def _run(self, job: ClaimedJob) -> None:
        handler = self._handlers.get(job.kind)
        next_due: datetime | None = None
        status, error = "done", None
        if handler is None:
            status, error = "failed", f"no handler for {job.kind}"
            log.error("job %s: no handler for kind %s", job.id, job.kind)
        else:
            try:
                await handler(JobRun(job, self))
            except Exception as exc:  # a failing job must not stop the others
                error = type(exc).__name__
                log.exception("job %s (%s) failed", job.id, job.kind)
                if job.attempts < MAX_ATTEMPTS and not job.cron:
                    status = "retry"
                    next_due = self.clock.now() + timedelta(minutes=2**job.attempts)
                elif not job.cron:
                    status = "failed"
        if job.cron and status != "retry":
            # Missed occurrences coalesce: the next one is the first after *now*.
            after = max(self.clock.now(), job.occurrence)
            next_due = next_occurrence(job.cron, job.tz, after)
        async with self.db.session() as s:
            await JobRepo(s).finish(
                job.id, self.worker, next_due=next_due, status=status, error=error
            )

    async def advance_to(self, target: datetime) -> None:
        """Move a manual clock to ``target``, running each job due on the way at its own time."""
        clock = self.clock
        assert isinstance(clock, ManualClock), "advance needs the manual clock"
        while True:
            due = await self.next_due()
            if due is None or due > target:
                break
            if due > clock.now():
                clock.set(due)
            if await self.run_due() == 0 and due <= clock.now():
                # Due but not claimable (leased by another worker): stop stepping here.
                break
        clock.set(target)
        await self.run_due()

    def start(self) -> None:
        """Tick on the running event loop."""
        if self._aps is not None:
            return
        self._aps = AsyncIOScheduler(timezone="UTC")
        self._aps.add_job(
            self._tick,
            "interval",
            seconds=self.tick_seconds,
            max_instances=1,
            coalesce=True,
            id="rounds-tick",
        )
        self._aps.start()

    def add_interval(self, name: str, seconds: float, func: Callable[[], Awaitable[None]]) -> None:
        """Another periodic tick on the same APScheduler (e.g. the feed poller)."""
        assert self._aps is not None, "start the scheduler first"
        self._aps.add_job(
            func, "interval", seconds=seconds, max_instances=1, coalesce=True, id=name
        )

    async def _tick(self) -> None:
        try:
            await self.run_due()
        except Exception:
            log.exception("scheduler tick failed")

    def shutdown(self) -> None:
        if self._aps is not None:
            self._aps.shutdown(wait=False)
            self._aps = None
