"""The OAuth ``state`` of an install, signed instead of stored.

An install starts at ``/slack/install`` with a fresh state and ends at
``/slack/oauth_redirect`` with the same one. bolt's default keeps states in files on one host;
here a state is a Fernet token (under the token encryption key) that carries its issue time,
so that any Rounds process behind the same URL can check it, without a table. bolt also binds
it to the installer's browser with a cookie, which stops a state from being used elsewhere.
"""

from __future__ import annotations

import logging
import secrets

from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore

from adapters.slack.cipher import TokenCipher

__all__ = ["SignedStateStore"]

_PURPOSE = "oauth-state:"


class SignedStateStore(AsyncOAuthStateStore):
    def __init__(
        self, cipher: TokenCipher, logger: logging.Logger, expiration_seconds: int = 600
    ) -> None:
        self.cipher = cipher
        self.expiration_seconds = expiration_seconds
        self._logger = logger

    @property
    def logger(self) -> logging.Logger:
        return self._logger

    async def async_issue(self, *args: object, **kwargs: object) -> str:
        return self.cipher.fernet.encrypt((_PURPOSE + secrets.token_urlsafe(16)).encode()).decode()

    async def async_consume(self, state: str) -> bool:
        """True for a state this app issued less than ``expiration_seconds`` ago."""
        try:
            plain = self.cipher.fernet.decrypt(state.encode(), ttl=self.expiration_seconds)
        except Exception:  # InvalidToken, or bytes that are not a token at all
            return False
        return plain.decode(errors="replace").startswith(_PURPOSE)
