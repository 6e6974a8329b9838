"""Who may see a question: one asked in a private channel is never shown to anyone outside
that channel — not in search, lists, similar questions, routing, reminders or exports.

Membership is the platform's to know (``Platform.is_member``); only private channels that
actually hold questions are asked about.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.storage.models.qa import QAQuestion
from bot.storage.repos.qa import QARepo

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["Visibility"]


class Visibility:
    def __init__(self, core: Core) -> None:
        self.core = core

    async def member_of(self, tenant_id: int, channel: str, user_id: str) -> bool:
        tenant = await self.core.tenant(tenant_id)
        platform = self.core.platforms[tenant.platform]
        return await platform.is_member(tenant.workspace, channel, user_id)

    async def channels_for(self, tenant_id: int, user_id: str) -> tuple[str, ...]:
        """The private channels holding questions that ``user_id`` belongs to."""
        async with self.core.db.session() as s:
            channels = await QARepo(s, tenant_id).private_channels()
        return tuple([c for c in channels if await self.member_of(tenant_id, c, user_id)])

    async def can_see(self, tenant_id: int, user_id: str, question: QAQuestion) -> bool:
        if not question.private or question.channel is None:
            return True
        return await self.member_of(tenant_id, question.channel, user_id)

    @staticmethod
    def in_channel(channel: str | None) -> tuple[str, ...]:
        """What a post in ``channel`` may show: public questions, and private ones from that
        very channel (everyone reading it is a member)."""
        return (channel,) if channel else ()
