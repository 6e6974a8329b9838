"""Local HTTP servers for the feeds tests: real sockets on 127.0.0.x, ephemeral ports."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import feeds_samples as S
from aiohttp import web

RSS = "application/rss+xml; charset=utf-8"


@dataclass
class Seen:
    """Every request path a server received, and the conditional headers sent."""

    paths: list[str] = field(default_factory=list)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    chunks_sent: dict[str, int] = field(default_factory=dict)
    answering: int = 0  # requests being answered now (the slow ones)
    most_at_once: int = 0

    def count(self, prefix: str) -> int:
        return sum(1 for p in self.paths if p.startswith(prefix))


def recording(seen: Seen) -> Callable[..., object]:
    """Middleware that records paths and conditional headers."""

    @web.middleware
    async def middleware(request: web.Request, handler: Callable[..., object]) -> object:
        seen.paths.append(request.path_qs)
        seen.headers[request.path] = {
            k: v for k, v in request.headers.items() if k.lower().startswith("if-")
        }
        return await handler(request)  # type: ignore[misc]

    return middleware


def feed_app(seen: Seen, *, other_base: str | None = None) -> web.Application:
    """Good and bad feeds under one roof (``other_base``: a second server for redirects)."""
    app = web.Application(middlewares=[recording(seen)])
    fetches = {"n": 0}
    bomb = S.gzip_bomb()

    async def pubmed(request: web.Request) -> web.StreamResponse:
        if request.headers.get("If-None-Match") == '"v1"':
            return web.Response(status=304, headers={"ETag": '"v1"'})
        fetches["n"] += 1
        return web.Response(
            body=S.pubmed_rss(fetches["n"], reverse_ids=fetches["n"] % 2 == 0),
            content_type="application/rss+xml",
            headers={
                "ETag": '"v1"',
                "Last-Modified": "Fri, 20 Mar 2026 12:00:00 GMT",
                "Cache-Control": "public, max-age=1800",
            },
        )

    def static(body: bytes, content_type: str = "application/rss+xml") -> Callable[..., object]:
        async def handler(_request: web.Request) -> web.Response:
            return web.Response(body=body, headers={"Content-Type": content_type})

        return handler

    async def gz(_request: web.Request) -> web.Response:
        return web.Response(
            body=S.gzipped(S.nejm_rss1()),
            headers={"Content-Encoding": "gzip", "Content-Type": RSS},
        )

    async def gzip_bomb(_request: web.Request) -> web.Response:
        return web.Response(body=bomb, headers={"Content-Encoding": "gzip", "Content-Type": RSS})

    async def slow_bomb(request: web.Request) -> web.StreamResponse:
        """The bomb in 64 slow pieces, counting how many the client took."""
        resp = web.StreamResponse(headers={"Content-Encoding": "gzip", "Content-Type": RSS})
        await resp.prepare(request)
        step = -(-len(bomb) // 64)
        seen.chunks_sent["/bomb-slow"] = 0
        with contextlib.suppress(ConnectionError, RuntimeError):
            for i in range(0, len(bomb), step):
                await resp.write(bomb[i : i + step])
                seen.chunks_sent["/bomb-slow"] += 1
                await asyncio.sleep(0.05)
            await resp.write_eof()
        return resp

    async def big(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": RSS})
        if request.query.get("length"):
            resp.content_length = 50 * 1024 * 1024
        await resp.prepare(request)
        chunk = b"<!-- " + b"x" * (1024 * 1024 - 9) + b" -->"
        with contextlib.suppress(ConnectionError, RuntimeError):
            for _ in range(50):
                await resp.write(chunk)
            await resp.write_eof()
        return resp

    async def stall(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": RSS})
        await resp.prepare(request)
        await resp.write(b'<?xml version="1.0"?><rss version="2.0"><channel>')
        await asyncio.sleep(30)
        return resp

    def status(code: int, headers: dict[str, str] | None = None) -> Callable[..., object]:
        async def handler(_request: web.Request) -> web.Response:
            return web.Response(status=code, text="no", headers=headers or {})

        return handler

    async def redirect(request: web.Request) -> web.Response:
        n = int(request.match_info["n"])
        target = "/pubmed" if n == 0 else f"/redirect/{n - 1}"
        raise web.HTTPFound(target)

    async def moved(_request: web.Request) -> web.Response:
        raise web.HTTPMovedPermanently("/rss1")

    async def to_other(_request: web.Request) -> web.Response:
        raise web.HTTPFound(f"{other_base}/rss1")

    async def to_metadata(_request: web.Request) -> web.Response:
        raise web.HTTPTemporaryRedirect("http://169.254.169.254/latest/meta-data/")

    async def to_file(_request: web.Request) -> web.Response:
        raise web.HTTPFound("file:///etc/passwd")

    async def external(request: web.Request) -> web.Response:
        base = f"http://{request.host}"
        kind = request.match_info["kind"]
        body = {
            "general": S.external_entity(f"{base}/secret"),
            "parameter": S.parameter_entity(f"{base}/secret.dtd"),
            "doctype": S.plain_doctype(f"{base}/secret-0.91.dtd"),
        }[kind]
        return web.Response(body=body, content_type="application/rss+xml")

    async def secret(_request: web.Request) -> web.Response:
        return web.Response(text="secret")

    app.router.add_get("/pubmed", pubmed)
    app.router.add_get("/rss1", static(S.nejm_rss1()))
    app.router.add_get("/atom", static(S.atom_doi_only(), "application/atom+xml"))
    app.router.add_get("/conference", static(S.conference_rss()))
    app.router.add_get("/medrxiv", static(S.medrxiv_rss(2)))
    app.router.add_get("/same", static(S.conference_rss()))
    app.router.add_get("/bozo", static(S.bozo_rss()))
    app.router.add_get("/html", static(S.html_page(), "text/html"))
    app.router.add_get("/laughs", static(S.billion_laughs()))
    app.router.add_get("/quadratic", static(S.quadratic_blowup()))
    app.router.add_get("/gz", gz)
    app.router.add_get("/bomb", gzip_bomb)
    app.router.add_get("/bomb-slow", slow_bomb)
    app.router.add_get("/big", big)
    app.router.add_get("/stall", stall)
    app.router.add_get("/403", status(403))
    app.router.add_get("/404", status(404))
    app.router.add_get("/410", status(410))
    app.router.add_get("/429", status(429, {"Retry-After": "120"}))
    app.router.add_get("/503", status(503, {"Retry-After": "Sat, 28 Mar 2026 08:10:00 GMT"}))
    app.router.add_get("/500", status(500))
    app.router.add_get("/redirect/{n}", redirect)
    app.router.add_get("/moved", moved)
    app.router.add_get("/to-other", to_other)
    app.router.add_get("/to-metadata", to_metadata)
    app.router.add_get("/to-file", to_file)
    app.router.add_get("/external/{kind}", external)
    app.router.add_get("/secret", secret)
    app.router.add_get("/secret.dtd", secret)
    app.router.add_get("/secret-0.91.dtd", secret)
    for name, (body, ct) in S.odd_corpus().items():
        app.router.add_get(f"/odd/{name}", static(body, ct))
    return app


def tiny_items(n: int, *, dated: bool) -> bytes:
    """``n`` tiny items, the oldest first (item ``i`` dated day ``i`` of 2020 when ``dated``)."""
    start = datetime(2020, 1, 1, tzinfo=UTC)

    def date(i: int) -> str:
        day = format_datetime(start + timedelta(days=i), usegmt=True)
        return f"<pubDate>{day}</pubDate>" if dated else ""

    items = "".join(
        f"<item><title>Tiny {i}</title><link>https://j.example.org/t/{i}</link>{date(i)}</item>"
        for i in range(n)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Tiny</title>'
        f"{items}</channel></rss>"
    ).encode()


def tag_soup(size: int) -> bytes:
    """Malformed markup of about ``size`` bytes ("<a " repeated): feedparser's fallback
    takes seconds per megabyte on it and leaves reference cycles behind."""
    head = "<rss version='2.0'><channel><title>t</title><item><title>x</title><description>"
    return (head + "<a " * (size // 3)).encode()


def limits_app(seen: Seen, *, delay: float = 0.3) -> web.Application:
    """Feeds that test the limits: slow and stalled ones sharing a host, a 304 to anyone,
    a coding aiohttp cannot decode, tag soup, feeds of many items."""
    app = web.Application(middlewares=[recording(seen)])
    soup = tag_soup(2_000_000)

    async def slow(_request: web.Request) -> web.Response:
        seen.answering += 1
        seen.most_at_once = max(seen.most_at_once, seen.answering)
        try:
            await asyncio.sleep(delay)
        finally:
            seen.answering -= 1
        return web.Response(body=S.nejm_rss1(), content_type="application/rss+xml")

    async def hang(_request: web.Request) -> web.Response:
        await asyncio.sleep(30)  # never answers within a test's timeouts
        return web.Response(status=204)

    async def not_modified(_request: web.Request) -> web.Response:
        return web.Response(status=304, headers={"ETag": '"v9"'})

    async def encoded(request: web.Request) -> web.Response:
        coding = request.match_info["coding"]
        return web.Response(
            body=b"\x1b\x00\x00compressed",
            headers={"Content-Encoding": coding, "Content-Type": RSS},
        )

    def static(body: bytes) -> Callable[..., object]:
        async def handler(_request: web.Request) -> web.Response:
            return web.Response(body=body, headers={"Content-Type": RSS})

        return handler

    app.router.add_get("/slow/{n}", slow)
    app.router.add_get("/hang/{n}", hang)
    app.router.add_get("/304", not_modified)
    app.router.add_get("/coded/{coding}", encoded)
    app.router.add_get("/rss/{n}", static(S.nejm_rss1()))
    app.router.add_get("/soup/{n}", static(soup))
    app.router.add_get("/small-soup/{n}", static(tag_soup(400_000)))
    app.router.add_get("/dated", static(tiny_items(1200, dated=True)))
    app.router.add_get("/undated", static(tiny_items(1200, dated=False)))
    return app
