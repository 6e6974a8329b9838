"""The Slack installation repository: one row per workspace, tokens as stored ciphertext."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models.core import TenantRow
from bot.storage.models.slack import SlackInstallation
from bot.storage.repos.base import Scoped

__all__ = ["InstallRecord", "SlackInstallRepo", "slack_tenant"]


@dataclass(frozen=True, slots=True)
class InstallRecord:
    """One installation as stored; the token fields are ciphertext."""

    enterprise_id: str | None
    team_id: str | None
    team_name: str | None
    app_id: str | None
    bot_id: str | None
    bot_user_id: str | None
    bot_token: str
    bot_scopes: str
    bot_refresh_token: str | None
    bot_token_expires_at: datetime | None
    is_enterprise_install: bool
    installed_at: datetime


async def slack_tenant(session: AsyncSession, workspace: str) -> int | None:
    """The tenant id of a Slack workspace, without creating one for an unknown workspace."""
    found: int | None = await session.scalar(
        select(TenantRow.id).where(TenantRow.platform == "slack", TenantRow.workspace == workspace)
    )
    return found


class SlackInstallRepo(Scoped):
    async def get(self) -> InstallRecord | None:
        row = await self.s.scalar(
            select(SlackInstallation).where(SlackInstallation.tenant_id == self.tenant_id)
        )
        if row is None:
            return None
        return InstallRecord(
            enterprise_id=row.enterprise_id,
            team_id=row.team_id,
            team_name=row.team_name,
            app_id=row.app_id,
            bot_id=row.bot_id,
            bot_user_id=row.bot_user_id,
            bot_token=row.bot_token,
            bot_scopes=row.bot_scopes,
            bot_refresh_token=row.bot_refresh_token,
            bot_token_expires_at=row.bot_token_expires_at,
            is_enterprise_install=row.is_enterprise_install,
            installed_at=row.installed_at,
        )

    async def save(self, record: InstallRecord) -> None:
        """Insert or replace this workspace's installation (a reinstall replaces the token)."""
        row = await self.s.scalar(
            select(SlackInstallation).where(SlackInstallation.tenant_id == self.tenant_id)
        )
        if row is None:
            self.s.add(SlackInstallation(tenant_id=self.tenant_id, **asdict(record)))
        else:
            for key, value in asdict(record).items():
                setattr(row, key, value)
        await self.s.flush()

    async def delete(self) -> bool:
        """Forget the installation and its tokens; False when there was none."""
        result = await self.s.execute(
            delete(SlackInstallation).where(SlackInstallation.tenant_id == self.tenant_id)
        )
        return bool(getattr(result, "rowcount", 0))
