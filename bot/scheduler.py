"""Due work from the database, run once: reminders, escalations, digests, retention, polls.

Jobs live in the ``jobs`` table (so that nothing is lost over a restart) and are claimed with
a lease (so that with several processes each runs once, and a crashed process's claims are
taken over when the lease expires). APScheduler's AsyncIOScheduler ticks on the shared event
loop and its cron triggers compute recurrences, DST included.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.clock import Clock, ManualClock
from bot.dispatch import safe_trace
from bot.storage.db import Database
from bot.storage.repos.jobs import ClaimedJob, JobRepo, MarkResult

__all__ = ["JobHandler", "JobRun", "Scheduler", "next_occurrence"]

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3


def next_occurrence(cron: str, tz: str | None, after: datetime) -> datetime | None:
    """The first fire time of a crontab expression strictly after ``after``, DST-correct.
    Raises ValueError for a malformed expression or an unknown time zone."""
    try:
        zone = ZoneInfo(tz or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone: {tz!r}") from None
    trigger = CronTrigger.from_crontab(cron, timezone=zone)
    # CronTrigger rounds ``now`` up to the next whole second: one microsecond later is
    # therefore "strictly after", even when ``after`` is itself a fire time.
    fire: datetime | None = trigger.get_next_fire_time(None, after + timedelta(microseconds=1))
    return fire.astimezone(UTC) if fire is not None else None


@dataclass(frozen=True, slots=True)
class JobRun:
    """One occurrence of a job being run. A job that posts calls :meth:`mark_sent` right
    before posting: if it answers False, a previous run may have posted already, so skip."""

    job: ClaimedJob
    scheduler: Scheduler

    @property
    def tenant_id(self) -> int:
        """The tenant the job belongs to."""
        return self.job.tenant_id

    @property
    def payload(self) -> dict[str, Any]:
        """The job's JSON payload, as scheduled."""
        return self.job.payload

    @property
    def occurrence(self) -> datetime:
        """The time this run stands for (its due time; the first missed one after downtime)."""
        return self.job.occurrence

    async def mark_sent(self) -> bool:
        """Mark this occurrence as being posted; False means do not post."""
        return await self.scheduler.mark_sent(self.job)


JobHandler = Callable[[JobRun], Awaitable[None]]
MaybeLostHook = Callable[[ClaimedJob], Awaitable[None]]


