"""Alerts to a workspace's moderators (admins when it has none), by DM, without values."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.domain.members import MemberInfo
from bot.domain.reply import Reply
from bot.outbox import Outbox, fan_out
from bot.storage.repos import MemberRepo

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["Moderators"]


class Moderators:
    def __init__(self, core: Core) -> None:
        self.core = core

    async def of(self, tenant_id: int) -> list[MemberInfo]:
        """The moderators of a workspace, or its admins when nobody holds that role."""
        async with self.core.db.session() as s:
            holders = await MemberRepo(s, tenant_id).with_roles()
        moderators = [m for m in holders if "moderator" in m.roles]
        return moderators or [m for m in holders if m.is_admin]

    async def alert(self, tenant_id: int, out: Outbox, reply: Reply, *, skip: str) -> None:
        """DM every moderator except ``skip`` (the author: they got their own notice)."""
        targets = [m.user_id for m in await self.of(tenant_id) if m.user_id != skip]

        async def send(user: str) -> None:
            await out.dm(user, reply)

        await fan_out(targets, send, "moderator alert")

    async def admins(self, tenant_id: int) -> list[MemberInfo]:
        async with self.core.db.session() as s:
            holders = await MemberRepo(s, tenant_id).with_roles()
        return [m for m in holders if m.is_admin]
