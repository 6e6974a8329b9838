"""Text and dates: plain-text snippets from HTML, comparable titles, UTC datetimes."""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

__all__ = ["SUMMARY_LIMIT", "clean_text", "normalize_title", "parse_date", "snippet", "summary"]

SUMMARY_LIMIT = 300

_TAG = re.compile(r"<[^>]*>")
_CONTROLS = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 127])
_BLOCK_TAG = re.compile(
    r"</?(?:p|br|div|li|ul|ol|h\d|tr|td|th|table|blockquote|section|article|hr|dt|dd)\b[^>]*>",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")
_NON_WORD = re.compile(r"[\W_]+")


def clean_text(text: str, *, inline: bool = True) -> str:
    """Plain text from HTML or plain text: tags removed, entities decoded, spaces collapsed.

    ``inline`` removes tags without a trace (titles: ``H<sub>2</sub>O``); otherwise block
    tags become spaces (summaries: ``<p>…</p><p>…</p>``).
    """
    if "<" in text:
        text = _strip_tags(text, inline)
    if "&" in text:
        text = html.unescape(text)
        if "<" in text:  # escaped markup, e.g. an RSS description of escaped HTML
            text = _strip_tags(text, inline)
    return " ".join(text.translate(_CONTROLS).split())


def _strip_tags(text: str, inline: bool) -> str:
    if not inline:
        text = _BLOCK_TAG.sub(" ", text)
    return _TAG.sub("", text)


def snippet(text: str, limit: int = SUMMARY_LIMIT) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters (plus an ellipsis)."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(".,;: ")
    return cut + "…"


def summary(raw: str, limit: int = SUMMARY_LIMIT) -> str:
    """The snippet of a long HTML text, cleaning only as much of it as the snippet needs."""
    window = 4 * limit
    while len(raw) > window:
        head = raw[:window]
        lt, amp = head.rfind("<"), head.rfind("&")
        if lt > head.rfind(">"):
            head = head[:lt]
        if amp > head.rfind(";"):
            head = head[:amp]
        text = clean_text(head, inline=False)
        if len(text) > limit + 1:
            return snippet(text, limit)
        window *= 4
    return snippet(clean_text(raw, inline=False), limit)


def normalize_title(title: str) -> str:
    """A title for comparison: no markup, accents or punctuation, case-folded, single spaces."""
    text = unicodedata.normalize("NFKD", clean_text(title))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _SPACE.sub(" ", _NON_WORD.sub(" ", text.casefold())).strip()


def parse_date(text: str | None) -> datetime | None:
    """An aware UTC datetime from RFC 822, ISO 8601/W3DTF or any format feedparser knows."""
    if not text:
        return None
    t = text.strip()
    if not t:
        return None
    dt: datetime | None = None
    if t[0].isdigit():
        try:
            dt = datetime.fromisoformat(t)
        except ValueError:
            dt = None
    if dt is None and any(c.isalpha() for c in t[:4]):
        try:
            dt = parsedate_to_datetime(t)
        except (TypeError, ValueError, IndexError, OverflowError):
            dt = None
    if dt is None:
        # Imported here: feedparser is for odd formats only, and the process that stores
        # articles (it normalises titles) need not load it.
        from feedparser.datetimes import _parse_date

        try:
            parsed = _parse_date(t)
        except (ValueError, OverflowError, TypeError, IndexError):
            parsed = None
        if parsed is None:
            return None
        try:
            dt = datetime(
                parsed.tm_year,
                parsed.tm_mon,
                parsed.tm_mday,
                parsed.tm_hour,
                parsed.tm_min,
                parsed.tm_sec,
                tzinfo=UTC,
            )
        except (ValueError, OverflowError):
            return None
    try:
        dt = dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
    return dt if 1900 <= dt.year <= 2200 else None