class Scheduler:
    """Jobs by kind; ``schedule``/``cancel`` from services, ``run_due`` from the ticks.

    The next due time is cached per process (refreshed by every ``run_due``, lowered by every
    ``schedule``), so that :meth:`run_due_if_any` costs no query when nothing can be due. Jobs
    scheduled by *another* process are seen at the next tick, which always queries.
    """

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
        #: called when a run finds its occurrence already marked (a crash after marking)
        self.on_maybe_lost: list[MaybeLostHook] = []
        self._next: datetime | None = None
        self._next_known = False
        self._generation = 0  # bumped by schedule(), so a stale refresh never hides a job
        self._ticking = asyncio.Lock()  # held while a tick runs jobs, so stop() can wait

    def register(self, kind: str, handler: JobHandler) -> None:
        """The handler of a job kind; each kind once."""
        if kind in self._handlers:
            raise ValueError(f"job kind registered twice: {kind}")
        self._handlers[kind] = handler

    @property
    def kinds(self) -> set[str]:
        """Every registered job kind."""
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
        """Add a job; with ``cron`` (crontab syntax, in ``tz``) it recurs and ``due`` is its
        first occurrence. Raises ValueError for an unknown kind, cron expression or zone."""
        if kind not in self._handlers:
            raise ValueError(f"no handler for job kind {kind}")
        if cron is not None:
            next_occurrence(cron, tz, due)  # validate now rather than at the first run
        async with self.db.session() as s:
            job_id = await JobRepo(s).add(
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
        self._expect(due)
        return job_id

    def _expect(self, due: datetime) -> None:
        self._generation += 1
        if self._next_known and (self._next is None or due < self._next):
            self._next = due

    async def cancel(self, tenant_id: int, cancel_key: str, *kinds: str) -> int:
        """Cancel everything pending under a key (e.g. ``"question 12"``), optionally only
        jobs of the given kinds; returns how many were cancelled."""
        async with self.db.session() as s:
            return await JobRepo(s).cancel(tenant_id, cancel_key, kinds)

    async def mark_sent(self, job: ClaimedJob) -> bool:
        """Mark the occurrence before posting. False when an earlier run of it already did
        (it crashed before finishing: logged and reported as maybe not sent, never re-sent),
        or when the lease passed to another worker."""
        async with self.db.session() as s:
            found = await JobRepo(s).mark_sent(job.id, self.worker, job.occurrence)
        if found is MarkResult.MARKED:
            return True
        if found is MarkResult.LOST:
            log.warning("job %s (%s): lease lost before posting; not sending", job.id, job.kind)
            return False
        log.warning(
            "job %s (%s) occurrence %s may not have been sent: a previous run crashed "
            "after marking it; not sending again",
            job.id,
            job.kind,
            job.occurrence.isoformat(),
        )
        for hook in self.on_maybe_lost:
            try:
                await hook(job)
            except Exception as exc:  # reporting must not stop the job from finishing
                log.error("maybe-not-sent hook failed: %s", safe_trace(exc))
        return False

    async def next_due(self) -> datetime | None:
        """When the next pending job becomes claimable (due, and no live lease on it)."""
        async with self.db.session() as s:
            return await JobRepo(s).next_due()

    async def run_due(self, limit: int = 100) -> int:
        """Claim and run every job due now, earliest first; returns how many ran."""
        ran = 0
        while True:
            now = self.clock.now()
            lease_until = now + self.lease
            generation = self._generation
            async with self.db.session() as s:
                repo = JobRepo(s)
                batch = await repo.claim(self.worker, now, lease_until, limit, self.db.is_postgres)
                if not batch:
                    upcoming = await repo.next_due()
            if not batch:
                # A job scheduled meanwhile may have committed after that query: then the
                # cache is not trusted until the next refresh.
                self._next, self._next_known = upcoming, generation == self._generation
                return ran
            for job in batch:
                if self.clock.now() >= lease_until:
                    # The batch took longer than the lease: another worker may hold this job
                    # now. It stays claimable (by anyone, this worker included).
                    log.warning("job %s: lease ran out before it started; left", job.id)
                    continue
                await self._run(job)
                ran += 1

    async def run_due_if_any(self) -> int:
        """:meth:`run_due`, unless this process knows that nothing is due yet (no query)."""
        if self._next_known and (self._next is None or self._next > self.clock.now()):
            return 0
        return await self.run_due()

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
                log.error("job %s (%s) failed: %s", job.id, job.kind, safe_trace(exc))
                if job.cron:
                    pass  # a recurring job is not retried: its next occurrence comes anyway
                elif job.attempts < MAX_ATTEMPTS:
                    status = "retry"
                    next_due = self.clock.now() + timedelta(minutes=2**job.attempts)
                else:
                    status = "failed"
        if job.cron and status != "retry":
            # Missed occurrences coalesce: the next one is the first after *now*.
            next_due = next_occurrence(job.cron, job.tz, max(self.clock.now(), job.occurrence))
        async with self.db.session() as s:
            kept = await JobRepo(s).finish(
                job.id,
                self.worker,
                next_due=next_due,
                status=status,
                error=error,
                occurrence=job.occurrence,
            )
        if not kept:
            log.warning("job %s: lease passed to another worker while it ran", job.id)

    async def advance_to(self, target: datetime) -> None:
        """Move a manual clock to ``target``, running each job that falls due on the way at its
        own time, in order (a job scheduled on the way runs too, if due before ``target``)."""
        clock = self.clock
        if not isinstance(clock, ManualClock):
            raise TypeError("advance needs the manual clock")
        while True:
            await self.run_due()
            upcoming = await self.next_due()
            if upcoming is None or upcoming > target or upcoming <= clock.now():
                # Nothing more on the way (or due now but held by another worker's lease).
                break
            clock.set(upcoming)
        clock.set(target)
        await self.run_due()

    def start(self) -> None:
        """Tick on the running event loop, the first time at once (work due while down)."""
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
            next_run_time=datetime.now(UTC),
        )
        self._aps.start()

    def add_interval(self, name: str, seconds: float, func: Callable[[], Awaitable[None]]) -> None:
        """Another periodic tick on the same APScheduler (e.g. the feed poller)."""
        assert self._aps is not None, "start the scheduler first"
        self._aps.add_job(
            func, "interval", seconds=seconds, max_instances=1, coalesce=True, id=name
        )

    async def _tick(self) -> None:
        async with self._ticking:
            try:
                await self.run_due()
            except Exception as exc:  # the next tick tries again
                log.error("scheduler tick failed: %s", safe_trace(exc))

    async def stop(self) -> None:
        """Stop ticking and let a tick in flight finish its jobs (so that a clean restart
        leaves no claim to wait out, and no post reported as maybe not sent)."""
        if self._aps is not None:
            self._aps.pause()  # no new ticks; shutting down at once would cancel this one
        async with self._ticking:
            self.shutdown()

    def shutdown(self) -> None:
        """Stop ticking (jobs in flight keep their lease until it expires)."""
        if self._aps is not None:
            self._aps.shutdown(wait=False)
            self._aps = None
