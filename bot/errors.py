"""The errors a user may see. Their texts are written for people; internals never reach chat."""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "Conflict",
    "NotFound",
    "PermissionDenied",
    "RoundsError",
    "UsageError",
]


class RoundsError(Exception):
    """Base of the errors whose message is safe to show to the user who caused them."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(RoundsError):
    """Malformed arguments; carries the usage line of the command."""

    def __init__(self, message: str, usage: str = "") -> None:
        super().__init__(message)
        self.usage = usage

    def __str__(self) -> str:
        return f"{self.message}\nUsage: {self.usage}" if self.usage else self.message


class PermissionDenied(RoundsError):
    pass


class NotFound(RoundsError):
    pass


class Conflict(RoundsError):
    """The request clashes with existing state (a name in use, an event already running)."""


class ConfigError(Exception):
    """Bad or missing configuration: one line naming the key."""
