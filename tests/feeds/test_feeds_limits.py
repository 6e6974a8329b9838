"""Containment: per-host slots, the parse time limit, worker memory, the item cap, a 304
without validators and undecodable codings, against local servers."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import aiohttp.compression_utils
import pytest
from feeds_servers import Seen, limits_app

from bot.config import load_config
from feeds import FeedClient
from feeds.decision import decide
from feeds.errors import FailureKind
from feeds.http import FetchConfig, Fetcher
from feeds.model import Failed, FeedRequest, Fetched, ParsedFeed, Polled
from feeds.normalize import newest
from feeds.parse import parse_feed
from feeds.pool import InlineParser, ProcessPoolParser
from tests.http_servers import serve

NOW = datetime(2026, 3, 28, 8, 0, tzinfo=UTC)


@pytest.fixture
async def site() -> AsyncIterator[tuple[str, Seen]]:
    seen = Seen()
    async with serve(limits_app(seen)) as base:
        yield base, seen


def workers() -> dict[int, multiprocessing.process.BaseProcess]:
    """The parser worker processes alive now, by pid."""
    return {
        p.pid: p
        for p in multiprocessing.active_children()
        if p.name == "rounds-feed-parser" and p.pid is not None
    }


def resident_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        line = next(x for x in status if x.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


# --- per-host slots --------------------------------------------------------------------


async def test_feeds_waiting_for_their_host_are_not_timed_meanwhile(
    site: tuple[str, Seen],
) -> None:
    """Eight feeds of one host answering in 0.3 s, two at a time: the last waits 0.9 s,
    far beyond the 0.1 s connect timeout and close to the 1 s total, and still succeeds."""
    base, seen = site
    config = FetchConfig(
        allow_private_networks=True, per_host=2, connect_timeout=0.1, read_timeout=1,
        total_timeout=1,
    )  # fmt: skip
    start = time.perf_counter()
    async with Fetcher(config) as fetcher:
        results = await asyncio.gather(
            *(fetcher.fetch(FeedRequest(f"{base}/slow/{i}")) for i in range(8))
        )
    elapsed = time.perf_counter() - start
    assert [r for r in results if not isinstance(r, Fetched)] == []
    assert seen.most_at_once == 2  # the politeness limit still holds
    assert 1.1 < elapsed < 4


async def test_good_feeds_behind_stalled_ones_of_their_host_succeed(
    site: tuple[str, Seen],
) -> None:
    base, _ = site
    config = FetchConfig(
        allow_private_networks=True, per_host=2, connect_timeout=0.3, read_timeout=0.6,
        total_timeout=0.8,
    )  # fmt: skip
    urls = [f"{base}/hang/1", f"{base}/hang/2", f"{base}/rss/1", f"{base}/rss/2"]
    start = time.perf_counter()
    async with Fetcher(config) as fetcher:
        results = await asyncio.gather(*(fetcher.fetch(FeedRequest(u)) for u in urls))
    elapsed = time.perf_counter() - start
    for stalled in results[:2]:
        assert isinstance(stalled, Failed) and stalled.kind is FailureKind.TIMEOUT
    assert all(isinstance(r, Fetched) for r in results[2:]), results[2:]
    assert elapsed < 3


async def test_a_busy_host_does_not_keep_other_hosts_feeds_out(site: tuple[str, Seen]) -> None:
    """Six slow feeds of one host fill neither the poll's in-flight window (4 here) nor
    the fetch slots while they wait for their host: another host's feed is done first."""
    busy, _ = site
    async with serve(limits_app(Seen())) as other:
        config = FetchConfig(allow_private_networks=True, per_host=1, concurrency=2)
        requests = [FeedRequest(f"{busy}/slow/{i}") for i in range(6)]
        requests.append(FeedRequest(f"{other}/slow/0"))
        done: dict[str, float] = {}  # in the order the feeds are done
        start = time.perf_counter()
        async with FeedClient(config, parser=InlineParser()) as client:
            async for outcome in client.poll_many(requests):
                assert isinstance(outcome, Polled), outcome
                done[outcome.url] = time.perf_counter() - start
    # With the busy host's feeds its first and only turn, the other host's feed is done
    # with the first of them (by order, not by the clock: a loaded machine is slow for both).
    assert list(done).index(f"{other}/slow/0") < 2  # not after three of the busy host's feeds
    assert max(done.values()) < 3.5  # the busy host's six, one at a time


# --- the parse time limit --------------------------------------------------------------


async def test_parse_limit_counts_from_the_start_of_the_parse(site: tuple[str, Seen]) -> None:
    """Small feeds queued behind tag soup that takes seconds to parse: the soup fails at
    its 1 s limit, its worker is killed and replaced, and the small feeds parse."""
    base, _ = site
    parser = ProcessPoolParser(max_workers=1, timeout=1.0)
    config = FetchConfig(allow_private_networks=True)
    before = set(workers())
    # The soup's body arrives first; the small feeds come 0.3 s later and wait behind it.
    requests = [FeedRequest(f"{base}/soup/1")] + [FeedRequest(f"{base}/slow/{i}") for i in (1, 2)]
    try:
        await parser.ready()
        first = set(workers()) - before
        start = time.perf_counter()
        async with FeedClient(config, parser=parser) as client:
            outcomes = {o.url: o async for o in client.poll_many(requests)}
        elapsed = time.perf_counter() - start
        soup = outcomes[f"{base}/soup/1"]
        assert isinstance(soup, Failed) and soup.kind is FailureKind.PARSE_TIMEOUT
        assert soup.error == "the feed took too long to parse"
        for i in (1, 2):
            assert isinstance(outcomes[f"{base}/slow/{i}"], Polled)
        assert parser.started == 2
        assert not first & set(workers())  # the soup's worker is gone
        assert elapsed < 4  # the soup alone takes longer than that
    finally:
        await parser.close()


