"""Quiet hours in a member's own time zone."""

from __future__ import annotations

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

__all__ = ["in_quiet_hours", "parse_quiet"]

_RANGE = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)-([01]?\d|2[0-3]):([0-5]\d)")


def parse_quiet(text: str) -> tuple[str, str]:
    """``22:00-07:00`` → ``("22:00", "07:00")``; ValueError otherwise."""
    match = _RANGE.fullmatch(text.strip())
    if not match:
        raise ValueError("quiet hours look like 22:00-07:00")
    h1, m1, h2, m2 = match.groups()
    start, end = f"{int(h1):02d}:{m1}", f"{int(h2):02d}:{m2}"
    if start == end:
        raise ValueError("quiet hours must not start and end at the same time")
    return start, end


def in_quiet_hours(now: datetime, tz: str | None, start: str | None, end: str | None) -> bool:
    """Whether ``now`` falls in the quiet range, which may wrap past midnight."""
    if not start or not end:
        return False
    local = now.astimezone(ZoneInfo(tz or "UTC")).time()
    t1, t2 = time.fromisoformat(start), time.fromisoformat(end)
    if t1 < t2:
        return t1 <= local < t2
    return local >= t1 or local < t2
