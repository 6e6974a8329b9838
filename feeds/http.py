"""Fetching feed bodies over HTTP with aiohttp: guarded, bounded, conditional.

One :class:`Fetcher` owns one ``aiohttp.ClientSession`` whose connector resolves through the
:class:`~feeds.resolver.GuardedResolver`. Every fetch

* checks the URL (and every redirect hop, followed by hand) against the address policy;
* sends ``If-None-Match`` / ``If-Modified-Since`` from the previous poll; 304 -> NotModified
  (a 304 to a request without them is a failure);
* waits for a slot on its host (``per_host``) and one of ``concurrency``, untimed; then is
  cut off by a connect timeout, a read (idle) timeout and a total timeout;
* reads the body as a stream, counting *decoded* bytes (after gzip/deflate) and aborting
  past ``max_body_bytes``, so a 50 MiB body or a gzip bomb is stopped early;
* hashes the body: the same hash as last time -> NotModified without parsing;
* never raises: the result is ``Fetched | NotModified | Failed``.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
from collections.abc import AsyncIterator, Callable, Iterable
from datetime import UTC, datetime
from types import TracebackType
from typing import Self, TypeAlias

import aiohttp
from aiohttp.abc import AbstractResolver
from yarl import URL

from .config import USER_AGENT, FetchConfig
from .errors import FailureKind, FeedFailure, http_message
from .guard import BlockedAddressError, check_url
from .limits import HostSlots
from .model import Failed, FeedRequest, Fetched, NotModified
from .resolver import GuardedResolver
from .schedule import parse_max_age, parse_retry_after

__all__ = ["USER_AGENT", "FetchConfig", "FetchOutcome", "Fetcher"]

log = logging.getLogger(__name__)

_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1"
)
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PERMANENT = frozenset({301, 308})
_CHUNK = 64 * 1024
# aiohttp refuses a coding it has no decoder for (br, zstd: optional libraries) with this
# message, naming the coding in parentheses; its words, never the server's, are matched.
_UNDECODABLE = re.compile(r"decode content-encoding: \w+ \((?P<coding>br|zstd)\)")

FetchOutcome: TypeAlias = Fetched | NotModified | Failed


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):g} MiB" if n >= 1024 * 1024 else f"{n} bytes"


class Fetcher:
    """Fetches feeds through one shared session with bounded concurrency.

    Use as ``async with Fetcher(config) as fetcher:``. ``resolver`` replaces the system
    resolver *inside* the guard (tests use it to map names to addresses); ``clock`` gives
    the current time for ``Retry-After`` dates.
    """

    def __init__(
        self,
        config: FetchConfig | None = None,
        *,
        resolver: AbstractResolver | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.config = config or FetchConfig()
        self._policy = self.config.policy()
        self._inner_resolver = resolver
        self._clock = clock or (lambda: datetime.now(UTC))
        self._session: aiohttp.ClientSession | None = None
        self._sem = asyncio.Semaphore(max(1, self.config.concurrency))
        self._hosts = HostSlots(self.config.per_host)

    async def start(self) -> None:
        """Create the session (idempotent); needs a running event loop."""
        if self._session is not None:
            return
        cfg = self.config
        connector = aiohttp.TCPConnector(
            resolver=GuardedResolver(self._policy, self._inner_resolver),
            limit=max(1, cfg.concurrency),
            limit_per_host=max(1, cfg.per_host),
            ttl_dns_cache=60,
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            # ``connect`` would also count the wait for a free connection, which the
            # fetcher's own slots already make untimed; only establishing one is timed
            # (a slow DNS answer counts against the total timeout).
            timeout=aiohttp.ClientTimeout(
                total=None,
                connect=None,
                sock_connect=cfg.connect_timeout,
                sock_read=cfg.read_timeout,
            ),
            headers={"User-Agent": cfg.user_agent, "Accept": _ACCEPT},
            cookie_jar=aiohttp.DummyCookieJar(),
            trust_env=False,
            auto_decompress=True,
        )

    async def close(self) -> None:
        """Close the session and its connections."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def fetch(self, request: FeedRequest) -> FetchOutcome:
        """Fetch one feed; never raises (except cancellation).

        The request first waits for a slot on its host (``per_host``) and one of the
        ``concurrency`` slots; that wait is not timed: the timeouts count from when it
        holds both, so a feed queued behind slow feeds of its host does not fail for their
        slowness. Each redirect hop waits for a slot on its own host again.
        """
        try:
            return await self._fetch(request)
        except FeedFailure as f:
            return Failed(request.url, f.status, f.text, f.kind, f.retry_after)
        except TimeoutError as exc:
            return Failed(request.url, None, self._timeout_text(exc), FailureKind.TIMEOUT)
        except Exception as exc:  # every failure becomes a value
            kind, text = _classify(exc)
            if kind is FailureKind.INTERNAL:
                log.warning("unexpected error fetching a feed", exc_info=True)
            return Failed(request.url, None, text, kind)

    async def fetch_many(self, requests: Iterable[FeedRequest]) -> AsyncIterator[FetchOutcome]:
        """Fetch many feeds concurrently, yielding each outcome as it completes."""
        tasks = [asyncio.create_task(self.fetch(r)) for r in requests]
        try:
            for next_done in asyncio.as_completed(tasks):
                yield await next_done
        finally:
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    def _timeout_text(self, exc: TimeoutError) -> str:
        cfg = self.config
        if isinstance(exc, aiohttp.ConnectionTimeoutError):
            return f"timed out connecting ({cfg.connect_timeout:g} s)"
        if isinstance(exc, aiohttp.SocketTimeoutError):
            return f"timed out: the server stopped sending ({cfg.read_timeout:g} s)"
        return f"timed out after {cfg.total_timeout:g} s"

    async def _fetch(self, request: FeedRequest) -> FetchOutcome:
        session = self._session
        if session is None:
            raise RuntimeError("Fetcher used before start()")
        headers: dict[str, str] = {}
        if request.etag and _header_safe(request.etag):
            headers["If-None-Match"] = request.etag
        if request.last_modified and _header_safe(request.last_modified):
            headers["If-Modified-Since"] = request.last_modified
        url = check_url(request.url, self._policy)
        permanent = True
        loop = asyncio.get_running_loop()
        # The total timeout is a budget spent only while holding slots (across all hops).
        budget = self.config.total_timeout
        for _hop in range(self.config.max_redirects + 1):
            async with self._hosts.hold(url), self._sem:
                started = loop.time()
                async with (
                    asyncio.timeout(budget),
                    session.get(url, headers=headers, allow_redirects=False) as resp,
                ):
                    if resp.status not in _REDIRECTS:
                        return await self._answer(request, url, resp, permanent, bool(headers))
                    permanent = permanent and resp.status in _PERMANENT
                    url = self._next_hop(url, resp.headers.get("Location"))
                budget -= loop.time() - started
        raise FeedFailure(
            FailureKind.TOO_MANY_REDIRECTS,
            f"too many redirects (more than {self.config.max_redirects})",
        )

    async def _answer(
        self,
        request: FeedRequest,
        url: URL,
        resp: aiohttp.ClientResponse,
        permanent: bool,
        conditional: bool,
    ) -> FetchOutcome:
        """The outcome of a response that is not a redirect."""
        if resp.status == 304:
            if not conditional:
                # Taken as "not modified", it would record a feed never read as read: the
                # next poll would then see its whole backlog as new.
                raise FeedFailure(
                    FailureKind.HTTP,
                    "answered 304 Not Modified to a request without validators",
                    status=304,
                )
            return NotModified(
                request.url,
                304,
                resp.headers.get("ETag") or request.etag,
                resp.headers.get("Last-Modified") or request.last_modified,
                request.body_hash,
                parse_max_age(resp.headers.get("Cache-Control")),
            )
        if not 200 <= resp.status < 300:
            raise self._http_failure(resp)
        return await self._read(request, url, resp, permanent)

    def _next_hop(self, current: URL, location: str | None) -> URL:
        if not location:
            raise FeedFailure(FailureKind.BAD_REDIRECT)
        try:
            target = current.join(URL(location.strip()))
        except (ValueError, TypeError, UnicodeError) as exc:
            raise FeedFailure(FailureKind.BAD_REDIRECT) from exc
        return check_url(target, self._policy)

    def _http_failure(self, resp: aiohttp.ClientResponse) -> FeedFailure:
        retry_after = None
        if resp.status in (429, 503):
            retry_after = parse_retry_after(resp.headers.get("Retry-After"), self._clock())
        text = http_message(resp.status)
        if retry_after is not None:
            text += f" (retry after {retry_after:.0f} s)"
        return FeedFailure(FailureKind.HTTP, text, status=resp.status, retry_after=retry_after)

    async def _read(
        self, request: FeedRequest, url: URL, resp: aiohttp.ClientResponse, permanent: bool
    ) -> FetchOutcome:
        cap = self.config.max_body_bytes
        too_large = FeedFailure(
            FailureKind.TOO_LARGE, f"response larger than {_mib(cap)}", status=resp.status
        )
        if resp.content_length is not None and resp.content_length > cap:
            resp.close()
            raise too_large
        digest = hashlib.sha256()
        parts: list[bytes] = []
        size = 0
        async for chunk in resp.content.iter_chunked(_CHUNK):
            size += len(chunk)
            if size > cap:
                resp.close()
                raise too_large
            digest.update(chunk)
            parts.append(chunk)
        body_hash = digest.hexdigest()
        etag = resp.headers.get("ETag")
        last_modified = resp.headers.get("Last-Modified")
        max_age = parse_max_age(resp.headers.get("Cache-Control"))
        if request.body_hash is not None and body_hash == request.body_hash:
            return NotModified(
                request.url,
                resp.status,
                etag or request.etag,
                last_modified or request.last_modified,
                body_hash,
                max_age,
            )
        final = str(url)
        moved = final if permanent and final != request.url else None
        return Fetched(
            url=request.url,
            final_url=final,
            status=resp.status,
            body=b"".join(parts),
            content_type=resp.headers.get("Content-Type"),
            etag=etag,
            last_modified=last_modified,
            body_hash=body_hash,
            max_age=max_age,
            permanent_redirect=moved,
        )


