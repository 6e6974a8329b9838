"""Storing a poll's outcomes in batches, on both engines: several feeds in one transaction
give, feed by feed, what storing them one after another gives (each article once, later
copies adding what the first lacked, preprint versions, links, what is new); a batch that
cannot be stored is stored feed by feed, so that one feed's trouble stops only that feed."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select

from bot.services.digests.admin import FeedAdmin
from bot.services.digests.poller import FeedPoller
from bot.storage.db import Database
from bot.storage.models.feeds import ArticleRow, ArticleSource
from bot.storage.repos.feeds import ArticleIn, FeedRepo, Stored
from feeds import FeedClient, FeedRequest, PollOutcome
from tests.conftest import BotConsole
from tests.digests import samples as P
from tests.digests.conftest import feed_bot
from tests.digests.helpers import SETUP
from tests.digests.servers import FeedSite

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def art(key: str, **values: Any) -> ArticleIn:
    base: dict[str, Any] = {
        "key": key,
        "title": f"Title of {key}",
        "link": f"https://example.org/{key}",
        "doi": None,
        "pmid": None,
        "published": None,
        "journal": None,
        "authors": ("A B",),
        "type": "article",
        "version": None,
        "corrects": None,
    }
    return ArticleIn(**{**base, **values})


# Three polls' worth of feeds: overlaps within a batch, with the stored ones, preprint
# versions going up (in the batch and against the stored row), a feed repeating a key.
ROUNDS: list[list[tuple[int, list[ArticleIn]]]] = [
    [
        (1, [art("doi:a"), art("doi:b", journal="J1")]),
        (2, [art("doi:a", type="rct", pmid="11", journal="NEJM"), art("doi:c")]),
        (3, [art("doi:p", type="preprint", version=1), art("doi:a", published=NOW)]),
    ],
    [
        (3, [art("doi:p", type="preprint", version=2, title="v2"), art("doi:d")]),
        (1, [art("doi:d", pmid="44"), art("doi:b"), art("doi:b", type="review")]),
        (4, [art("doi:p", type="preprint", version=3, title="v3"), art("doi:a")]),
    ],
    [
        (2, [art("doi:a"), art("doi:c"), art("doi:e")]),
        (4, [art("doi:p", type="preprint", version=3), art("doi:e", journal="J4")]),
    ],
]


async def _prepare(url: str) -> Database:
    db = Database(url)
    await db.migrate()
    async with db.session() as s:
        for n in range(1, 5):
            await FeedRepo(s).ensure_source(f"https://feeds.example/{n}", NOW)
    return db


def _named(stored: Stored, keys: dict[int, str]) -> tuple[list[str], set[str], list[str]]:
    return (
        [keys[i] for i in stored.linked],
        {keys[i] for i in stored.new},
        [keys[i] for i in stored.updated],
    )


async def _state(db: Database) -> tuple[dict[int, str], list[tuple[Any, ...]], set[Any]]:
    async with db.session() as s:
        rows = list(await s.scalars(select(ArticleRow).order_by(ArticleRow.key)))
        links = set(
            (await s.execute(select(ArticleSource.article_id, ArticleSource.feed_id))).all()
        )
    keys = {r.id: r.key for r in rows}
    columns = [c.key for c in ArticleRow.__table__.columns if c.key != "id"]
    return (
        keys,
        [tuple(getattr(r, c) for c in columns) for r in rows],
        {(keys[a], f) for a, f in links},
    )


async def _run(db: Database, batched: bool) -> list[list[tuple[list[str], set[str], list[str]]]]:
    results = []
    for n, feeds in enumerate(ROUNDS):
        now = NOW + timedelta(hours=n)
        async with db.session() as s:
            repo = FeedRepo(s)
            if batched:
                stored: Sequence[Stored] = await repo.store_many(feeds, now)
            else:
                stored = [await repo.store_articles(f, arts, now) for f, arts in feeds]
        keys, _, _ = await _state(db)
        results.append([_named(x, keys) for x in stored])
    return results


async def test_a_batch_stores_what_feed_after_feed_stores(db_url: str) -> None:
    db = await _prepare(db_url)
    try:
        expected = await _run(db, batched=False)
        _, rows, links = await _state(db)
        async with db.session() as s:
            await s.execute(delete(ArticleSource))
            await s.execute(delete(ArticleRow))
        assert await _run(db, batched=True) == expected
        _, rows_batched, links_batched = await _state(db)
    finally:
        await db.close()
    assert rows_batched == rows and links_batched == links
    # The story itself: a stored once and completed by feed 2, p at version 3, b a review.
    columns = [c.key for c in ArticleRow.__table__.columns if c.key != "id"]
    by_key = {r[0]: dict(zip(columns, r, strict=True)) for r in rows}
    assert set(by_key) == {f"doi:{k}" for k in "abcdep"}
    assert (by_key["doi:a"]["type"], by_key["doi:a"]["pmid"]) == ("rct", "11")
    assert by_key["doi:a"]["published"] == NOW and by_key["doi:b"]["type"] == "review"
    assert (by_key["doi:p"]["version"], by_key["doi:p"]["title"]) == (3, "v3")
    assert by_key["doi:e"]["journal"] == "J4"
    assert expected[0][0] == (["doi:a", "doi:b"], {"doi:a", "doi:b"}, [])
    assert expected[0][1] == (["doi:a", "doi:c"], {"doi:c"}, [])
    assert expected[1][0] == (["doi:d"], {"doi:d"}, ["doi:p"])
    assert expected[1][1] == (["doi:d"], set(), [])
    assert expected[1][2] == (["doi:p", "doi:a"], set(), ["doi:p"])
    assert expected[2][0] == (["doi:e"], {"doi:e"}, [])


async def test_a_batch_that_fails_is_stored_feed_by_feed(
    fbot: BotConsole, site: FeedSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    urls = [site.set("/rss1", P.rss1(P.OLD)), site.set("/atom", P.atom(P.OLD))]
    bad = site.set("/pubmed", P.pubmed(P.OLD))
    await fbot.play(SETUP)
    for url in [*urls, bad]:
        await fbot.play(f"@bob #cardiology: /feed add {url} #cardiology")
    assert fbot.core is not None
    status = {r["url"]: r for r in await FeedAdmin(fbot.core).status()}
    bad_id = status[bad]["id"]
    store_many = FeedRepo.store_many
    batches: list[list[int]] = []

    async def failing(
        self: FeedRepo, feeds: Sequence[tuple[int, Sequence[ArticleIn]]], now: datetime
    ) -> list[Stored]:
        batches.append([feed_id for feed_id, _ in feeds])
        if bad_id in batches[-1]:
            raise RuntimeError("storage trouble")
        return await store_many(self, feeds, now)

    poll_batches = FeedClient.poll_batches

    async def all_at_once(
        self: FeedClient, requests: Iterable[FeedRequest], max_batch: int = 50
    ) -> AsyncIterator[list[PollOutcome]]:
        yield [o async for batch in poll_batches(self, requests, max_batch) for o in batch]

    monkeypatch.setattr(FeedRepo, "store_many", failing)
    monkeypatch.setattr(FeedClient, "poll_batches", all_at_once)
    poller = fbot.core.services["feeds"]
    assert isinstance(poller, FeedPoller)
    report = await poller.poll_all()
    assert report.failed == [(bad, "could not store the result")]
    assert (report.polled, report.new_articles) == (2, len(P.OLD))
    assert len(batches) == 4 and len(batches[0]) == 3  # together first, then one by one
    status = {r["url"]: r for r in await FeedAdmin(fbot.core).status()}
    assert [status[u]["items"] for u in urls] == [len(P.OLD), len(P.OLD)]
    assert status[bad]["items"] == 0 and status[bad]["last_status"] is None  # not stored


async def test_the_configured_item_cap_reaches_the_fetcher(
    sqlite_url: str, tmp_path: Path, site: FeedSite
) -> None:
    bot = feed_bot(tmp_path / "data", sqlite_url, max_items_per_feed=4)
    await bot.start(NOW)
    try:
        url = site.set("/pubmed", P.pubmed(P.batch("cap", 10)))
        await bot.play(SETUP, f"@bob #cardiology: /feed add {url} #cardiology", "! poll")
        assert bot.core is not None
        [status] = await FeedAdmin(bot.core).status()
        assert status["items"] == 4
    finally:
        await bot.stop()
