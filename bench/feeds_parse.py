"""Benchmark: parsing 200 PubMed-like RSS 2.0 feeds × 50 items (10,000 articles).

Prints items/s for plain ``feedparser.parse`` (its defaults, and with sanitising and URI
resolution off), for Rounds' single-process paths (the expat fast path and the feedparser
fallback, each including normalisation into articles), and for Rounds' process pool (cold:
including worker start-up; warm: pool already running).

    .venv/bin/python bench/feeds_parse.py [--feeds 200] [--items 50] [--workers N] [--reader]

``--reader`` also serves the feeds from a local HTTP server (a separate process) and times
a first poll of all of them by ``reader`` (``update_feeds(workers=16)``, which includes its
SQLite storage) and by Rounds (``FeedClient.poll_many``: fetch and parse, no storage).
"""

from __future__ import annotations

import argparse
import asyncio
import html
import io
import multiprocessing
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import feedparser

from feeds.model import ParsedFeed
from feeds.parse import parse_feed
from feeds.pool import ProcessPoolParser

WORDS = (
    "patients",
    "trial",
    "randomized",
    "cohort",
    "outcomes",
    "mortality",
    "heart",
    "failure",
    "atrial",
    "fibrillation",
    "therapy",
    "placebo",
    "efficacy",
    "safety",
    "adults",
    "children",
    "hospital",
    "risk",
    "association",
    "inhibitor",
    "dose",
    "kidney",
    "disease",
    "cancer",
    "survival",
    "imaging",
    "biomarker",
    "infection",
    "vaccine",
    "stroke",
    "diabetes",
    "sepsis",
    "ventilation",
    "pneumonia",
    "antibiotic",
    "resistance",
    "guideline",
    "adherence",
    "prognosis",
)
JOURNALS = ["N Engl J Med", "Lancet", "JAMA", "BMJ", "Circulation", "J Am Coll Cardiol"]
SURNAMES = ["Smith", "Lee", "García", "Chen", "Müller", "Dubois", "Okafor", "Tanaka", "Rossi"]


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def make_feed(index: int, items: int, seed: int = 2026) -> bytes:
    """One PubMed search feed: escaped-HTML abstract, content:encoded, two dc:identifier."""
    rng = random.Random(seed * 1_000_003 + index)
    now = datetime(2026, 3, 28, 8, 0, tzinfo=UTC)
    parts = []
    for j in range(items):
        pmid = 38_000_000 + index * 1000 + j
        journal = rng.choice(JOURNALS)
        doi = f"10.{1000 + index % 97}/j.{2026}.{index:03d}.{j:04d}"
        title = _sentence(rng, rng.randint(8, 20))
        abstract = " ".join(_sentence(rng, rng.randint(12, 25)) for _ in range(10))
        authors = [
            f"{rng.choice(SURNAMES)} {rng.choice('ABCDEFGH')}{rng.choice('JKLM')}"
            for _ in range(rng.randint(3, 8))
        ]
        when = now - timedelta(hours=index * 3 + j)
        track = (
            f"utm_source=Other&amp;utm_medium=rss&amp;utm_campaign=pubmed-2&amp;utm_content="
            f"1a{index}&amp;fc=20260328{j:06d}&amp;ff=20260328{index:06d}&amp;v=2.18.0"
        )
        desc = html.escape(
            f"<p>{journal}. 2026 Mar 28. doi: {doi}.</p><p><b>BACKGROUND:</b> "
            f"{abstract}</p><p>PMID:{pmid} | DOI:{doi}</p>"
        )
        ids = [
            f"<dc:identifier>pmid:{pmid}</dc:identifier>",
            f"<dc:identifier>doi:{doi}</dc:identifier>",
        ]
        if j % 2:
            ids.reverse()
        creators = "".join(f"<dc:creator>{a}</dc:creator>" for a in authors)
        parts.append(
            f"<item><title>{html.escape(title)}</title>"
            f"<link>https://pubmed.ncbi.nlm.nih.gov/{pmid}/?{track}</link>"
            f"<description>{desc}</description>"
            f"<content:encoded><![CDATA[<p>{journal}. doi: {doi}</p><p>{abstract}</p>]]>"
            f'</content:encoded><guid isPermaLink="false">pubmed:{pmid}</guid>'
            f"<pubDate>{when.strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>{creators}"
            f"<dc:date>{when.date().isoformat()}</dc:date><dc:source>{journal}</dc:source>"
            f"{ids[0]}{ids[1]}</item>\n"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0"><channel>'
        f"<title>pubmed: query {index}</title>"
        f"<link>https://pubmed.ncbi.nlm.nih.gov/rss/search/1a{index}/?limit={items}</link>"
        "<description>NCBI: db=pubmed</description><language>en</language>\n"
        + "".join(parts)
        + "</channel></rss>\n"
    ).encode()


Row = tuple[str, float, float | None, int]  # name, wall seconds, CPU seconds, items


def _time(fn: Callable[[], int]) -> tuple[float, float, int]:
    start, cpu = time.perf_counter(), time.process_time()
    n = fn()
    return time.perf_counter() - start, time.process_time() - cpu, n


def _count(result: object) -> int:
    assert isinstance(result, ParsedFeed), result
    return len(result.articles)


async def _pool_times(bodies: list[bytes], workers: int) -> tuple[float, float, int]:
    parser = ProcessPoolParser(max_workers=workers)
    start = time.perf_counter()
    await parser.start()
    results = await asyncio.gather(*(parser.parse(b, url="https://x.example/") for b in bodies))
    cold = time.perf_counter() - start
    start = time.perf_counter()
    results = await asyncio.gather(*(parser.parse(b, url="https://x.example/") for b in bodies))
    warm = time.perf_counter() - start
    await parser.close()
    return cold, warm, sum(_count(r) for r in results)


