"""The poll cycle: fetch and parse (feeds/) → decide (pure) → store (one transaction per
feed) → deliver what is new to every subscribed channel, each isolated from the others."""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.services.digests.delivery import Delivery
from bot.storage.models.feeds import FeedSource
from bot.storage.repos.feeds import ArticleIn, FeedRepo
from feeds import Failed, FeedClient, FeedRequest, FetchConfig, Polled, decide
from feeds.model import Article, PollOutcome

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["FeedPoller", "PollReport", "to_stored"]

log = logging.getLogger(__name__)


def to_stored(art: Article) -> ArticleIn:
    return ArticleIn(
        key=art.key,
        title=art.title,
        link=art.link,
        doi=art.doi,
        pmid=art.pmid,
        published=art.published,
        journal=art.journal,
        authors=art.authors,
        type=str(art.type),
        version=art.version,
        summary=art.summary,
        corrects=art.corrects,
    )


@dataclass
class PollReport:
    """What one poll cycle did, for the CLI and the console."""

    polled: int = 0
    not_modified: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    new_articles: int = 0


class FeedPoller:
    """Owns the feed client (one HTTP session, one parser pool) for the life of the core."""

    def __init__(self, core: Core, *, rand: Callable[[], float] = random.random) -> None:
        self.core = core
        self.rand = rand
        self.delivery = Delivery(core)
        self._client: FeedClient | None = None

    def fetch_config(self) -> FetchConfig:
        cfg = self.core.config.feeds
        return FetchConfig(
            allow_private_networks=cfg.allow_private_networks,
            connect_timeout=cfg.connect_timeout.total_seconds(),
            total_timeout=cfg.timeout.total_seconds(),
            max_body_bytes=cfg.max_body_bytes,
            concurrency=cfg.concurrency,
            user_agent=cfg.user_agent,
        )

    async def _feed_client(self) -> FeedClient:
        if self._client is None:
            client = FeedClient(self.fetch_config())
            await client.__aenter__()
            self._client = client
        return self._client

    async def close(self) -> None:
        if self._client is not None:
            client, self._client = self._client, None
            await client.__aexit__(None, None, None)

    async def poll_due(self) -> PollReport:
        """Poll every enabled feed whose next poll time has come."""
        async with self.core.db.session() as s:
            due = await FeedRepo(s).due(self.core.clock.now())
        return await self.poll(due)

    async def enabled_sources(self) -> list[FeedSource]:
        async with self.core.db.session() as s:
            return await FeedRepo(s).enabled()

    async def poll_all(self) -> PollReport:
        """Poll every enabled feed now (``! poll``, ``rounds feeds poll --once``)."""
        return await self.poll(await self.enabled_sources())

    async def poll(
        self, sources: Sequence[FeedSource], progress: Callable[[], None] | None = None
    ) -> PollReport:
        report = PollReport()
        if not sources:
            return report
        by_url = {src.url: src for src in sources}
        client = await self._feed_client()
        requests = [FeedRequest(s.url, s.etag, s.last_modified, s.body_hash) for s in sources]
        async for outcome in client.poll_many(requests):
            src = by_url.get(outcome.url)
            if src is None:  # pragma: no cover - the client answers for what it was asked
                continue
            try:
                await self._apply(src, outcome, report)
            except Exception as exc:  # one feed's storage trouble never stops the others
                log.error("feed %s: storing the outcome failed: %s", src.id, type(exc).__name__)
                report.failed.append((src.url, "could not store the result"))
            if progress is not None:
                progress()
        return report

    async def _apply(self, src: FeedSource, outcome: PollOutcome, report: PollReport) -> None:
        now = self.core.clock.now()
        decision = decide(
            outcome,
            failures=src.failures,
            now=now,
            rand=self.rand,
            base_interval=self.core.config.feeds.poll_interval.total_seconds(),
            disable_after=self.core.config.feeds.max_failures,
            previous=(src.etag, src.last_modified, src.body_hash),
        )
        values: dict[str, object] = {
            "state": decision.state,
            "failures": decision.failures,
            "last_status": decision.last_status,
            "last_error": decision.last_error,
            "next_poll": decision.next_poll,
            "etag": decision.etag,
            "last_modified": decision.last_modified,
            "body_hash": decision.body_hash,
            "last_polled": now,
        }
        first_poll = src.polls == 0
        new_ids: list[int] = []
        corrections: list[int] = []
        async with self.core.db.session() as s:
            repo = FeedRepo(s)
            if isinstance(outcome, Failed):
                report.failed.append((src.url, outcome.error))
            else:
                values.update(last_success=now, polls=src.polls + 1)
                if decision.url != src.url:
                    values["url"] = decision.url
                if isinstance(outcome, Polled):
                    report.polled += 1
                    values.update(title=(outcome.title or src.title), link=outcome.link)
                    stored = await repo.store_articles(
                        src.id, [to_stored(a) for a in outcome.articles], now
                    )
                    new_ids = [i for i, new in stored if new]
                    corrections = [
                        i
                        for (i, _), a in zip(stored, _unique(outcome.articles), strict=True)
                        if a.corrects
                    ]
                    report.new_articles += len(new_ids)
                else:
                    report.not_modified += 1
            await repo.update_source(src.id, **values)
        if decision.just_disabled:
            await self.delivery.feed_disabled(src.id, src.url, decision.last_error or "")
        if new_ids and not first_poll:
            # The first poll of a feed is a baseline: what it finds is old, never posted.
            await self.delivery.new_articles(src.id, new_ids)
        if corrections and not first_poll:
            await self.delivery.corrections(corrections)


def _unique(articles: Sequence[Article]) -> list[Article]:
    return list({a.key: a for a in articles}.values())
