"""What the core knows of a journal article, and how capabilities look one up.

The feeds capability registers an :class:`ArticleLookup` as ``core.services["articles"]``;
Q&A uses it to show citations with title, journal and year."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

__all__ = ["ArticleLookup", "ArticleRef"]


@dataclass(frozen=True, slots=True)
class ArticleRef:
    title: str
    link: str | None
    doi: str | None = None
    pmid: str | None = None
    journal: str | None = None
    year: int | None = None
    type: str = "article"


class ArticleLookup(Protocol):
    async def find(
        self, tenant_id: int, *, doi: str | None = None, pmid: str | None = None
    ) -> ArticleRef | None:
        """The stored article with this DOI (lower case, no prefix) or PMID, if any."""
        ...
