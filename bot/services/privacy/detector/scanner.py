"""The scan pipeline: markup view, shields, detectors from strongest to weakest, merge."""

from __future__ import annotations

from collections.abc import Callable

from . import ages, dates, numbers, people, places, spelled, web
from .context import Ctx
from .finding import Finding
from .markup import to_view

# Order matters: links and literature ids are shielded before any number rule runs;
# labelled values are claimed before unlabelled shapes; bare long numbers come last.
_PIPELINE: tuple[Callable[[Ctx], None], ...] = (
    web.detect,
    numbers.shield,
    numbers.detect,
    spelled.detect,
    dates.detect,
    ages.detect,
    places.detect,
    people.detect,
    numbers.detect_bare,
)


def scan(text: str) -> list[Finding]:
    """Find patient identifiers in one chat message.

    Returns findings sorted by start, non-overlapping (overlapping candidates are merged
    into one span that keeps the kind of the longest), with offsets into ``text`` itself,
    whatever Slack or Discord markup it holds.
    """
    if not text or text.isspace():
        return []
    ctx = Ctx(to_view(text))
    for step in _PIPELINE:
        step(ctx)
    if not ctx.hits:
        return []
    return _merge(ctx)


def _merge(ctx: Ctx) -> list[Finding]:
    view = ctx.view
    spans: list[tuple[int, int, str]] = []
    for s, e, kind in ctx.hits:
        # Never report surrounding blanks left where markup was neutralised.
        while s < e and ctx.text[s].isspace():
            s += 1
        while e > s and ctx.text[e - 1].isspace():
            e -= 1
        if e > s:
            os_, oe = view.span(s, e)
            spans.append((os_, oe, kind))
    spans.sort()
    out: list[Finding] = []
    cur_s, cur_e, cur_k = spans[0]
    best = cur_e - cur_s
    for s, e, kind in spans[1:]:
        if s < cur_e:
            if e - s > best:
                cur_k, best = kind, e - s
            cur_e = max(cur_e, e)
            continue
        out.append(Finding(cur_k, cur_s, cur_e))
        cur_s, cur_e, cur_k, best = s, e, kind, e - s
    out.append(Finding(cur_k, cur_s, cur_e))
    return out
