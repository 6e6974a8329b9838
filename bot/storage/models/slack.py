"""Slack installations: one bot token per workspace, encrypted at rest by the adapter."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models.base import Base, TenantScoped

__all__ = ["SlackInstallation"]


class SlackInstallation(TenantScoped, Base):
    """The OAuth installation of Rounds in one Slack workspace (or Enterprise Grid org).

    ``bot_token`` and ``bot_refresh_token`` hold ciphertext only: the adapter encrypts them
    with the key from the environment before they reach this table. No member's user id is
    kept here (the installer becomes a member like any other), so erasure needs nothing."""

    __tablename__ = "slack_installations"
    __table_args__ = (UniqueConstraint("tenant_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_id: Mapped[str | None] = mapped_column(String(32))
    team_id: Mapped[str | None] = mapped_column(String(32))
    team_name: Mapped[str | None] = mapped_column(String(120))
    app_id: Mapped[str | None] = mapped_column(String(32))
    bot_id: Mapped[str | None] = mapped_column(String(32))
    bot_user_id: Mapped[str | None] = mapped_column(String(32))
    bot_token: Mapped[str] = mapped_column(Text)
    bot_scopes: Mapped[str] = mapped_column(Text, default="")
    bot_refresh_token: Mapped[str | None] = mapped_column(Text)
    bot_token_expires_at: Mapped[datetime | None]
    is_enterprise_install: Mapped[bool] = mapped_column(Boolean, default=False)
    installed_at: Mapped[datetime]
