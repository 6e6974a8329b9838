"""The article lookup that Q&A citations use (``core.services["articles"]``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.domain.articles import ArticleRef
from bot.services.digests.render import doi_link
from bot.storage.repos.feeds import FeedRepo

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["ArticleStore"]


class ArticleStore:
    """The :class:`bot.domain.articles.ArticleLookup` that Q&A citations use."""

    def __init__(self, core: Core) -> None:
        self.core = core

    async def find(
        self, tenant_id: int, *, doi: str | None = None, pmid: str | None = None
    ) -> ArticleRef | None:
        """A stored article by DOI or PMID, as a citation reference."""
        async with self.core.db.session() as s:
            row = await FeedRepo(s).find_article(doi=doi, pmid=pmid)
        if row is None:
            return None
        # Through the gate, as any feed text Rounds shows: the row may be older than the
        # scrubbing of stored titles (feeds_0003), or than the detector's latest rules.
        gate = self.core.gate
        return ArticleRef(
            title=gate.scrub(row.title)[0],
            link=doi_link(row),
            doi=row.doi,
            pmid=row.pmid,
            journal=gate.scrub(row.journal)[0] if row.journal else None,
            year=row.published.year if row.published else None,
            type=row.type,
        )
