"""Polling many feeds at once through the process pool: good ones parse, bad ones fail clearly."""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import time
from collections.abc import AsyncIterator, Iterator

import feeds_samples as S
import pytest
from feeds_servers import Seen, feed_app

from feeds import FeedClient
from feeds.errors import FailureKind
from feeds.http import FetchConfig, Fetcher
from feeds.model import Failed, FeedRequest, NotModified, ParsedFeed, ParseResult, Polled
from feeds.pool import InlineParser, ProcessPoolParser
from tests.http_servers import serve, silent_server

NEJM_KEY = "doi:" + S.NEJM_DOI.lower()


@pytest.fixture(scope="module")
def pool() -> Iterator[ProcessPoolParser]:
    parser = ProcessPoolParser(max_workers=2, timeout=30)
    yield parser
    asyncio.run(parser.close())


@pytest.fixture
async def site() -> AsyncIterator[tuple[str, Seen]]:
    seen = Seen()
    async with serve(feed_app(seen)) as base:
        yield base, seen


EXPECTED_FAILURES = {
    "/html": (FailureKind.HTML_PAGE, "not a feed: HTML page"),
    "/laughs": (FailureKind.XML_ENTITIES, "refused: XML entity declarations"),
    "/quadratic": (FailureKind.XML_ENTITIES, "refused: XML entity declarations"),
    "/external/general": (FailureKind.XML_ENTITIES, "refused: XML entity declarations"),
    "/external/parameter": (FailureKind.XML_ENTITIES, "refused: XML entity declarations"),
    "/big": (FailureKind.TOO_LARGE, "response larger than 10 MiB"),
    "/bomb": (FailureKind.TOO_LARGE, "response larger than 10 MiB"),
    "/403": (FailureKind.HTTP, "HTTP 403 Forbidden"),
    "/429": (FailureKind.HTTP, "HTTP 429 Too Many Requests (retry after 120 s)"),
    "/500": (FailureKind.HTTP, "HTTP 500 Internal Server Error"),
    "/redirect/9": (FailureKind.TOO_MANY_REDIRECTS, "too many redirects (more than 5)"),
    "/to-metadata": (FailureKind.PRIVATE_ADDRESS, "refused: the address is private or local"),
    "/stall": (FailureKind.TIMEOUT, "timed out: the server stopped sending (1 s)"),
}
GOOD = [
    "/pubmed",
    "/rss1",
    "/atom",
    "/conference",
    "/medrxiv",
    "/bozo",
    "/gz",
    "/moved",
    "/external/doctype",
]


async def test_everything_together_within_budget(
    site: tuple[str, Seen], pool: ProcessPoolParser
) -> None:
    base, seen = site
    config = FetchConfig(
        allowed_networks=("127.0.0.1/32",), connect_timeout=5, read_timeout=1, total_timeout=6
    )
    async with silent_server() as silent:
        requests = [FeedRequest(base + p) for p in [*GOOD, *EXPECTED_FAILURES]]
        requests += [
            FeedRequest(f"{silent}/never"),
            FeedRequest("http://0x0a000001/feed"),
            FeedRequest("http://[::1]/feed"),
            FeedRequest("gopher://example.org/feed"),
        ]
        start = time.perf_counter()
        async with FeedClient(config, parser=pool) as client:
            outcomes = {o.url: o async for o in client.poll_many(requests)}
        elapsed = time.perf_counter() - start
    assert elapsed < 15, elapsed  # generous: the servers share this event loop
    assert len(outcomes) == len(requests)

    for path in GOOD:
        polled = outcomes[base + path]
        assert isinstance(polled, Polled), (path, polled)
        assert polled.articles, path
    for path, (kind, error) in EXPECTED_FAILURES.items():
        failed = outcomes[base + path]
        assert isinstance(failed, Failed), (path, failed)
        assert (failed.kind, failed.error) == (kind, error), path
    assert outcomes[base + "/429"].retry_after == 120  # type: ignore[union-attr]
    never = outcomes[f"{silent}/never"]
    assert isinstance(never, Failed) and never.kind is FailureKind.TIMEOUT
    for url in ("http://0x0a000001/feed", "http://[::1]/feed"):
        assert outcomes[url].kind is FailureKind.PRIVATE_ADDRESS  # type: ignore[union-attr]
    assert outcomes["gopher://example.org/feed"].kind is FailureKind.SCHEME  # type: ignore[union-attr]

    # one article, four feeds, one key
    keys = [
        {a.key for a in outcomes[base + p].articles}  # type: ignore[union-attr]
        for p in ("/pubmed", "/rss1", "/atom", "/conference")
    ]
    assert all(NEJM_KEY in k for k in keys)
    # no request ever left for an external entity or DTD
    assert seen.count("/secret") == 0
    assert seen.count("/external/") == 3
    moved = outcomes[base + "/moved"]
    assert isinstance(moved, Polled) and moved.permanent_redirect == base + "/rss1"


async def test_pool_is_created_once_and_reused(pool: ProcessPoolParser) -> None:
    await pool.start()
    started = pool.started
    results = await asyncio.gather(*(pool.parse(S.pubmed_rss(i)) for i in range(8)))
    assert all(isinstance(r, ParsedFeed) and len(r.articles) == 4 for r in results)
    assert pool.started == started == 2  # one process per worker, reused for every feed
    assert pool.max_workers == 2


