"""Where the bot token of a workspace comes from: the one configured token, or the OAuth
installation in Rounds' database."""

from __future__ import annotations

import logging
import time
from typing import Protocol

from adapters.slack.store import DatabaseInstallationStore

__all__ = ["InstalledTokens", "SingleToken", "TokenSource", "WorkspaceUnavailable"]

log = logging.getLogger(__name__)


class WorkspaceUnavailable(Exception):
    """Rounds holds no usable token for the workspace: never installed, or uninstalled."""


class TokenSource(Protocol):
    """Where the bot token of a workspace comes from."""

    async def bot_token(self, workspace: str) -> str | None:
        """The token, or None when Rounds may not act in that workspace."""
        ...

    async def revoke(self, workspace: str) -> None:
        """The workspace uninstalled Rounds or revoked its token: never use it again."""
        ...


class SingleToken:
    """One configured bot token for one workspace. Bolt does nothing when that workspace
    uninstalls the app, so the token is dropped here, for the rest of the process."""

    def __init__(self, token: str) -> None:
        self._token: str | None = token

    async def bot_token(self, workspace: str) -> str | None:
        return self._token

    async def revoke(self, workspace: str) -> None:
        # Signed events for a single-token app come from its one workspace only.
        if self._token is not None:
            self._token = None
            log.warning(
                "the Slack workspace %s revoked the bot token: Slack is off until restart",
                workspace,
            )


class InstalledTokens:
    """Bot tokens from the installation store, kept decrypted for a minute: an uninstall
    seen by this process drops its entry at once, other processes within that minute."""

    TTL = 60.0

    def __init__(self, store: DatabaseInstallationStore) -> None:
        self.store = store
        self._cache: dict[str, tuple[float, str | None]] = {}
        self._revocations = 0

    async def bot_token(self, workspace: str) -> str | None:
        cached = self._cache.get(workspace)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        seen = self._revocations
        token = await self.store.token_for(workspace)
        if seen == self._revocations:  # a read that overlapped a revocation is not kept
            self._cache[workspace] = (time.monotonic() + self.TTL, token)
        return token

    async def revoke(self, workspace: str) -> None:
        self._cache.pop(workspace, None)
        await self.store.delete_workspace(workspace)
        # Counted once the delete is committed: a read in flight across it may have seen the
        # old row, so it must not be cached, and whatever was cached before goes too.
        self._revocations += 1
        self._cache.pop(workspace, None)
