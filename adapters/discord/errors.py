"""The one error that ends the Discord adapter: ``rounds`` prints its message as one line."""

from __future__ import annotations

from bot.errors import RoundsError

__all__ = ["DiscordError"]


class DiscordError(RoundsError):
    """Discord cannot be used with this configuration or build; the message says why."""
