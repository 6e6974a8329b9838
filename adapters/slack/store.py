"""OAuth installations in Rounds' own database, tokens encrypted at rest.

bolt's :class:`AsyncInstallationStore` on top of ``bot.storage.repos.slack``. Only the bot
token is kept (Rounds asks for no user scopes); it is encrypted (:class:`TokenCipher`) before
it reaches the database, and never logged.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation

from adapters.slack.cipher import TokenCipher
from bot.platform import Tenant
from bot.storage.repos.slack import InstallRecord, SlackInstallRepo, slack_tenant

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["DatabaseInstallationStore"]

log = logging.getLogger(__name__)

OnInstall = Callable[[str, str], Awaitable[None]]


def _workspace(enterprise_id: str | None, team_id: str | None, enterprise: bool | None) -> str:
    """The tenant's workspace id: the org for an org-wide install, else the team."""
    found = enterprise_id if enterprise else team_id
    return found or enterprise_id or ""


def _when(seconds: int | None) -> datetime | None:
    return None if seconds is None else datetime.fromtimestamp(seconds, UTC)


class DatabaseInstallationStore(AsyncInstallationStore):
    """One installation per workspace; a reinstall replaces it, an uninstall deletes it.
    ``on_install(workspace, installer)`` runs after each install (the installer's rights)."""

    def __init__(self, core: Core, cipher: TokenCipher, logger: logging.Logger) -> None:
        self.core = core
        self.cipher = cipher
        self._logger = logger
        self.on_install: OnInstall | None = None

    @property
    def logger(self) -> logging.Logger:
        return self._logger

    async def _tenant(self, workspace: str, create: bool) -> int | None:
        if not workspace:
            return None
        if create:
            return await self.core.tenant_id(Tenant("slack", workspace))
        async with self.core.db.session() as s:
            return await slack_tenant(s, workspace)

    async def async_save(self, installation: Installation) -> None:
        if not installation.bot_token:
            raise ValueError("a Slack installation without a bot token cannot be used")
        workspace = _workspace(
            installation.enterprise_id, installation.team_id, installation.is_enterprise_install
        )
        tenant_id = await self._tenant(workspace, create=True)
        if tenant_id is None:
            raise ValueError("a Slack installation without a team or enterprise id")
        record = InstallRecord(
            enterprise_id=installation.enterprise_id,
            team_id=installation.team_id,
            team_name=installation.team_name,
            app_id=installation.app_id,
            bot_id=installation.bot_id,
            bot_user_id=installation.bot_user_id,
            bot_token=self.cipher.encrypt(installation.bot_token),
            bot_scopes=",".join(installation.bot_scopes or ()),
            bot_refresh_token=(
                self.cipher.encrypt(installation.bot_refresh_token)
                if installation.bot_refresh_token
                else None
            ),
            bot_token_expires_at=_when(installation.bot_token_expires_at),
            is_enterprise_install=bool(installation.is_enterprise_install),
            installed_at=datetime.fromtimestamp(installation.installed_at, UTC),
        )
        async with self.core.db.session() as s:
            await SlackInstallRepo(s, tenant_id).save(record)
        log.info("Slack workspace %s installed Rounds", workspace)
        if self.on_install is not None and installation.user_id:  # not after a token rotation
            await self.on_install(workspace, installation.user_id)

    async def async_save_bot(self, bot: Bot) -> None:
        """After a token rotation: the same installation with the new bot token."""
        await self.async_save(
            Installation(
                app_id=bot.app_id,
                enterprise_id=bot.enterprise_id,
                enterprise_name=bot.enterprise_name,
                team_id=bot.team_id,
                team_name=bot.team_name,
                bot_token=bot.bot_token,
                bot_id=bot.bot_id,
                bot_user_id=bot.bot_user_id,
                bot_scopes=bot.bot_scopes,
                bot_refresh_token=bot.bot_refresh_token,
                bot_token_expires_at=bot.bot_token_expires_at,
                user_id="",
                is_enterprise_install=bot.is_enterprise_install,
                installed_at=bot.installed_at,
            )
        )

    async def _record(
        self, enterprise_id: str | None, team_id: str | None, enterprise: bool | None
    ) -> InstallRecord | None:
        return await self._record_of(_workspace(enterprise_id, team_id, enterprise))

    async def _record_of(self, workspace: str) -> InstallRecord | None:
        tenant_id = await self._tenant(workspace, create=False)
        if tenant_id is None:
            return None
        async with self.core.db.session() as s:
            return await SlackInstallRepo(s, tenant_id).get()

    async def token_for(self, workspace: str) -> str | None:
        """The decrypted bot token of a workspace (a team, or an org for org-wide installs)."""
        record = await self._record_of(workspace)
        opened = self._open(record) if record else None
        return opened[0] if opened else None

    def _open(self, record: InstallRecord) -> tuple[str, str | None] | None:
        token = self.cipher.decrypt(record.bot_token)
        if token is None:
            log.error("a stored Slack token cannot be decrypted with the configured key")
            return None
        refresh = (
            self.cipher.decrypt(record.bot_refresh_token) if record.bot_refresh_token else None
        )
        return token, refresh

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        record = await self._record(enterprise_id, team_id, is_enterprise_install)
        opened = self._open(record) if record else None
        if record is None or opened is None:
            return None
        return Bot(
            app_id=record.app_id,
            enterprise_id=record.enterprise_id,
            team_id=record.team_id,
            team_name=record.team_name,
            bot_token=opened[0],
            bot_id=record.bot_id or "",
            bot_user_id=record.bot_user_id or "",
            bot_scopes=record.bot_scopes,
            bot_refresh_token=opened[1],
            bot_token_expires_at=record.bot_token_expires_at,
            is_enterprise_install=record.is_enterprise_install,
            installed_at=record.installed_at.timestamp(),
        )

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        if user_id is not None:
            return None  # per-user installations hold user tokens, which Rounds never asks for
        record = await self._record(enterprise_id, team_id, is_enterprise_install)
        opened = self._open(record) if record else None
        if record is None or opened is None:
            return None
        return Installation(
            app_id=record.app_id,
            enterprise_id=record.enterprise_id,
            team_id=record.team_id,
            team_name=record.team_name,
            bot_token=opened[0],
            bot_id=record.bot_id,
            bot_user_id=record.bot_user_id,
            bot_scopes=record.bot_scopes,
            bot_refresh_token=opened[1],
            bot_token_expires_at=record.bot_token_expires_at,
            user_id="",  # the installer is not kept: Rounds holds no user tokens
            is_enterprise_install=record.is_enterprise_install,
            installed_at=record.installed_at.timestamp(),
        )

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self.delete_workspace(_workspace(enterprise_id, team_id, team_id is None))

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        if user_id is None:
            await self.delete_workspace(_workspace(enterprise_id, team_id, team_id is None))

    async def async_delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self.delete_workspace(_workspace(enterprise_id, team_id, team_id is None))

    async def delete_workspace(self, workspace: str) -> None:
        """Delete the workspace's installation and with it its tokens."""
        tenant_id = await self._tenant(workspace, create=False)
        if tenant_id is None:
            return
        async with self.core.db.session() as s:
            deleted = await SlackInstallRepo(s, tenant_id).delete()
        if deleted:
            log.info("Slack workspace %s uninstalled Rounds: its token is deleted", workspace)
