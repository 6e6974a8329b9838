"""What callers do with findings: a redacted copy and a value-free summary."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .finding import Finding


def redact(text: str, findings: Sequence[Finding]) -> str:
    """Return ``text`` with every finding's span replaced by ``[KIND]``.

    Findings may come in any order; overlapping ones are folded into the first so that
    no part of a value survives between two placeholders.
    """
    parts: list[str] = []
    pos = 0
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        start, end = max(f.start, 0), min(f.end, len(text))
        if end <= pos or start >= end:
            continue
        if start < pos:
            start = pos  # overlaps the previous placeholder: cover only the rest
            if parts and parts[-1].startswith("["):
                pos = end
                continue
        parts.append(text[pos:start])
        parts.append(f"[{f.kind}]")
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def summarize(findings: Iterable[Finding]) -> str:
    """Describe findings by kind and position only, e.g. ``"MRN at 14–23, DATE at 28–38"``.

    The text never includes the values, so it is safe for the author notice, moderator
    alerts and logs. Returns an empty string when there is nothing to report.
    """
    return ", ".join(
        f"{f.kind} at {f.start}–{f.end}" for f in sorted(findings, key=lambda f: f.start)
    )
