"""Running :func:`~feeds.parse.parse_feed` off the event loop.

:class:`ProcessPoolParser` is the production parser: one worker process per core (spawn
context: safe with threads and a running loop), started once and reused; each parses one
body at a time, sent over its own pipe (:mod:`feeds.worker`). Only the body goes in and
only the small :class:`ParsedFeed` comes back.

Each worker has a thread of this process that hands it the next body as soon as it is
free (whatever the event loop is busy with) and waits for the answer, so a parse's time
limit counts from the start of *its* parse, never the time it waited behind others. A
parse over its limit is stopped for real: its worker is killed and a new one started, so
neither the poll nor :meth:`ProcessPoolParser.close` waits for it. A worker that dies (a
crash, the OOM killer) is replaced the same way: the feed it was parsing is reported as
failed, one it had not yet received goes to the next worker. :class:`InlineParser` runs
the same function in a thread (tests, one-off CLI).

The parser (and feedparser) is imported by whatever runs it, not by this module: the
process that only hands bodies to the workers never loads it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import queue
import threading
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from types import TracebackType
from typing import Protocol, Self

from .errors import FailureKind, message
from .model import ParseFailure, ParseResult
from .worker import Task, serve

__all__ = ["FeedParser", "InlineParser", "ProcessPoolParser"]

log = logging.getLogger(__name__)

_TOO_LONG = ParseFailure(FailureKind.PARSE_TIMEOUT, message(FailureKind.PARSE_TIMEOUT))
_STOPPED = ParseFailure(FailureKind.PARSE, "the parser stopped unexpectedly")


class FeedParser(Protocol):
    """Anything that turns a fetched body into a parse result without blocking the loop."""

    async def start(self) -> None:
        """Acquire resources (workers); idempotent."""
        ...

    async def close(self) -> None:
        """Release resources."""
        ...

    async def parse(
        self,
        body: bytes,
        *,
        url: str | None = None,
        content_type: str | None = None,
        max_items: int | None = None,
    ) -> ParseResult:
        """Parse one body, keeping at most ``max_items`` articles (the newest)."""
        ...


def _parse(
    body: bytes, url: str | None, content_type: str | None, max_items: int | None
) -> ParseResult:
    """:func:`~feeds.parse.parse_feed`, imported where it runs (a thread)."""
    from .parse import parse_feed

    return parse_feed(body, url, content_type, max_items=max_items)


class _Worker:
    """One worker process and this process's end of its pipe."""

    def __init__(self, context: BaseContext) -> None:
        self.conn, child = context.Pipe()
        # daemon: a worker never outlives the process that started it
        self.process: BaseProcess = context.Process(  # type: ignore[attr-defined]
            target=serve, args=(child,), daemon=True, name="rounds-feed-parser"
        )
        self.process.start()
        child.close()  # else this end would never see the worker's end of file

    def wait_ready(self) -> None:
        """Block until the worker has imported the parser (or died trying)."""
        # a dead worker shows up as such at its first body
        with contextlib.suppress(EOFError, OSError):
            self.conn.recv()

    def stop(self) -> None:
        """Kill the process, whatever it is doing, and wait for it (blocks briefly)."""
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class _Job:
    """One body to parse and the future that waits for its result on the event loop."""

    def __init__(self, task: Task, loop: asyncio.AbstractEventLoop) -> None:
        self.task = task
        self.loop = loop
        self.future: asyncio.Future[ParseResult] = loop.create_future()
        self.abandoned = False  # the caller stopped waiting (cancelled)
        self.worker: _Worker | None = None  # the worker parsing it now
        self.attempts = 0

    def settle(self, result: ParseResult) -> None:
        """Hand the result to the waiting coroutine (from any thread)."""
        with contextlib.suppress(RuntimeError):  # the loop is closed: nobody waits
            self.loop.call_soon_threadsafe(_resolve, self.future, result)


def _resolve(future: asyncio.Future[ParseResult], result: ParseResult) -> None:
    if not future.done():
        future.set_result(result)


