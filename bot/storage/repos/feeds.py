"""Feed sources and articles (shared public literature), and each workspace's subscriptions,
filters, posting records and digest marks (tenant-scoped)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
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
from bot.storage.models.jobs import Job
from bot.storage.repos.base import Scoped

__all__ = ["ArticleIn", "FeedRepo", "Stored", "Subscriber", "WorkspaceFeeds"]

#: The job kind of scheduled digests (bot/services/digests/digest.py).
DIGEST_JOB = "digests.send"

#: Stored lengths (the columns' sizes); longer values are cut, never refused.
_TITLE_CHARS = 2000
_AUTHORS = 20


# The tables themselves, for the poller's hot path: Core statements skip the ORM's
# bulk-persistence bookkeeping, which costs more than the inserts on a first poll.
_ARTICLES = cast(Table, ArticleRow.__table__)
_ARTICLE_SOURCES = cast(Table, ArticleSource.__table__)
_SOURCES = cast(Table, FeedSource.__table__)


def _insert(session: AsyncSession, model: Any) -> Any:
    """An INSERT that can say ON CONFLICT DO NOTHING on either engine."""
    postgres = session.get_bind().dialect.name == "postgresql"
    return (pg_insert if postgres else sqlite_insert)(model)


def _chunks(items: list[Any], size: int = 500) -> Iterator[list[Any]]:
    """``items`` in slices short enough for one IN list (old SQLite builds allow 999
    parameters per statement)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass(slots=True)
class _Row:
    """A stored article's mergeable state while a batch is applied; ``id`` None: inserted by
    this batch, ``changes`` its INSERT values (else the UPDATE values so far)."""

    id: int | None
    version: int | None
    type: str
    pmid: str | None
    journal: str | None
    published: datetime | None
    changes: dict[str, Any] = field(default_factory=dict)

    def apply(self, values: dict[str, Any]) -> None:
        """Take a later copy's additions into the state and the statement."""
        for name in ("version", "type", "pmid", "journal", "published"):
            if name in values:
                setattr(self, name, values[name])
        self.changes.update(values)


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
    corrects: str | None
    title_key: str | None = None


@dataclass(frozen=True, slots=True)
class Stored:
    """What storing one feed's articles changed.

    ``linked``: articles this feed carries for the first time (new to Rounds or already
    known from another feed), in feed order; ``new``: those among them that Rounds had never
    stored; ``updated``: known articles whose preprint version went up.
    """

    linked: list[int]
    new: set[int]
    updated: list[int]


