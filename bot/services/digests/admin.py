"""Feed administration outside chat (the ``rounds feeds`` CLI): add, import, export, report."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.errors import NotFound, UsageError
from bot.platform import Tenant
from bot.storage.repos import GroupRepo
from bot.storage.repos.feeds import FeedRepo, WorkspaceFeeds
from feeds.opml import OpmlFeed, parse_opml, write_opml

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["FeedAdmin", "iso"]

_URL = re.compile(r"https?://\S+", re.IGNORECASE)


def iso(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a ``Z``, or None."""
    if value is None:
        return None
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class FeedAdmin:
    """Works on the console workspace: the embedded deployment the CLI administers."""

    core: Core

    async def _tenant_id(self) -> int:
        return await self.core.tenant_id(Tenant("console", self.core.config.console.workspace))

    def _shown(self, text: str | None) -> str | None:
        """Stored feed text as the CLI prints it: through the privacy gate, as rows stored
        before titles were scrubbed (or under an older detector) may hold identifiers."""
        return self.core.gate.scrub(text)[0] if text else text

    async def add(self, url: str, group: str | None) -> tuple[int, bool]:
        """Add a feed (and subscribe a group's home channel); (feed id, newly added)."""
        if not _URL.fullmatch(url):
            raise UsageError(f"not an http(s) URL: {url[:80]}")
        now = self.core.clock.now()
        tenant_id = await self._tenant_id()
        async with self.core.db.session() as s:
            src, new = await FeedRepo(s).ensure_source(url, now)
            if group is not None:
                info = await GroupRepo(s, tenant_id).get(group.lstrip("#").lower())
                if info is None:
                    raise NotFound(f"no group named {group}")
                if info.home_channel is None:
                    raise UsageError(f"group {group} has no home channel")
                await WorkspaceFeeds(s, tenant_id).subscribe(
                    src.id, info.id, info.home_channel, None, now
                )
        return src.id, new

    async def import_opml(
        self,
        data: bytes,
        group: str | None,
        progress: Callable[[int], Callable[[], None]] | None = None,
    ) -> list[tuple[str, bool]]:
        """Add every feed of an OPML file; (URL, newly added) each. ``progress(total)``
        returns the step to call after each feed (the CLI's bar)."""
        try:
            entries = parse_opml(data)
        except ValueError as exc:
            raise UsageError(f"not a usable OPML file: {exc}") from None
        step = progress(len(entries)) if progress is not None else None
        results = []
        for entry in entries:
            results.append((entry.url, (await self.add(entry.url, group))[1]))
            if step is not None:
                step()
        return results

    async def export_opml(self) -> bytes:
        """Every feed as an OPML document."""
        async with self.core.db.session() as s:
            sources = await FeedRepo(s).sources()
        return write_opml(OpmlFeed(src.url, self._shown(src.title)) for src in sources)

    async def status(self) -> list[dict[str, Any]]:
        """One ``status --json`` object per feed (DESIGN's fields and types)."""
        async with self.core.db.session() as s:
            repo = FeedRepo(s)
            sources = await repo.sources()
            counts = await repo.item_counts()
        return [
            {
                "id": src.id,
                "url": src.url,
                "title": self._shown(src.title),
                "state": src.state,
                "last_status": src.last_status,
                "last_error": src.last_error,
                "failures": src.failures,
                "items": counts.get(src.id, 0),
                "next_poll": iso(src.next_poll) if src.state != "disabled" else None,
            }
            for src in sources
        ]

    async def items(self, since: datetime | None) -> list[dict[str, Any]]:
        """One ``items --json`` object per stored article, first stored at or after
        ``since`` if given."""
        async with self.core.db.session() as s:
            rows = await FeedRepo(s).items(since)
        return [
            {
                "id": art.id,
                "title": self._shown(art.title),
                "link": art.link,
                "doi": art.doi,
                "pmid": art.pmid,
                "published": iso(art.published),
                "type": art.type,
                "sources": sources,
            }
            for art, sources in rows
        ]
