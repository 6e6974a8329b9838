"""The fallback parser: feedparser, for everything the fast path does not take.

feedparser is given bytes only (wrapped in ``BytesIO``: given a string it would open URLs
and files), already converted to UTF-8 and checked for entity declarations, with HTML
sanitising and relative-URI resolution switched off (Rounds keeps plain-text snippets only).
A bozo feed that still has entries yields them, with a warning.
"""

from __future__ import annotations

import io
import xml.sax
from typing import Any

import feedparser

from .errors import FailureKind
from .model import ParseFailure
from .raw import RawEntry, RawFeed

__all__ = ["parse_with_feedparser"]

# No content-location: relative links are resolved in ``normalize`` (cheaper, same result).
_HEADERS = {"content-type": "application/xml; charset=utf-8"}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _entry(e: Any) -> RawEntry:
    links = [
        (str(link["href"]), str(link.get("rel") or "alternate"), str(link.get("type") or ""))
        for link in e.get("links", [])
        if link.get("href")
    ]
    guid = _text(e.get("id"))
    content = e.get("content") or []
    dates = {
        key: value
        for key, value in (
            ("published", _text(e.get("published"))),
            ("updated", _text(dict.get(e, "updated"))),
            ("created", _text(e.get("created"))),
            ("prism:publicationDate", _text(e.get("prism_publicationdate"))),
            ("prism:coverDate", _text(e.get("prism_coverdate"))),
        )
        if value
    }
    names = [_text(a.get("name")) for a in e.get("authors", []) if hasattr(a, "get")]
    authors = [n for n in names if n] or ([e["author"]] if _text(e.get("author")) else [])
    tags = [_text(t.get("label")) or _text(t.get("term")) for t in e.get("tags", [])]
    fields = ("dc_type", "prism_section", "prism_contenttype", "prism_genre")
    return RawEntry(
        title=_text(e.get("title")),
        links=links,
        guid=guid,
        guid_is_link=bool(guid and guid.startswith(("http://", "https://"))),
        identifiers=[
            v
            for v in (
                _text(e.get("dc_identifier")),
                _text(e.get("prism_doi")),
                _text(e.get("dcterms_identifier")),
            )
            if v
        ],
        dates=dates,
        authors=authors,
        categories=[t for t in tags if t],
        types=[v for v in (_text(e.get(f)) for f in fields) if v],
        summary=_text(e.get("summary")),
        content=_text(content[0].get("value")) if content else None,
        journal=_text(e.get("dc_source")) or _text(e.get("prism_publicationname")),
        relations=[v for v in (_text(e.get("dc_relation")),) if v],
    )


def _warning(exc: object) -> str:
    if isinstance(exc, xml.sax.SAXParseException):
        return f"not well-formed XML (line {exc.getLineNumber()})"
    return "the feed is not well-formed"


def parse_with_feedparser(utf8: bytes) -> RawFeed | ParseFailure:
    """Parse UTF-8 bytes with feedparser into a :class:`RawFeed`."""
    d = feedparser.parse(
        io.BytesIO(utf8),
        response_headers=_HEADERS,
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    entries = d.get("entries") or []
    version = d.get("version") or ""
    if not version and not entries:
        return ParseFailure(FailureKind.NOT_A_FEED, "not a feed")
    feed = d.get("feed") or {}
    return RawFeed(
        version=version or "unknown",
        title=_text(feed.get("title")),
        link=_text(feed.get("link")),
        journal=_text(feed.get("prism_publicationname")),
        entries=[_entry(e) for e in entries],
        warning=_warning(d.get("bozo_exception")) if d.get("bozo") else None,
    )
