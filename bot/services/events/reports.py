"""``/event stats`` (figures and a chart) and ``/event export`` (the transcript as a file)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot.commands import ParsedArgs
from bot.context import Ctx
from bot.domain.reply import FileOut, Reply
from bot.outbox import Outbox
from bot.services.events.channels import ChannelDirectory
from bot.services.events.chart import render_chart
from bot.services.events.export import FORMATS, describe, render, transcript
from bot.services.events.lookup import find_event
from bot.services.events.stats import EventStats, compute, stats_reply
from bot.storage.repos.events import (
    EventInfo,
    EventRepo,
    PostInfo,
    PostRepo,
    QuestionInfo,
    QuestionRepo,
    SessionInfo,
)

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["EventData", "Reports"]


@dataclass(frozen=True, slots=True)
class EventData:
    """Everything recorded about one event, read in one transaction."""

    event: EventInfo
    sessions: list[SessionInfo]
    posts: list[PostInfo]
    questions: list[QuestionInfo]

    def stats(self) -> EventStats:
        return compute(self.event, self.sessions, self.posts, self.questions)


class Reports:
    def __init__(self, core: Core, channels: ChannelDirectory) -> None:
        self.core = core
        self.channels = channels

    def _folder(self) -> Path:
        return self.core.config.data_dir / "events"

    async def load(self, tenant_id: int, event: EventInfo) -> EventData:
        async with self.core.db.session() as s:
            sessions = await EventRepo(s, tenant_id).sessions([event.id])
            posts = await PostRepo(s, tenant_id).for_event(event.id)
            questions = await QuestionRepo(s, tenant_id).for_event(event.id)
        return EventData(event, sessions, posts, questions)

    async def labels(self, out: Outbox, data: EventData) -> dict[str, str]:
        channels = {p.channel for p in data.posts} | {s.channel for s in data.sessions if s.channel}
        return {c: await self.channels.label(out, c) for c in sorted(channels)}

    async def stats(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        now = self.core.clock.now()
        event = await find_event(
            self.core.db, ctx.tenant_id, args.text("tag"), now, open_only=False
        )
        data = await self.load(ctx.tenant_id, event)
        figures = data.stats()
        reach = await self.channels.reach(ctx.out, {c for c, _ in figures.channels})
        reply = stats_reply(event, figures, await self.labels(ctx.out, data), reach)
        if not figures.hours:
            return reply
        path = self._folder() / f"{event.tag}-posts-per-hour-{now:%Y%m%dT%H%M%S}.png"
        await asyncio.to_thread(
            render_chart, path, figures.hours, f"#{event.tag}: posts per hour", event.tz
        )
        chart = FileOut(path.name, str(path), "image/png")
        return Reply(
            text=reply.text, sections=reply.sections, context=reply.context, files=(chart,)
        )

    async def export(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        now = self.core.clock.now()
        event = await find_event(
            self.core.db, ctx.tenant_id, args.text("tag"), now, open_only=False
        )
        fmt: str = args.option("format") or "md"
        data = await self.load(ctx.tenant_id, event)
        doc = transcript(
            event, data.sessions, data.posts, data.questions, await self.labels(ctx.out, data)
        )
        suffix, mime = FORMATS[fmt]
        path = self._folder() / f"{event.tag}-transcript-{now:%Y%m%dT%H%M%S}.{suffix}"
        text = render(doc, fmt)
        await asyncio.to_thread(_write, path, text)
        await self.core.audit(
            ctx.tenant_id,
            ctx.member.pseudonym,
            "event.export",
            f"#{event.tag}",
            detail={"format": fmt},
        )
        return Reply(
            text=describe(event),
            files=(FileOut(path.name, str(path), mime),),
        ).as_private()


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
