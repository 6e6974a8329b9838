"""Organizer commands that run an event: ``/event start|stop|optin``."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from bot.commands import ParsedArgs
from bot.context import Ctx
from bot.domain.reply import Reply, Section
from bot.errors import Conflict, PermissionDenied, UsageError
from bot.services.events.active import ActiveEvents
from bot.services.events.channels import ChannelDirectory
from bot.services.events.lookup import find_event
from bot.services.events.sessions import channel_id, event_dates
from bot.services.events.times import to_utc, when
from bot.storage.repos import BotPostRepo
from bot.storage.repos.events import EventInfo, EventRepo

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["WRAPUP", "EventsService"]

WRAPUP = "events.wrapup"


class EventsService:
    def __init__(self, core: Core, active: ActiveEvents, channels: ChannelDirectory) -> None:
        self.core = core
        self.active = active
        self.channels = channels

    async def start(self, ctx: Ctx, args: ParsedArgs) -> Reply | None:
        tag: str = args.text("tag")
        tz: str = args.option("tz") or "UTC"
        first: datetime | None = args.option("from")
        last: datetime | None = args.option("to")
        starts_on = to_utc(first, tz) if first else None
        ends_before = None
        if last is not None:
            # A bare date names the whole day: the event ends when that day does.
            end = last + timedelta(days=1) if last.time() == time(0) else last
            ends_before = to_utc(end, tz)
        if starts_on and ends_before and ends_before <= starts_on:
            raise UsageError("--to is before --from")
        named_channel = args.option("channel")
        if named_channel is None and ctx.channel is None:
            raise UsageError("in a DM, name the live thread's channel with --channel #c")
        channel = await channel_id(ctx, named_channel) if named_channel else ctx.channel
        assert channel is not None
        now = self.core.clock.now()
        async with self.core.db.session() as s:
            repo = EventRepo(s, ctx.tenant_id)
            running = await repo.with_tag(tag.lower(), now)
            if running is not None and running.section(now) is not None:
                raise Conflict(f"#{running.tag} is in use by a running event.")
            event = await repo.create(
                tag=tag,
                tz=tz,
                starts_on=starts_on,
                ends_before=ends_before,
                channel=channel,
                group_name=args.option("group"),
                created_by=ctx.member.id,
                now=now,
            )
        root = await ctx.out.post(channel, self._root(event))
        async with self.core.db.session() as s:
            await EventRepo(s, ctx.tenant_id).set_thread(event.id, root.id)
            await BotPostRepo(s, ctx.tenant_id).add(
                message_id=root.id,
                channel=channel,
                thread=None,
                kind="event.thread",
                ref=str(event.id),
                on_behalf_of=None,
                now=now,
            )
        self.active.invalidate(ctx.tenant_id)
        await self.core.audit(ctx.tenant_id, ctx.member.pseudonym, "event.start", f"#{tag}")
        if channel == ctx.channel:
            return None
        where = await self.channels.label(ctx.out, channel)
        return Reply.of(f"#{tag} started: its live thread is in {where}.", private=True)

    def _root(self, event: EventInfo) -> Reply:
        dates = event_dates(event)
        return Reply(
            text=f"Live: #{event.tag}. Posts tagged #{event.tag} in any channel appear in this "
            "thread, with a link to the original.",
            sections=(
                Section(
                    text=f"Session tags look like #{event.tag}_S12. Ask a session's speakers "
                    "with /event ask S12 TEXT."
                ),
            ),
            context=(f"{dates} · " if dates else "") + f"times in {event.tz}",
        )

    async def stop(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        now = self.core.clock.now()
        event = await find_event(self.core.db, ctx.tenant_id, args.text("tag"), now, open_only=True)
        until = now + timedelta(days=self.core.config.events.post_event_days)
        async with self.core.db.session() as s:
            stopped = await EventRepo(s, ctx.tenant_id).stop(event.id, ctx.member.id, now, until)
        if not stopped:
            assert event.post_until is not None
            raise Conflict(
                f"#{event.tag} has already ended (post-event section until "
                f"{when(event.post_until, event.tz)})."
            )
        self.active.invalidate(ctx.tenant_id)
        await self.core.audit(ctx.tenant_id, ctx.member.pseudonym, "event.stop", f"#{event.tag}")
        await ctx.out.post(
            event.channel,
            Reply.of(
                f"#{event.tag} is no longer live. Posts tagged #{event.tag} until "
                f"{when(until, event.tz)} appear below, in the post-event section."
            ),
            thread=event.thread,
        )
        # A job, not a call: routing and the organizer's summary must happen exactly once,
        # across a crash or restart too.
        await self.core.scheduler.schedule(
            ctx.tenant_id, WRAPUP, now, {"event": event.id}, cancel_key=f"event {event.id}"
        )
        return Reply.of(
            f"#{event.tag} stopped. Unanswered speaker questions go to Q&A; you get a summary "
            "by DM.",
            private=True,
        )

    async def optin(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        if ctx.channel is None:
            raise UsageError("run /event optin in the private channel you want to let in")
        platform, workspace = ctx.out.platform, ctx.out.workspace
        info = await platform.resolve_channel(workspace, ctx.channel)
        if info is None or not info.private:
            raise Conflict("This channel is not private: its tagged posts are gathered already.")
        if not await platform.is_member(workspace, ctx.channel, ctx.member.user_id):
            raise PermissionDenied("Only a member of this channel can let it in.")
        now = self.core.clock.now()
        event = await find_event(self.core.db, ctx.tenant_id, args.text("tag"), now, open_only=True)
        async with self.core.db.session() as s:
            added = await EventRepo(s, ctx.tenant_id).optin(
                event.id, ctx.channel, ctx.member.id, now
            )
        if not added:
            return Reply.of(f"This channel already takes part in #{event.tag}.", private=True)
        self.active.invalidate(ctx.tenant_id)
        await self.core.audit(
            ctx.tenant_id, ctx.member.pseudonym, "event.optin", f"#{event.tag}", detail={}
        )
        where = await self.channels.label(ctx.out, event.channel)
        # Said in the channel, so that its members know their tagged posts now travel.
        return Reply.of(
            f"From now on, posts tagged #{event.tag} in this private channel are copied to the "
            f"event thread in {where}. Posts without the tag stay here."
        )
