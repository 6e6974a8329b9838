"""Posting what a poll found: new articles to every subscribed channel (filtered, capped,
never twice in one channel), corrections where the original was posted, and the notice that
a feed was disabled. Each channel is isolated: one failing channel never blocks the others."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.domain.reply import Reply
from bot.outbox import Outbox, fan_out
from bot.services.digests.filters import parse_filter
from bot.services.digests.render import article_post, correction_post
from bot.storage.models.feeds import ArticleRow
from bot.storage.repos.feeds import FeedRepo, Subscriber, WorkspaceFeeds

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["MAX_POSTS_PER_POLL", "Delivery"]

#: New articles posted to one channel per poll; the rest wait for the digest.
MAX_POSTS_PER_POLL = 5


class Delivery:
    def __init__(self, core: Core) -> None:
        self.core = core

    async def _outbox(self, tenant_id: int) -> Outbox | None:
        """The tenant's outbox, or None when its platform is not attached (the CLI polls
        without any: the articles are stored for digests)."""
        tenant = await self.core.tenant(tenant_id)
        if tenant.platform not in self.core.platforms:
            return None
        return self.core.outbox(tenant)

    async def _subscribers(self, feed_id: int) -> list[Subscriber]:
        async with self.core.db.session() as s:
            return await FeedRepo(s).subscribers(feed_id)

    async def new_articles(self, feed_id: int, article_ids: Sequence[int]) -> None:
        subscribers = await self._subscribers(feed_id)
        await fan_out(subscribers, lambda sub: self._post_new(sub, article_ids), "article post")

    async def _post_new(self, sub: Subscriber, article_ids: Sequence[int]) -> None:
        outbox = await self._outbox(sub.tenant_id)
        if outbox is None:
            return
        now = self.core.clock.now()
        async with self.core.db.session() as s:
            mine = WorkspaceFeeds(s, sub.tenant_id)
            articles = await FeedRepo(s).articles(article_ids)
            already = await mine.posted_in(article_ids, sub.channel)
            expression = await mine.filter(sub.channel)
        rule = parse_filter(expression) if expression else None
        posted = 0
        for art in sorted(articles, key=lambda a: a.id):
            if art.id in already:
                continue  # came in through another feed already
            message_id = detail = None
            if rule is not None and not rule.matches(art):
                outcome, detail = "filtered", f"filter: {rule.expression}"[:300]
            elif posted >= MAX_POSTS_PER_POLL:
                outcome, detail = "capped", f"more than {MAX_POSTS_PER_POLL} new in one poll"
            else:
                message_id = (await outbox.post(sub.channel, article_post(art))).id
                outcome = "posted"
                posted += 1
            async with self.core.db.session() as s:
                await WorkspaceFeeds(s, sub.tenant_id).record(
                    art.id, sub.channel, outcome, now, message_id=message_id, detail=detail
                )

    async def corrections(self, article_ids: Sequence[int]) -> None:
        """Announce errata and retractions in the thread of each post of the original."""
        notices: list[tuple[ArticleRow, ArticleRow, list[tuple[int, str, str | None]]]] = []
        async with self.core.db.session() as s:
            repo = FeedRepo(s)
            for art in await repo.articles(article_ids):
                original = await repo.by_key(art.corrects) if art.corrects else None
                if original is not None and original.id != art.id:
                    notices.append((art, original, await repo.posts_of(original.id)))
        for art, original, posts in notices:
            reply = correction_post(art, original)

            async def send(place: tuple[int, str, str | None], reply: Reply = reply) -> None:
                await self._post_in(place, reply)

            await fan_out(posts, send, "correction notice")

    async def _post_in(self, place: tuple[int, str, str | None], reply: Reply) -> None:
        tenant_id, channel, thread = place
        outbox = await self._outbox(tenant_id)
        if outbox is not None:
            await outbox.post(channel, reply, thread=thread)

    async def feed_disabled(self, feed_id: int, url: str, error: str) -> None:
        """One notice to every channel that follows a feed that was just disabled."""
        reply = Reply(
            text=f"⛔ Feed {feed_id} was disabled after repeated failures "
            f"({error or 'no answer'}). A lead or admin can turn it back on with "
            f"/feed enable {feed_id}.",
            context=url,
        )
        subscribers = await self._subscribers(feed_id)
        await fan_out(
            subscribers,
            lambda sub: self._post_in((sub.tenant_id, sub.channel, None), reply),
            "disabled-feed notice",
        )
