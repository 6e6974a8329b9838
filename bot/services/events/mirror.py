"""The live thread: gathered posts mirrored one by one, bursts folded into summaries, embargoed
posts released at the lift, edits and deletes carried over.

Every send to one event's thread goes through one lock, so that the thread keeps the order
of the posts. A state change in the database claims each post before or after its send, so
that no post is mirrored twice, even with several processes."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from bot.outbox import Outbox, fan_out
from bot.platform import MessageRef
from bot.scheduler import JobRun
from bot.services.events.channels import ChannelDirectory
from bot.services.events.render import busy_reply, mirror_reply, summary_reply
from bot.storage.repos import BotPostRepo
from bot.storage.repos.events import EventInfo, EventRepo, PostInfo, PostRepo
from bot.storage.repos.jobs import JobRepo

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["FLUSH", "RELEASE", "Mirror"]

log = logging.getLogger(__name__)

FLUSH = "events.flush"
RELEASE = "events.release"


def flush_key(event_id: int) -> str:
    return f"event {event_id} flush"


def release_key(session_id: int) -> str:
    return f"event-session {session_id}"


def _thread_ref(event: EventInfo, message_id: str) -> MessageRef:
    return MessageRef(event.channel, message_id, event.thread)


class Mirror:
    def __init__(self, core: Core, channels: ChannelDirectory) -> None:
        self.core = core
        self.channels = channels
        self._locks: dict[int, asyncio.Lock] = {}
        self._flush_lock = asyncio.Lock()
        self._flush_due: dict[int, datetime] = {}

    def _lock(self, event_id: int) -> asyncio.Lock:
        return self._locks.setdefault(event_id, asyncio.Lock())

    # --- individual mirrors -------------------------------------------------------------

    async def deliver(self, tenant_id: int, event_id: int, post_ids: Sequence[int]) -> None:
        """Mirror pending posts into the event's thread, in order; one failure never stops
        the others."""
        async with self._lock(event_id):
            out = await self.core.outbox_for(tenant_id)
            await fan_out(post_ids, lambda pid: self._send(out, tenant_id, pid), "event mirror")

    async def _send(self, out: Outbox, tenant_id: int, post_id: int) -> None:
        db = self.core.db
        async with db.session() as s:
            post = await PostRepo(s, tenant_id).get(post_id)
            if post is None or post.state != "pending":
                return
            events = EventRepo(s, tenant_id)
            event = await events.get(post.event_id)
            session = await events.session(post.session_id) if post.session_id else None
        assert event is not None
        original = MessageRef(post.channel, post.message_id, post.thread)
        link = await out.platform.permalink(out.workspace, original)
        where = await self.channels.label(out, post.channel)
        limit = out.platform.capabilities.max_message_chars
        sent = await out.post(
            event.channel, mirror_reply(post, session, where, link, limit), thread=event.thread
        )
        async with db.session() as s:
            repo = PostRepo(s, tenant_id)
            moved = await repo.move([post_id], from_state="pending", to_state="mirrored")
            if moved:
                await repo.set_mirror([post_id], sent.id, link)
                await BotPostRepo(s, tenant_id).add(
                    message_id=sent.id,
                    channel=event.channel,
                    thread=event.thread,
                    kind="event.mirror",
                    ref=str(post_id),
                    on_behalf_of=post.author_id,
                    now=self.core.clock.now(),
                )
            latest = await repo.get(post_id)
        if not moved or latest is None:
            # Deleted (or taken off the record) while we were sending: take the mirror back.
            await out.delete(sent)
        elif latest.text != post.text:
            await out.edit(sent, mirror_reply(latest, session, where, link, limit))

    # --- bursts ---------------------------------------------------------------------------

    async def ensure_flush(self, tenant_id: int, event_id: int, now: datetime) -> None:
        """Make sure a summary of the queued posts is due within one burst window. The first
        queued post of a window posts the summary's message at once (readers see why posts
        stopped coming one by one); the flush fills in the counts."""
        async with self._flush_lock:
            due = self._flush_due.get(event_id)
            if due is not None and due > now:
                return
            async with self.core.db.session() as s:
                jobs = await JobRepo(s).pending(
                    tenant_id, kind=FLUSH, cancel_key=flush_key(event_id)
                )
                event = await EventRepo(s, tenant_id).get(event_id)
            upcoming = [j.due_at for j in jobs if j.due_at > now]
            if upcoming:
                self._flush_due[event_id] = min(upcoming)
                return
            assert event is not None
            due = now + self.core.config.events.burst_window
            async with self._lock(event_id):
                out = await self.core.outbox_for(tenant_id)
                sent = await out.post(event.channel, busy_reply(event, due), thread=event.thread)
            async with self.core.db.session() as s:
                await BotPostRepo(s, tenant_id).add(
                    message_id=sent.id,
                    channel=event.channel,
                    thread=event.thread,
                    kind="event.summary",
                    ref=str(event_id),
                    on_behalf_of=None,
                    now=now,
                )
            await self.core.scheduler.schedule(
                tenant_id,
                FLUSH,
                due,
                {"event": event_id, "summary": sent.id},
                cancel_key=flush_key(event_id),
            )
            self._flush_due[event_id] = due

    async def flush(self, run: JobRun) -> None:
        """Fill the window's summary message with the counts of every queued post."""
        tenant_id, event_id = run.tenant_id, int(run.payload["event"])
        summary_id = str(run.payload["summary"])
        async with self._lock(event_id):
            async with self.core.db.session() as s:
                repo = PostRepo(s, tenant_id)
                queued = await repo.in_state(event_id, "queued")
                # The claim: only posts still queued move, so a concurrent flush takes none
                # of them twice.
                await repo.move(
                    [p.id for p in queued],
                    from_state="queued",
                    to_state="summarized",
                    mirror_id=summary_id,
                )
                event = await EventRepo(s, tenant_id).get(event_id)
            if event is None or not await run.mark_sent():
                return
            out = await self.core.outbox_for(tenant_id)
            await self._recount(out, tenant_id, event, summary_id)

    async def admit(self, tenant_id: int, event_id: int, post_ids: Sequence[int]) -> None:
        """Send posts that are now free (released from an embargo) towards the thread,
        within the burst budget: what does not fit goes into the next summary."""
        cfg = self.core.config.events
        now = self.core.clock.now()
        async with self.core.db.session() as s:
            repo = PostRepo(s, tenant_id)
            budget = max(
                cfg.burst_threshold - await repo.count_since(event_id, now - cfg.burst_window), 0
            )
            direct, later = list(post_ids[:budget]), list(post_ids[budget:])
            await repo.move(direct, from_state="embargoed", to_state="pending")
            await repo.move(later, from_state="embargoed", to_state="queued")
        if later:
            await self.ensure_flush(tenant_id, event_id, now)
        if direct:
            await self.deliver(tenant_id, event_id, direct)

    async def release(self, run: JobRun) -> None:
        """At an embargo's lift: release the session's held posts, once."""
        tenant_id, session_id = run.tenant_id, int(run.payload["session"])
        async with self.core.db.session() as s:
            session = await EventRepo(s, tenant_id).session(session_id)
            if session is None:
                return
            held = await PostRepo(s, tenant_id).in_state(
                session.event_id, "embargoed", session_id=session_id
            )
        if not held or not await run.mark_sent():
            return
        await self.admit(tenant_id, session.event_id, [p.id for p in held])

    # --- edits and deletes ---------------------------------------------------------------

    async def refresh(self, tenant_id: int, post: PostInfo) -> None:
        """Show an edited post's new text in its mirror (summaries carry no text)."""
        if post.state != "mirrored" or post.mirror_id is None:
            return
        async with self.core.db.session() as s:
            events = EventRepo(s, tenant_id)
            event = await events.get(post.event_id)
            session = await events.session(post.session_id) if post.session_id else None
        if event is None:
            return
        out = await self.core.outbox_for(tenant_id)
        where = await self.channels.label(out, post.channel)
        limit = out.platform.capabilities.max_message_chars
        await out.edit(
            _thread_ref(event, post.mirror_id), mirror_reply(post, session, where, post.link, limit)
        )

    async def withdraw(self, tenant_id: int, posts: Sequence[PostInfo]) -> None:
        """Un-gather posts (deleted, edited to lose the tag, or found to hold identifiers):
        the record goes, and so does the mirror; a summary is recounted."""
        if not posts:
            return
        async with self.core.db.session() as s:
            await PostRepo(s, tenant_id).remove([p.id for p in posts])
            bots = BotPostRepo(s, tenant_id)
            for post in posts:
                if post.state == "mirrored" and post.mirror_id:
                    found = await bots.by_message(post.mirror_id)
                    if found is not None:
                        await bots.remove(found.id)
        out = await self.core.outbox_for(tenant_id)
        for post in posts:
            if post.mirror_id is None or post.state not in ("mirrored", "summarized"):
                continue
            async with self.core.db.session() as s:
                event = await EventRepo(s, tenant_id).get(post.event_id)
            if event is None:
                continue
            async with self._lock(event.id):
                if post.state == "mirrored":
                    await out.delete(_thread_ref(event, post.mirror_id))
                else:
                    await self._recount(out, tenant_id, event, post.mirror_id)

    async def _recount(self, out: Outbox, tenant_id: int, event: EventInfo, mirror_id: str) -> None:
        async with self.core.db.session() as s:
            left = await PostRepo(s, tenant_id).in_summary(mirror_id)
            sessions = {x.id: x for x in await EventRepo(s, tenant_id).sessions([event.id])}
        ref = _thread_ref(event, mirror_id)
        if not left:
            async with self.core.db.session() as s:
                bots = BotPostRepo(s, tenant_id)
                found = await bots.by_message(mirror_id)
                if found is not None:
                    await bots.remove(found.id)
            await out.delete(ref)
            return
        labels = {c: await self.channels.label(out, c) for c in {p.channel for p in left}}
        await out.edit(ref, summary_reply(event, left, labels, sessions))