class _Slot:
    """A thread that keeps one worker process busy with the pool's jobs, in turn.

    A worker that times out or dies is stopped here and another started in its place.
    """

    def __init__(self, pool: ProcessPoolParser, jobs: queue.SimpleQueue[_Job | None]) -> None:
        self.pool = pool
        self.jobs = jobs
        self.worker: _Worker | None = None
        self.stopping = False
        self.booted = threading.Event()  # the first worker is ready (or the slot is done)
        self.thread = threading.Thread(target=self._run, name="rounds-feed-parser", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        retry: _Job | None = None  # a body the last worker died before taking
        try:
            while (worker := self._start_worker()) is not None:
                while True:
                    job, retry = retry or self.jobs.get(), None
                    if job is None:
                        break
                    if self.stopping:
                        job.settle(_STOPPED)
                        break
                    usable, retry = self._serve(worker, job)
                    if not usable:
                        break
                worker.stop()
                if job is None or self.stopping:
                    return
        finally:
            if retry is not None:
                retry.settle(_STOPPED)
            self.booted.set()

    def _start_worker(self) -> _Worker | None:
        """A new worker, ready; None once the pool is closing."""
        while not self.stopping:
            try:
                worker = self.worker = _Worker(self.pool._context)
            except OSError:  # no process could be started (limits): fail one body, retry
                log.warning("could not start a feed parser process", exc_info=True)
                job = self.jobs.get()
                if job is None:
                    return None
                job.settle(_STOPPED)
                continue
            self.pool._count_start()
            worker.wait_ready()
            self.booted.set()
            if not self.stopping:
                return worker
            worker.stop()  # closed while it started
        return None

    def _serve(self, worker: _Worker, job: _Job) -> tuple[bool, _Job | None]:
        """Parse ``job`` in ``worker``: (whether the worker is still usable, a job to retry
        on the next worker)."""
        job.worker = worker  # before the check: a caller that gives up kills this worker
        if job.abandoned:
            job.worker = None
            return True, None
        job.attempts += 1
        try:
            worker.conn.send(job.task)
        except OSError:  # a broken pipe: it died before this body, which may go on
            job.worker = None
            if job.attempts < 2:
                return False, job
            job.settle(_STOPPED)
            return False, None
        try:
            # The time limit counts from here: this worker has just taken the body.
            if worker.conn.poll(self.pool.timeout):
                result: ParseResult = worker.conn.recv()
                job.worker = None
                job.settle(result)
                return True, None
            job.settle(_TOO_LONG)
        except (EOFError, OSError):  # it died (or was killed) parsing this body
            job.settle(_STOPPED)
        job.worker = None
        return False, None

    def stop(self) -> None:
        """Ask the thread to end and kill its worker (a parse in progress is abandoned)."""
        self.stopping = True
        worker = self.worker
        if worker is not None:
            worker.process.kill()


class ProcessPoolParser:
    """Parses in worker processes (default: one per CPU), each parse within ``timeout``.

    ``timeout`` (seconds) counts from when a worker takes the body. feedparser's slowest
    bodies of the 10 MiB cap (malformed markup) take about 30 s on a 2-core machine; a
    valid feed of that size takes a few seconds.
    """

    def __init__(
        self,
        max_workers: int | None = None,
        *,
        timeout: float = 60.0,
        mp_context: BaseContext | None = None,
    ) -> None:
        self.max_workers = max(1, max_workers or os.cpu_count() or 1)
        self.timeout = timeout
        self._context = mp_context or multiprocessing.get_context("spawn")
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._slots: list[_Slot] = []
        self._started = 0
        self._lock = threading.Lock()

    @property
    def started(self) -> int:
        """How many worker processes were started: ``max_workers``, +1 per replacement."""
        return self._started

    def _count_start(self) -> None:
        with self._lock:  # slots start workers from their own threads
            self._started += 1

    async def start(self) -> None:
        """Start every worker (idempotent; does not wait for them).

        The workers import the parser while the first feeds are still being fetched;
        :meth:`ready` waits until they are all up.
        """
        if not self._slots:
            self._slots = [_Slot(self, self._jobs) for _ in range(self.max_workers)]

    async def ready(self) -> None:
        """Start the pool if needed and wait until every worker has started."""
        await self.start()
        for slot in self._slots:
            await asyncio.to_thread(slot.booted.wait)

    async def parse(
        self,
        body: bytes,
        *,
        url: str | None = None,
        content_type: str | None = None,
        max_items: int | None = None,
    ) -> ParseResult:
        """Parse one body in a worker process; never raises (except cancellation)."""
        await self.start()
        job = _Job((body, url, content_type, max_items), asyncio.get_running_loop())
        self._jobs.put(job)
        try:
            return await job.future
        except asyncio.CancelledError:
            # Nobody wants the result: the worker must not go on with the body.
            job.abandoned = True
            worker = job.worker
            if worker is not None:
                worker.process.kill()
            raise

    async def close(self) -> None:
        """Stop the workers at once: a parse still running is abandoned, not waited for."""
        slots, self._slots = self._slots, []
        jobs, self._jobs = self._jobs, queue.SimpleQueue()
        for slot in slots:
            slot.stop()
            jobs.put(None)
        await asyncio.to_thread(_join, slots)
        while not jobs.empty():  # bodies no worker took
            job = jobs.get()
            if job is not None:
                job.settle(_STOPPED)

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


def _join(slots: list[_Slot]) -> None:
    for slot in slots:
        slot.thread.join()


class InlineParser:
    """Parses in a worker thread of this process (GIL-bound; for tests and small jobs)."""

    async def start(self) -> None:
        """Nothing to start."""

    async def close(self) -> None:
        """Nothing to close."""

    async def parse(
        self,
        body: bytes,
        *,
        url: str | None = None,
        content_type: str | None = None,
        max_items: int | None = None,
    ) -> ParseResult:
        """Parse one body in a thread."""
        return await asyncio.to_thread(_parse, body, url, content_type, max_items)
