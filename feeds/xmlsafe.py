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

import codecs
import re

from feedparser.encodings import convert_to_utf8

__all__ = ["has_entity_declarations", "looks_like_html", "to_utf8"]

_ENTITY = re.compile(rb"<!\s*ENTITY", re.IGNORECASE)
_FIRST_TAG = re.compile(rb"<([A-Za-z][\w.:-]*)")
_HTML_DOCTYPE = re.compile(rb"<!DOCTYPE\s+html\b", re.IGNORECASE)
_HTML_ROOTS = frozenset({b"html", b"head", b"body"})
_BOMS = (
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
)
_DECLARATION = re.compile(r"^<\?xml[^>]*?\?>")
_UTF8_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>"
_WIDE_ENTITY = tuple(
    re.compile(re.escape("<!ENTITY".encode(codec)), re.IGNORECASE)
    for codec in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)


def to_utf8(data: bytes, content_type: str | None = None) -> bytes:
    """``data`` re-encoded as UTF-8 (with an ``encoding='utf-8'`` declaration).

    A byte-order mark decides the encoding outright (feedparser would try UTF-8 first and
    accept UTF-16 text as NUL-riddled UTF-8); otherwise feedparser's RFC 3023 rules apply.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                break
            if _DECLARATION.match(text):
                text = _DECLARATION.sub(_UTF8_DECLARATION, text, count=1)
            return text.encode("utf-8")
    headers = {"content-type": content_type} if content_type else {}
    result: dict[str, object] = {}
    converted = convert_to_utf8(headers, data, result)
    if not isinstance(converted, bytes):
        return data
    added = _UTF8_DECLARATION.encode() + b"\n"
    if converted.startswith(added) and not data.lstrip().startswith(b"<?xml"):
        converted = converted[len(added) :]  # keep line numbers; UTF-8 is the default
    return converted


def has_entity_declarations(data: bytes) -> bool:
    """True when the document declares entities (in a DOCTYPE internal subset or elsewhere).

    Meant for the UTF-8 form from :func:`to_utf8`; UTF-16/32 spellings are caught too, in
    case a document without a byte-order mark was not recognised as such.
    """
    if _ENTITY.search(data) is not None:
        return True
    return b"\0" in data[:4096] and any(p.search(data) for p in _WIDE_ENTITY)


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
