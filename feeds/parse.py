"""Bytes -> :class:`~feeds.model.ParsedFeed`: the pure parse step (no I/O, no event loop).

:func:`parse_feed` is a module-level function so that a process pool can run it by name
(spawn/forkserver-safe). Its result is small and picklable: the articles a digest needs,
never the feedparser dictionaries. Order of checks:

1. decode to UTF-8 (BOM, declaration, HTTP charset);
2. refuse entity declarations (billion laughs, external entities) before any XML parser;
3. refuse HTML pages ("not a feed: HTML page");
4. fast expat path for well-formed RSS 2.0 / RSS 1.0 / Atom 1.0, else feedparser;
5. normalise entries into articles (identity keys, DOIs, dates, types);
6. keep at most ``max_items`` of them, the newest (here, so that a feed of 300,000 tiny
   items never crosses the process boundary whole).
"""

from __future__ import annotations

import logging

from .errors import FailureKind, message
from .fallback import parse_with_feedparser
from .fastparse import parse_fast
from .model import ParsedFeed, ParseFailure, ParseResult
from .normalize import newest, normalize_feed
from .raw import RawFeed
from .text import clean_text
from .xmlsafe import has_entity_declarations, looks_like_html, to_utf8

__all__ = ["parse_feed", "parse_raw"]

log = logging.getLogger(__name__)


def parse_raw(
    body: bytes, url: str | None = None, content_type: str | None = None, *, fast: bool = True
) -> RawFeed | ParseFailure:
    """Checks and parsing without normalisation (``fast=False`` forces feedparser)."""
    if not body or body.isspace():
        return ParseFailure(FailureKind.EMPTY, message(FailureKind.EMPTY))
    utf8 = to_utf8(body, content_type)
    if has_entity_declarations(utf8):
        return ParseFailure(FailureKind.XML_ENTITIES, message(FailureKind.XML_ENTITIES))
    if looks_like_html(utf8):
        return ParseFailure(FailureKind.HTML_PAGE, message(FailureKind.HTML_PAGE))
    raw = parse_fast(utf8) if fast else None
    return raw if raw is not None else parse_with_feedparser(utf8)


def parse_feed(
    body: bytes,
    url: str | None = None,
    content_type: str | None = None,
    *,
    fast: bool = True,
    max_items: int | None = None,
) -> ParseResult:
    """Parse a feed body into articles; never raises.

    ``url`` (the final URL after redirects) resolves relative links; ``content_type`` is the
    HTTP ``Content-Type`` (its charset matters for non-UTF-8 feeds). With ``max_items``, only
    the newest that many articles are kept (:func:`~feeds.normalize.newest`); the result
    says how many were dropped.
    """
    try:
        raw = parse_raw(body, url, content_type, fast=fast)
        if isinstance(raw, ParseFailure):
            return raw
        articles = normalize_feed(raw, base_url=url)
        kept = articles if max_items is None else newest(articles, max_items)
        return ParsedFeed(
            title=clean_text(raw.title[:500]) if raw.title else None,
            link=raw.link,
            version=raw.version,
            articles=kept,
            warning=raw.warning,
            dropped=len(articles) - len(kept),
        )
    except RecursionError:
        return ParseFailure(FailureKind.PARSE, "the feed is nested too deeply")
    except Exception:  # a parser bug must not take the poll down
        log.warning("unexpected error parsing a feed", exc_info=True)
        return ParseFailure(FailureKind.PARSE, message(FailureKind.PARSE))
