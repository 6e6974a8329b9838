"""Posting what a poll cycle found: new articles to every subscribed channel (filtered,
capped per channel and cycle, never twice in one channel whatever the number of feeds that
carry them), corrections in the thread of the original's post, new preprint versions as an
update of the post, and the notice that a feed was disabled. Each channel is isolated: one
failing channel never blocks the others."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.domain.reply import Reply
from bot.outbox import Outbox, fan_out
from bot.platform import MessageRef
from bot.services.digests.filters import Filter, parse_filter
from bot.services.digests.render import (
    article_post,
    correction_post,
    importance,
    scrubbed,
    version_note,
)
from bot.storage.models.feeds import ArticleRow
from bot.storage.repos.feeds import FeedRepo, Subscriber, WorkspaceFeeds

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["Delivery", "Fresh"]

log = logging.getLogger(__name__)


@dataclass
class Fresh:
    """What one poll cycle found: per feed, the articles it carries for the first time
    (baseline polls excluded), and the articles whose preprint version went up."""

    linked: dict[int, list[int]] = field(default_factory=dict)
    updated: list[int] = field(default_factory=list)

    def add(self, feed_id: int, article_ids: Sequence[int]) -> None:
        """Note a feed's newly carried articles."""
        if article_ids:
            self.linked.setdefault(feed_id, []).extend(article_ids)

    def article_ids(self) -> list[int]:
        """Every newly carried article, once, in the order found."""
        return list(dict.fromkeys(i for ids in self.linked.values() for i in ids))


@dataclass(frozen=True, slots=True)
class _Place:
    """A post of an article: where it is, so that a follow-up goes into its thread."""

    tenant_id: int
    channel: str
    message_id: str


