"""What runs inside a parser worker process (see :mod:`feeds.pool`).

A worker imports the parser once, says it is ready, then parses one body at a time as
the pool sends them over its pipe, until the pipe closes or the pool kills it. Only the
body goes in and only the small parse result comes back.
"""

from __future__ import annotations

import gc
import os
import signal
from multiprocessing.connection import Connection

from .model import ParseResult

__all__ = ["Task", "parse_one", "serve"]

#: what the pool sends: body, final URL, Content-Type, item cap
Task = tuple[bytes, str | None, str | None, int | None]


def parse_one(task: Task) -> ParseResult:
    """Parse one body and collect the garbage it left.

    feedparser's fallback parser leaves reference cycles that the collector's thresholds
    reach only after several large bodies (a worker grew by 300 MB per malformed 10 MB
    body). The objects that live as long as the worker were frozen at start, so a full
    collection here costs a few microseconds after a small feed.
    """
    from .parse import parse_feed

    body, url, content_type, max_items = task
    result = parse_feed(body, url, content_type, max_items=max_items)
    del body, task
    gc.collect()
    return result


def serve(conn: Connection) -> None:
    """A worker's life: import, report ready (the pid), then answer tasks in order."""
    # Ctrl-C in a terminal reaches the whole process group: the pool stops its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from . import parse  # noqa: F401  (before "ready": a parse's time limit excludes imports)

    gc.freeze()
    conn.send(os.getpid())
    while True:
        try:
            task: Task = conn.recv()
        except EOFError:  # the pool is gone
            return
        conn.send(parse_one(task))
