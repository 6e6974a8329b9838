"""The feeds migrations on stored data, on both engines. Dropping ``articles.summary``
(feeds_0003) keeps every article's sources and posting records, up and down: SQLite must not
rebuild the table, whose drop would cascade to them. Hashing what is derived from titles
(feeds_0004) keys every stored article as the poller now does, so that none is stored twice;
an article stored both before and after feeds_0003 becomes one; a retraction that names its
original by title still finds it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.services.digests.poller import to_stored
from bot.storage.db import Database, alembic_config
from bot.storage.models.base import JsonDoc, UTCDateTime
from bot.storage.models.core import TenantRow
from bot.storage.models.feeds import ArticleRow, ArticleSource, FeedSource, PostedArticle
from bot.storage.repos.feeds import FeedRepo
from feeds.model import Article
from feeds.parse import parse_feed
from feeds.text import normalize_title
from tests.digests import samples as P
from tests.digests.helpers import DetectorGate

NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)
FEED = "https://cases.example.org/feed"
CASE = "Case report: pt Ruiz MRN 4417-2290 DOB 03/04/1961 with refractory angina"
VALUES = ("ruiz", "4417-2290", "03/04/1961")
TABLES = ("articles", "article_sources", "posted_articles")

#: ``articles`` as feeds_0001 made it, with the column that feeds_0003 drops.
_ARTICLES_0002 = sa.table(
    "articles",
    sa.column("id"),
    sa.column("key"),
    sa.column("title"),
    sa.column("authors", JsonDoc),
    sa.column("type"),
    sa.column("summary"),
    sa.column("first_seen", UTCDateTime()),
)


async def _migrate(db: Database, step: Callable[[Config, str], None], revision: str) -> None:
    async with db.engine.begin() as conn:
        await conn.run_sync(lambda c: step(alembic_config(c), revision))


async def _counts(db: Database) -> dict[str, int]:
    async with db.engine.connect() as conn:
        return {
            t: (await conn.execute(sa.text(f"SELECT count(*) FROM {t}"))).scalar_one()
            for t in TABLES
        }


async def _feeds_and_tenant(conn: AsyncConnection) -> tuple[list[int], int]:
    """Two feeds and a workspace; their ids."""
    feeds = []
    for path in ("/feed", "/other"):
        values = {"url": "https://cases.example.org" + path, "created_at": NOW}
        result = await conn.execute(sa.insert(FeedSource).values(**values))
        feeds.append(result.inserted_primary_key[0])
    tenant = await conn.execute(
        sa.insert(TenantRow).values(platform="slack", workspace="T1", created_at=NOW)
    )
    return feeds, tenant.inserted_primary_key[0]


async def _link(
    conn: AsyncConnection, article_id: int, feeds: list[int], tenant: int, posts: dict[str, str]
) -> None:
    """An article's sources, and its posts (channel: message id)."""
    for feed_id in feeds:
        await conn.execute(
            sa.insert(ArticleSource).values(article_id=article_id, feed_id=feed_id, first_seen=NOW)
        )
    for channel, message in posts.items():
        await conn.execute(
            sa.insert(PostedArticle).values(
                tenant_id=tenant,
                article_id=article_id,
                channel=channel,
                outcome="posted",
                message_id=message,
                at=NOW,
            )
        )


async def test_dropping_the_summary_keeps_sources_and_posts_both_ways(db_url: str) -> None:
    db = Database(db_url)
    try:
        await _migrate(db, command.upgrade, "feeds_0002")
        async with db.engine.begin() as conn:
            feeds, tenant = await _feeds_and_tenant(conn)
            values = {"key": "doi:10.5555/x", "title": "T", "authors": [], "type": "article"}
            article_id = await conn.scalar(
                sa.insert(_ARTICLES_0002)
                .values(**values, summary="s", first_seen=NOW)
                .returning(_ARTICLES_0002.c.id)
            )
            await _link(conn, article_id, feeds, tenant, {"cardiology": "m1"})
        stored = {"articles": 1, "article_sources": 2, "posted_articles": 1}
        await _migrate(db, command.upgrade, "heads")
        assert await _counts(db) == stored
        await _migrate(db, command.downgrade, "feeds_0002")  # adding the column back
        assert await _counts(db) == stored
    finally:
        await db.close()


def _fitted(key: str) -> str:
    """An identity key as the poller fitted it to its column before feeds_0004."""
    if len(key) <= 600:
        return key
    return key[:534] + "#" + hashlib.sha256(key.encode()).hexdigest()


