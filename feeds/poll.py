"""fetch -> parse: one feed, or many concurrently, each ending in a value.

``poll_feed`` / ``poll_many`` return ``Polled | NotModified | Failed`` and touch no
database; the caller decides (``feeds.schedule.next_poll``) and stores. :class:`FeedClient`
is the composition root a bot builds once: one fetcher (one HTTP session) and one parser
pool, closed together.

The parser starts only when a poll needs it: at once when a request has no validators
(a feed never fetched: its body will be parsed), so that the workers start while the first
fetches wait for their servers; else with the first body. A poll answered by 304s starts
no worker.

How long a poll can take: waiting for a slot (the host's, the fetcher's, a parser worker)
is never timed, only the work once it holds one: a fetch at most ``timeout`` (seconds), a
parse at most the parser's limit P. A feed waits for its host's turn *before* it enters
the poll's in-flight window, so feeds queued on one busy host (PubMed) never keep other
hosts' feeds out. Hence, for F feeds, H of them on the busiest host, ``concurrency`` C and
W parser workers, a poll ends within ``(F/C + H/per_host + 1) × timeout + (F/W + 1) × P``
(redirects to another busy host aside): at every moment before its end, all C fetch slots
are busy, or all W workers, or the last feed's host has ``per_host`` fetches running, or
that feed itself is being fetched or parsed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncGenerator, AsyncIterator, Iterable
from types import TracebackType
from typing import Self

from .http import FetchConfig, Fetcher, FetchOutcome
from .limits import HostSlots
from .model import Failed, FeedRequest, Fetched, ParseFailure, Polled, PollOutcome
from .pool import FeedParser, ProcessPoolParser

__all__ = ["FeedClient", "poll_batches", "poll_feed", "poll_many"]

log = logging.getLogger(__name__)


async def _finish(fetched: FetchOutcome, parser: FeedParser, max_items: int) -> PollOutcome:
    if not isinstance(fetched, Fetched):
        return fetched
    result = await parser.parse(
        fetched.body,
        url=fetched.final_url,
        content_type=fetched.content_type,
        max_items=max_items,
    )
    if isinstance(result, ParseFailure):
        return Failed(fetched.url, fetched.status, result.error, result.kind)
    if result.dropped:
        log.warning(
            "feed %s: %d articles, only the newest %d kept (feeds.max_items_per_feed)",
            fetched.url,
            len(result.articles) + result.dropped,
            len(result.articles),
        )
    return Polled(
        url=fetched.url,
        final_url=fetched.final_url,
        status=fetched.status,
        title=result.title,
        link=result.link,
        articles=result.articles,
        etag=fetched.etag,
        last_modified=fetched.last_modified,
        body_hash=fetched.body_hash,
        max_age=fetched.max_age,
        permanent_redirect=fetched.permanent_redirect,
        warning=result.warning,
    )


async def poll_feed(request: FeedRequest, *, fetcher: Fetcher, parser: FeedParser) -> PollOutcome:
    """Fetch and parse one feed."""
    fetched = await fetcher.fetch(request)
    return await _finish(fetched, parser, fetcher.config.max_items_per_feed)


async def poll_many(
    requests: Iterable[FeedRequest],
    *,
    fetcher: Fetcher,
    parser: FeedParser,
    in_flight: int | None = None,
) -> AsyncIterator[PollOutcome]:
    """Poll many feeds concurrently; yields each outcome as soon as it is ready.

    Fetching is bounded by the fetcher's concurrency, parsing by the parser's workers;
    bodies are handed to the parser as they arrive, so fetching and parsing overlap. At
    most ``in_flight`` feeds (default: twice the fetch concurrency) are between the start
    of their fetch and the end of their parse, which bounds the bodies held in memory.
    """
    batches = poll_batches(requests, fetcher=fetcher, parser=parser, in_flight=in_flight)
    async with contextlib.aclosing(batches):
        async for batch in batches:
            for outcome in batch:
                yield outcome


async def poll_batches(
    requests: Iterable[FeedRequest],
    *,
    fetcher: Fetcher,
    parser: FeedParser,
    in_flight: int | None = None,
    max_batch: int = 50,
) -> AsyncGenerator[list[PollOutcome], None]:
    """:func:`poll_many`, yielding every outcome ready at that moment together (at most
    ``max_batch``, in request order): a caller that stores outcomes in batches takes, each
    time, all that finished while it stored the previous ones.
    """
    requests = list(requests)
    if any(r.first_fetch for r in requests):
        await parser.start()
    config = fetcher.config
    gate = asyncio.Semaphore(in_flight or 2 * max(1, config.concurrency))
    turns = HostSlots(config.per_host)

    async def one(request: FeedRequest) -> PollOutcome:
        async with contextlib.AsyncExitStack() as window:
            # The host's turn first, for the fetch only; the in-flight window (entered
            # meanwhile) lasts until the parse ends.
            async with turns.hold(request.url):
                await window.enter_async_context(gate)
                fetched = await fetcher.fetch(request)
            return await _finish(fetched, parser, config.max_items_per_feed)

    tasks = [asyncio.create_task(one(r)) for r in requests]
    position = {task: i for i, task in enumerate(tasks)}
    pending = set(tasks)
    ready: list[asyncio.Task[PollOutcome]] = []
    try:
        while pending or ready:
            done = {t for t in pending if t.done()}
            if not done and not ready:
                done, _ = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            pending -= done
            ready.extend(sorted(done, key=position.__getitem__))
            batch, ready = ready[: max(1, max_batch)], ready[max(1, max_batch) :]
            yield [t.result() for t in batch]
    finally:
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


class FeedClient:
    """One fetcher plus one parser: ``async with FeedClient(config) as feeds: …``.

    It starts the fetcher on entry (the parser when a poll needs it) and, on exit, closes
    what it created itself; a fetcher or parser passed in belongs to the caller (e.g. one
    process pool shared by several clients).
    """

    def __init__(
        self,
        config: FetchConfig | None = None,
        *,
        fetcher: Fetcher | None = None,
        parser: FeedParser | None = None,
    ) -> None:
        self._own_fetcher = fetcher is None
        self._own_parser = parser is None
        self.fetcher = fetcher or Fetcher(config)
        self.parser: FeedParser = parser or ProcessPoolParser()

    async def __aenter__(self) -> Self:
        await self.fetcher.start()  # the parser starts when a poll needs it
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self._own_fetcher:
                await self.fetcher.close()
        finally:
            if self._own_parser:
                await self.parser.close()

    async def poll(self, request: FeedRequest) -> PollOutcome:
        """Fetch and parse one feed."""
        return await poll_feed(request, fetcher=self.fetcher, parser=self.parser)

    def poll_many(self, requests: Iterable[FeedRequest]) -> AsyncIterator[PollOutcome]:
        """Poll many feeds concurrently, yielding outcomes as they complete."""
        return poll_many(requests, fetcher=self.fetcher, parser=self.parser)

    def poll_batches(
        self, requests: Iterable[FeedRequest], max_batch: int = 50
    ) -> AsyncGenerator[list[PollOutcome], None]:
        """Poll many feeds concurrently, yielding the outcomes ready at each moment."""
        return poll_batches(requests, fetcher=self.fetcher, parser=self.parser, max_batch=max_batch)