# --- optional: first poll against reader -----------------------------------------------


def _serve(feeds: int, items: int, queue: multiprocessing.Queue[int]) -> None:
    from aiohttp import web

    bodies = [make_feed(i, items) for i in range(feeds)]

    async def handler(request: web.Request) -> web.Response:
        body = bodies[int(request.match_info["i"])]
        return web.Response(body=body, headers={"Content-Type": "application/rss+xml"})

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/feed/{i}.xml", handler)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        queue.put(runner.addresses[0][1])
        await asyncio.Event().wait()

    asyncio.run(main())


def _first_polls(feeds: int, items: int, workers: int) -> list[Row]:
    try:
        import sgmllib  # noqa: F401  (reader's vendored feedparser needs it: sgmllib3k)
    except ImportError:
        import feedparser_sgmllib

        print(
            "note: sgmllib3k is not installed; reader gets feedparser_sgmllib instead",
            file=sys.stderr,
        )
        sys.modules["sgmllib"] = feedparser_sgmllib
    from reader import make_reader

    from feeds.http import FetchConfig
    from feeds.model import Polled
    from feeds.poll import FeedClient

    ctx = multiprocessing.get_context("spawn")
    queue: multiprocessing.Queue[int] = ctx.Queue()
    server = ctx.Process(target=_serve, args=(feeds, items, queue), daemon=True)
    server.start()
    try:
        port = queue.get(timeout=60)
        urls = [f"http://127.0.0.1:{port}/feed/{i}.xml" for i in range(feeds)]
        rows = []
        with tempfile.TemporaryDirectory() as tmp:
            r = make_reader(os.path.join(tmp, "reader.sqlite"))
            for url in urls:
                r.add_feed(url)
            start = time.perf_counter()
            r.update_feeds(workers=16)
            elapsed = time.perf_counter() - start
            total = r.get_entry_counts().total or 0
            rows.append(("reader update_feeds(workers=16), with storage", elapsed, None, total))
            r.close()

        async def rounds() -> tuple[float, int]:
            from feeds.model import FeedRequest

            config = FetchConfig(allow_private_networks=True)
            start = time.perf_counter()
            async with FeedClient(config, parser=ProcessPoolParser(max_workers=workers)) as c:
                n = 0
                async for outcome in c.poll_many(FeedRequest(u) for u in urls):
                    n += len(outcome.articles) if isinstance(outcome, Polled) else 0
            return time.perf_counter() - start, n

        elapsed, n = asyncio.run(rounds())
        rows.append((f"rounds poll_many, {workers} workers (cold), no storage", elapsed, None, n))
        return rows
    finally:
        server.terminate()
        server.join()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--reader", action="store_true", help="also time a first poll vs reader")
    args = ap.parse_args()

    bodies = [make_feed(i, args.items) for i in range(args.feeds)]
    size = sum(map(len, bodies))
    print(f"load average at the start: {os.getloadavg()[0]:.2f}")
    print(
        f"{args.feeds} feeds × {args.items} items, {size / 1e6:.1f} MB, "
        f"{os.cpu_count()} CPUs, feedparser {feedparser.__version__}",
        flush=True,
    )

    rows: list[Row] = []

    def plain() -> int:
        return sum(len(feedparser.parse(io.BytesIO(b)).entries) for b in bodies)

    def plain_fast() -> int:
        return sum(
            len(
                feedparser.parse(
                    io.BytesIO(b), sanitize_html=False, resolve_relative_uris=False
                ).entries
            )
            for b in bodies
        )

    def ours(fast: bool) -> Callable[[], int]:
        return lambda: sum(
            _count(parse_feed(b, "https://x.example/", None, fast=fast)) for b in bodies
        )

    for name, fn in [
        ("feedparser.parse (defaults)", plain),
        ("feedparser.parse (sanitize/resolve off)", plain_fast),
        ("rounds parse_feed, fallback (feedparser), 1 process", ours(False)),
        ("rounds parse_feed, fast path, 1 process", ours(True)),
    ]:
        elapsed, cpu, n = _time(fn)
        rows.append((name, elapsed, cpu, n))
        print(f"  … {name}: {elapsed:.2f} s", file=sys.stderr, flush=True)
    cold, warm, n = asyncio.run(_pool_times(bodies, args.workers))
    rows.append((f"rounds process pool, {args.workers} workers (cold, incl. start)", cold, None, n))
    rows.append((f"rounds process pool, {args.workers} workers (warm)", warm, None, n))
    if args.reader:
        rows += _first_polls(args.feeds, args.items, args.workers)

    width = max(len(r[0]) for r in rows)
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f} (CPU time is load-independent)")
    head = f"{'items':>6}  {'wall s':>7}  {'items/s':>8}  {'CPU s':>6}  {'items/CPU-s':>11}"
    print(f"{'path':<{width}}  {head}")
    print(f"{'-' * width}  {'-' * 6}  {'-' * 7}  {'-' * 8}  {'-' * 6}  {'-' * 11}")
    for name, elapsed, cpu, n in rows:
        cpu_cols = f"{cpu:>6.2f}  {n / cpu:>11.0f}" if cpu else f"{'':>6}  {'':>11}"
        print(f"{name:<{width}}  {n:>6}  {elapsed:>7.2f}  {n / elapsed:>8.0f}  {cpu_cols}")


if __name__ == "__main__":
    main()
