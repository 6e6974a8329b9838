"""The job table: schedule, cancel, claim with a lease, mark an occurrence sent, finish.

A claim is atomic on both engines. PostgreSQL: ``SELECT … FOR UPDATE SKIP LOCKED`` then an
``UPDATE`` of those rows, so that concurrent workers pick disjoint rows without waiting.
SQLite: one ``UPDATE … WHERE id IN (SELECT … LIMIT n) RETURNING`` statement; SQLite serialises
writers, and a single statement never has to upgrade a read snapshot to a write lock (which
fails at once with SQLITE_BUSY when another process wrote in between).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Job

__all__ = ["ClaimedJob", "JobRepo", "MarkResult"]


@dataclass(frozen=True, slots=True)
class ClaimedJob:
    """A job this worker holds the lease of. ``occurrence`` is the time this run stands for:
    the due time, kept unchanged across retries so that ``mark_sent`` recognises a re-run."""

    id: int
    tenant_id: int
    kind: str
    payload: dict[str, Any]
    occurrence: datetime
    cron: str | None
    tz: str | None
    attempts: int
    sent_occurrence: datetime | None


class MarkResult(Enum):
    """What :meth:`JobRepo.mark_sent` found."""

    MARKED = "marked"  # first time: go ahead and post
    ALREADY = "already"  # an earlier run marked this occurrence and did not finish
    LOST = "lost"  # the lease passed to another worker: leave the job to it


class JobRepo:
    """Not tenant-scoped for claiming (the scheduler serves every tenant); scheduling and
    cancelling always name the tenant."""

    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def add(
        self,
        *,
        tenant_id: int,
        kind: str,
        payload: dict[str, Any],
        due_at: datetime,
        cron: str | None,
        tz: str | None,
        cancel_key: str | None,
        owner_id: int | None,
        now: datetime,
    ) -> int:
        """Insert a pending job; returns its id."""
        job = Job(
            tenant_id=tenant_id,
            kind=kind,
            payload=payload,
            due_at=due_at,
            cron=cron,
            tz=tz,
            cancel_key=cancel_key,
            owner_id=owner_id,
            status="pending",
            attempts=0,
            created_at=now,
        )
        self.s.add(job)
        await self.s.flush()
        return job.id

    async def cancel(self, tenant_id: int, cancel_key: str, kinds: Sequence[str] = ()) -> int:
        """Cancel the pending jobs under a key (of ``kinds`` only, if given); how many."""
        stmt = (
            update(Job)
            .where(
                Job.tenant_id == tenant_id,
                Job.cancel_key == cancel_key,
                Job.status == "pending",
            )
            .values(status="cancelled")
        )
        if kinds:
            stmt = stmt.where(Job.kind.in_(kinds))
        result = await self.s.execute(stmt)
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def cancel_owned(self, tenant_id: int, owner_id: int) -> int:
        """Cancel a member's pending jobs (erasure); how many."""
        result = await self.s.execute(
            update(Job)
            .where(Job.tenant_id == tenant_id, Job.owner_id == owner_id, Job.status == "pending")
            .values(status="cancelled")
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def pending(
        self, tenant_id: int, *, kind: str | None = None, cancel_key: str | None = None
    ) -> list[Job]:
        """A tenant's pending jobs, earliest first, optionally of one kind or key."""
        stmt = select(Job).where(Job.tenant_id == tenant_id, Job.status == "pending")
        if kind is not None:
            stmt = stmt.where(Job.kind == kind)
        if cancel_key is not None:
            stmt = stmt.where(Job.cancel_key == cancel_key)
        return list(await self.s.scalars(stmt.order_by(Job.due_at, Job.id)))

    async def get(self, job_id: int) -> Job | None:
        """One job by id, whatever its tenant (for the scheduler and its tests)."""
        return await self.s.get(Job, job_id)

    @staticmethod
    def _claimable(now: datetime) -> ColumnElement[bool]:
        # An expired lease (a crashed or stalled worker) makes the job claimable again.
        return and_(
            Job.status == "pending",
            Job.due_at <= now,
            or_(Job.lease_until.is_(None), Job.lease_until <= now),
        )

    async def next_due(self) -> datetime | None:
        """The earliest time a pending job becomes claimable: its due time, or the end of the
        lease another worker holds on it."""
        free_at = case((Job.lease_until > Job.due_at, Job.lease_until), else_=Job.due_at)
        found: datetime | None = await self.s.scalar(
            select(func.min(free_at)).where(Job.status == "pending")
        )
        return found

    async def claim(
        self, worker: str, now: datetime, lease_until: datetime, limit: int, postgres: bool
    ) -> list[ClaimedJob]:
        """Claim up to ``limit`` due jobs for ``worker``, earliest first, in one statement."""
        pick = select(Job.id).where(self._claimable(now)).order_by(Job.due_at, Job.id).limit(limit)
        chosen: Any
        if postgres:
            # Lock the rows first: inside ``UPDATE … IN (subquery)`` PostgreSQL may run a
            # ``LIMIT … SKIP LOCKED`` subquery more than once and claim far more than asked.
            chosen = list(await self.s.scalars(pick.with_for_update(skip_locked=True)))
            if not chosen:
                return []
        else:
            chosen = pick.scalar_subquery()
        result = await self.s.execute(
            update(Job)
            .where(Job.id.in_(chosen), self._claimable(now))
            .values(claimed_by=worker, lease_until=lease_until, attempts=Job.attempts + 1)
            .returning(Job)
            .execution_options(synchronize_session=False)
        )
        jobs = sorted(result.scalars().all(), key=lambda j: (j.due_at, j.id))
        return [
            ClaimedJob(
                id=j.id,
                tenant_id=j.tenant_id,
                kind=j.kind,
                payload=dict(j.payload or {}),
                occurrence=j.occurrence or j.due_at,
                cron=j.cron,
                tz=j.tz,
                attempts=j.attempts,
                sent_occurrence=j.sent_occurrence,
            )
            for j in jobs
        ]

    async def mark_sent(self, job_id: int, worker: str, occurrence: datetime) -> MarkResult:
        """Record that this occurrence is about to be posted, once: a second mark of the same
        occurrence means an earlier run got this far and never finished."""
        result = await self.s.execute(
            update(Job)
            .where(
                Job.id == job_id,
                Job.claimed_by == worker,
                or_(Job.sent_occurrence.is_(None), Job.sent_occurrence != occurrence),
            )
            .values(sent_occurrence=occurrence)
        )
        if result.rowcount:  # type: ignore[attr-defined]
            return MarkResult.MARKED
        holder = await self.s.scalar(select(Job.claimed_by).where(Job.id == job_id))
        return MarkResult.ALREADY if holder == worker else MarkResult.LOST

    async def finish(
        self,
        job_id: int,
        worker: str,
        *,
        next_due: datetime | None,
        status: str = "done",
        error: str | None = None,
        occurrence: datetime | None = None,
    ) -> bool:
        """Close a claimed job, put a recurring one back with its next due time, or (status
        ``retry``) try the same ``occurrence`` again at ``next_due``. False when the lease had
        passed to another worker, whose run then decides."""
        values: dict[str, Any] = {"claimed_by": None, "lease_until": None, "last_error": error}
        if status == "retry":
            values.update(status="pending", due_at=next_due, occurrence=occurrence)
        elif next_due is not None:
            values.update(status="pending", due_at=next_due, occurrence=None, attempts=0)
        else:
            values["status"] = status
        result = await self.s.execute(
            update(Job).where(Job.id == job_id, Job.claimed_by == worker).values(**values)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]