class Delivery:
    """Sends what the poller stored; never raises for one channel's failure."""

    def __init__(self, core: Core) -> None:
        self.core = core

    async def _outbox(self, tenant_id: int) -> Outbox | None:
        """The tenant's outbox, or None when its platform is not attached (the CLI polls
        without any: the articles are stored for digests)."""
        tenant = await self.core.tenant(tenant_id)
        if tenant.platform not in self.core.platforms:
            return None
        return self.core.outbox(tenant)

    async def deliver(self, fresh: Fresh) -> None:
        """Everything a cycle has to send: corrections first (in the original's thread,
        wherever it was posted), then each channel's new articles, then version updates."""
        if not self.core.platforms or not (fresh.linked or fresh.updated):
            return
        ids = fresh.article_ids()
        async with self.core.db.session() as s:
            repo = FeedRepo(s)
            articles = {a.id: a for a in await repo.articles(ids)}
            subscribers = await repo.subscribers(list(fresh.linked))
        await self._corrections([a for a in articles.values() if a.corrects])
        channels: dict[tuple[int, str], list[int]] = {}
        for sub in subscribers:
            channels.setdefault((sub.tenant_id, sub.channel), []).extend(
                fresh.linked.get(sub.feed_id, [])
            )
        await fan_out(
            channels.items(),
            lambda item: self._post_new(item[0][0], item[0][1], item[1], articles),
            "article posts",
        )
        await self._versions(fresh.updated)

    async def _post_new(
        self, tenant_id: int, channel: str, article_ids: list[int], arts: dict[int, ArticleRow]
    ) -> None:
        """One channel's new articles: filtered, the most important first, capped."""
        outbox = await self._outbox(tenant_id)
        if outbox is None:
            return
        cap = self.core.config.feeds.max_posts_per_poll
        async with self.core.db.session() as s:
            mine = WorkspaceFeeds(s, tenant_id)
            # Recorded already: came through another feed, or an earlier cycle.
            done = await mine.recorded_in(article_ids, channel)
            expression = await mine.filter(channel)
        rule = _rule(expression)
        todo = [arts[i] for i in dict.fromkeys(article_ids) if i in arts and i not in done]
        todo.sort(key=importance)
        # In a thread: a slow regular expression must not stall the bot (filters.py).
        kept = await asyncio.to_thread(rule.passing, todo) if rule else todo
        filtered = {a.id for a in todo} - {a.id for a in kept}
        why = f"filter: {rule.expression}" if rule else ""
        posted = 0
        for art in todo:
            if art.id in filtered:
                await self._record(tenant_id, art.id, channel, "filtered", why)
            elif posted >= cap:
                await self._record(
                    tenant_id, art.id, channel, "capped", f"more than {cap} new in one poll"
                )
            elif await self._record(tenant_id, art.id, channel, "posted", None):
                posted += 1
                await self._send(outbox, tenant_id, art.id, channel, article_post(art), None)

    async def _record(
        self, tenant_id: int, article_id: int, channel: str, outcome: str, detail: str | None
    ) -> bool:
        """Record an article's fate in a channel before acting on it; False if recorded."""
        async with self.core.db.session() as s:
            return await WorkspaceFeeds(s, tenant_id).record(
                article_id, channel, outcome, self.core.clock.now(), detail=detail
            )

    async def _send(
        self,
        outbox: Outbox,
        tenant_id: int,
        article_id: int,
        channel: str,
        reply: Reply,
        thread: str | None,
    ) -> None:
        """Post a recorded article and keep its message id (for threads and edits); a failed
        post is recorded as failed, never retried into a duplicate."""
        try:
            ref = await outbox.post(channel, scrubbed(reply, self.core.gate), thread=thread)
        except Exception as exc:
            log.warning("posting an article failed: %s", type(exc).__name__)
            async with self.core.db.session() as s:
                await WorkspaceFeeds(s, tenant_id).settle(
                    article_id, channel, outcome="failed", detail="the platform refused the post"
                )
            return
        async with self.core.db.session() as s:
            await WorkspaceFeeds(s, tenant_id).settle(article_id, channel, message_id=ref.id)

    async def _posts_of(self, article_id: int) -> list[_Place]:
        async with self.core.db.session() as s:
            rows = await FeedRepo(s).posts_of(article_id)
        return [_Place(t, c, m) for t, c, m in rows if m is not None]

    async def _corrections(self, corrections: Sequence[ArticleRow]) -> None:
        """Announce errata and retractions in the thread of each post of the original."""
        for art in corrections:
            assert art.corrects is not None
            async with self.core.db.session() as s:
                original = await FeedRepo(s).by_key(art.corrects)
            if original is None or original.id == art.id:
                continue
            reply = correction_post(art, original)
            detail = f"in the thread of the post of article {original.id}"
            places = await self._posts_of(original.id)

            async def send(
                place: _Place, art: ArticleRow = art, reply: Reply = reply, detail: str = detail
            ) -> None:
                outbox = await self._outbox(place.tenant_id)
                if outbox is None:
                    return
                if await self._record(place.tenant_id, art.id, place.channel, "posted", detail):
                    await self._send(
                        outbox, place.tenant_id, art.id, place.channel, reply, place.message_id
                    )

            await fan_out(places, send, "correction notice")

    async def _versions(self, article_ids: Sequence[int]) -> None:
        """A new preprint version updates each post of the article (an edit where the
        platform allows it, else a note in its thread): it is not a new article."""
        if not article_ids:
            return
        async with self.core.db.session() as s:
            articles = await FeedRepo(s).articles(article_ids)
        for art in articles:

            async def update(place: _Place, art: ArticleRow = art) -> None:
                outbox = await self._outbox(place.tenant_id)
                if outbox is None:
                    return
                ref = MessageRef(place.channel, place.message_id)
                gate = self.core.gate
                if outbox.platform.capabilities.edits:
                    await outbox.edit(ref, scrubbed(article_post(art), gate))
                else:
                    note = scrubbed(version_note(art), gate)
                    await outbox.post(place.channel, note, thread=place.message_id)

            await fan_out(await self._posts_of(art.id), update, "version update")

    async def feed_disabled(self, feed_id: int, url: str, error: str) -> None:
        """One notice to every channel that follows a feed that was just disabled."""
        if not self.core.platforms:
            return
        reply = Reply(
            text=f"⛔ Feed {feed_id} was disabled after repeated failures "
            f"({error or 'no answer'}). A lead or admin can turn it back on with "
            f"/feed enable {feed_id}.",
            context=url,
        )
        async with self.core.db.session() as s:
            subscribers = await FeedRepo(s).subscribers([feed_id])

        async def notify(sub: Subscriber) -> None:
            outbox = await self._outbox(sub.tenant_id)
            if outbox is not None:
                await outbox.post(sub.channel, reply)

        await fan_out(subscribers, notify, "disabled-feed notice")


def _rule(expression: str | None) -> Filter | None:
    """A channel's stored filter; one that no longer parses filters nothing (logged)."""
    if not expression:
        return None
    try:
        return parse_filter(expression)
    except ValueError:
        log.warning("a stored feed filter does not parse; ignored")
        return None
