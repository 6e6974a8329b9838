"""OPML import and export: ``[(url, title, category)]`` <-> OPML 2.0 bytes.

Reading refuses documents with entity declarations (same rule as feeds, checked on the
UTF-8 form so UTF-16 tricks do not pass) and never loads an external DTD. Nested outlines
give the category (``Cardiology/Heart failure``); OPML 2.0 ``category`` attributes are
used when present. Only http(s) ``xmlUrl``s are kept, each once.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

from .xmlsafe import has_entity_declarations, to_utf8

__all__ = ["OpmlError", "OpmlFeed", "parse_opml", "write_opml"]

MAX_OPML_BYTES = 5 * 1024 * 1024


class OpmlError(ValueError):
    """The file is not usable OPML; the message is short and user-facing."""


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    """One feed of an OPML file."""

    url: str
    title: str | None = None
    category: str | None = None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _category_attr(value: str | None) -> str | None:
    if not value:
        return None
    first = value.split(",", 1)[0].strip().strip("/")
    return first or None


def parse_opml(data: bytes, *, max_bytes: int = MAX_OPML_BYTES) -> list[OpmlFeed]:
    """The feeds listed in an OPML document, in document order, each URL once."""
    if len(data) > max_bytes:
        raise OpmlError(f"OPML file larger than {max_bytes // (1024 * 1024)} MiB")
    utf8 = to_utf8(data, "application/xml")
    if has_entity_declarations(utf8):
        raise OpmlError("refused: XML entity declarations")
    try:
        root = ET.fromstring(utf8)
    except ET.ParseError as exc:
        raise OpmlError(f"not valid XML (line {exc.position[0]})") from None
    if _local(root.tag).lower() != "opml":
        raise OpmlError("not an OPML file")
    body = next((c for c in root if _local(c.tag).lower() == "body"), None)
    if body is None:
        raise OpmlError("OPML file without a body")
    out: list[OpmlFeed] = []
    seen: set[str] = set()

    def walk(node: ET.Element, path: tuple[str, ...]) -> None:
        for child in node:
            if _local(child.tag).lower() != "outline":
                continue
            attrs = {k.lower(): v for k, v in child.attrib.items()}
            label = (attrs.get("title") or attrs.get("text") or "").strip()
            url = (attrs.get("xmlurl") or "").strip()
            if url.lower().startswith(("http://", "https://")) and url not in seen:
                seen.add(url)
                category = _category_attr(attrs.get("category")) or (
                    "/".join(path) if path else None
                )
                out.append(OpmlFeed(url, label if label and label != url else None, category))
            walk(child, (*path, label) if label and not url else path)

    walk(body, ())
    return out


def write_opml(feeds: Iterable[OpmlFeed], title: str = "Rounds feeds") -> bytes:
    """An OPML 2.0 document (UTF-8) with one folder outline per category."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    body = ET.SubElement(root, "body")
    folders: dict[str, ET.Element] = {}
    for feed in feeds:
        parent = body
        if feed.category:
            parent = folders.get(feed.category) or ET.SubElement(
                body, "outline", text=feed.category, title=feed.category
            )
            folders[feed.category] = parent
        name = feed.title or feed.url
        ET.SubElement(parent, "outline", type="rss", text=name, title=name, xmlUrl=feed.url)
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"