def _before_0003(art: Article) -> dict[str, Any]:
    """An article's row as Rounds stored it before feeds_0003: nothing scrubbed or hashed."""
    return {
        "key": _fitted(art.key),
        "title": art.title,
        "link": art.link,
        "doi": art.doi,
        "authors": [],
        "type": str(art.type),
        "corrects": art.corrects,
        "title_key": art.title_key,
        "first_seen": NOW,
    }


def _after_0003(art: Article) -> dict[str, Any]:
    """A flagged article's row as feeds_0003's poller stored it: title redacted, link key
    hashed, title key taken from the redacted title."""
    title, _ = DetectorGate().scrub(art.title)
    return _before_0003(art) | {
        "key": "sha256:" + hashlib.sha256(art.key.encode()).hexdigest(),
        "title": title,
        "title_key": normalize_title(title),
    }


async def _insert_article(conn: AsyncConnection, values: dict[str, Any]) -> int:
    result = await conn.execute(sa.insert(ArticleRow).values(**values))
    article_id: int = result.inserted_primary_key[0]
    return article_id


async def test_title_derived_values_are_hashed_and_no_article_is_stored_twice(
    db_url: str,
) -> None:
    body = P.links_rss(
        [
            (f"Retraction: {CASE}", "/a/2"),
            (CASE, "/a/1"),
            ("A plain case of chest pain", "/a/3"),
            ("A trial with a DOI link", "/doi/10.5555/trial.1"),
            ("A case behind a very long link", "/a/" + "x" * 700),
        ]
    )
    parsed = parse_feed(body, FEED, "application/rss+xml").articles
    retraction, case = parsed[0], parsed[1]
    assert retraction.type == "retraction" and retraction.corrects
    assert parsed[3].key.startswith("doi:") and len(parsed[4].key) > 600
    db = Database(db_url)
    try:
        await _migrate(db, command.upgrade, "feeds_0003")
        async with db.engine.begin() as conn:
            feeds, tenant = await _feeds_and_tenant(conn)
            ids = [await _insert_article(conn, _before_0003(art)) for art in parsed]
            await _link(conn, ids[1], feeds[:1], tenant, {"cardiology": "m1"})
            for art_id in (ids[0], *ids[2:]):
                await _link(conn, art_id, feeds[:1], tenant, {})
            # Enough rows for more than one batch, the duplicate in a later one.
            for i in range(600):
                key = f"link:https://cases.example.org/f/{i}|filler {i}"
                await _insert_article(
                    conn, {"key": key, "title": f"Filler {i}", "authors": [], "first_seen": NOW}
                )
            # The case again, as feeds_0003 stored it: it was posted a second time.
            again = await _insert_article(conn, _after_0003(case))
            await _link(conn, again, feeds, tenant, {"cardiology": "m2", "research": "m3"})

        await _migrate(db, command.upgrade, "heads")

        assert await _counts(db) == {
            "articles": len(parsed) + 600,
            "article_sources": len(parsed) + 1,
            "posted_articles": 2,
        }
        gate = DetectorGate()
        async with db.session() as s:
            rows = {r.id: r for r in await s.scalars(sa.select(ArticleRow))}
            posted = set(
                (await s.execute(sa.select(PostedArticle.channel, PostedArticle.message_id))).all()
            )
            # The poller keys every article as migrated: nothing is new, nothing is stored
            # again, and every source is known already.
            stored = await FeedRepo(s).store_articles(
                feeds[0], [to_stored(art, gate) for art in parsed], NOW
            )
            original = await FeedRepo(s).by_key(str(rows[ids[0]].corrects))
        assert (stored.new, stored.linked) == (set(), [])
        assert await _counts(db) == {
            "articles": len(parsed) + 600,
            "article_sources": len(parsed) + 1,
            "posted_articles": 2,
        }
        for art_id, art in zip(ids, parsed, strict=True):
            want = to_stored(art, gate)
            row = rows[art_id]
            assert (row.key, row.title_key, row.corrects) == (
                want.key,
                want.title_key,
                want.corrects,
            )
        # The first row of the case stays, with the other copy's scrubbed title, its feed
        # and its post in #research; the second post in #cardiology was a duplicate.
        assert rows[ids[1]].title == DetectorGate().scrub(CASE)[0] and again not in rows
        assert posted == {("cardiology", "m1"), ("research", "m3")}
        assert original is not None and original.id == ids[1]  # the retraction finds it
        assert not [r for r in rows.values() if not r.key.startswith(("doi:", "sha256:"))]
        derived = " ".join(f"{r.key} {r.title_key} {r.corrects}" for r in rows.values())
        assert all(value not in derived.lower() for value in VALUES)
    finally:
        await db.close()
