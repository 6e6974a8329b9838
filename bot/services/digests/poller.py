"""The poll cycle: fetch and parse (feeds/) → decide (pure) → store (one transaction per
feed) → deliver what is new to every subscribed channel, once per cycle, each channel
isolated from the others."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import random
from collections.abc import Callable, Sequence
from contextlib import aclosing
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.services.digests.delivery import Delivery, Fresh
from bot.storage.models.feeds import FeedSource
from bot.storage.repos.feeds import ArticleIn, FeedRepo, Stored
from feeds import Decision, Failed, FeedRequest, FetchConfig, Polled, decide
from feeds.model import Article, PollOutcome
from feeds.text import normalize_title

if TYPE_CHECKING:
    from bot.app import Core
    from bot.gate import Gate
    from feeds import FeedClient

__all__ = ["BATCH", "CLAIM_LEASE", "FeedPoller", "PollReport", "to_stored"]

log = logging.getLogger(__name__)

#: How long a poller holds the feeds it claimed before another process may take them.
CLAIM_LEASE = timedelta(minutes=10)

# Column sizes (bot/storage/models/feeds.py). PostgreSQL refuses longer values, so every
# value from a feed is fitted here: cut where a cut value still means something, dropped
# (or, for identity keys, hashed) where it would not.
_KEY = 600
_LINK = 2000
_DOI = 300
_PMID = 20
_JOURNAL = 300
_TITLE = 300
_ETAG = 300
_LAST_MODIFIED = 100


def _fit_key(key: str) -> str:
    """An identity key that fits its column: a long one keeps its start and a hash of all
    of it, so that the same article still gets the same key."""
    if len(key) <= _KEY:
        return key
    return key[: _KEY - 66] + "#" + _digest(key)


def _fits(value: str | None, size: int) -> str | None:
    """``value`` if it fits its column, else None (a cut link or validator is a wrong one)."""
    return value if value is not None and len(value) <= size else None


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _stored_key(key: str) -> str:
    """The stored form of an identity key: a DOI or PMID as it is; a link key (which holds
    the title) as a hash of all of it, whatever the privacy gate finds in the title, so that
    the same article gets the same key before and after a change of the detector.
    Migration feeds_0004 moved older keys to this form."""
    if key.startswith(("doi:", "pmid:")):
        return _fit_key(key)
    return "sha256:" + _digest(key)


def _scrub(gate: Gate, text: str, what: str) -> str:
    """Feed text through the privacy gate before it is stored; the log names the kinds."""
    redacted, kinds = gate.scrub(text)
    if kinds:
        log.warning("%s redacted before storing: %s", what, ", ".join(kinds))
    return redacted


def to_stored(art: Article, gate: Gate) -> ArticleIn:
    """The storage form of a parsed article, fitted to the columns: its free text (title,
    journal) through the privacy gate, and what is derived from the raw title (identity key,
    title key, a correction's ``title:`` reference) hashed, so that it matches across feeds
    and never holds the title in clear."""
    title_key = art.title_key or normalize_title(art.title)
    corrects = art.corrects
    if corrects is not None and corrects.startswith("title:"):
        corrects = "title:" + _digest(corrects.removeprefix("title:"))
    return ArticleIn(
        key=_stored_key(art.key),
        title=_scrub(gate, art.title, "feed article title"),
        link=_fits(art.link, _LINK),
        doi=_fits(art.doi, _DOI),
        pmid=_fits(art.pmid, _PMID),
        published=art.published,
        # Cut after the gate: a cut identifier may no longer look like one.
        journal=_scrub(gate, art.journal, "feed journal")[:_JOURNAL] if art.journal else None,
        authors=art.authors,
        type=str(art.type),
        version=art.version,
        corrects=_fit_key(corrects) if corrects else None,
        # Normalised in the parser worker (normally): not this process's work.
        title_key=_digest(title_key) if title_key else None,
    )


#: At most this many feeds' outcomes are stored in one transaction.
BATCH = 50


@dataclass
class PollReport:
    """What one poll cycle did, for the CLI and the console."""

    polled: int = 0
    not_modified: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    new_articles: int = 0


@dataclass
class _Applied:
    """One feed's outcome, its decision, and (for a parsed feed) what storing it changed."""

    source: FeedSource
    outcome: PollOutcome
    decision: Decision
    now: datetime
    stored: Stored | None = None

    def values(self, gate: Gate) -> dict[str, object]:
        """The feed's new columns (its title, shown by /feed list and status and in OPML,
        through the privacy gate)."""
        decision, src, outcome, now = self.decision, self.source, self.outcome, self.now
        values: dict[str, object] = {
            "state": decision.state,
            "failures": decision.failures,
            "last_status": decision.last_status,
            "last_error": decision.last_error[:300] if decision.last_error else None,
            "next_poll": decision.next_poll,
            "etag": _fits(decision.etag, _ETAG),
            "last_modified": _fits(decision.last_modified, _LAST_MODIFIED),
            "body_hash": decision.body_hash,
            "last_polled": now,
        }
        if isinstance(outcome, Failed):
            return values
        values.update(last_success=now, polls=src.polls + 1)
        if decision.url != src.url:
            values["url"] = decision.url  # moved permanently (unless a duplicate: _store)
        if isinstance(outcome, Polled):
            title = src.title
            if outcome.title:
                title = _scrub(gate, outcome.title, "feed title")[:_TITLE]
            values.update(title=title, link=_fits(outcome.link, _LINK))
        return values

    def count(self, report: PollReport, fresh: Fresh) -> None:
        """Add this feed to the cycle's report, and its newly carried articles to ``fresh``
        (none from a feed's first successful poll: a baseline, what it finds is old)."""
        if isinstance(self.outcome, Failed):
            report.failed.append((self.source.url, self.outcome.error))
        elif isinstance(self.outcome, Polled):
            report.polled += 1
            if self.stored is not None:
                report.new_articles += len(self.stored.new)
                if self.source.polls > 0:
                    fresh.add(self.source.id, self.stored.linked)
                fresh.updated.extend(self.stored.updated)
        else:
            report.not_modified += 1


class FeedPoller:
    """Owns the feed client (one HTTP session, one parser pool) for the life of the core."""

    def __init__(self, core: Core, *, rand: Callable[[], float] = random.random) -> None:
        self.core = core
        self.rand = rand
        self.delivery = Delivery(core)
        self._client: FeedClient | None = None
        # One cycle at a time in this process: the console's `! poll` and the periodic tick
        # must not deliver the same articles twice.
        self._cycle = asyncio.Lock()

    def fetch_config(self) -> FetchConfig:
        """The fetcher's limits from the ``[feeds]`` config section."""
        cfg = self.core.config.feeds
        total = cfg.timeout.total_seconds()
        return FetchConfig(
            allow_private_networks=cfg.allow_private_networks,
            allowed_networks=cfg.allowed_networks,
            connect_timeout=cfg.connect_timeout.total_seconds(),
            read_timeout=total,
            total_timeout=total,
            max_body_bytes=cfg.max_body_bytes,
            max_items_per_feed=cfg.max_items_per_feed,
            concurrency=cfg.concurrency,
            user_agent=cfg.user_agent,
        )

    async def _feed_client(self) -> FeedClient:
        # Imported at the first poll: aiohttp is not loaded by commands that do not poll.
        from feeds import FeedClient

        if self._client is None:
            client = FeedClient(self.fetch_config())
            await client.__aenter__()
            self._client = client
        return self._client

    async def close(self) -> None:
        """Close the HTTP session and stop the parser workers."""
        if self._client is not None:
            client, self._client = self._client, None
            await client.__aexit__(None, None, None)

    async def poll_due(self) -> PollReport:
        """Claim and poll every enabled feed whose next poll time has come."""
        now = self.core.clock.now()
        async with self.core.db.session() as s:
            due = await FeedRepo(s).claim_due(now, now + CLAIM_LEASE)
        return await self.poll(due)

    async def enabled_sources(self) -> list[FeedSource]:
        """Every feed that is not disabled."""
        async with self.core.db.session() as s:
            return await FeedRepo(s).enabled()

    async def poll_all(self) -> PollReport:
        """Poll every enabled feed now (``! poll``, ``rounds feeds poll --once``)."""
        return await self.poll(await self.enabled_sources())

    async def poll(
        self, sources: Sequence[FeedSource], progress: Callable[[], None] | None = None
    ) -> PollReport:
        """Poll ``sources`` together, store the outcomes as they come, then deliver.

        The outcomes ready at each moment are stored together, in one transaction (on a
        first poll of many feeds, one per feed costs more than the articles); when that
        fails, each feed is stored alone, so that one feed's trouble never stops the others.
        """
        report = PollReport()
        if not sources:
            return report
        async with self._cycle:
            fresh = Fresh()
            by_url = {src.url: src for src in sources}
            client = await self._feed_client()
            requests = [FeedRequest(s.url, s.etag, s.last_modified, s.body_hash) for s in sources]
            # Closed here whatever happens: its fetches and parses stop with the cycle.
            async with aclosing(client.poll_batches(requests, max_batch=BATCH)) as batches:
                async for outcomes in batches:
                    # The client answers for exactly what it was asked.
                    await self._apply([(by_url[o.url], o) for o in outcomes], report, fresh)
                    if progress is not None:
                        for _ in outcomes:
                            progress()
            try:
                await self.delivery.deliver(fresh)
            except Exception as exc:  # stored is stored: the next cycle goes on regardless
                log.error("delivering a poll's articles failed: %s", type(exc).__name__)
        return report

    async def _apply(
        self, batch: list[tuple[FeedSource, PollOutcome]], report: PollReport, fresh: Fresh
    ) -> None:
        """Store a batch of outcomes (one transaction), else each alone; then count them
        and note what is new."""
        try:
            applied = await self._store(batch)
        except Exception as exc:
            if len(batch) == 1:
                src = batch[0][0]
                log.error("feed %s: storing the outcome failed: %s", src.id, type(exc).__name__)
                report.failed.append((src.url, "could not store the result"))
                return
            log.warning(
                "storing %d outcomes together failed (%s); storing each alone",
                len(batch),
                type(exc).__name__,
            )
            for one in batch:
                await self._apply([one], report, fresh)
            return
        # Stored is stored: every outcome is counted (its new articles are to be delivered)
        # before any notice is sent, and a notice that fails stops nothing else.
        for result in applied:
            result.count(report, fresh)
        for result in applied:
            if result.decision.just_disabled:
                await self._notify_disabled(result.source, result.decision.last_error or "")

    async def _notify_disabled(self, src: FeedSource, error: str) -> None:
        """The notice that a feed was just disabled; a failure is logged, not raised."""
        try:
            await self.delivery.feed_disabled(src.id, src.url, error)
        except Exception as exc:
            log.error("feed %s: the disabled-feed notice failed: %s", src.id, type(exc).__name__)

    async def _storable(
        self, polled: list[tuple[_Applied, Polled]]
    ) -> list[tuple[int, list[ArticleIn]]]:
        """Each polled feed's articles in their storage form. Scanning thousands of titles
        on a first poll takes a fraction of a second: a thread keeps the loop answering."""
        gate = self.core.gate
        return await asyncio.to_thread(
            lambda: [(a.source.id, [to_stored(art, gate) for art in o.articles]) for a, o in polled]
        )

    async def _store(self, batch: list[tuple[FeedSource, PollOutcome]]) -> list[_Applied]:
        """Decide each outcome and store them all in one transaction."""
        now = self.core.clock.now()
        cfg = self.core.config.feeds
        applied = []
        for src, outcome in batch:
            decision = decide(
                outcome,
                failures=src.failures,
                now=now,
                rand=self.rand,
                base_interval=cfg.poll_interval.total_seconds(),
                disable_after=cfg.max_failures,
                previous=(src.etag, src.last_modified, src.body_hash),
            )
            applied.append(_Applied(src, outcome, decision, now))
        polled = [(a, a.outcome) for a in applied if isinstance(a.outcome, Polled)]
        storable = await self._storable(polled)
        async with self.core.db.session() as s:
            repo = FeedRepo(s)
            stored = await repo.store_many(storable, now)
            for (a, _), result in zip(polled, stored, strict=True):
                a.stored = result
            changes = []
            moved_to: set[str] = set()
            for a in applied:
                values = a.values(self.core.gate)
                if "url" in values:
                    if a.decision.url in moved_to or await repo.has_url(a.decision.url):
                        del values["url"]  # moved permanently, to a feed stored already
                    moved_to.add(a.decision.url)
                changes.append((a.source.id, values))
            await repo.update_sources(changes)
        return applied
