"""Fetching against real local servers: conditional GET, limits, redirects, the guard."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import feeds_samples as S
import pytest
from aiohttp.abc import AbstractResolver, ResolveResult
from feeds_servers import Seen, feed_app

from feeds.errors import FailureKind
from feeds.http import FetchConfig, Fetcher
from feeds.model import Failed, FeedRequest, Fetched, NotModified, ParsedFeed, Polled
from feeds.parse import parse_feed
from feeds.poll import poll_feed
from feeds.pool import InlineParser
from tests.http_servers import serve, silent_server

NOW = datetime(2026, 3, 28, 8, 0, tzinfo=UTC)
OPEN = FetchConfig(
    allow_private_networks=True, connect_timeout=5, read_timeout=5, total_timeout=10
)
LOOPBACK_ONLY = FetchConfig(allowed_networks=("127.0.0.1/32",), total_timeout=5)


@pytest.fixture
async def site() -> AsyncIterator[tuple[str, Seen]]:
    seen = Seen()
    async with serve(feed_app(seen)) as base:
        yield base, seen


async def fetch(config: FetchConfig, url: str, **kw: str) -> Fetched | NotModified | Failed:
    async with Fetcher(config, clock=lambda: NOW) as fetcher:
        return await fetcher.fetch(FeedRequest(url, **kw))


async def test_conditional_get_gives_not_modified(site: tuple[str, Seen]) -> None:
    base, seen = site
    parser = InlineParser()
    async with Fetcher(OPEN) as fetcher:
        first = await poll_feed(FeedRequest(f"{base}/pubmed"), fetcher=fetcher, parser=parser)
        assert isinstance(first, Polled)
        assert first.etag == '"v1"' and first.last_modified == "Fri, 20 Mar 2026 12:00:00 GMT"
        assert first.max_age == 1800 and first.status == 200 and len(first.articles) == 4
        again = FeedRequest(first.url, first.etag, first.last_modified, first.body_hash)
        second = await poll_feed(again, fetcher=fetcher, parser=parser)
    assert second == NotModified(
        f"{base}/pubmed", 304, '"v1"', "Fri, 20 Mar 2026 12:00:00 GMT", first.body_hash, None
    )
    assert seen.headers["/pubmed"] == {
        "If-None-Match": '"v1"',
        "If-Modified-Since": "Fri, 20 Mar 2026 12:00:00 GMT",
    }


async def test_unchanged_body_hash_is_not_modified_without_parsing(site: tuple[str, Seen]) -> None:
    base, _ = site
    first = await fetch(OPEN, f"{base}/same")
    assert isinstance(first, Fetched)
    second = await fetch(OPEN, f"{base}/same", body_hash=first.body_hash)
    assert isinstance(second, NotModified) and second.status == 200
    assert second.body_hash == first.body_hash


async def test_gzip_body_is_decoded(site: tuple[str, Seen]) -> None:
    base, _ = site
    result = await fetch(OPEN, f"{base}/gz")
    assert isinstance(result, Fetched) and result.body.startswith(b'<?xml version="1.0"')


@pytest.mark.parametrize("path", ["/big", "/big?length=1"], ids=["chunked", "content-length"])
async def test_50_mib_body_is_cut_at_the_cap(site: tuple[str, Seen], path: str) -> None:
    base, _ = site
    start = time.perf_counter()
    result = await fetch(OPEN, base + path)
    assert isinstance(result, Failed) and result.kind is FailureKind.TOO_LARGE
    assert result.error == "response larger than 10 MiB"
    assert time.perf_counter() - start < 10


async def test_gzip_bomb_is_stopped_early(site: tuple[str, Seen]) -> None:
    base, _ = site
    cfg = FetchConfig(allow_private_networks=True, max_body_bytes=2 * 1024 * 1024)
    start = time.perf_counter()
    result = await fetch(cfg, f"{base}/bomb")
    elapsed = time.perf_counter() - start
    assert isinstance(result, Failed) and result.kind is FailureKind.TOO_LARGE
    assert result.error == "response larger than 2 MiB"
    assert elapsed < 5


async def test_gzip_bomb_stops_the_download_early(site: tuple[str, Seen]) -> None:
    """Decoded bytes are counted as they stream: the client gives up after a few pieces."""
    base, seen = site
    cfg = FetchConfig(allow_private_networks=True, max_body_bytes=2 * 1024 * 1024)
    result = await fetch(cfg, f"{base}/bomb-slow")
    assert isinstance(result, Failed) and result.kind is FailureKind.TOO_LARGE
    await asyncio.sleep(0.3)  # let the server notice the closed connection
    assert seen.chunks_sent["/bomb-slow"] < 16  # of 64: most of the bomb was never sent


async def test_server_that_never_answers_is_cut_off() -> None:
    cfg = FetchConfig(allow_private_networks=True, read_timeout=0.5, total_timeout=1.0)
    async with silent_server() as base:
        start = time.perf_counter()
        result = await fetch(cfg, f"{base}/feed")
    assert isinstance(result, Failed) and result.kind is FailureKind.TIMEOUT
    assert result.error.startswith("timed out")
    assert time.perf_counter() - start < 4


async def test_body_that_stalls_is_cut_off(site: tuple[str, Seen]) -> None:
    base, _ = site
    cfg = FetchConfig(allow_private_networks=True, read_timeout=0.5, total_timeout=3)
    result = await fetch(cfg, f"{base}/stall")
    assert isinstance(result, Failed) and result.kind is FailureKind.TIMEOUT
    assert result.error == "timed out: the server stopped sending (0.5 s)"


async def test_redirects_within_the_limit_are_followed(site: tuple[str, Seen]) -> None:
    base, seen = site
    result = await fetch(OPEN, f"{base}/redirect/4")  # five redirects
    assert isinstance(result, Fetched) and result.final_url == f"{base}/pubmed"
    assert result.permanent_redirect is None
    assert seen.count("/redirect/") == 5


async def test_redirect_chain_beyond_the_limit_fails(site: tuple[str, Seen]) -> None:
    base, seen = site
    result = await fetch(OPEN, f"{base}/redirect/5")  # six redirects
    assert result == Failed(
        f"{base}/redirect/5", None, "too many redirects (more than 5)",
        FailureKind.TOO_MANY_REDIRECTS,
    )
    assert seen.count("/pubmed") == 0


async def test_permanent_redirect_is_reported(site: tuple[str, Seen]) -> None:
    base, _ = site
    result = await fetch(OPEN, f"{base}/moved")
    assert isinstance(result, Fetched) and result.permanent_redirect == f"{base}/rss1"


@pytest.mark.parametrize(
    ("path", "status", "error", "retry_after"),
    [
        ("/403", 403, "HTTP 403 Forbidden", None),
        ("/404", 404, "HTTP 404 Not Found", None),
        ("/410", 410, "HTTP 410 Gone", None),
        ("/500", 500, "HTTP 500 Internal Server Error", None),
        ("/429", 429, "HTTP 429 Too Many Requests (retry after 120 s)", 120.0),
        ("/503", 503, "HTTP 503 Service Unavailable (retry after 600 s)", 600.0),
    ],
)
async def test_http_errors(
    site: tuple[str, Seen], path: str, status: int, error: str, retry_after: float | None
) -> None:
    base, _ = site
    result = await fetch(OPEN, base + path)
    assert result == Failed(base + path, status, error, FailureKind.HTTP, retry_after)


async def test_redirect_to_other_scheme_is_refused(site: tuple[str, Seen]) -> None:
    base, _ = site
    result = await fetch(OPEN, f"{base}/to-file")
    assert isinstance(result, Failed) and result.kind is FailureKind.SCHEME


async def test_connection_refused_is_a_short_message() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = await fetch(OPEN, f"http://127.0.0.1:{port}/feed")
    url = f"http://127.0.0.1:{port}/feed"
    assert result == Failed(url, None, "could not connect to the server", FailureKind.CONNECT)


# --- the guard ON ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "2130706433", "0x7f000001", "127.1", "017700000001", "0177.0.0.1", "localhost",
     "[::ffff:127.0.0.1]"],
)
async def test_private_and_numeric_forms_are_refused_without_connecting(
    site: tuple[str, Seen], host: str
) -> None:
    base, seen = site
    port = base.rsplit(":", 1)[1]
    url = f"http://{host}:{port}/pubmed"
    result = await fetch(FetchConfig(), url)
    assert isinstance(result, Failed) and result.kind is FailureKind.PRIVATE_ADDRESS, result
    assert result.error == "refused: the address is private or local"
    assert seen.paths == []


@pytest.fixture
async def second_loopback() -> AsyncIterator[tuple[str, Seen]]:
    seen = Seen()
    try:
        async with serve(feed_app(seen), host="127.0.0.2") as base:
            yield base, seen
    except OSError:
        pytest.skip("cannot bind 127.0.0.2 here")


async def test_redirect_to_private_address_is_refused(
    second_loopback: tuple[str, Seen],
) -> None:
    other_base, other_seen = second_loopback
    seen = Seen()
    async with serve(feed_app(seen, other_base=other_base)) as base:
        ok = await fetch(LOOPBACK_ONLY, f"{base}/rss1")
        assert isinstance(ok, Fetched)  # the allowed range still works
        result = await fetch(LOOPBACK_ONLY, f"{base}/to-other")
        metadata = await fetch(LOOPBACK_ONLY, f"{base}/to-metadata")
    assert isinstance(result, Failed) and result.kind is FailureKind.PRIVATE_ADDRESS
    assert isinstance(metadata, Failed) and metadata.kind is FailureKind.PRIVATE_ADDRESS
    assert seen.paths == ["/rss1", "/to-other", "/to-metadata"]
    assert other_seen.paths == []
    direct = await fetch(LOOPBACK_ONLY, f"{other_base}/rss1")
    assert isinstance(direct, Failed) and direct.kind is FailureKind.PRIVATE_ADDRESS
    assert other_seen.paths == []


class _NameTable(AbstractResolver):
    """DNS for tests: names to addresses, counting lookups."""

    def __init__(self, table: dict[str, str]) -> None:
        self.table = table
        self.lookups: list[str] = []

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        self.lookups.append(host)
        if host not in self.table:
            raise OSError(f"{host}: unknown")
        return [
            {"hostname": host, "host": self.table[host], "port": port,
             "family": socket.AF_INET, "proto": 0, "flags": socket.AI_NUMERICHOST}
        ]

    async def close(self) -> None:
        return None


async def test_names_resolving_to_private_addresses_are_refused(site: tuple[str, Seen]) -> None:
    base, seen = site
    port = base.rsplit(":", 1)[1]
    dns = _NameTable(
        {"journal.test": "127.0.0.1", "rebind.test": "127.0.0.2", "meta.test": "169.254.169.254"}
    )
    async with Fetcher(LOOPBACK_ONLY, resolver=dns) as fetcher:
        good = await fetcher.fetch(FeedRequest(f"http://journal.test:{port}/rss1"))
        bad = await fetcher.fetch(FeedRequest(f"http://rebind.test:{port}/rss1"))
        meta = await fetcher.fetch(FeedRequest(f"http://meta.test:{port}/rss1"))
        missing = await fetcher.fetch(FeedRequest(f"http://nowhere.test:{port}/rss1"))
    assert isinstance(good, Fetched)
    for result in (bad, meta):
        assert isinstance(result, Failed) and result.kind is FailureKind.PRIVATE_ADDRESS
        assert result.error == "refused: the host resolves to a private address"
    assert isinstance(missing, Failed) and missing.kind is FailureKind.DNS
    assert missing.error == "host name not found"
    assert seen.paths == ["/rss1"]


async def test_fetch_many_yields_every_outcome(site: tuple[str, Seen]) -> None:
    base, _ = site
    urls = [f"{base}/rss1", f"{base}/403", f"{base}/atom", "ftp://x/"]
    async with Fetcher(OPEN) as fetcher:
        got = [o async for o in fetcher.fetch_many(FeedRequest(u) for u in urls)]
    assert sorted(o.url for o in got) == sorted(urls)
    assert sum(isinstance(o, Fetched) for o in got) == 2


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "feedparser"])
async def test_external_dtd_is_never_fetched_by_either_parser(
    site: tuple[str, Seen], fast: bool
) -> None:
    base, seen = site
    body = S.plain_doctype(f"{base}/secret-0.91.dtd")
    result = await asyncio.to_thread(parse_feed, body, f"{base}/feed", None, fast=fast)
    assert isinstance(result, ParsedFeed) and result.articles
    await asyncio.sleep(0.05)
    assert seen.paths == []
