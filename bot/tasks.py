"""Background work the core starts after answering (routing, mirroring), tracked so that the
console can wait until every effect of a line is out, and shutdown can finish it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

__all__ = ["TaskTracker"]

log = logging.getLogger(__name__)


class TaskTracker:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def spawn(self, coro: Coroutine[Any, Any, Any], what: str) -> None:
        """Start ``coro`` on the running loop and track it until it ends."""
        task = asyncio.get_running_loop().create_task(coro, name=what)
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            exc = task.exception()
            log.error("background task %s failed: %s", task.get_name(), type(exc).__name__)

    async def idle(self) -> None:
        """Wait until no tracked task is left (tasks may start more tasks)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
