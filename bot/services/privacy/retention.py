"""Retention: a daily job per workspace purges Rounds' message copies older than
``privacy.retention_days``. Q&A and event records live in their own tables and stay until
their author erases them."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.context import Ctx, StoredMessage
from bot.scheduler import JobRun, next_occurrence
from bot.storage.repos import MessageRepo
from bot.storage.repos.jobs import JobRepo

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["RETENTION_JOB", "Retention"]

log = logging.getLogger(__name__)

RETENTION_JOB = "privacy.retention"
_CRON = "30 3 * * *"  # daily, at a quiet hour (UTC)
_CANCEL_KEY = "privacy retention"


class Retention:
    def __init__(self, core: Core) -> None:
        self.core = core
        self._scheduled: set[int] = set()

    async def ensure(self, tenant_id: int) -> None:
        """Schedule the workspace's daily purge once (checked in the database, so that a
        restart or a second process does not add another)."""
        if self.core.config.privacy.retention_days <= 0 or tenant_id in self._scheduled:
            return
        async with self.core.db.session() as s:
            pending = await JobRepo(s).pending(tenant_id, kind=RETENTION_JOB)
        if not pending:
            first = next_occurrence(_CRON, "UTC", self.core.clock.now())
            assert first is not None
            await self.core.scheduler.schedule(
                tenant_id, RETENTION_JOB, first, cron=_CRON, tz="UTC", cancel_key=_CANCEL_KEY
            )
        self._scheduled.add(tenant_id)

    async def on_message(self, ctx: Ctx, stored: StoredMessage) -> None:
        await self.ensure(ctx.tenant_id)

    async def run(self, run: JobRun) -> None:
        days = self.core.config.privacy.retention_days
        if days <= 0:
            return  # retention turned off since the job was scheduled
        cutoff = self.core.clock.now() - timedelta(days=days)
        await self.core.copies.flush()
        async with self.core.db.session() as s:
            purged = await MessageRepo(s, run.tenant_id).purge_before(cutoff)
        log.info("retention: purged %d message copies older than %d days", purged, days)