@dataclass(frozen=True, slots=True)
class Subscriber:
    """One channel of one workspace that follows a feed."""

    tenant_id: int
    channel: str
    created_at: datetime
    feed_id: int = 0


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

    async def has_url(self, url: str) -> bool:
        """Whether a feed with this URL is stored."""
        found = await self.s.scalar(select(FeedSource.id).where(FeedSource.url == url))
        return found is not None

    async def sources(self) -> list[FeedSource]:
        """Every feed, by id."""
        return list(await self.s.scalars(select(FeedSource).order_by(FeedSource.id)))

    async def enabled(self) -> list[FeedSource]:
        """Every feed that is not disabled, by id."""
        rows = await self.s.scalars(
            select(FeedSource).where(FeedSource.state != "disabled").order_by(FeedSource.id)
        )
        return list(rows)

    async def update_source(self, feed_id: int, **values: Any) -> None:
        """Set columns of one feed (a Core UPDATE: no ORM bookkeeping on the hot path)."""
        await self.s.execute(update(_SOURCES).where(_SOURCES.c.id == feed_id).values(**values))

    async def update_sources(self, changes: Sequence[tuple[int, dict[str, Any]]]) -> None:
        """Set columns of several feeds: one executemany per set of columns changed."""
        by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for feed_id, values in changes:
            by_columns.setdefault(tuple(sorted(values)), []).append({"_id": feed_id, **values})
        for columns, params in by_columns.items():
            if columns:  # executemany: the SET clause is the columns of the parameters
                await self.s.execute(
                    update(_SOURCES).where(_SOURCES.c.id == bindparam("_id")), params
                )

    async def item_counts(self) -> dict[int, int]:
        """Articles per feed (``status``'s ``items``)."""
        rows = await self.s.execute(
            select(ArticleSource.feed_id, func.count()).group_by(ArticleSource.feed_id)
        )
        return {feed_id: count for feed_id, count in rows.all()}

    async def store_articles(
        self, feed_id: int, articles: Sequence[ArticleIn], now: datetime
    ) -> Stored:
        """Store one feed's articles: :meth:`store_many` for one feed."""
        return (await self.store_many([(feed_id, articles)], now))[0]

    async def store_many(
        self, feeds: Sequence[tuple[int, Sequence[ArticleIn]]], now: datetime
    ) -> list[Stored]:
        """Store the articles of several feeds, each article once (by key), and link each
        to the feeds that carry it; the same result, feed by feed, as storing the feeds one
        after another in this order, with a handful of statements for all of them.

        Set-based Core statements, not ORM objects: this is the poller's hot path (10,000
        articles on a first poll of 200 feeds, where a few statements per feed cost more
        than the rows). Inserts say ON CONFLICT DO NOTHING, so that two processes storing
        the same article at once both succeed and it is still stored once.
        """
        per_feed = [(feed_id, list({a.key: a for a in arts}.values())) for feed_id, arts in feeds]
        keys = list(dict.fromkeys(a.key for _, arts in per_feed for a in arts))
        rows: dict[str, _Row] = {}
        for chunk in _chunks(keys):
            found = await self.s.execute(
                select(
                    _ARTICLES.c.id,
                    _ARTICLES.c.key,
                    _ARTICLES.c.version,
                    _ARTICLES.c.type,
                    _ARTICLES.c.pmid,
                    _ARTICLES.c.journal,
                    _ARTICLES.c.published,
                ).where(_ARTICLES.c.key.in_(chunk))
            )
            for r in found.all():
                rows[r.key] = _Row(r.id, r.version, r.type, r.pmid, r.journal, r.published)
        # Each feed in turn, as if stored alone: an article first met here is inserted with
        # this copy; a later copy (this batch's or a stored one) adds what it lacked.
        new_keys: list[list[str]] = []
        updated_keys: list[list[str]] = []
        inserts: dict[str, dict[str, Any]] = {}
        for _, arts in per_feed:
            mine_new: list[str] = []
            mine_updated: list[str] = []
            for art in arts:
                row = rows.get(art.key)
                if row is None:
                    values = _article_values(art, now)
                    inserts[art.key] = values
                    rows[art.key] = _Row(
                        None, art.version, art.type, art.pmid, art.journal, art.published, values
                    )
                    mine_new.append(art.key)
                    continue
                values = _merge(row, art)
                if art.version and (row.version or 0) < art.version:
                    # A preprint's new version updates the same article; it is not a new one.
                    values.update(
                        version=art.version,
                        title=art.title[:_TITLE_CHARS],
                        link=art.link,
                        updated_at=now,
                    )
                    mine_updated.append(art.key)
                row.apply(values)
            new_keys.append(mine_new)
            updated_keys.append(mine_updated)
        if inserts:
            await self.s.execute(
                _insert(self.s, _ARTICLES).on_conflict_do_nothing(), list(inserts.values())
            )
        ids = {key: row.id for key, row in rows.items() if row.id is not None}
        for chunk in _chunks(list(inserts)):
            found = await self.s.execute(
                select(_ARTICLES.c.id, _ARTICLES.c.key).where(_ARTICLES.c.key.in_(chunk))
            )
            ids.update({key: article_id for article_id, key in found.all()})
        for row in rows.values():
            if row.id is not None and row.changes:
                await self.s.execute(
                    update(_ARTICLES).where(_ARTICLES.c.id == row.id).values(**row.changes)
                )
        # The links these articles have already (an article has a few sources at most).
        links: set[tuple[int, int]] = set()
        for chunk in _chunks(list(ids.values())):
            found = await self.s.execute(
                select(_ARTICLE_SOURCES.c.article_id, _ARTICLE_SOURCES.c.feed_id).where(
                    _ARTICLE_SOURCES.c.article_id.in_(chunk)
                )
            )
            links.update((article_id, feed_id) for article_id, feed_id in found.all())
        results: list[Stored] = []
        new_links: list[dict[str, Any]] = []
        for (feed_id, arts), mine_new, mine_updated in zip(
            per_feed, new_keys, updated_keys, strict=True
        ):
            linked = []
            for art in arts:
                article_id = ids.get(art.key)
                if article_id is not None and (article_id, feed_id) not in links:
                    links.add((article_id, feed_id))
                    linked.append(article_id)
                    new_links.append(
                        {"article_id": article_id, "feed_id": feed_id, "first_seen": now}
                    )
            results.append(
                Stored(
                    linked,
                    {ids[k] for k in mine_new if k in ids},
                    [ids[k] for k in mine_updated if k in ids],
                )
            )
        if new_links:
            await self.s.execute(
                _insert(self.s, _ARTICLE_SOURCES).on_conflict_do_nothing(), new_links
            )
        return results

    async def articles(self, ids: Sequence[int]) -> list[ArticleRow]:
        """The articles with these ids."""
        if not ids:
            return []
        return list(await self.s.scalars(select(ArticleRow).where(ArticleRow.id.in_(ids))))

    async def find_article(
        self, *, doi: str | None = None, pmid: str | None = None, link: str | None = None
    ) -> ArticleRow | None:
        """An article by DOI, else PMID, else canonical link."""
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
        """The article with an identity key; a ``title:…`` key (a retraction that names its
        original only by title: the hash of the normalised title) finds the earliest article
        with that title key."""
        if key.startswith("title:"):
            stmt = (
                select(ArticleRow)
                .where(ArticleRow.title_key == key.removeprefix("title:"))
                .order_by(ArticleRow.id)
                .limit(1)
            )
        else:
            stmt = select(ArticleRow).where(ArticleRow.key == key)
        found: ArticleRow | None = await self.s.scalar(stmt)
        return found

    async def sources_of(self, article_id: int) -> list[tuple[int, str, datetime]]:
        """(feed id, URL, when it first carried it) of every feed an article came from, in
        the order they brought it."""
        rows = await self.s.execute(
            select(FeedSource.id, FeedSource.url, ArticleSource.first_seen)
            .join(ArticleSource, ArticleSource.feed_id == FeedSource.id)
            .where(ArticleSource.article_id == article_id)
            .order_by(ArticleSource.first_seen, FeedSource.id)
        )
        return [(i, u, at) for i, u, at in rows.all()]

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
                PostedArticle.article_id == article_id,
                PostedArticle.outcome == "posted",
                PostedArticle.message_id.is_not(None),
            )
        )
        return [(t, c, m) for t, c, m in rows.all()]

    async def subscribers(self, feed_ids: Sequence[int]) -> list[Subscriber]:
        """Every channel of every workspace that follows one of these feeds (the poller
        serves them all), one entry per (channel, feed)."""
        if not feed_ids:
            return []
        rows = await self.s.execute(
            select(
                FeedSubscription.tenant_id,
                FeedSubscription.channel,
                FeedSubscription.created_at,
                FeedSubscription.feed_id,
            )
            .where(FeedSubscription.feed_id.in_(feed_ids))
            .order_by(FeedSubscription.tenant_id, FeedSubscription.channel)
        )
        return [Subscriber(t, c, at, f) for t, c, at, f in rows.all()]

    async def claim_due(self, now: datetime, lease_until: datetime) -> list[FeedSource]:
        """Claim every enabled feed due at ``now`` by moving its next poll to ``lease_until``.

        The conditional UPDATE is the claim: when several bot processes share a database,
        each due feed is taken by one of them (PostgreSQL re-checks the condition on the
        locked row; SQLite has one writer), and a crashed poller's feeds fall due again when
        the lease ends. The poll then stores the real next poll time.
        """
        due = list(
            await self.s.scalars(
                select(FeedSource.id).where(
                    FeedSource.state != "disabled",
                    or_(FeedSource.next_poll.is_(None), FeedSource.next_poll <= now),
                )
            )
        )
        if not due:
            return []
        claimed = list(
            await self.s.scalars(
                update(FeedSource)
                .where(
                    FeedSource.id.in_(due),
                    FeedSource.state != "disabled",
                    or_(FeedSource.next_poll.is_(None), FeedSource.next_poll <= now),
                )
                .values(next_poll=lease_until)
                .returning(FeedSource.id)
            )
        )
        if not claimed:
            return []
        rows = await self.s.scalars(
            select(FeedSource)
            .where(FeedSource.id.in_(claimed))
            .order_by(FeedSource.id)
            .execution_options(populate_existing=True)
        )
        return list(rows)


