"""Per-workspace and per-channel privacy settings: the policy (``warn`` or ``hold``) and the
disclaimer. Stored in the core ``settings`` table; read often, so cached for a short while
(another process's change is seen within the TTL; this process's own at once)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from bot.storage.repos import SettingRepo

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["POLICIES", "PrivacySettings", "channel_scope"]

POLICIES = ("warn", "hold")
WORKSPACE = "workspace"
_POLICY = "privacy.policy"
_DISCLAIMER = "privacy.disclaimer"
_TTL = 30.0


def channel_scope(channel: str) -> str:
    return f"channel:{channel}"


class PrivacySettings:
    def __init__(self, core: Core) -> None:
        self.core = core
        self._cache: dict[tuple[int, str, str], tuple[float, str | None]] = {}

    async def _get(self, tenant_id: int, scope: str, key: str) -> str | None:
        cache_key = (tenant_id, scope, key)
        hit = self._cache.get(cache_key)
        if hit and hit[0] > time.monotonic():
            return hit[1]
        async with self.core.db.session() as s:
            value = await SettingRepo(s, tenant_id).get(scope, key)
        self._cache[cache_key] = (time.monotonic() + _TTL, value)
        return value

    async def _set(self, tenant_id: int, scope: str, key: str, value: str | None) -> None:
        async with self.core.db.session() as s:
            await SettingRepo(s, tenant_id).set(scope, key, value)
        self._cache.pop((tenant_id, scope, key), None)

    async def policy(self, tenant_id: int, channel: str | None) -> str:
        """The policy that applies in ``channel`` (None: a DM): the channel's own, else the
        workspace's, else the config default."""
        if channel is not None:
            own = await self._get(tenant_id, channel_scope(channel), _POLICY)
            if own in POLICIES:
                return own
        workspace = await self._get(tenant_id, WORKSPACE, _POLICY)
        if workspace in POLICIES:
            return workspace
        return self.core.config.privacy.policy

    async def set_policy(self, tenant_id: int, channel: str | None, policy: str | None) -> None:
        """Set (or with None, remove) the workspace's or a channel's policy."""
        scope = WORKSPACE if channel is None else channel_scope(channel)
        await self._set(tenant_id, scope, _POLICY, policy)

    async def channel_policies(self, tenant_id: int) -> dict[str, str]:
        """Channels with a policy of their own, by channel id."""
        out: dict[str, str] = {}
        async with self.core.db.session() as s:
            repo = SettingRepo(s, tenant_id)
            for policy in POLICIES:
                for scope in await repo.scopes_with(_POLICY, policy):
                    if scope.startswith("channel:"):
                        out[scope.removeprefix("channel:")] = policy
        return out

    async def disclaimer(self, tenant_id: int) -> str:
        """The scope notice that routed questions and answer cards carry in this workspace."""
        own = await self._get(tenant_id, WORKSPACE, _DISCLAIMER)
        return own if own else self.core.config.privacy.disclaimer

    async def set_disclaimer(self, tenant_id: int, text: str | None) -> None:
        await self._set(tenant_id, WORKSPACE, _DISCLAIMER, text)
