"""Running :func:`~feeds.parse.parse_feed` off the event loop.

:class:`ProcessPoolParser` is the production parser: one ``ProcessPoolExecutor`` (spawn
context: safe with threads and a running loop), created once, warmed up, and reused, with
one worker per core. Only the body goes in and only the small :class:`ParsedFeed` comes
back. A crashed worker (``BrokenProcessPool``) is replaced and the feed reported as failed;
a parse that exceeds ``timeout`` is reported as failed (the worker finishes it in the
background). :class:`InlineParser` runs the same function in a thread (tests, one-off CLI).

The parser (and feedparser) is imported by whatever runs it, not by this module: the
process that only hands bodies to the workers never loads it.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext
from types import TracebackType
from typing import Protocol, Self

from .errors import FailureKind, message
from .model import ParseFailure, ParseResult

__all__ = ["FeedParser", "InlineParser", "ProcessPoolParser"]


class FeedParser(Protocol):
    """Anything that turns a fetched body into a parse result without blocking the loop."""

    async def start(self) -> None:
        """Acquire resources (workers); idempotent."""
        ...

    async def close(self) -> None:
        """Release resources."""
        ...

    async def parse(
        self, body: bytes, *, url: str | None = None, content_type: str | None = None
    ) -> ParseResult:
        """Parse one body."""
        ...


def _warm_up() -> int:
    """Runs in each worker once, so that imports happen before the first real feed."""
    from . import parse  # noqa: F401

    return os.getpid()


def _parse(body: bytes, url: str | None, content_type: str | None) -> ParseResult:
    """:func:`~feeds.parse.parse_feed`, imported where it runs (a worker, a thread)."""
    from .parse import parse_feed

    return parse_feed(body, url, content_type)


def _retrieve(fut: asyncio.Future[int]) -> None:
    """Mark a warm-up's outcome as seen (a failure shows up again on the first parse)."""
    if not fut.cancelled():
        fut.exception()


class ProcessPoolParser:
    """Parses in a pool of worker processes (default: one per CPU)."""

    def __init__(
        self,
        max_workers: int | None = None,
        *,
        timeout: float = 120.0,
        mp_context: BaseContext | None = None,
    ) -> None:
        self.max_workers = max(1, max_workers or os.cpu_count() or 1)
        self.timeout = timeout
        self._context = mp_context or multiprocessing.get_context("spawn")
        self._executor: ProcessPoolExecutor | None = None
        self._warming: list[asyncio.Future[int]] = []
        self._generation = 0

    @property
    def generation(self) -> int:
        """How many pools were created: 1 after start, +1 for each crash recovery."""
        return self._generation

    def _make(self) -> ProcessPoolExecutor:
        self._generation += 1
        return ProcessPoolExecutor(max_workers=self.max_workers, mp_context=self._context)

    async def start(self) -> None:
        """Create the pool and launch every worker (idempotent; does not wait for them).

        The workers import the parser while the first feeds are still being fetched;
        :meth:`ready` waits until they are all up.
        """
        if self._executor is not None:
            return
        self._executor = self._make()
        loop = asyncio.get_running_loop()
        self._warming = [
            loop.run_in_executor(self._executor, _warm_up) for _ in range(self.max_workers)
        ]
        for fut in self._warming:
            fut.add_done_callback(_retrieve)

    async def ready(self) -> None:
        """Start the pool if needed and wait until every worker has started."""
        await self.start()
        await asyncio.gather(*self._warming, return_exceptions=True)

    async def parse(
        self, body: bytes, *, url: str | None = None, content_type: str | None = None
    ) -> ParseResult:
        """Parse one body in a worker process; never raises (except cancellation)."""
        await self.start()
        loop = asyncio.get_running_loop()
        for attempt in (1, 2):
            executor = self._executor
            if executor is None:  # closed meanwhile
                break
            try:
                fut = loop.run_in_executor(executor, _parse, body, url, content_type)
                return await asyncio.wait_for(fut, self.timeout)
            except TimeoutError:
                return ParseFailure(FailureKind.PARSE_TIMEOUT, message(FailureKind.PARSE_TIMEOUT))
            except BrokenProcessPool:
                if self._executor is executor:
                    executor.shutdown(wait=False, cancel_futures=True)
                    self._executor = self._make()
                if attempt == 2:
                    break
        return ParseFailure(FailureKind.PARSE, "the parser stopped unexpectedly")

    async def close(self) -> None:
        """Shut the workers down."""
        executor, self._executor = self._executor, None
        if executor is not None:
            await asyncio.to_thread(executor.shutdown, wait=True, cancel_futures=True)

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


class InlineParser:
    """Parses in a worker thread of this process (GIL-bound; for tests and small jobs)."""

    async def start(self) -> None:
        """Nothing to start."""

    async def close(self) -> None:
        """Nothing to close."""

    async def parse(
        self, body: bytes, *, url: str | None = None, content_type: str | None = None
    ) -> ParseResult:
        """Parse one body in a thread."""
        return await asyncio.to_thread(_parse, body, url, content_type)
