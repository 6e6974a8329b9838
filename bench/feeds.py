"""Rounds against the ``reader`` library, whole commands, same run, same local server.

    .venv/bin/python bench/feeds.py [--feeds 200] [--items 50] [--latency 0.1] [--hosts 50]

One local HTTP server (in this process) serves ``--feeds`` PubMed-shaped RSS 2.0 feeds of
``--items`` articles each, answering every request after ``--latency`` seconds, with ETag and
Last-Modified validators (304 when they match). The feeds are spread over ``--hosts``
loopback addresses (127.0.0.1, 127.0.0.2, …) as journal feeds are spread over publishers, so
that Rounds' politeness limit of a few connections per host does not decide the result.

Each tool gets its own data folder; feeds are added before timing (Rounds: ``rounds feeds
import-opml``; reader: ``add_feed``). Then each *whole command* is timed twice, as a user
runs it (interpreter start, imports, database, fetch, parse, store, exit):

* Rounds: ``rounds feeds poll --once`` (a subprocess);
* reader: a script calling ``make_reader(db).update_feeds(workers=16)`` (a subprocess).

The server counts what it answered in each poll: a 304 means the feed was not parsed.
Targets (issue 7): Rounds' first poll at least 3× faster than reader's; on the second poll
at least 95% of Rounds' requests answered 304.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import importlib.util
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from aiohttp import web

ROOT = Path(__file__).resolve().parents[1]
LAST_MODIFIED = "Fri, 20 Mar 2026 12:00:00 GMT"

READER_ADD = """
import sys
from reader import make_reader
reader = make_reader(sys.argv[1])
for url in sys.argv[2:]:
    reader.add_feed(url, exist_ok=True)
reader.close()
"""
READER_UPDATE = """
import sys
from reader import make_reader
reader = make_reader(sys.argv[1])
reader.update_feeds(workers=16, scheduled=False)
print(reader.get_entry_counts().total)
reader.close()
"""


def feed_body(n: int, items: int) -> bytes:
    """One PubMed search feed: two ``dc:identifier`` per item, an abstract, authors."""
    parts = []
    for i in range(items):
        pmid = 40_000_000 + n * 1000 + i
        doi = f"10.5555/bench.{n}.{i}"
        abstract = escape(
            f"<p>J Bench Med. 2026 Mar 20. doi: {doi}.</p><p><b>BACKGROUND:</b> "
            + "Outcomes of patients with heart failure were compared across sites. " * 6
            + f"</p><p>PMID:{pmid} | DOI:{doi}</p>"
        )
        parts.append(
            f"<item><title>Trial {n}-{i}: empagliflozin and outcomes in heart failure</title>"
            f"<link>https://pubmed.ncbi.nlm.nih.gov/{pmid}/?utm_source=Other&amp;fc=1</link>"
            f"<description>{abstract}</description>"
            f'<guid isPermaLink="false">pubmed:{pmid}</guid>'
            "<pubDate>Fri, 20 Mar 2026 08:00:00 -0400</pubDate>"
            "<dc:creator>Lincoff AM</dc:creator><dc:creator>Colhoun HM</dc:creator>"
            "<dc:source>J Bench Med</dc:source><dc:date>2026-03-20</dc:date>"
            f"<dc:identifier>pmid:{pmid}</dc:identifier>"
            f"<dc:identifier>doi:{doi}</dc:identifier></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<title>pubmed: bench search {n}</title>"
        f"<link>https://pubmed.ncbi.nlm.nih.gov/rss/search/{n}/</link>"
        f"{''.join(parts)}</channel></rss>"
    ).encode()


@dataclass
class Server:
    """The feeds, the latency, and the statuses answered since the last reset."""

    bodies: dict[str, bytes]
    latency: float
    answered: Counter[int] = field(default_factory=Counter)

    async def handle(self, request: web.Request) -> web.Response:
        """A feed, after the latency; 304 when the client's validators match."""
        await asyncio.sleep(self.latency)
        body = self.bodies.get(request.path)
        if body is None:
            self.answered[404] += 1
            return web.Response(status=404)
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        headers = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
        if request.headers.get("If-None-Match") == etag or (
            "If-None-Match" not in request.headers
            and request.headers.get("If-Modified-Since") == LAST_MODIFIED
        ):
            self.answered[304] += 1
            return web.Response(status=304, headers=headers)
        self.answered[200] += 1
        headers["Content-Type"] = "application/rss+xml; charset=utf-8"
        return web.Response(body=body, headers=headers)