async def test_closing_does_not_wait_for_a_running_parse(site: tuple[str, Seen]) -> None:
    base, seen = site
    before = set(workers())
    client = FeedClient(FetchConfig(allow_private_networks=True))
    await client.__aenter__()
    assert isinstance(client.parser, ProcessPoolParser)
    await client.parser.ready()
    mine = set(workers()) - before
    poll = asyncio.create_task(client.poll(FeedRequest(f"{base}/soup/1")))
    await asyncio.sleep(0.8)  # fetched; a worker is busy with it for seconds
    assert seen.count("/soup/") == 1  # it was: what follows closes a running parse
    start = time.perf_counter()
    poll.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await poll
    await client.__aexit__(None, None, None)
    assert time.perf_counter() - start < 1.5
    assert not mine & set(workers())


# --- worker memory ---------------------------------------------------------------------


async def test_parser_workers_do_not_keep_feedparsers_garbage(site: tuple[str, Seen]) -> None:
    """Tag soup goes through feedparser, which leaves reference cycles: without a
    collection after each parse, a worker grows by about 12 MB per body here."""
    base, _ = site
    before = set(workers())
    parser = ProcessPoolParser(max_workers=1, timeout=30)
    try:
        async with FeedClient(FetchConfig(allow_private_networks=True), parser=parser) as c:
            assert isinstance(await c.poll(FeedRequest(f"{base}/rss/1")), Polled)
            (pid,) = set(workers()) - before
            start = resident_mib(pid)
            for i in range(3):
                assert isinstance(await c.poll(FeedRequest(f"{base}/small-soup/{i}")), Polled)
            grown = resident_mib(pid) - start
        assert grown < 10, grown
    finally:
        await parser.close()


# --- the item cap ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "kept"),
    [("/dated", range(1150, 1200)), ("/undated", range(50))],
    ids=["newest-by-date", "first-in-feed-order"],
)
async def test_a_feed_brings_at_most_max_items_per_feed(
    site: tuple[str, Seen], caplog: pytest.LogCaptureFixture, path: str, kept: range
) -> None:
    base, _ = site
    config = FetchConfig(allow_private_networks=True, max_items_per_feed=50)
    parser = ProcessPoolParser(max_workers=1, timeout=30)
    try:
        async with FeedClient(config, parser=parser) as client:
            with caplog.at_level(logging.WARNING, logger="feeds.poll"):
                polled = await client.poll(FeedRequest(base + path))
    finally:
        await parser.close()
    assert isinstance(polled, Polled)
    assert [a.title for a in polled.articles] == [f"Tiny {i}" for i in kept]
    assert f"feed {base}{path}: 1200 articles, only the newest 50 kept" in caplog.text


def test_newest_ranks_dated_articles_first_then_feed_order() -> None:
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>M</title>'
        b"<item><title>undated a</title><link>https://j.example.org/a</link></item>"
        b"<item><title>old</title><link>https://j.example.org/o</link>"
        b"<pubDate>Mon, 02 Mar 2026 08:00:00 GMT</pubDate></item>"
        b"<item><title>undated b</title><link>https://j.example.org/b</link></item>"
        b"<item><title>new</title><link>https://j.example.org/n</link>"
        b"<pubDate>Fri, 20 Mar 2026 08:00:00 GMT</pubDate></item>"
        b"</channel></rss>"
    )
    parsed = parse_feed(body)
    assert isinstance(parsed, ParsedFeed)

    def titles(limit: int) -> list[str]:
        return [a.title for a in newest(parsed.articles, limit)]

    assert titles(1) == ["new"]
    assert titles(3) == ["undated a", "old", "new"]  # feed order kept
    assert titles(9) == ["undated a", "old", "undated b", "new"]


def test_max_items_per_feed_is_a_config_key() -> None:
    assert load_config(None, {}).feeds.max_items_per_feed == 500
    config = load_config(None, {"ROUNDS_FEEDS_MAX_ITEMS_PER_FEED": "50"})
    assert config.feeds.max_items_per_feed == 50


# --- what the server answers -----------------------------------------------------------


async def test_304_to_a_request_without_validators_is_a_failure(site: tuple[str, Seen]) -> None:
    base, _ = site
    async with Fetcher(FetchConfig(allow_private_networks=True)) as fetcher:
        first = await fetcher.fetch(FeedRequest(f"{base}/304"))
        known = await fetcher.fetch(FeedRequest(f"{base}/304", etag='"v9"'))
    assert first == Failed(
        f"{base}/304", 304, "answered 304 Not Modified to a request without validators",
        FailureKind.HTTP,
    )  # fmt: skip
    decision = decide(first, failures=0, now=NOW, rand=lambda: 0.5, base_interval=1800)
    assert (decision.state, decision.failures, decision.etag) == ("failing", 1, None)
    assert not isinstance(known, Failed)  # with a validator sent, 304 is "not modified"


@pytest.mark.parametrize(
    ("coding", "decodable"),
    [("br", aiohttp.compression_utils.HAS_BROTLI), ("zstd", aiohttp.compression_utils.HAS_ZSTD)],
)
async def test_a_coding_without_decoder_is_named(
    site: tuple[str, Seen], coding: str, decodable: bool
) -> None:
    if decodable:
        pytest.skip(f"this aiohttp decodes {coding}")
    base, _ = site
    url = f"{base}/coded/{coding}"
    async with Fetcher(FetchConfig(allow_private_networks=True)) as fetcher:
        outcome = await fetcher.fetch(FeedRequest(url))
    assert outcome == Failed(
        url, None, f"unsupported content encoding {coding}", FailureKind.BAD_RESPONSE
    )