class WorkspaceFeeds(Scoped):
    """One workspace's subscriptions, filters, posting records and digest marks."""

    async def subscribe(
        self, feed_id: int, group_id: int | None, channel: str, by: int | None, now: datetime
    ) -> bool:
        """Follow a feed in a channel; False when the channel follows it already."""
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
        """(subscription, feed, group name) of every subscription here."""
        rows = await self.s.execute(
            select(FeedSubscription, FeedSource, Group.name)
            .join(FeedSource, FeedSource.id == FeedSubscription.feed_id)
            .outerjoin(Group, Group.id == FeedSubscription.group_id)
            .where(FeedSubscription.tenant_id == self.tenant_id)
            .order_by(FeedSource.id, FeedSubscription.channel)
        )
        return [(sub, src, name) for sub, src, name in rows.all()]

    async def unsubscribe(self, feed_id: int, channel: str | None = None) -> int:
        """Stop following a feed in one channel (or all); how many stopped."""
        stmt = delete(FeedSubscription).where(
            FeedSubscription.tenant_id == self.tenant_id, FeedSubscription.feed_id == feed_id
        )
        if channel is not None:
            stmt = stmt.where(FeedSubscription.channel == channel)
        result = await self.s.execute(stmt)
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def filter(self, channel: str) -> str | None:
        """A channel's filter expression, if any."""
        found: str | None = await self.s.scalar(
            select(FeedFilter.expression).where(
                FeedFilter.tenant_id == self.tenant_id, FeedFilter.channel == channel
            )
        )
        return found

    async def set_filter(
        self, channel: str, expression: str | None, by: int | None, now: datetime
    ) -> None:
        """Replace (or, with None, clear) a channel's filter."""
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
        detail: str | None = None,
    ) -> bool:
        """Record what happens to an article in a channel, before it happens; False when it
        was recorded already (another feed, poll or process got there first: never twice)."""
        created = await self.s.scalar(
            _insert(self.s, PostedArticle)
            .on_conflict_do_nothing()
            .values(
                tenant_id=self.tenant_id,
                article_id=article_id,
                channel=channel,
                outcome=outcome,
                detail=detail[:300] if detail else None,
                at=now,
            )
            .returning(PostedArticle.id)
        )
        return created is not None

    async def settle(
        self,
        article_id: int,
        channel: str,
        *,
        outcome: str | None = None,
        message_id: str | None = None,
        detail: str | None = None,
    ) -> None:
        """Complete a record once the post is out (its message) or has failed (why)."""
        values: dict[str, Any] = {}
        if outcome is not None:
            values["outcome"] = outcome
        if message_id is not None:
            values["message_id"] = message_id
        if detail is not None:
            values["detail"] = detail[:300]
        await self.s.execute(
            update(PostedArticle)
            .where(
                PostedArticle.tenant_id == self.tenant_id,
                PostedArticle.article_id == article_id,
                PostedArticle.channel == channel,
            )
            .values(**values)
        )

    async def records(self, article_id: int) -> list[PostedArticle]:
        """What happened to an article in each channel here."""
        rows = await self.s.scalars(
            select(PostedArticle).where(
                PostedArticle.tenant_id == self.tenant_id, PostedArticle.article_id == article_id
            )
        )
        return list(rows)

    async def recorded_in(self, article_ids: Sequence[int], channel: str) -> set[int]:
        """Which of these articles already have a record in ``channel`` (posted or not)."""
        if not article_ids:
            return set()
        rows = await self.s.scalars(
            select(PostedArticle.article_id).where(
                PostedArticle.tenant_id == self.tenant_id,
                PostedArticle.channel == channel,
                PostedArticle.article_id.in_(article_ids),
            )
        )
        return set(rows)

    async def digest_articles(self, channel: str, since: datetime, limit: int) -> list[ArticleRow]:
        """Articles first stored after ``since`` from the feeds ``channel`` follows."""
        feeds = select(FeedSubscription.feed_id).where(
            FeedSubscription.tenant_id == self.tenant_id, FeedSubscription.channel == channel
        )
        ids = select(ArticleSource.article_id).where(ArticleSource.feed_id.in_(feeds))
        rows = await self.s.scalars(
            select(ArticleRow)
            .where(ArticleRow.id.in_(ids), ArticleRow.first_seen > since)
            .order_by(ArticleRow.first_seen.desc(), ArticleRow.id.desc())
            .limit(limit)
        )
        return list(rows)

    async def last_digest(self, channel: str) -> datetime | None:
        """When the channel last received its digest."""
        found: datetime | None = await self.s.scalar(
            select(DigestMark.last_digest).where(
                DigestMark.tenant_id == self.tenant_id, DigestMark.channel == channel
            )
        )
        return found

    async def mark_digest(self, channel: str, when: datetime) -> None:
        """Remember when the channel received its digest."""
        await self.s.execute(
            delete(DigestMark).where(
                DigestMark.tenant_id == self.tenant_id, DigestMark.channel == channel
            )
        )
        self.s.add(DigestMark(tenant_id=self.tenant_id, channel=channel, last_digest=when))
        await self.s.flush()

    async def _digest_jobs(self, member_id: int) -> list[Job]:
        """The pending scheduled digests a member set up (their id is in the payload: the
        job itself belongs to the channel, so that it outlives its creator's erasure)."""
        rows = await self.s.scalars(
            select(Job).where(
                Job.tenant_id == self.tenant_id,
                Job.kind == DIGEST_JOB,
                Job.status == "pending",
            )
        )
        return [j for j in rows if j.payload.get("created_by") == member_id]

    async def forget_creator(self, member_id: int) -> None:
        """Erasure: subscriptions, filters and digest schedules stay with the workspace,
        without their creator."""
        for model in (FeedSubscription, FeedFilter):
            await self.s.execute(
                update(model)
                .where(model.tenant_id == self.tenant_id, model.created_by == member_id)
                .values(created_by=None)
            )
        for job in await self._digest_jobs(member_id):
            payload = {k: v for k, v in job.payload.items() if k != "created_by"}
            await self.s.execute(update(Job).where(Job.id == job.id).values(payload=payload))

    async def created_by(self, member_id: int) -> dict[str, list[str]]:
        """Export: the subscriptions, filters and digest schedules a member created."""
        subs = await self.s.execute(
            select(FeedSource.url, FeedSubscription.channel)
            .join(FeedSource, FeedSource.id == FeedSubscription.feed_id)
            .where(
                FeedSubscription.tenant_id == self.tenant_id,
                FeedSubscription.created_by == member_id,
            )
        )
        filters = await self.s.execute(
            select(FeedFilter.channel, FeedFilter.expression).where(
                FeedFilter.tenant_id == self.tenant_id, FeedFilter.created_by == member_id
            )
        )
        schedules = [
            f"#{j.payload.get('channel')}: {j.cron} ({j.tz})"
            for j in await self._digest_jobs(member_id)
        ]
        return {
            "subscriptions": [f"{url} → #{channel}" for url, channel in subs.all()],
            "filters": [f"#{channel}: {expression}" for channel, expression in filters.all()],
            "digest_schedules": schedules,
        }


def _merge(row: Any, art: ArticleIn) -> dict[str, Any]:
    """What another feed's copy of a stored article adds: a publication type where the
    first feed said only "article" (PubMed knows an RCT that a journal's RSS calls an
    "Original Article"), and a PMID, journal or date the first feed lacked."""
    values: dict[str, Any] = {}
    if row.type == "article" and art.type != "article":
        values["type"] = art.type
    if row.pmid is None and art.pmid:
        values["pmid"] = art.pmid
    if row.journal is None and art.journal:
        values["journal"] = art.journal
    if row.published is None and art.published:
        values["published"] = art.published
    return values


def _article_values(art: ArticleIn, now: datetime) -> dict[str, Any]:
    """The column values of a new article row."""
    return {
        "key": art.key,
        "title": art.title[:_TITLE_CHARS],
        "link": art.link,
        "doi": art.doi,
        "pmid": art.pmid,
        "published": art.published,
        "journal": art.journal,
        "authors": list(art.authors[:_AUTHORS]),
        "type": art.type,
        "version": art.version,
        "corrects": art.corrects,
        "title_key": art.title_key[:600] if art.title_key else None,
        "first_seen": now,
        "updated_at": None,
    }
