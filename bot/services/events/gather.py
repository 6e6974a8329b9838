"""The message hooks: every message after the privacy gate is checked for an open event's tag;
tagged posts are recorded, filed and sent towards the live thread. Edits and deletes follow
the post; a post with an identifier finding, or held by the gate, is never gathered."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from bot.clock import utc
from bot.context import Ctx, StoredMessage
from bot.domain.reply import Reply
from bot.platform import DeleteEvent
from bot.services.events.active import ActiveEvents, LiveEvent
from bot.services.events.channels import ChannelDirectory
from bot.services.events.filing import Filing, file_post, has_image
from bot.services.events.mirror import Mirror
from bot.services.events.tags import find_tags
from bot.services.events.times import when
from bot.services.events.writer import PostWriter
from bot.storage.repos import MessageRepo
from bot.storage.repos.events import NewPost, PostRepo, SessionInfo

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["Gatherer"]

Named = list[tuple[LiveEvent, SessionInfo | None]]


def _gatherable(stored: StoredMessage) -> bool:
    """Never a DM, never a post the gate held or found identifiers in."""
    return not (stored.is_dm or stored.held or stored.phi_kinds or stored.ref.channel is None)


class Gatherer:
    def __init__(
        self,
        core: Core,
        active: ActiveEvents,
        mirror: Mirror,
        channels: ChannelDirectory,
        writer: PostWriter,
    ) -> None:
        self.core = core
        self.active = active
        self.mirror = mirror
        self.channels = channels
        self.writer = writer

    async def _named(self, ctx: Ctx, text: str) -> Named:
        found = find_tags(text)
        if not found:
            return []
        snap = await self.active.snapshot(ctx.tenant_id)
        if not snap.events:
            return []
        tags = set(found.tags)
        for channel_id in found.mention_ids:
            info = await self.channels.info(ctx.out, channel_id)
            if info is not None:
                tags.add(info.name.lower())
        return snap.attribute(frozenset(tags))

    async def on_message(self, ctx: Ctx, stored: StoredMessage) -> None:
        if not _gatherable(stored):
            return
        named = await self._named(ctx, stored.text)
        if named:
            at = utc(ctx.event.at) if ctx.event.at else self.core.clock.now()
            await self._gather(ctx, stored, named, at)

    async def _gather(self, ctx: Ctx, stored: StoredMessage, named: Named, at: datetime) -> None:
        channel = stored.ref.channel
        assert channel is not None
        image = has_image(stored.files)
        filings = [
            f
            for live, session in named
            if (
                f := file_post(
                    live,
                    session,
                    at=at,
                    channel=channel,
                    thread=stored.ref.thread,
                    private=stored.private_channel,
                    image=image,
                )
            )
            is not None
        ]
        if not filings:
            return
        records = [
            NewPost(
                event_id=filing.event.info.id,
                session_id=filing.session.id if filing.session else None,
                section=filing.section,
                channel=channel,
                message_id=stored.ref.id,
                thread=stored.ref.thread,
                author_id=stored.author.id,
                text=stored.text,
                has_image=image,
                private=stored.private_channel,
                state=filing.state,
                posted_at=at,
            )
            for filing in filings
        ]
        written = await self.writer.write(ctx.tenant_id, records)
        recorded = [(f, i, state) for f, (i, state) in zip(filings, written, strict=True)]
        for filing, post_id, state in recorded:
            event_id = filing.event.info.id
            if state == "pending":
                self.core.spawn(
                    self.mirror.deliver(ctx.tenant_id, event_id, [post_id]), "event mirror"
                )
            elif state == "queued":
                await self.mirror.ensure_flush(ctx.tenant_id, event_id, self.core.clock.now())
            elif state in ("embargoed", "no_photos"):
                await self._tell_held(ctx, filing)

    async def _tell_held(self, ctx: Ctx, filing: Filing) -> None:
        event, session = filing.event.info, filing.session
        assert session is not None
        tag = f"#{event.tag}_{session.code}"
        if filing.state == "embargoed":
            assert session.embargo_until is not None
            text = (
                f"{tag} is under embargo until {when(session.embargo_until, event.tz)}: your "
                f"post is held and joins the #{event.tag} thread when the embargo lifts."
            )
        else:
            text = (
                f"{tag} asks for no photos: your post with an image was not added to the "
                f"#{event.tag} thread."
            )
        await ctx.out.private(
            ctx.member.user_id, Reply.of(text, private=True), channel=ctx.channel, thread=ctx.thread
        )

    async def on_edit(self, ctx: Ctx, stored: StoredMessage, was_held: bool) -> None:
        """Carry an edit over: new text into the record and the mirror; a tag removed or an
        identifier added takes the post out; a tag added (or a held post now clean) adds it."""
        channel = stored.ref.channel
        if channel is None:
            return
        async with self.core.db.session() as s:
            existing = await PostRepo(s, ctx.tenant_id).by_message(channel, stored.ref.id)
        if not _gatherable(stored):
            await self.mirror.withdraw(ctx.tenant_id, existing)
            return
        named = await self._named(ctx, stored.text)
        keep = {live.info.id for live, _ in named}
        await self.mirror.withdraw(ctx.tenant_id, [p for p in existing if p.event_id not in keep])
        now = self.core.clock.now()
        for post in existing:
            if post.event_id in keep and post.text != stored.text:
                async with self.core.db.session() as s:
                    await PostRepo(s, ctx.tenant_id).set_text(post.id, stored.text, now)
                await self.mirror.refresh(
                    ctx.tenant_id, replace(post, text=stored.text, edited_at=now)
                )
        had = {p.event_id for p in existing}
        new = [(live, session) for live, session in named if live.info.id not in had]
        if new:
            await self.core.copies.flush()
            async with self.core.db.session() as s:
                copy = await MessageRepo(s, ctx.tenant_id).get(channel, stored.ref.id)
            # Filed by when it was written, not when it was edited.
            await self._gather(ctx, stored, new, copy.created_at if copy else now)

    async def on_delete(self, ctx: Ctx, event: DeleteEvent) -> None:
        async with self.core.db.session() as s:
            existing = await PostRepo(s, ctx.tenant_id).by_message(event.channel, event.message_id)
        await self.mirror.withdraw(ctx.tenant_id, existing)