def _header_safe(value: str) -> bool:
    """A stored validator may be sent back only if it is a plain one-line ASCII value."""
    return len(value) <= 1024 and value.isascii() and value.isprintable()


def _classify(exc: BaseException) -> tuple[FailureKind, str]:
    """Map an aiohttp / OS exception to a failure kind and its short message."""
    cause: BaseException | None = exc
    for _ in range(8):
        if cause is None:
            break
        if isinstance(cause, BlockedAddressError):
            return FailureKind.PRIVATE_ADDRESS, "refused: the host resolves to a private address"
        cause = cause.__cause__ or getattr(cause, "os_error", None)
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return FailureKind.DNS, "host name not found"
    if isinstance(exc, aiohttp.ClientConnectorCertificateError | aiohttp.ClientSSLError):
        return FailureKind.TLS, "secure connection failed (TLS certificate or handshake)"
    if isinstance(exc, aiohttp.ClientConnectorError):
        return FailureKind.CONNECT, "could not connect to the server"
    if isinstance(exc, aiohttp.InvalidURL):
        return FailureKind.INVALID_URL, "not a valid web address"
    if isinstance(exc, aiohttp.ClientPayloadError):
        return FailureKind.BAD_RESPONSE, "the response body was cut off or could not be decoded"
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return FailureKind.CONNECT, "the server closed the connection"
    if isinstance(exc, aiohttp.ClientResponseError):
        coding = _UNDECODABLE.search(exc.message)
        if coding:
            return FailureKind.BAD_RESPONSE, f"unsupported content encoding {coding['coding']}"
        return FailureKind.BAD_RESPONSE, "malformed response from the server"
    if isinstance(exc, aiohttp.ClientError | OSError):
        return FailureKind.CONNECT, "connection failed"
    return FailureKind.INTERNAL, "unexpected error while fetching"
