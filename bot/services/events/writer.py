"""Recording gathered posts with group commit: posts that arrive while a write is in flight go
into the next transaction together. A burst is many messages at once (adapters dispatch each
in its own task), and one transaction per post is what would slow it down; a calm stream
still gets one short transaction per post. Each caller waits for its own commit, so nothing
is acknowledged before it is stored.

The burst decision is made here too, in the same transaction as the insert: a post that
would flow to the thread while ``burst_threshold`` posts already did within ``burst_window``
is queued for the next summary instead."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from bot.storage.repos.events import NewPost, PostRepo

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["PostWriter"]


@dataclass
class _Request:
    posts: list[NewPost]
    done: asyncio.Future[list[tuple[int, str]]] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


class PostWriter:
    def __init__(self, core: Core) -> None:
        self.core = core
        self._waiting: dict[int, list[_Request]] = {}
        self._writing: set[int] = set()

    async def write(self, tenant_id: int, posts: list[NewPost]) -> list[tuple[int, str]]:
        """Record the posts; (id, final state) for each, in order."""
        request = _Request(posts)
        self._waiting.setdefault(tenant_id, []).append(request)
        if tenant_id not in self._writing:
            self._writing.add(tenant_id)
            self.core.spawn(self._drain(tenant_id), "event post writer")
        return await request.done

    async def _drain(self, tenant_id: int) -> None:
        try:
            while batch := self._waiting.pop(tenant_id, []):
                try:
                    written = await self._commit(tenant_id, [p for r in batch for p in r.posts])
                except Exception as exc:  # every waiting caller learns of it, none hangs
                    for request in batch:
                        if not request.done.done():
                            request.done.set_exception(exc)
                    continue
                for request in batch:
                    if not request.done.done():  # a caller may have been cancelled meanwhile
                        request.done.set_result(written[: len(request.posts)])
                    written = written[len(request.posts) :]
        finally:
            # No await since the queue was found empty: nothing can have slipped in between.
            self._writing.discard(tenant_id)

    async def _commit(self, tenant_id: int, posts: list[NewPost]) -> list[tuple[int, str]]:
        cfg = self.core.config.events
        async with self.core.db.session() as s:
            repo = PostRepo(s, tenant_id)
            flowing: dict[int, int] = {}
            for event_id in {p.event_id for p in posts if p.state == "pending"}:
                earliest = min(p.posted_at for p in posts if p.event_id == event_id)
                flowing[event_id] = await repo.count_since(event_id, earliest - cfg.burst_window)
            final = []
            for post in posts:
                if post.state == "pending":
                    if flowing[post.event_id] >= cfg.burst_threshold:
                        post = replace(post, state="queued")
                    flowing[post.event_id] += 1
                final.append(post)
            return await repo.add_many(final)
