"""Event-local times: organizers type them in the event's zone; Rounds stores UTC."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

__all__ = ["local", "to_utc", "when"]


def to_utc(value: datetime, tz: str) -> datetime:
    """A naive wall-clock time in zone ``tz`` as an aware UTC instant."""
    return value.replace(tzinfo=ZoneInfo(tz)).astimezone(UTC)


def local(value: datetime, tz: str) -> datetime:
    return value.astimezone(ZoneInfo(tz))


def when(value: datetime, tz: str, *, date: bool = True) -> str:
    """``2026-03-28 10:00 EDT`` (or ``10:00 EDT``) in the event's zone."""
    moment = local(value, tz)
    zone = moment.tzname() or tz
    if not date:
        return f"{moment:%H:%M} {zone}"
    if moment.time() == time(0) and zone == "UTC":
        return f"{moment:%Y-%m-%d}"
    return f"{moment:%Y-%m-%d %H:%M} {zone}"
