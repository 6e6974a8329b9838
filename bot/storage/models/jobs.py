"""Scheduled work: one row per job, claimed with a lease so that it runs once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models.base import Base, JsonDoc, TenantScoped

__all__ = ["Job"]


class Job(TenantScoped, Base):
    """``status``: pending → (claimed: ``claimed_by`` until ``lease_until``) → done | cancelled
    | failed. A recurring job stays pending with its next ``due_at``. ``occurrence`` is set only
    while a failed run waits for its retry (the time that run stands for; else ``due_at`` is).
    ``sent_occurrence`` records the occurrence a posting job marked before sending, so that a
    crash in between never sends it twice."""

    __tablename__ = "jobs"
    __table_args__ = (
        Index("ix_jobs_due", "status", "due_at"),
        Index("ix_jobs_cancel", "tenant_id", "cancel_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(48))
    payload: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    due_at: Mapped[datetime]
    cron: Mapped[str | None] = mapped_column(String(64))
    tz: Mapped[str | None] = mapped_column(String(64))
    cancel_key: Mapped[str | None] = mapped_column(String(80))
    owner_id: Mapped[int | None] = mapped_column(Integer, index=True)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    occurrence: Mapped[datetime | None]
    sent_occurrence: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
