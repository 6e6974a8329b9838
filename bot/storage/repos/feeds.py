"""Feed sources and articles (shared public literature), and each workspace's subscriptions,
filters, posting records and digest marks (tenant-scoped)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models.core import Group
from bot.storage.models.feeds import (
    ArticleRow,
    ArticleSource,
    DigestMark,
    FeedFilter,
    FeedSource,
    FeedSubscription,
    PostedArticle,
)

__all__ = ["ArticleIn", "FeedRepo", "Subscriber", "WorkspaceFeeds"]


@dataclass(frozen=True, slots=True)
class ArticleIn:
    """An article as the poller hands it to storage (plain values, no feeds/ types)."""

    key: str
    title: str
    link: str | None
    doi: str | None
    pmid: str | None
    published: datetime | None
    journal: str | None
    authors: tuple[str, ...]
    type: str
    version: int | None
    summary: str
    corrects: str | None


@dataclass(frozen=True, slots=True)
class Subscriber:
    tenant_id: int
    channel: str
    created_at: datetime


class FeedRepo:
    """Global: sources and articles are shared by every workspace."""

    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def ensure_source(self, url: str, now: datetime) -> tuple[FeedSource, bool]:
        """The source for ``url``, created if new (then due at once)."""
        found = await self.s.scalar(select(FeedSource).where(FeedSource.url == url))
        if found is not None:
            return found, False
        try:
            async with self.s.begin_nested():
                row = FeedSource(
                    url=url, state="ok", failures=0, polls=0, next_poll=now, created_at=now
                )
                self.s.add(row)
        except IntegrityError:
            again = await self.s.scalar(select(FeedSource).where(FeedSource.url == url))
            assert again is not None
            return again, False
        return row, True

    async def source(self, feed_id: int) -> FeedSource | None:
        return await self.s.get(FeedSource, feed_id)

    async def sources(self) -> list[FeedSource]:
        return list(await self.s.scalars(select(FeedSource).order_by(FeedSource.id)))

    async def due(self, now: datetime) -> list[FeedSource]:
        rows = await self.s.scalars(
            select(FeedSource)
            .where(
                FeedSource.state != "disabled",
                or_(FeedSource.next_poll.is_(None), FeedSource.next_poll <= now),
            )
            .order_by(FeedSource.next_poll, FeedSource.id)
        )
        return list(rows)

    async def enabled(self) -> list[FeedSource]:
        rows = await self.s.scalars(
            select(FeedSource).where(FeedSource.state != "disabled").order_by(FeedSource.id)
        )
        return list(rows)

    async def update_source(self, feed_id: int, **values: Any) -> None:
        await self.s.execute(update(FeedSource).where(FeedSource.id == feed_id).values(**values))

    async def item_counts(self) -> dict[int, int]:
        rows = await self.s.execute(
            select(ArticleSource.feed_id, func.count()).group_by(ArticleSource.feed_id)
        )
        return {feed_id: count for feed_id, count in rows.all()}

    async def store_articles(
        self, feed_id: int, articles: Sequence[ArticleIn], now: datetime
    ) -> list[tuple[int, bool]]:
        """Store a feed's articles once each (by key); returns (article id, new) per article.
        A known article gains this feed as a source; a new version updates it in place."""
        if not articles:
            return []
        unique = list({a.key: a for a in articles}.values())
        existing = {
            row.key: row
            for row in await self.s.scalars(
                select(ArticleRow).where(ArticleRow.key.in_([a.key for a in unique]))
            )
        }
        new_keys: set[str] = set()
        for art in unique:
            row = existing.get(art.key)
            if row is None:
                new_keys.add(art.key)
                existing[art.key] = row = ArticleRow(
                    key=art.key,
                    title=art.title[:2000],
                    link=art.link,
                    doi=art.doi,
                    pmid=art.pmid,
                    published=art.published,
                    journal=art.journal,
                    authors=list(art.authors[:20]),
                    type=art.type,
                    version=art.version,
                    summary=art.summary[:1000],
                    corrects=art.corrects,
                    first_seen=now,
                )
                self.s.add(row)
            elif art.version and (row.version or 0) < art.version:
                # A preprint's new version is an update of the same article, not a new one.
                row.version, row.updated_at, row.title = art.version, now, art.title[:2000]
        await self.s.flush()
        ids = [existing[a.key].id for a in unique]
        linked = set(
            await self.s.scalars(
                select(ArticleSource.article_id).where(
                    ArticleSource.feed_id == feed_id, ArticleSource.article_id.in_(ids)
                )
            )
        )
        self.s.add_all(
            ArticleSource(article_id=i, feed_id=feed_id, first_seen=now)
            for i in ids
            if i not in linked
        )
        await self.s.flush()
        return [(existing[a.key].id, a.key in new_keys) for a in unique]

    async def articles(self, ids: Sequence[int]) -> list[ArticleRow]:
        if not ids:
            return []
        return list(await self.s.scalars(select(ArticleRow).where(ArticleRow.id.in_(ids))))

    async def find_article(
        self, *, doi: str | None = None, pmid: str | None = None, link: str | None = None
    ) -> ArticleRow | None:
        stmt = select(ArticleRow)
        if doi:
            stmt = stmt.where(ArticleRow.doi == doi.lower())
        elif pmid:
            stmt = stmt.where(ArticleRow.pmid == pmid)
        elif link:
            stmt = stmt.where(ArticleRow.link == link)
        else:
            return None
        found: ArticleRow | None = await self.s.scalar(stmt.limit(1))
        return found

    async def by_key(self, key: str) -> ArticleRow | None:
        found: ArticleRow | None = await self.s.scalar(
            select(ArticleRow).where(ArticleRow.key == key)
        )
        return found

    async def items(self, since: datetime | None = None) -> list[tuple[ArticleRow, list[str]]]:
        """Every stored article (optionally first stored after ``since``) with its sources."""
        stmt = select(ArticleRow).order_by(ArticleRow.id)
        if since is not None:
            stmt = stmt.where(ArticleRow.first_seen >= since)
        rows = list(await self.s.scalars(stmt))
        sources: dict[int, list[str]] = {}
        pairs = await self.s.execute(
            select(ArticleSource.article_id, FeedSource.url)
            .join(FeedSource, FeedSource.id == ArticleSource.feed_id)
            .order_by(FeedSource.id)
        )
        for article_id, url in pairs.all():
            sources.setdefault(article_id, []).append(url)
        return [(r, sources.get(r.id, [])) for r in rows]

    async def posts_of(self, article_id: int) -> list[tuple[int, str, str | None]]:
        """(tenant, channel, message id) of every post of an article, in every workspace:
        a retraction is announced wherever the original went."""
        rows = await self.s.execute(
            select(PostedArticle.tenant_id, PostedArticle.channel, PostedArticle.message_id).where(
                PostedArticle.article_id == article_id, PostedArticle.outcome == "posted"
            )
        )
        return [(t, c, m) for t, c, m in rows.all()]

    async def subscribers(self, feed_id: int) -> list[Subscriber]:
        """Every channel of every workspace that follows a feed (the poller serves them all)."""
        rows = await self.s.execute(
            select(
                FeedSubscription.tenant_id, FeedSubscription.channel, FeedSubscription.created_at
            ).where(FeedSubscription.feed_id == feed_id)
        )
        return [Subscriber(t, c, at) for t, c, at in rows.all()]


class WorkspaceFeeds:
    """One workspace's subscriptions, filters, posting records and digest marks."""

    def __init__(self, session: AsyncSession, tenant_id: int) -> None:
        self.s = session
        self.tenant_id = tenant_id

    async def subscribe(
        self, feed_id: int, group_id: int | None, channel: str, by: int | None, now: datetime
    ) -> bool:
        found = await self.s.scalar(
            select(FeedSubscription.id).where(
                FeedSubscription.tenant_id == self.tenant_id,
                FeedSubscription.feed_id == feed_id,
                FeedSubscription.channel == channel,
            )
        )
        if found is not None:
            return False
        self.s.add(
            FeedSubscription(
                tenant_id=self.tenant_id,
                feed_id=feed_id,
                group_id=group_id,
                channel=channel,
                created_by=by,
                baseline_at=now,
                created_at=now,
            )
        )
        await self.s.flush()
        return True

    async def subscriptions(self) -> list[tuple[FeedSubscription, FeedSource, str | None]]:
        rows = await self.s.execute(
            select(FeedSubscription, FeedSource, Group.name)
            .join(FeedSource, FeedSource.id == FeedSubscription.feed_id)
            .outerjoin(Group, Group.id == FeedSubscription.group_id)
            .where(FeedSubscription.tenant_id == self.tenant_id)
            .order_by(FeedSource.id, FeedSubscription.channel)
        )
        return [(sub, src, name) for sub, src, name in rows.all()]

    async def unsubscribe(self, feed_id: int, channel: str | None = None) -> int:
        stmt = delete(FeedSubscription).where(
            FeedSubscription.tenant_id == self.tenant_id, FeedSubscription.feed_id == feed_id
        )
        if channel is not None:
            stmt = stmt.where(FeedSubscription.channel == channel)
        result = await self.s.execute(stmt)
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def channel_feeds(self, channel: str) -> list[int]:
        rows = await self.s.scalars(
            select(FeedSubscription.feed_id).where(
                FeedSubscription.tenant_id == self.tenant_id, FeedSubscription.channel == channel
            )
        )
        return list(rows)

    async def filter(self, channel: str) -> str | None:
        found: str | None = await self.s.scalar(
            select(FeedFilter.expression).where(
                FeedFilter.tenant_id == self.tenant_id, FeedFilter.channel == channel
            )
        )
        return found

    async def set_filter(
        self, channel: str, expression: str | None, by: int | None, now: datetime
    ) -> None:
        await self.s.execute(
            delete(FeedFilter).where(
                FeedFilter.tenant_id == self.tenant_id, FeedFilter.channel == channel
            )
        )
        if expression is not None:
            self.s.add(
                FeedFilter(
                    tenant_id=self.tenant_id,
                    channel=channel,
                    expression=expression,
                    created_by=by,
                    created_at=now,
                )
            )
            await self.s.flush()

    async def record(
        self,
        article_id: int,
        channel: str,
        outcome: str,
        now: datetime,
        *,
        message_id: str | None = None,
        detail: str | None = None,
    ) -> None:
        await self.s.execute(
            delete(PostedArticle).where(
                PostedArticle.tenant_id == self.tenant_id,
                PostedArticle.article_id == article_id,
                PostedArticle.channel == channel,
            )
        )
        self.s.add(
            PostedArticle(
                tenant_id=self.tenant_id,
                article_id=article_id,
                channel=channel,
                outcome=outcome,
                message_id=message_id,
                detail=detail,
                at=now,
            )
        )
        await self.s.flush()

    async def records(self, article_id: int) -> list[PostedArticle]:
        rows = await self.s.scalars(
            select(PostedArticle).where(
                PostedArticle.tenant_id == self.tenant_id, PostedArticle.article_id == article_id
            )
        )
        return list(rows)

    async def posted_in(self, article_ids: Sequence[int], channel: str) -> set[int]:
        if not article_ids:
            return set()
        rows = await self.s.scalars(
            select(PostedArticle.article_id).where(
                PostedArticle.tenant_id == self.tenant_id,
                PostedArticle.channel == channel,
                PostedArticle.outcome == "posted",
                PostedArticle.article_id.in_(article_ids),
            )
        )
        return set(rows)

    async def digest_articles(self, channel: str, since: datetime, limit: int) -> list[ArticleRow]:
        """Articles first stored since ``since`` from the feeds ``channel`` follows."""
        feeds = select(FeedSubscription.feed_id).where(
            FeedSubscription.tenant_id == self.tenant_id, FeedSubscription.channel == channel
        )
        ids = select(ArticleSource.article_id).where(ArticleSource.feed_id.in_(feeds))
        rows = await self.s.scalars(
            select(ArticleRow)
            .where(ArticleRow.id.in_(ids), ArticleRow.first_seen >= since)
            .order_by(ArticleRow.first_seen.desc(), ArticleRow.id.desc())
            .limit(limit)
        )
        return list(rows)

    async def last_digest(self, channel: str) -> datetime | None:
        found: datetime | None = await self.s.scalar(
            select(DigestMark.last_digest).where(
                DigestMark.tenant_id == self.tenant_id, DigestMark.channel == channel
            )
        )
        return found

    async def mark_digest(self, channel: str, when: datetime) -> None:
        await self.s.execute(
            delete(DigestMark).where(
                DigestMark.tenant_id == self.tenant_id, DigestMark.channel == channel
            )
        )
        self.s.add(DigestMark(tenant_id=self.tenant_id, channel=channel, last_digest=when))
        await self.s.flush()

    async def forget_creator(self, member_id: int) -> None:
        """Erasure: subscriptions and filters stay with the workspace, without their creator."""
        for model in (FeedSubscription, FeedFilter):
            await self.s.execute(
                update(model)
                .where(model.tenant_id == self.tenant_id, model.created_by == member_id)
                .values(created_by=None)
            )

    async def created_by(self, member_id: int) -> dict[str, list[str]]:
        subs = await self.s.execute(
            select(FeedSource.url, FeedSubscription.channel)
            .join(FeedSource, FeedSource.id == FeedSubscription.feed_id)
            .where(
                FeedSubscription.tenant_id == self.tenant_id,
                FeedSubscription.created_by == member_id,
            )
        )
        filters = await self.s.scalars(
            select(FeedFilter.expression).where(
                FeedFilter.tenant_id == self.tenant_id, FeedFilter.created_by == member_id
            )
        )
        return {
            "subscriptions": [f"{url} → #{channel}" for url, channel in subs.all()],
            "filters": list(filters),
        }
