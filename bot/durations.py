"""Durations as people type them: ``4h``, ``1d2h30m``, ``90s``, ``2w``."""

from __future__ import annotations

import re
from datetime import timedelta

__all__ = ["format_duration", "parse_duration"]

_PART = re.compile(r"(\d{1,6})([smhdw])")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(text: str) -> timedelta:
    """Parse ``1d2h30m``; raise ValueError on anything else (including an empty string)."""
    s = text.strip().lower()
    if not s or _PART.sub("", s):
        raise ValueError(f"not a duration: {text!r} (use e.g. 4h, 1d2h30m)")
    return timedelta(seconds=sum(int(n) * _UNITS[u] for n, u in _PART.findall(s)))


def format_duration(delta: timedelta) -> str:
    """The shortest ``1d2h`` form of a duration (seconds dropped above an hour)."""
    total = int(delta.total_seconds())
    if total <= 0:
        return "0m"
    out: list[str] = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        n, total = divmod(total, size)
        if n and not (unit == "s" and out and out[0][-1] in "dh"):
            out.append(f"{n}{unit}")
    return "".join(out) or "0m"
