"""The plain values that cross module and process boundaries.

``Article`` is what a digest needs of one item; ``ParsedFeed`` / ``ParseFailure`` is what a
parser worker returns (small and picklable); ``FeedRequest`` is what the poller knows of a
feed before a poll; ``Polled | NotModified | Failed`` is the outcome of one poll (habit 7:
fetch -> parse -> decide -> store, each feed's outcome a value). No I/O here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, TypeAlias

from .errors import FailureKind

__all__ = [
    "ARTICLE_TYPES",
    "Article",
    "ArticleType",
    "Failed",
    "FeedRequest",
    "Fetched",
    "NotModified",
    "ParseFailure",
    "ParseResult",
    "ParsedFeed",
    "PollOutcome",
    "Polled",
]

ArticleType: TypeAlias = Literal[
    "article", "rct", "meta-analysis", "guideline", "review", "erratum", "retraction", "preprint"
]
ARTICLE_TYPES: tuple[ArticleType, ...] = (
    "article",
    "rct",
    "meta-analysis",
    "guideline",
    "review",
    "erratum",
    "retraction",
    "preprint",
)


@dataclass(frozen=True, slots=True)
class Article:
    """One article as a digest needs it.

    ``key`` is the identity across feeds: ``doi:<doi>``, else ``pmid:<pmid>``, else
    ``link:<canonical link>|<normalised title>``. ``doi`` is bare and lower case
    (``10.1056/nejmoa2300000``), ``pmid`` a digit string. ``published``/``updated`` are aware
    UTC datetimes. ``version`` is a preprint version (``2`` for ``v2``); versions of one DOI
    share the key. ``corrects`` names the original of an erratum or retraction when the
    item does: ``doi:…``, ``pmid:…`` or ``title:<normalised title>``. ``title_key`` is the
    normalised title (:func:`feeds.text.normalize_title`), computed where the feed is
    parsed, so that a retraction naming its original by title finds it.
    """

    key: str
    title: str
    link: str | None
    doi: str | None
    pmid: str | None
    published: datetime | None
    updated: datetime | None
    authors: tuple[str, ...]
    journal: str | None
    type: ArticleType
    version: int | None
    summary: str
    corrects: str | None = None
    title_key: str = ""


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A parsed feed: its own title and link, its articles, and a warning if it was bozo.

    ``dropped`` counts the articles left out beyond the parse's item cap (the oldest).
    """

    title: str | None
    link: str | None
    version: str
    articles: tuple[Article, ...]
    warning: str | None = None
    dropped: int = 0


@dataclass(frozen=True, slots=True)
class ParseFailure:
    """The body could not be turned into articles (HTML page, entities, garbage…)."""

    kind: FailureKind
    error: str


ParseResult: TypeAlias = ParsedFeed | ParseFailure


@dataclass(frozen=True, slots=True)
class FeedRequest:
    """What the poller remembers about a feed from the previous poll.

    ``etag``/``last_modified`` are sent back as ``If-None-Match``/``If-Modified-Since``;
    ``body_hash`` lets an unchanged body count as not modified without parsing.
    """

    url: str
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None

    @property
    def first_fetch(self) -> bool:
        """No validator from a previous poll: the body will have to be parsed."""
        return self.etag is None and self.last_modified is None and self.body_hash is None


@dataclass(frozen=True, slots=True)
class Fetched:
    """A successful HTTP fetch whose body still has to be parsed (internal to a poll)."""

    url: str
    final_url: str
    status: int
    body: bytes = field(repr=False)
    content_type: str | None
    etag: str | None
    last_modified: str | None
    body_hash: str
    max_age: float | None
    permanent_redirect: str | None


@dataclass(frozen=True, slots=True)
class Polled:
    """The feed was fetched and parsed.

    ``url`` is the requested address, ``final_url`` where the body came from after
    redirects, ``permanent_redirect`` the new address when every hop was permanent (the
    poller may update the stored URL). ``max_age`` (seconds, from ``Cache-Control``) is a
    lower bound for the next poll. ``warning`` is set when the feed was not well-formed but
    still yielded entries.
    """

    url: str
    final_url: str
    status: int
    title: str | None
    link: str | None
    articles: tuple[Article, ...]
    etag: str | None
    last_modified: str | None
    body_hash: str
    max_age: float | None = None
    permanent_redirect: str | None = None
    warning: str | None = None


@dataclass(frozen=True, slots=True)
class NotModified:
    """Nothing new: HTTP 304, or a 200 whose body hash equals the previous one."""

    url: str
    status: int
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    max_age: float | None = None


@dataclass(frozen=True, slots=True)
class Failed:
    """The poll failed; ``error`` is a short human message, never a traceback.

    ``status`` is the HTTP status when there was one, ``retry_after`` the server's
    ``Retry-After`` in seconds (429/503), a lower bound for the next poll.
    """

    url: str
    status: int | None
    error: str
    kind: FailureKind
    retry_after: float | None = None


PollOutcome: TypeAlias = Polled | NotModified | Failed
