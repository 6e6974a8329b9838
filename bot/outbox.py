"""Sending for one tenant: public posts, private notices with the right fallback, and fan-out
that isolates failures (one bad channel never blocks the others)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import TypeVar

from bot.domain.reply import Reply
from bot.platform import MessageRef, Platform, Tenant

__all__ = ["Outbox", "fan_out"]

log = logging.getLogger(__name__)
T = TypeVar("T")


async def fan_out(
    items: Iterable[T], send: Callable[[T], Awaitable[object]], what: str
) -> list[tuple[T, Exception]]:
    """Run ``send`` for every item; collect and log failures instead of stopping."""
    failures: list[tuple[T, Exception]] = []
    for item in items:
        try:
            await send(item)
        except Exception as exc:  # each delivery is isolated on purpose
            log.warning("%s failed for one target: %s", what, type(exc).__name__)
            failures.append((item, exc))
    return failures


class Outbox:
    def __init__(self, platform: Platform, tenant: Tenant) -> None:
        self.platform = platform
        self.tenant = tenant

    @property
    def workspace(self) -> str:
        return self.tenant.workspace

    async def post(self, channel: str, reply: Reply, *, thread: str | None = None) -> MessageRef:
        return await self.platform.post(self.workspace, channel, reply, thread=thread)

    async def dm(self, user: str, reply: Reply) -> MessageRef | None:
        return await self.platform.dm(self.workspace, user, reply)

    async def private(
        self, user: str, reply: Reply, *, channel: str | None = None, thread: str | None = None
    ) -> MessageRef | None:
        """Only ``user`` sees it: ephemeral in the channel where possible, else a DM."""
        reply = reply.as_private()
        if channel is not None and self.platform.capabilities.ephemeral:
            return await self.platform.ephemeral(
                self.workspace, channel, user, reply, thread=thread
            )
        return await self.platform.dm(self.workspace, user, reply)

    async def respond(
        self, user: str, channel: str | None, thread: str | None, reply: Reply
    ) -> MessageRef | None:
        """Answer an event: public replies where it happened, private ones to its author."""
        if reply.private or channel is None:
            if channel is None:
                return await self.platform.dm(self.workspace, user, reply)
            return await self.private(user, reply, channel=channel, thread=thread)
        return await self.post(channel, reply, thread=thread)

    async def edit(self, ref: MessageRef, reply: Reply) -> None:
        await self.platform.edit(self.workspace, ref, reply)

    async def delete(self, ref: MessageRef) -> bool:
        return await self.platform.delete(self.workspace, ref)

    async def react(self, ref: MessageRef, emoji: str) -> None:
        await self.platform.react(self.workspace, ref, emoji)

    async def mark_thread(self, ref: MessageRef, state: str) -> None:
        await self.platform.mark_thread(self.workspace, ref, state)
