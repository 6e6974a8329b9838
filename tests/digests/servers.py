"""A local feed site whose feeds a test rewrites between polls, plus hostile routes.

Real sockets on 127.0.0.1 at ephemeral ports. Each feed answers conditional GETs the way
journal servers do (ETag and Last-Modified from its current body; 304 when unchanged), and
the site counts what it answered, per path and status.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

from aiohttp import web

from tests.feeds import feeds_samples as S
from tests.http_servers import serve as serve_app

RSS = "application/rss+xml; charset=utf-8"
LAST_MODIFIED = "Fri, 20 Mar 2026 12:00:00 GMT"

#: A body, or a function of the fetch number (1, 2, …) for feeds that change every fetch.
Body = bytes | Callable[[int], bytes]


@dataclass
class Route:
    """What one path serves."""

    body: Body = b""
    content_type: str = RSS
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    validators: bool = True  # send ETag / Last-Modified and answer 304 when they match


@dataclass
class FeedSite:
    """The routes of a site (mutable between polls) and what it answered."""

    routes: dict[str, Route] = field(default_factory=dict)
    latency: float = 0.0
    answered: Counter[tuple[str, int]] = field(default_factory=Counter)
    fetches: Counter[str] = field(default_factory=Counter)
    base: str = ""

    def set(self, path: str, body: Body, **options: object) -> str:
        """Serve ``body`` at ``path`` from now on; returns the full URL."""
        self.routes[path] = Route(body, **options)  # type: ignore[arg-type]
        return self.base + path

    def count(self, status: int) -> int:
        """How many requests were answered with ``status``."""
        return sum(n for (_path, code), n in self.answered.items() if code == status)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Serve a route, conditionally."""
        if self.latency:
            await asyncio.sleep(self.latency)
        path = request.path
        route = self.routes.get(path)
        if route is None:
            return self._answer(path, web.Response(status=404, text="no such feed"))
        if route.status != 200:
            return self._answer(
                path, web.Response(status=route.status, text="no", headers=route.headers)
            )
        self.fetches[path] += 1
        body = route.body(self.fetches[path]) if callable(route.body) else route.body
        headers = dict(route.headers)
        if route.validators:
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            headers.update({"ETag": etag, "Last-Modified": LAST_MODIFIED})
            if request.headers.get("If-None-Match") == etag:
                return self._answer(path, web.Response(status=304, headers=headers))
        headers["Content-Type"] = route.content_type
        return self._answer(path, web.Response(body=body, headers=headers))

    def _answer(self, path: str, response: web.Response) -> web.Response:
        self.answered[(path, response.status)] += 1
        return response


def site_app(site: FeedSite) -> web.Application:
    """The site's routes, and hostile ones under ``/hostile/``."""
    app = web.Application()
    bomb = S.gzip_bomb()

    async def gzip_bomb(_request: web.Request) -> web.Response:
        return web.Response(body=bomb, headers={"Content-Encoding": "gzip", "Content-Type": RSS})

    async def big(request: web.Request) -> web.StreamResponse:
        """50 MiB of comments, streamed without a length."""
        resp = web.StreamResponse(headers={"Content-Type": RSS})
        await resp.prepare(request)
        chunk = b"<!-- " + b"x" * (1024 * 1024 - 9) + b" -->"
        with contextlib.suppress(ConnectionError, RuntimeError):
            for _ in range(50):
                await resp.write(chunk)
            await resp.write_eof()
        return resp

    async def to_private(_request: web.Request) -> web.Response:
        raise web.HTTPFound("http://169.254.169.254/latest/meta-data/")

    async def external(request: web.Request) -> web.Response:
        return web.Response(
            body=S.external_entity(f"http://{request.host}/hostile/secret"),
            content_type="application/rss+xml",
        )

    async def secret(_request: web.Request) -> web.Response:
        site.answered[("/hostile/secret", 200)] += 1
        return web.Response(text="secret")

    app.router.add_get("/hostile/bomb", gzip_bomb)
    app.router.add_get("/hostile/big", big)
    app.router.add_get("/hostile/to-private", to_private)
    app.router.add_get("/hostile/external", external)
    app.router.add_get("/hostile/secret", secret)
    app.router.add_get("/{tail:.*}", site.handle)
    return app


@contextlib.asynccontextmanager
async def serve(site: FeedSite, host: str = "127.0.0.1") -> AsyncIterator[FeedSite]:
    """Run the site on ``host`` at an ephemeral port (``site.base`` is its URL)."""
    async with serve_app(site_app(site), host) as base:
        site.base = base
        yield site
