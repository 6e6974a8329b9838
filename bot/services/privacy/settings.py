"""Per-workspace and per-channel privacy settings: the policy (``warn`` or ``hold``) and the
disclaimer, kept in the core's cached settings (:mod:`bot.settings`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["POLICIES", "PrivacySettings", "channel_scope"]

POLICIES = ("warn", "hold")
WORKSPACE = "workspace"
_POLICY = "privacy.policy"
_DISCLAIMER = "privacy.disclaimer"


def channel_scope(channel: str) -> str:
    return f"channel:{channel}"


class PrivacySettings:
    def __init__(self, core: Core) -> None:
        self.core = core

    async def policy(self, tenant_id: int, channel: str | None) -> str:
        """The policy that applies in ``channel`` (None: a DM): the channel's own, else the
        workspace's, else the config default."""
        if channel is not None:
            own = await self.core.settings.get(tenant_id, channel_scope(channel), _POLICY)
            if own in POLICIES:
                return own
        workspace = await self.core.settings.get(tenant_id, WORKSPACE, _POLICY)
        if workspace in POLICIES:
            return workspace
        return self.core.config.privacy.policy

    async def set_policy(self, tenant_id: int, channel: str | None, policy: str | None) -> None:
        """Set (or with None, remove) the workspace's or a channel's policy."""
        scope = WORKSPACE if channel is None else channel_scope(channel)
        await self.core.settings.set(tenant_id, scope, _POLICY, policy)

    async def channel_policies(self, tenant_id: int) -> dict[str, str]:
        """Channels with a policy of their own, by channel id."""
        out: dict[str, str] = {}
        for policy in POLICIES:
            for scope in await self.core.settings.scopes_with(tenant_id, _POLICY, policy):
                if scope.startswith("channel:"):
                    out[scope.removeprefix("channel:")] = policy
        return out

    async def disclaimer(self, tenant_id: int) -> str:
        """The scope notice that routed questions and answer cards carry in this workspace."""
        own = await self.core.settings.get(tenant_id, WORKSPACE, _DISCLAIMER)
        return own if own else self.core.config.privacy.disclaimer

    async def set_disclaimer(self, tenant_id: int, text: str | None) -> None:
        await self.core.settings.set(tenant_id, WORKSPACE, _DISCLAIMER, text)