async def test_parsing_happens_off_the_event_loop(pool: ProcessPoolParser) -> None:
    """While a large feed parses, the loop keeps ticking."""
    big = S.many_items(3000)
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.005)

    task = asyncio.create_task(ticker())
    start = time.perf_counter()
    result = await pool.parse(big)
    elapsed = time.perf_counter() - start
    task.cancel()
    assert isinstance(result, ParsedFeed) and len(result.articles) == 3000
    assert ticks >= int(elapsed / 0.005 * 0.3)


async def test_not_modified_round_trip(site: tuple[str, Seen], pool: ProcessPoolParser) -> None:
    base, _ = site
    async with FeedClient(FetchConfig(allow_private_networks=True), parser=pool) as client:
        first = await client.poll(FeedRequest(f"{base}/pubmed"))
        assert isinstance(first, Polled)
        second = await client.poll(
            FeedRequest(first.url, first.etag, first.last_modified, first.body_hash)
        )
    assert isinstance(second, NotModified) and second.status == 304


async def test_odd_corpus_served_locally(site: tuple[str, Seen], pool: ProcessPoolParser) -> None:
    base, _ = site
    names = sorted(S.odd_corpus())
    async with Fetcher(FetchConfig(allow_private_networks=True)) as fetcher:
        client = FeedClient(fetcher=fetcher, parser=pool)
        requests = [FeedRequest(f"{base}/odd/{n}") for n in names]
        outcomes = [o async for o in client.poll_many(requests)]
    assert len(outcomes) == len(names)
    for o in outcomes:
        assert isinstance(o, Polled | Failed), o
        if isinstance(o, Failed):
            assert o.kind in (FailureKind.NOT_A_FEED, FailureKind.HTML_PAGE, FailureKind.EMPTY), o
    polled = {o.url.rsplit("/", 1)[1] for o in outcomes if isinstance(o, Polled)}
    assert {"rss091", "atom03", "utf16-bom", "truncated", "huge-title"} <= polled


async def test_a_killed_worker_is_replaced() -> None:
    before = set(multiprocessing.active_children())
    parser = ProcessPoolParser(max_workers=1, timeout=30)
    try:
        await parser.ready()
        workers = set(multiprocessing.active_children()) - before
        assert workers
        for proc in workers:
            proc.kill()
            proc.join(5)
        result = await parser.parse(S.pubmed_rss())
        if isinstance(result, ParsedFeed):
            assert parser.started == 2  # the dead worker was replaced and the feed parsed
        else:  # the crash was noticed while this feed was in flight
            assert result.error == "the parser stopped unexpectedly"
            assert isinstance(await parser.parse(S.pubmed_rss()), ParsedFeed)
    finally:
        await parser.close()


async def test_breaking_out_of_poll_many_cancels_the_rest(site: tuple[str, Seen]) -> None:
    base, _ = site
    async with silent_server() as silent:
        config = FetchConfig(allow_private_networks=True, total_timeout=30)
        async with FeedClient(config, parser=InlineParser()) as client:
            requests = [FeedRequest(f"{base}/rss1")]
            requests += [FeedRequest(f"{silent}/{i}") for i in range(5)]
            start = time.perf_counter()
            async with contextlib.aclosing(client.poll_many(requests)) as outcomes:
                async for first in outcomes:
                    assert isinstance(first, Polled)
                    break
            assert time.perf_counter() - start < 5


class StartCounting(InlineParser):
    """An inline parser that counts its starts and parses."""

    def __init__(self) -> None:
        self.starts = 0
        self.parses = 0

    async def start(self) -> None:
        self.starts += 1

    async def parse(
        self, body: bytes, *, url: str | None = None, content_type: str | None = None
    ) -> ParseResult:
        self.parses += 1
        return await super().parse(body, url=url, content_type=content_type)


async def test_the_parser_starts_only_when_a_poll_needs_it(site: tuple[str, Seen]) -> None:
    base, _ = site
    parser = StartCounting()
    async with FeedClient(FetchConfig(allow_private_networks=True), parser=parser) as client:
        assert parser.starts == 0  # entering the client starts no worker
        # Validators from a previous poll, answered 304: nothing to parse, nothing started.
        known = FeedRequest(f"{base}/pubmed", etag='"v1"')
        assert [type(o) async for o in client.poll_many([known])] == [NotModified]
        assert (parser.starts, parser.parses) == (0, 0)
        # A feed never fetched will be parsed: the parser starts before the first fetch ends.
        outcomes = client.poll_many([known, FeedRequest(f"{base}/rss1")])
        async with contextlib.aclosing(outcomes):
            async for _ in outcomes:
                assert parser.starts == 1
                break


async def test_poll_batches_yields_every_outcome_once_in_ready_batches(
    site: tuple[str, Seen],
) -> None:
    base, _ = site
    paths = ["/pubmed", "/rss1", "/atom", "/conference", "/medrxiv", "/500", "/403"]
    requests = [FeedRequest(f"{base}{p}") for p in paths]
    async with FeedClient(FetchConfig(allow_private_networks=True), parser=InlineParser()) as c:
        batches = [b async for b in c.poll_batches(requests, max_batch=2)]
    assert all(1 <= len(b) <= 2 for b in batches)
    urls = [o.url for b in batches for o in b]
    assert sorted(urls) == sorted(r.url for r in requests)
    for batch in batches:  # the outcomes ready together come in request order
        assert [paths.index(o.url[len(base) :]) for o in batch] == sorted(
            paths.index(o.url[len(base) :]) for o in batch
        )
