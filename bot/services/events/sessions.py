"""``/event session add`` and ``/event list``: the sessions of an event and how they read."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.commands import ParsedArgs
from bot.context import Ctx
from bot.domain.reply import Item, Reply, Section
from bot.errors import Conflict, NotFound, UsageError
from bot.services.events.active import ActiveEvents
from bot.services.events.channels import ChannelDirectory
from bot.services.events.lookup import find_event
from bot.services.events.mirror import RELEASE, release_key
from bot.services.events.render import plural
from bot.services.events.times import to_utc, when
from bot.storage.repos.events import EventInfo, EventRepo, PostRepo, SessionInfo

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["Sessions", "channel_id", "event_dates", "session_line"]

_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_]{0,15}")


def session_line(event: EventInfo, session: SessionInfo, where: str | None) -> str:
    """``2026-03-28 10:00 EDT–11:30 EDT · in #cardiology · embargo until …`` for lists."""
    parts = [f"{when(session.starts_at, event.tz)}–{when(session.ends_at, event.tz, date=False)}"]
    if where:
        parts.append(f"in {where}")
    if session.embargo_until is not None:
        parts.append(f"embargo until {when(session.embargo_until, event.tz)}")
    if session.no_photos:
        parts.append("no photos")
    if session.off_record:
        parts.append("off the record")
    return " · ".join(parts)


def event_dates(event: EventInfo) -> str:
    """The event's first and last day as given with --from / --to (empty when neither)."""
    if event.starts_on is None and event.ends_before is None:
        return ""
    first = when(event.starts_on, event.tz) if event.starts_on else "…"
    last = when(event.ends_before - timedelta(minutes=1), event.tz) if event.ends_before else "…"
    return f"{first} – {last}"


async def channel_id(ctx: Ctx, value: str) -> str:
    """The platform id of a channel named in a command."""
    info = await ctx.out.platform.resolve_channel(ctx.out.workspace, value)
    if info is None:
        raise NotFound(f"No channel #{value[:40]} here.")
    return info.id


class Sessions:
    def __init__(self, core: Core, active: ActiveEvents, channels: ChannelDirectory) -> None:
        self.core = core
        self.active = active
        self.channels = channels

    async def add(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        code: str = args.text("code")
        if not _CODE.fullmatch(code):
            raise UsageError(f"'{code[:20]}' is not a session code (letters and digits, e.g. S12)")
        now = self.core.clock.now()
        event = await find_event(self.core.db, ctx.tenant_id, args.text("tag"), now, open_only=True)
        if not event.live:
            raise Conflict(f"#{event.tag} has ended: sessions can no longer be added.")
        start, end = to_utc(args.get("start"), event.tz), to_utc(args.get("end"), event.tz)
        if end <= start:
            raise UsageError("END must be after START")
        outside_before = event.starts_on is not None and start < event.starts_on
        outside_after = event.ends_before is not None and end > event.ends_before
        if outside_before or outside_after:
            raise UsageError(f"the session lies outside the event's dates ({event_dates(event)})")
        lift: datetime | None = args.option("embargo-until")
        embargo = to_utc(lift, event.tz) if lift else None
        named_channel = args.option("channel")
        channel = await channel_id(ctx, named_channel) if named_channel else None
        async with self.core.db.session() as s:
            session = await EventRepo(s, ctx.tenant_id).add_session(
                event_id=event.id,
                code=code,
                title=args.text("title"),
                starts_at=start,
                ends_at=end,
                channel=channel,
                embargo_until=embargo,
                no_photos=args.flag("no-photos"),
                off_record=args.flag("off-record"),
                group_name=args.option("group"),
                now=now,
            )
        if session is None:
            raise Conflict(f"#{event.tag} already has a session {code}.")
        if embargo is not None and embargo > now:
            await self.core.scheduler.schedule(
                ctx.tenant_id,
                RELEASE,
                embargo,
                {"session": session.id},
                # No owner: the release must survive the organizer erasing themselves.
                cancel_key=release_key(session.id),
            )
        self.active.invalidate(ctx.tenant_id)
        await self.core.audit(
            ctx.tenant_id, ctx.member.pseudonym, "event.session", f"#{event.tag}_{code}"
        )
        where = await self.channels.label(ctx.out, channel) if channel else None
        return Reply.of(
            f"Session #{event.tag}_{session.code} “{session.title}” added: "
            + session_line(event, session, where)
        )

    async def list(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        now = self.core.clock.now()
        tag = args.opt("tag")
        if tag is not None:
            return await self._detail(
                ctx, await find_event(self.core.db, ctx.tenant_id, tag, now, open_only=False)
            )
        async with self.core.db.session() as s:
            events = await EventRepo(s, ctx.tenant_id).open_events(now)
            sessions = await EventRepo(s, ctx.tenant_id).sessions([e.id for e in events])
            counts = await PostRepo(s, ctx.tenant_id).counts([e.id for e in events])
        if not events:
            return Reply.of("No event is gathering posts. Organizers start one with /event start.")
        items = []
        for event in events:
            state = (
                "live"
                if event.live
                else (
                    f"post-event until {when(event.post_until, event.tz)}"
                    if event.post_until
                    else ""
                )
            )
            where = await self.channels.label(ctx.out, event.channel)
            n_sessions = sum(1 for x in sessions if x.event_id == event.id)
            items.append(
                Item(
                    f"#{event.tag}",
                    meta=f"{state} · thread in {where} · {plural(n_sessions, 'session')} · "
                    f"{plural(counts.get(event.id, 0), 'post')}",
                )
            )
        return Reply(
            text=f"{plural(len(events), 'event')}", sections=(Section(items=tuple(items)),)
        )

    async def _detail(self, ctx: Ctx, event: EventInfo) -> Reply:
        async with self.core.db.session() as s:
            sessions = await EventRepo(s, ctx.tenant_id).sessions([event.id])
        items = []
        for session in sessions:
            where = await self.channels.label(ctx.out, session.channel) if session.channel else None
            items.append(
                Item(
                    f"#{event.tag}_{session.code} · {session.title}",
                    meta=session_line(event, session, where),
                )
            )
        dates = event_dates(event)
        return Reply(
            text=f"#{event.tag}: {plural(len(sessions), 'session')}"
            + (f" ({dates})" if dates else ""),
            sections=(Section(items=tuple(items)),) if items else (),
            context=f"times in {event.tz}",
        )
