"""The audit repository offers append and read only: no update, no delete."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from bot.storage.models.audit import AuditRow
from bot.storage.repos.base import Scoped

__all__ = ["AuditRepo"]


class AuditRepo(Scoped):
    async def append(
        self,
        *,
        actor: str,
        action: str,
        target: str = "",
        outcome: str = "ok",
        detail: dict[str, Any] | None = None,
        now: datetime,
    ) -> None:
        self.s.add(
            AuditRow(
                tenant_id=self.tenant_id,
                at=now,
                actor=actor,
                action=action,
                target=target[:120],
                outcome=outcome,
                detail=detail or {},
            )
        )
        await self.s.flush()

    async def recent(self, limit: int = 20, action: str | None = None) -> list[AuditRow]:
        stmt = select(AuditRow).where(AuditRow.tenant_id == self.tenant_id)
        if action:
            stmt = stmt.where(AuditRow.action == action)
        rows = await self.s.scalars(stmt.order_by(AuditRow.id.desc()).limit(limit))
        return list(rows)

    async def all(self) -> list[AuditRow]:
        rows = await self.s.scalars(
            select(AuditRow).where(AuditRow.tenant_id == self.tenant_id).order_by(AuditRow.id)
        )
        return list(rows)
