"""Privacy capability tables: the admin queue of NPI verifications that could not pass alone."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models.base import Base, TenantScoped

__all__ = ["NpiReview"]


class NpiReview(TenantScoped, Base):
    """An ``/profile verify`` the registry did not confirm on its own (a name mismatch or a
    deactivated number): an admin approves or denies it. Erased with the member (CASCADE);
    who decided is in the audit log, under a pseudonym."""

    __tablename__ = "npi_reviews"
    __table_args__ = (Index("ix_npi_reviews_tenant_status", "tenant_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    npi: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(String(24))  # name-mismatch | deactivated
    registry_name: Mapped[str] = mapped_column(String(120))
    specialty: Mapped[str | None] = mapped_column(String(40))
    taxonomy: Mapped[str | None] = mapped_column(String(160))
    status: Mapped[str] = mapped_column(String(12), default="pending")
    created_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]
