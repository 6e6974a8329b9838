"""Fernet encryption of Slack tokens at rest, under the key(s) in
``slack.token_encryption_key``. Several keys, comma-separated, allow rotation: the first
encrypts, all decrypt."""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from bot.errors import ConfigError

__all__ = ["TokenCipher"]


class TokenCipher:
    """Fernet encryption of tokens under the configured key(s)."""

    def __init__(self, keys: str) -> None:
        parts = [k.strip() for k in keys.split(",") if k.strip()]
        if not parts:
            raise ConfigError(
                "config key slack.token_encryption_key: required for OAuth installs "
                "(generate one with: python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())')"
            )
        try:
            self.fernet = MultiFernet([Fernet(k.encode()) for k in parts])
        except ValueError:
            # The message names the key, never its value.
            raise ConfigError(
                "config key slack.token_encryption_key: not a Fernet key "
                "(32 url-safe base64-encoded bytes)"
            ) from None

    def encrypt(self, secret: str) -> str:
        return self.fernet.encrypt(secret.encode()).decode()

    def decrypt(self, stored: str) -> str | None:
        """The plaintext, or None when no configured key opens it (a rotated-out key)."""
        try:
            return self.fernet.decrypt(stored.encode()).decode()
        except InvalidToken:
            return None
