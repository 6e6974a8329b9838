"""Injectable clocks: every service asks one of these for the time, never the OS."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol

__all__ = ["Clock", "ManualClock", "SystemClock", "utc"]


def utc(dt: datetime) -> datetime:
    """The same instant as an aware UTC datetime (naive values are taken as UTC)."""
    if dt.tzinfo is None:
        return dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, aware, in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        """The operating system's time, in UTC."""
        return datetime.now(UTC)


class ManualClock:
    """Follows the system clock until set; from then on it moves only when told."""

    def __init__(self, start: datetime | None = None) -> None:
        self._fixed: datetime | None = utc(start) if start else None

    @property
    def manual(self) -> bool:
        """Whether the clock was set (and moves only when told)."""
        return self._fixed is not None

    def now(self) -> datetime:
        """The set time, or the system's until it is set."""
        return self._fixed if self._fixed is not None else datetime.now(UTC)

    def set(self, when: datetime) -> None:
        """Stop at ``when`` (earlier or later than now)."""
        self._fixed = utc(when)

    def advance(self, delta: timedelta) -> None:
        """Move forward by ``delta`` (from the system time if never set)."""
        self._fixed = self.now() + delta
