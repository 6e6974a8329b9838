"""Digests: on demand and scheduled (exactly once per occurrence, DST-correct)."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.domain.reply import Reply
from bot.outbox import Outbox
from bot.scheduler import JobRun, next_occurrence
from bot.services.digests.filters import parse_filter
from bot.services.digests.render import digest_reply, scrubbed
from bot.storage.repos.feeds import DIGEST_JOB, WorkspaceFeeds

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["JOB_KIND", "PERIODS", "Digests", "cron_for"]

JOB_KIND = DIGEST_JOB
PERIODS = {"day": timedelta(days=1), "week": timedelta(weeks=1), "month": timedelta(days=30)}
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FETCH_LIMIT = 500


def cron_for(frequency: str, time: str, day: str | None) -> str:
    """``daily 07:00`` → ``0 7 * * *``; ``weekly mon 07:00`` → ``0 7 * * mon``."""
    hour, minute = (int(p) for p in time.split(":"))
    return f"{minute} {hour} * * {day if frequency == 'weekly' else '*'}"


class Digests:
    """Builds digests and runs the scheduled ones (job kind ``digests.send``)."""

    def __init__(self, core: Core) -> None:
        self.core = core
        core.scheduler.register(JOB_KIND, self._scheduled)

    async def build(
        self,
        tenant_id: int,
        channel: str,
        title: str,
        since: datetime | None,
        *,
        fallback: timedelta = PERIODS["week"],
    ) -> tuple[Reply, datetime]:
        """The digest of ``channel``'s feeds since ``since`` (default: its last digest, or
        ``fallback`` back when it never had one)."""
        now = self.core.clock.now()
        async with self.core.db.session() as s:
            mine = WorkspaceFeeds(s, tenant_id)
            start = since or await mine.last_digest(channel) or now - fallback
            articles = await mine.digest_articles(channel, start, _FETCH_LIMIT)
            expression = await mine.filter(channel)
        if expression:
            articles = await asyncio.to_thread(parse_filter(expression).passing, articles)
        return scrubbed(digest_reply(title, articles, start, now), self.core.gate), now

    async def deliver(
        self,
        outbox: Outbox,
        tenant_id: int,
        channel: str,
        reply: Reply,
        now: datetime,
        *,
        mark: str | None,
    ) -> None:
        """Post a digest with a thread that invites discussion; remember when for the
        channel ``mark`` (whose feeds it covered), if any."""
        ref = await outbox.post(channel, reply)
        if reply.sections:
            await outbox.post(
                channel,
                Reply.of("💬 Discuss these articles here, in this thread."),
                thread=ref.id,
            )
        if mark is not None:
            async with self.core.db.session() as s:
                await WorkspaceFeeds(s, tenant_id).mark_digest(mark, now)

    async def schedule(
        self,
        tenant_id: int,
        channel: str,
        title: str,
        cron: str,
        tz: str,
        period: str,
        *,
        by: int,
    ) -> datetime:
        """Replace the channel's schedule; returns the first time it will be sent. The job
        belongs to the channel, not to the member ``by`` who set it: their erasure keeps it
        (and forgets them), their export lists it."""
        key = f"digest {channel}"
        await self.core.scheduler.cancel(tenant_id, key, JOB_KIND)
        first = next_occurrence(cron, tz, self.core.clock.now())
        if first is None:  # a valid crontab always fires again; this guards the type only
            raise ValueError(f"{cron} never fires")
        await self.core.scheduler.schedule(
            tenant_id,
            JOB_KIND,
            first,
            {"channel": channel, "title": title, "period": period, "created_by": by},
            cron=cron,
            tz=tz,
            cancel_key=key,
        )
        return first

    async def unschedule(self, tenant_id: int, channel: str) -> int:
        """Cancel a channel's scheduled digest; how many jobs were cancelled."""
        return await self.core.scheduler.cancel(tenant_id, f"digest {channel}", JOB_KIND)

    async def _scheduled(self, run: JobRun) -> None:
        """One occurrence of a scheduled digest: marked as sent right before posting, so
        that a crash in between is audited as maybe not sent, never posted twice."""
        channel, title = str(run.payload["channel"]), str(run.payload["title"])
        fallback = PERIODS.get(str(run.payload.get("period")), PERIODS["week"])
        reply, now = await self.build(run.tenant_id, channel, title, None, fallback=fallback)
        outbox = await self.core.outbox_for(run.tenant_id)
        if not await run.mark_sent():
            return
        await self.deliver(outbox, run.tenant_id, channel, reply, now, mark=channel)
