"""Storage for the privacy capability: holds on message copies, the NPI review queue, what
erasure and export need beyond the core repositories, and the audit export across tenants."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Group, GroupMember, Job, Member, MessageCopy, TenantRow
from bot.storage.models.audit import AuditRow
from bot.storage.models.privacy import NpiReview
from bot.storage.repos.base import Scoped

__all__ = [
    "AuditExportRow",
    "HoldRepo",
    "Membership",
    "NpiReviewRepo",
    "PersonalDataRepo",
    "audit_rows_all_tenants",
]


class HoldRepo(Scoped):
    """Holding and releasing Rounds' copy of a message (the text itself is never changed)."""

    async def get(self, channel: str, message_id: str) -> MessageCopy | None:
        found: MessageCopy | None = await self.s.scalar(
            select(MessageCopy).where(
                MessageCopy.tenant_id == self.tenant_id,
                MessageCopy.channel == channel,
                MessageCopy.message_id == message_id,
            )
        )
        return found

    async def set_state(self, copy_id: int, *, held: bool, phi_kinds: Sequence[str]) -> None:
        # Not MessageRepo.edit: a release is no edit, so ``edited_at`` stays as it was.
        await self.s.execute(
            update(MessageCopy)
            .where(MessageCopy.tenant_id == self.tenant_id, MessageCopy.id == copy_id)
            .values(held=held, phi_kinds=list(phi_kinds))
        )


@dataclass(frozen=True, slots=True)
class Membership:
    group: str
    notify: bool
    joined_at: datetime


class PersonalDataRepo(Scoped):
    """What the core repositories do not offer for erasure and export."""

    async def member(self, member_id: int) -> Member | None:
        found: Member | None = await self.s.scalar(
            select(Member).where(Member.tenant_id == self.tenant_id, Member.id == member_id)
        )
        return found

    async def memberships(self, member_id: int) -> list[Membership]:
        rows = await self.s.execute(
            select(Group.name, GroupMember.notify, GroupMember.joined_at)
            .join(GroupMember, GroupMember.group_id == Group.id)
            .where(Group.tenant_id == self.tenant_id, GroupMember.member_id == member_id)
            .order_by(Group.name)
        )
        return [Membership(name, bool(notify), joined) for name, notify, joined in rows.all()]

    async def owned_jobs(self, member_id: int) -> list[Job]:
        rows = await self.s.scalars(
            select(Job)
            .where(Job.tenant_id == self.tenant_id, Job.owner_id == member_id)
            .order_by(Job.id)
        )
        return list(rows)

    async def drop_owned_jobs(self, member_id: int) -> int:
        """Delete every job row a member owns, whatever its status: finished ones still
        carry their payload, which is the member's."""
        result = await self.s.execute(
            delete(Job).where(Job.tenant_id == self.tenant_id, Job.owner_id == member_id)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]


class NpiReviewRepo(Scoped):
    async def add(
        self,
        *,
        member_id: int,
        npi: str,
        reason: str,
        registry_name: str,
        specialty: str | None,
        taxonomy: str | None,
        now: datetime,
    ) -> int:
        """Queue a review; a member's earlier pending review of any number is superseded."""
        await self.s.execute(
            update(NpiReview)
            .where(
                NpiReview.tenant_id == self.tenant_id,
                NpiReview.member_id == member_id,
                NpiReview.status == "pending",
            )
            .values(status="superseded", decided_at=now)
        )
        row = NpiReview(
            tenant_id=self.tenant_id,
            member_id=member_id,
            npi=npi,
            reason=reason,
            registry_name=registry_name[:120],
            specialty=specialty,
            taxonomy=taxonomy[:160] if taxonomy else None,
            status="pending",
            created_at=now,
        )
        self.s.add(row)
        await self.s.flush()
        return row.id

    async def get(self, review_id: int) -> NpiReview | None:
        found: NpiReview | None = await self.s.scalar(
            select(NpiReview).where(
                NpiReview.tenant_id == self.tenant_id, NpiReview.id == review_id
            )
        )
        return found

    async def pending(self, limit: int = 25) -> list[NpiReview]:
        rows = await self.s.scalars(
            select(NpiReview)
            .where(NpiReview.tenant_id == self.tenant_id, NpiReview.status == "pending")
            .order_by(NpiReview.id)
            .limit(limit)
        )
        return list(rows)

    async def decide(self, review_id: int, status: str, now: datetime) -> bool:
        """Close a pending review; False when it was not pending (decided already)."""
        result = await self.s.execute(
            update(NpiReview)
            .where(
                NpiReview.tenant_id == self.tenant_id,
                NpiReview.id == review_id,
                NpiReview.status == "pending",
            )
            .values(status=status, decided_at=now)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def of_member(self, member_id: int) -> list[NpiReview]:
        rows = await self.s.scalars(
            select(NpiReview)
            .where(NpiReview.tenant_id == self.tenant_id, NpiReview.member_id == member_id)
            .order_by(NpiReview.id)
        )
        return list(rows)


@dataclass(frozen=True, slots=True)
class AuditExportRow:
    id: int
    tenant_id: int
    at: datetime
    platform: str
    workspace: str
    actor: str
    action: str
    target: str
    outcome: str
    detail: dict[str, Any]


async def audit_rows_all_tenants(session: AsyncSession) -> list[AuditExportRow]:
    """Every audit row of every tenant, oldest first, with the tenant's platform and workspace
    (for ``rounds audit export``, an operator's tool that is not scoped to one tenant)."""
    rows = await session.execute(
        select(AuditRow, TenantRow.platform, TenantRow.workspace)
        .join(TenantRow, TenantRow.id == AuditRow.tenant_id)
        .order_by(AuditRow.id)
    )
    return [
        AuditExportRow(
            a.id,
            a.tenant_id,
            a.at,
            platform,
            workspace,
            a.actor,
            a.action,
            a.target,
            a.outcome,
            a.detail,
        )
        for a, platform, workspace in rows.all()
    ]
