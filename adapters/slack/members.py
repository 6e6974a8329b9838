"""Who runs Rounds in a Slack workspace from the start.

The console makes its first user an admin; on Slack the workspace already says who is in
charge. Slack owners and admins, and the member who installed Rounds through OAuth, get the
Rounds ``admin`` role the first time they use a command or a button (granted and audited as
any grant is). Taking it back is ``/admin revoke``: a later Slack demotion is not followed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from adapters.slack.directory import Directory
from bot.platform import Tenant
from bot.services.admin.capability import grant_role
from bot.storage.repos import MemberRepo

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["WorkspaceAdmins"]

InstallerOf = Callable[[str], Awaitable[str | None]]


class WorkspaceAdmins:
    def __init__(
        self, core: Core, directory: Directory, installer_of: InstallerOf | None = None
    ) -> None:
        self.core = core
        self.directory = directory
        self.installer_of = installer_of
        self._done: set[tuple[str, str]] = set()

    async def ensure(self, workspace: str, user: str) -> None:
        """Grant ``admin`` to a Slack owner, admin or installer, once per process."""
        if (workspace, user) in self._done:
            return
        installer = await self.installer_of(workspace) if self.installer_of else None
        if user != installer and not await self.directory.workspace_admin(workspace, user):
            return
        info = await self.directory.user(workspace, user)
        tenant_id = await self.core.tenant_id(Tenant("slack", workspace))
        async with self.core.db.session() as s:
            # Created under the display name first: a grant would name the member by id.
            await MemberRepo(s, tenant_id).ensure(
                user, info.name if info else user, self.core.clock.now()
            )
        await grant_role(self.core, tenant_id, user, "admin", "slack")
        self._done.add((workspace, user))
