"""Group commit for the copies of ordinary messages.

Every message Rounds sees is copied (redacted) for edits, deletes, erasure, export and
retention. Writing each copy in its own transaction costs about a millisecond of CPU on
SQLite through aiosqlite, more than everything else a plain message needs together, and
nothing the bot says about a plain message waits for its copy. So plain copies are queued and
written together, at most ``max_delay`` seconds later (or as soon as ``max_rows`` are
waiting), in one multi-row INSERT. Copies the bot acts on by id (held or flagged messages) do
not come here: the dispatcher writes them at once.

Whoever reads copies back calls :meth:`CopyWriter.flush` first, so that a copy written a
moment ago is there. A crash loses at most the copies of the last ``max_delay`` seconds; the
messages themselves stay on the platform.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Executable, Table, insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import DataError, IntegrityError

from bot.storage.db import Database
from bot.storage.models import MessageCopy

__all__ = ["CopyWriter", "NewCopy"]

log = logging.getLogger(__name__)

# When the database refuses a batch, it is kept and tried again after this long.
_RETRY_AFTER = 1.0
# What the database says of one row, not of itself: an author erased meanwhile (foreign key),
# text PostgreSQL cannot hold (a NUL byte), an over-long id. The batch is then written row by
# row and only the refused rows are dropped; any other error keeps every copy for a retry.
_REFUSED = (IntegrityError, DataError)
# Beyond this many waiting copies (the database has been failing for a while) the oldest are
# dropped, counted in the log, so that memory stays bounded.
_MAX_WAITING = 100_000


@dataclass(frozen=True, slots=True)
class NewCopy:
    """One message copy waiting to be written."""

    tenant_id: int
    message_id: str
    channel: str
    thread: str | None
    author_id: int | None
    text: str
    files: Sequence[str]
    phi_kinds: Sequence[str]
    held: bool
    private_channel: bool
    created_at: datetime

    def row(self) -> dict[str, Any]:
        return {
            "tenant_id": self.tenant_id,
            "message_id": self.message_id,
            "channel": self.channel,
            "thread": self.thread,
            "author_id": self.author_id,
            "text": self.text,
            "files": list(self.files),
            "phi_kinds": list(self.phi_kinds),
            "held": self.held,
            "private_channel": self.private_channel,
            "created_at": self.created_at,
            "edited_at": None,
        }


class CopyWriter:
    """Queues message copies and writes them in batches (see the module's docstring)."""

    def __init__(self, db: Database, *, max_delay: float = 0.05, max_rows: int = 500) -> None:
        self.db = db
        self.max_delay = max_delay
        self.max_rows = max_rows
        self._waiting: list[NewCopy] = []
        self._lock = asyncio.Lock()
        self._timer: asyncio.TimerHandle | None = None
        self._flushing: asyncio.Task[None] | None = None
        self._retrying = False  # the last write failed: wait for the retry timer
        self._closed = False
        # A copy already there (a redelivered event another process admitted) is not an error.
        # The table, not the mapped class: a multi-row INSERT without the ORM's bookkeeping.
        table = cast(Table, MessageCopy.__table__)
        self._insert: Executable
        if db.is_postgres:
            self._insert = pg_insert(table).on_conflict_do_nothing(
                index_elements=["tenant_id", "channel", "message_id"]
            )
        else:
            # SQLite's own form: unlike ON CONFLICT it keeps SQLAlchemy's compiled-statement
            # cache, which matters at one batch every few dozen milliseconds.
            self._insert = insert(table).prefix_with("OR IGNORE", dialect="sqlite")

    @property
    def waiting(self) -> int:
        """Copies queued and not yet written."""
        return len(self._waiting)

    def add(self, copy: NewCopy) -> None:
        """Queue a copy; it is written within ``max_delay`` seconds."""
        self._waiting.append(copy)
        if len(self._waiting) >= self.max_rows and not self._retrying:
            self._start_flush()
        elif self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(self.max_delay, self._start_flush)

    async def add_now(self, copy: NewCopy) -> None:
        """Write a copy (and whatever is queued) before returning."""
        self._waiting.append(copy)
        await self.flush()

    def _start_flush(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._closed:
            return
        if self._flushing is None or self._flushing.done():
            self._flushing = asyncio.get_running_loop().create_task(
                self._flush_in_background(), name="message copies"
            )

    async def _flush_in_background(self) -> None:
        try:
            await self.flush()
        except Exception as exc:  # kept, and tried again: see flush()
            log.warning("message copies not written yet (%s); retrying", type(exc).__name__)

    async def flush(self) -> None:
        """Write every queued copy now. On failure the copies stay queued, a new attempt is
        set for a little later, and it raises."""
        async with self._lock:
            await self._flush_locked()

    @asynccontextmanager
    async def flushed(self) -> AsyncIterator[None]:
        """Write every queued copy, then hold off every write until the block ends: for work
        that must not see a copy land halfway (erasure). Copies queued meanwhile wait."""
        async with self._lock:
            await self._flush_locked()
            yield

    def discard(self, tenant_id: int, author_id: int) -> None:
        """Drop an author's queued copies (they were erased while the copies waited)."""
        self._waiting = [
            c for c in self._waiting if (c.tenant_id, c.author_id) != (tenant_id, author_id)
        ]

    async def _flush_locked(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting, []
            try:
                try:
                    await self._write(batch)
                except _REFUSED:
                    await self._write_each(batch)
            except BaseException:
                self._waiting[:0] = batch
                self._bound()
                self._retrying = True
                if self._timer is None and not self._closed:
                    loop = asyncio.get_running_loop()
                    self._timer = loop.call_later(_RETRY_AFTER, self._start_flush)
                raise
        self._retrying = False

    async def _write(self, batch: list[NewCopy]) -> None:
        async with self.db.session() as s:
            await s.execute(self._insert, [c.row() for c in batch])

    async def _write_each(self, batch: list[NewCopy]) -> None:
        """One by one, dropping the copies the database refuses for good (an author erased
        by another process meanwhile), so that one of them never holds up the rest. What
        was written leaves ``batch``: on another error the rest stays queued."""
        refused = 0
        while batch:
            try:
                await self._write(batch[:1])
            except _REFUSED:
                refused += 1
            del batch[0]
        if refused:
            log.warning("%d message copies refused by the database and dropped", refused)

    def _bound(self) -> None:
        excess = len(self._waiting) - _MAX_WAITING
        if excess > 0:
            del self._waiting[:excess]
            log.error("dropped %d message copies: the database refused them too long", excess)

    async def close(self) -> None:
        """Write what is queued (at shutdown); a failure is logged with the count lost. No
        timer or background write outlives it."""
        self._closed = True
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._flushing is not None:
            await asyncio.gather(self._flushing, return_exceptions=True)
        try:
            await self.flush()
        except Exception as exc:
            log.error(
                "%d message copies lost at shutdown: %s", len(self._waiting), type(exc).__name__
            )
            self._waiting.clear()
