"""The append-only audit log. Actors are pseudonymous ids; never message text or PHI values."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models.base import Base, JsonDoc, TenantScoped

__all__ = ["AuditRow"]


class AuditRow(TenantScoped, Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_tenant_at", "tenant_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(48))
    target: Mapped[str] = mapped_column(String(120), default="")
    outcome: Mapped[str] = mapped_column(String(24), default="ok")
    detail: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
