"""The job table: schedule, cancel, claim with a lease, finish. Claims are atomic on both
engines (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite serialises writers)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Job

__all__ = ["ClaimedJob", "JobRepo"]


@dataclass(frozen=True, slots=True)
class ClaimedJob:
    id: int
    tenant_id: int
    kind: str
    payload: dict[str, Any]
    occurrence: datetime
    cron: str | None
    tz: str | None
    attempts: int
    sent_occurrence: datetime | None


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
        result = await self.s.execute(
            update(Job)
            .where(Job.tenant_id == tenant_id, Job.owner_id == owner_id, Job.status == "pending")
            .values(status="cancelled")
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def pending(
        self, tenant_id: int, *, kind: str | None = None, cancel_key: str | None = None
    ) -> list[Job]:
        stmt = select(Job).where(Job.tenant_id == tenant_id, Job.status == "pending")
        if kind is not None:
            stmt = stmt.where(Job.kind == kind)
        if cancel_key is not None:
            stmt = stmt.where(Job.cancel_key == cancel_key)
        return list(await self.s.scalars(stmt.order_by(Job.due_at, Job.id)))

    def _claimable(self, now: datetime) -> Any:
        return and_(
            Job.status == "pending",
            Job.due_at <= now,
            or_(Job.lease_until.is_(None), Job.lease_until < now),
        )

    async def next_due(self) -> datetime | None:
        found: datetime | None = await self.s.scalar(
            select(func.min(Job.due_at)).where(Job.status == "pending")
        )
        return found

    async def claim(
        self, worker: str, now: datetime, lease_until: datetime, limit: int, postgres: bool
    ) -> list[ClaimedJob]:
        """Claim up to ``limit`` due jobs for ``worker``, earliest first."""
        pick = select(Job.id).where(self._claimable(now)).order_by(Job.due_at, Job.id).limit(limit)
        if postgres:
            pick = pick.with_for_update(skip_locked=True)
        ids = list(await self.s.scalars(pick))
        if not ids:
            return []
        result = await self.s.execute(
            update(Job)
            .where(Job.id.in_(ids), self._claimable(now))
            .values(claimed_by=worker, lease_until=lease_until, attempts=Job.attempts + 1)
            .returning(Job)
        )
        jobs = sorted(result.scalars().all(), key=lambda j: (j.due_at, j.id))
        return [
            ClaimedJob(
                id=j.id,
                tenant_id=j.tenant_id,
                kind=j.kind,
                payload=dict(j.payload or {}),
                occurrence=j.due_at,
                cron=j.cron,
                tz=j.tz,
                attempts=j.attempts,
                sent_occurrence=j.sent_occurrence,
            )
            for j in jobs
        ]

    async def mark_sent(self, job_id: int, worker: str, occurrence: datetime) -> bool:
        """Record that this occurrence is about to be posted; False if it already was."""
        result = await self.s.execute(
            update(Job)
            .where(
                Job.id == job_id,
                or_(Job.sent_occurrence.is_(None), Job.sent_occurrence != occurrence),
            )
            .values(sent_occurrence=occurrence)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def finish(
        self,
        job_id: int,
        worker: str,
        *,
        next_due: datetime | None,
        status: str = "done",
        error: str | None = None,
    ) -> None:
        """Close a claimed job, or put a recurring one back with its next due time."""
        values: dict[str, Any] = {"claimed_by": None, "lease_until": None, "last_error": error}
        if next_due is not None:
            values.update(status="pending", due_at=next_due)
            if status == "retry":
                values["status"] = "pending"
            else:
                values["attempts"] = 0
        else:
            values["status"] = status
        await self.s.execute(
            update(Job).where(Job.id == job_id, Job.claimed_by == worker).values(**values)
        )
