"""When to poll a feed next: a pure function of the last outcome (no clock, no I/O).

``next_poll`` combines the base interval, exponential backoff on consecutive failures, the
server's ``Retry-After`` and ``Cache-Control: max-age`` (both lower bounds) and jitter from
an injected random source, so tests are deterministic and feeds do not poll in lockstep.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

__all__ = [
    "MAX_RETRY_AFTER",
    "PollTiming",
    "next_poll",
    "parse_max_age",
    "parse_retry_after",
]

#: Longest Retry-After / max-age honoured (a week); beyond that it is clamped.
MAX_RETRY_AFTER = 7 * 24 * 3600.0

_MAX_AGE = re.compile(r"(?:^|[,\s])(s-maxage|max-age)\s*=\s*\"?(\d+)", re.IGNORECASE)


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """``Retry-After`` as seconds from ``now``: delta-seconds or an HTTP date; None if absent."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return min(float(text), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max((when - now).total_seconds(), 0.0), MAX_RETRY_AFTER)


def parse_max_age(cache_control: str | None) -> float | None:
    """``max-age`` (or ``s-maxage``) of a ``Cache-Control`` header in seconds, else None."""
    if not cache_control:
        return None
    ages = {m.group(1).lower(): float(m.group(2)) for m in _MAX_AGE.finditer(cache_control)}
    age = ages.get("max-age", ages.get("s-maxage"))
    return None if age is None else min(age, MAX_RETRY_AFTER)


class PollTiming:
    """Defaults for :func:`next_poll` (seconds)."""

    BASE = 3600.0
    MIN = 300.0
    MAX = 24 * 3600.0
    JITTER = 0.1


def next_poll(
    *,
    failures: int,
    base_interval: float = PollTiming.BASE,
    retry_after: float | None = None,
    max_age: float | None = None,
    rand: Callable[[], float],
    jitter: float = PollTiming.JITTER,
    min_interval: float = PollTiming.MIN,
    max_interval: float = PollTiming.MAX,
) -> float:
    """Seconds until the next poll.

    * ``failures`` consecutive failures (0 after a success) double the interval each time
      from the second one on (``base``, ``2·base``, ``4·base``…), capped at ``max_interval``;
    * the result is spread by ``±jitter`` (a fraction) using ``rand()`` in ``[0, 1)``;
    * ``retry_after`` and ``max_age`` are lower bounds (the server asked us to wait), and
      ``min_interval`` is a floor; a lower bound may exceed ``max_interval`` (up to a week)
      and is itself spread upwards by the jitter.
    """
    base = max(base_interval, min_interval)
    if failures > 0:
        delay = min(base * 2.0 ** min(failures - 1, 32), max(max_interval, base))
    else:
        delay = base
    r = rand()
    delay *= 1.0 + jitter * (2.0 * r - 1.0)
    floor = max(min_interval, retry_after or 0.0, max_age or 0.0)
    if delay < floor:
        delay = floor * (1.0 + jitter * r)
    return delay
