"""What Slack already knows about a member, brought into Rounds on first sight.

The first time a member uses a command or a button in this process:

- their Rounds profile takes the time zone of their Slack profile when it has none, so that
  quiet hours (``/profile set quiet 22:00-07:00``) mean their own night; ``/profile set tz``
  still wins;
- Slack workspace owners and admins get the Rounds ``admin`` role (granted and audited as any
  grant is). The console makes its first user an admin; on Slack the workspace already says
  who is in charge. Taking the role back is ``/admin revoke``: a later Slack demotion is not
  followed.

The member who installs Rounds through OAuth gets ``admin`` at once, in the same way.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from adapters.slack.directory import Directory
from bot.platform import Tenant
from bot.services.admin.capability import grant_role
from bot.storage.repos import MemberRepo

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["SlackMembers"]


class SlackMembers:
    def __init__(self, core: Core, directory: Directory) -> None:
        self.core = core
        self.directory = directory
        self._seen: set[tuple[str, str]] = set()
        # One newcomer at a time: two quick commands of one member must not both fill in the
        # time zone, the second after the first command set one of its own.
        self._lock = asyncio.Lock()

    async def first_sight(self, workspace: str, user: str) -> None:
        """Bring in the Slack time zone and admin status of ``user``, once per process."""
        if (workspace, user) in self._seen:
            return
        async with self._lock:
            if (workspace, user) not in self._seen:
                await self._bring_in(workspace, user)

    async def _bring_in(self, workspace: str, user: str) -> None:
        info = await self.directory.user(workspace, user)
        if info is None:
            return  # Slack did not answer: try again next time
        tenant_id = await self.core.tenant_id(Tenant("slack", workspace))
        async with self.core.db.session() as s:
            repo = MemberRepo(s, tenant_id)
            member = await repo.ensure(user, info.name, self.core.clock.now())
            profile = await repo.profile(member.id)
            if info.tz and profile is not None and not profile.tz:
                await repo.update_profile(member.id, tz=info.tz)
        if await self.directory.workspace_admin(workspace, user):
            await grant_role(self.core, tenant_id, user, "admin", "slack")
        self.core.dispatcher.forget_member(tenant_id, user)
        self._seen.add((workspace, user))

    async def installed(self, workspace: str, user: str) -> None:
        """The member who just installed Rounds runs it: ``admin``, under their Slack name."""
        info = await self.directory.user(workspace, user)
        tenant_id = await self.core.tenant_id(Tenant("slack", workspace))
        async with self.core.db.session() as s:
            await MemberRepo(s, tenant_id).ensure(
                user, info.name if info else user, self.core.clock.now()
            )
        await grant_role(self.core, tenant_id, user, "admin", "slack-install")