async def run(*cmd: str, env: dict[str, str] | None = None) -> tuple[float, str]:
    """Run a whole command; (wall seconds, stdout). Stops the bench if it fails."""
    start = time.perf_counter()
    proc = await asyncio.create_subprocess_exec(
        *cmd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
        cwd=ROOT,
    )
    out, err = await proc.communicate()
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd[:4])} failed ({proc.returncode}): {err.decode()[-2000:]}")
    return elapsed, out.decode()


def opml(urls: list[str]) -> str:
    """An OPML subscription list."""
    outlines = "\n".join(
        f'    <outline type="rss" text="f{i}" xmlUrl="{u}"/>' for i, u in enumerate(urls)
    )
    return (
        '<?xml version="1.0"?>\n<opml version="2.0"><head><title>bench</title></head>\n'
        f"  <body>\n{outlines}\n  </body>\n</opml>\n"
    )


async def main() -> None:
    """Serve the feeds, run both tools twice, print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--latency", type=float, default=0.1)
    ap.add_argument("--hosts", type=int, default=50)
    args = ap.parse_args()
    if importlib.util.find_spec("reader") is None:
        # reader is only in the bench extra; `make bench` installs it.
        sys.exit(
            "bench/feeds.py needs the reader library: run `make bench` "
            "or `.venv/bin/pip install -e '.[bench]'`"
        )

    server = Server(
        {f"/feed/{n}": feed_body(n, args.items) for n in range(args.feeds)}, args.latency
    )
    app = web.Application()
    app.router.add_get("/{tail:.*}", server.handle)
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    bases = []
    for h in range(args.hosts):
        site = web.TCPSite(runner, f"127.0.0.{h + 1}", 0, backlog=1024)
        await site.start()
        bases.append(f"http://127.0.0.{h + 1}:{runner.addresses[-1][1]}")
    urls = [f"{bases[n % len(bases)]}/feed/{n}" for n in range(args.feeds)]

    rows: list[tuple[str, str, float, Counter[int], str]] = []
    with tempfile.TemporaryDirectory(prefix="bench-feeds-") as tmp:
        work = Path(tmp)
        (work / "feeds.opml").write_text(opml(urls))
        env = {
            **os.environ,
            "ROUNDS_DATA_DIR": str(work / "rounds"),
            "ROUNDS_FEEDS_ALLOW_PRIVATE_NETWORKS": "true",
        }
        env.pop("ROUNDS_DATABASE_URL", None)
        rounds = [sys.executable, "-m", "rounds.cli", "feeds"]
        await run(*rounds, "import-opml", str(work / "feeds.opml"), env=env)
        (work / "add.py").write_text(READER_ADD)
        (work / "update.py").write_text(READER_UPDATE)
        reader_db = str(work / "reader.sqlite")
        await run(sys.executable, str(work / "add.py"), reader_db, *urls)

        for label in ("first", "second"):
            server.answered.clear()
            seconds, out = await run(sys.executable, str(work / "update.py"), reader_db)
            rows.append(("reader", label, seconds, server.answered.copy(), out.strip()))
            server.answered.clear()
            seconds, out = await run(*rounds, "poll", "--once", env=env)
            rows.append(("Rounds", label, seconds, server.answered.copy(), ""))
        _, items = await run(*rounds, "items", "--json", env=env)
        stored = str(len(items.splitlines()))
        rows = [(t, p, s, c, o or (stored if t == "Rounds" else o)) for t, p, s, c, o in rows]
    await runner.cleanup()

    load = os.getloadavg()[0]
    print(
        f"{args.feeds} feeds × {args.items} items, {args.latency * 1000:.0f} ms latency, "
        f"{args.hosts} hosts, {os.cpu_count()} cores, load {load:.1f}"
    )
    print(f"{'tool':<8}{'poll':<8}{'seconds':>9}{'200':>6}{'304':>6}{'other':>7}{'articles':>10}")
    for tool, label, seconds, answered, stored_count in rows:
        other = sum(n for code, n in answered.items() if code not in (200, 304))
        print(
            f"{tool:<8}{label:<8}{seconds:>9.2f}{answered[200]:>6}{answered[304]:>6}"
            f"{other:>7}{stored_count:>10}"
        )
    times = {(t, p): s for t, p, s, _, _ in rows}
    speedup = times[("reader", "first")] / times[("Rounds", "first")]
    second = next(c for t, p, _, c, _ in rows if t == "Rounds" and p == "second")
    share = second[304] / max(1, sum(second.values()))
    verdict = "met" if speedup >= 3 else "NOT met"
    print(f"first poll: Rounds {speedup:.1f}× faster than reader (target ≥ 3×: {verdict})")
    verdict = "met" if share >= 0.95 else "NOT met"
    print(
        f"second poll: {share:.0%} of Rounds' requests answered 304, nothing parsed "
        f"(target ≥ 95%: {verdict})"
    )


if __name__ == "__main__":
    asyncio.run(main())
