"""Raw entries: what a parser extracted from the XML, before normalisation.

Both parsers (the fast expat path and the feedparser fallback) fill these; ``normalize``
turns them into :class:`~feeds.model.Article` values. Strings are as found in the feed
(HTML unstripped, dates unparsed); lists keep document order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["RawEntry", "RawFeed"]


@dataclass(slots=True)
class RawEntry:
    """One ``item``/``entry`` as found in the feed."""

    title: str | None = None
    links: list[tuple[str, str, str]] = field(default_factory=list)
    guid: str | None = None
    guid_is_link: bool = False
    identifiers: list[str] = field(default_factory=list)
    dates: dict[str, str] = field(default_factory=dict)
    authors: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    summary: str | None = None
    content: str | None = None
    journal: str | None = None
    relations: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RawFeed:
    """A feed as found: ``version`` is ``rss20``, ``rss10``, ``atom10`` or feedparser's name."""

    version: str
    title: str | None = None
    link: str | None = None
    journal: str | None = None
    entries: list[RawEntry] = field(default_factory=list)
    warning: str | None = None
