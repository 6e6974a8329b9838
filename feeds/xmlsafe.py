"""Checks on raw XML before any parser sees it.

* :func:`to_utf8` decodes the body the way feedparser would (BOM, XML declaration, HTTP
  charset, RFC 3023) and re-encodes it as UTF-8 with a matching declaration, so that the
  checks below see every encoding (UTF-16, UTF-32, EBCDIC…) the same way.
* :func:`has_entity_declarations` finds ``<!ENTITY`` anywhere: such documents are refused
  outright. That stops billion-laughs and quadratic-blowup expansion (feedparser's loose
  parser would take minutes and gigabytes) and external entities (no request may leave).
  A plain ``<!DOCTYPE rss …>`` without entities is fine.
* :func:`looks_like_html` recognises an HTML page served where a feed was expected.
"""

from __future__ import annotations

import re

from feedparser.encodings import convert_to_utf8

__all__ = ["has_entity_declarations", "looks_like_html", "to_utf8"]

_ENTITY = re.compile(rb"<!\s*ENTITY", re.IGNORECASE)
_FIRST_TAG = re.compile(rb"<([A-Za-z][\w.:-]*)")
_HTML_DOCTYPE = re.compile(rb"<!DOCTYPE\s+html\b", re.IGNORECASE)
_HTML_ROOTS = frozenset({b"html", b"head", b"body"})


def to_utf8(data: bytes, content_type: str | None = None) -> bytes:
    """``data`` re-encoded as UTF-8 (with an ``encoding='utf-8'`` declaration)."""
    headers = {"content-type": content_type} if content_type else {}
    result: dict[str, object] = {}
    converted = convert_to_utf8(headers, data, result)
    return converted if isinstance(converted, bytes) else data


def has_entity_declarations(utf8: bytes) -> bool:
    """True when the document declares entities (in a DOCTYPE internal subset or elsewhere)."""
    return _ENTITY.search(utf8) is not None


def looks_like_html(utf8: bytes) -> bool:
    """True when the document is an HTML page rather than a feed."""
    head = utf8[:65536]
    if _HTML_DOCTYPE.search(head[:4096]):
        return True
    m = _FIRST_TAG.search(head)
    if m is None:
        return False
    name = m.group(1).lower()
    return name.rsplit(b":", 1)[-1] in _HTML_ROOTS
