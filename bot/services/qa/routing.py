"""Who gets a question: opted-in members of its specialty groups, minus the asker, those in
their quiet hours (in their own time zone) and those at their daily cap; least recently asked
first, so the same few people are not always asked; the backup group when nobody is left."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.domain.members import MemberInfo
from bot.services.profiles.quiet import in_quiet_hours
from bot.services.qa.visibility import Visibility
from bot.storage.models.qa import QAQuestion
from bot.storage.repos import GroupRepo, MemberRepo
from bot.storage.repos.qa import QARepo

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["Plan", "Router"]

_DAY = timedelta(days=1)
_NEVER = datetime.min.replace(tzinfo=None)


@dataclass
class Plan:
    """Who to send a question to, and why the others are not asked now."""

    recipients: list[MemberInfo] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)  # the groups the recipients came from
    quiet: int = 0
    capped: int = 0
    backup: bool = False


class Router:
    def __init__(self, core: Core, visibility: Visibility) -> None:
        self.core = core
        self.visibility = visibility

    async def _opted_in(self, tenant_id: int, groups: list[str]) -> list[MemberInfo]:
        async with self.core.db.session() as s:
            repo = GroupRepo(s, tenant_id)
            found: dict[int, MemberInfo] = {}
            for name in groups:
                group = await repo.get(name)
                if group is None:
                    continue
                for member, notify in await repo.members(group.id):
                    if notify:
                        found.setdefault(member.id, member)
        return list(found.values())

    async def backups(self, tenant_id: int, groups: list[str]) -> list[str]:
        async with self.core.db.session() as s:
            repo = GroupRepo(s, tenant_id)
            found = [await repo.get(name) for name in groups]
        backups = [g.backup for g in found if g is not None and g.backup]
        return [b for b in dict.fromkeys(backups) if b not in groups]

    async def plan(
        self,
        tenant_id: int,
        question: QAQuestion,
        groups: list[str],
        *,
        capped_ok: set[int] | frozenset[int] = frozenset(),
        use_cap: bool = True,
        use_backup: bool = True,
    ) -> Plan:
        """Recipients among the opted-in members of ``groups`` (members in ``capped_ok``
        already have this question, so the cap does not apply to them)."""
        plan = await self._plan_for(tenant_id, question, groups, capped_ok, use_cap)
        if plan.recipients or not use_backup:
            return plan
        backups = await self.backups(tenant_id, groups)
        if backups:
            fallback = await self._plan_for(tenant_id, question, backups, capped_ok, use_cap)
            if fallback.recipients:
                fallback.quiet, fallback.capped = plan.quiet, plan.capped
                fallback.backup = True
                return fallback
        return plan

    async def _plan_for(
        self,
        tenant_id: int,
        question: QAQuestion,
        groups: list[str],
        capped_ok: set[int] | frozenset[int],
        use_cap: bool,
    ) -> Plan:
        plan = Plan(groups=list(groups))
        candidates = [
            m for m in await self._opted_in(tenant_id, groups) if m.id != question.asker_id
        ]
        if question.private and question.channel:
            candidates = [
                m
                for m in candidates
                if await self.visibility.member_of(tenant_id, question.channel, m.user_id)
            ]
        if not candidates:
            return plan
        now = self.core.clock.now()
        async with self.core.db.session() as s:
            profiles = {
                p.member_id: p
                for p in await MemberRepo(s, tenant_id).profiles([m.id for m in candidates])
            }
            last, recent = await QARepo(s, tenant_id).route_load(
                [m.id for m in candidates], now - _DAY
            )
        available = []
        for member in candidates:
            profile = profiles.get(member.id)
            if profile and in_quiet_hours(now, profile.tz, profile.quiet_start, profile.quiet_end):
                plan.quiet += 1
            elif (
                use_cap
                and member.id not in capped_ok
                and recent.get(member.id, 0) >= self.core.config.qa.daily_cap
            ):
                plan.capped += 1
            else:
                available.append(member)
        # Rotation: whoever was asked longest ago (or never) goes first.
        available.sort(key=lambda m: (_naive(last.get(m.id)), m.id))
        plan.recipients = available[: self.core.config.qa.route_count]
        return plan


def _naive(when: datetime | None) -> datetime:
    return _NEVER if when is None else when.replace(tzinfo=None)
