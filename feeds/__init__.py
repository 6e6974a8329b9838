"""Rounds feeds: fetching, parsing and normalising journal and conference feeds.

No database here: every poll ends in a value, ``Polled | NotModified | Failed``, that the
caller decides on and stores. Typical use (built once in the composition root)::

    from feeds import FeedClient, FetchConfig, FeedRequest, Polled, NotModified, Failed

    async with FeedClient(FetchConfig(allow_private_networks=False)) as client:
        async for outcome in client.poll_many([FeedRequest(url, etag, last_modified, body_hash)]):
            match outcome:
                case Polled(): ...        # store outcome.articles, etag, last_modified, body_hash
                case NotModified(): ...   # only the validators and the schedule change
                case Failed(): ...        # outcome.error is a short human message

Names are imported lazily so that parser worker processes, which only need
``feeds.parse``, do not import aiohttp. The catalog is ``feeds.catalog.catalog(specialty)``
(the function shares its module's name, so it is not re-exported here).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .catalog import CatalogEntry, specialties
    from .config import FetchConfig
    from .decision import Decision, decide
    from .errors import FailureKind
    from .guard import AddressPolicy
    from .http import Fetcher
    from .model import (
        Article,
        ArticleType,
        Failed,
        FeedRequest,
        NotModified,
        ParsedFeed,
        ParseFailure,
        Polled,
        PollOutcome,
    )
    from .opml import OpmlFeed, parse_opml, write_opml
    from .parse import parse_feed
    from .poll import FeedClient, poll_batches, poll_feed, poll_many
    from .pool import FeedParser, InlineParser, ProcessPoolParser
    from .schedule import next_poll

__all__ = [
    "AddressPolicy",
    "Article",
    "ArticleType",
    "CatalogEntry",
    "Decision",
    "Failed",
    "FailureKind",
    "FeedClient",
    "FeedParser",
    "FeedRequest",
    "FetchConfig",
    "Fetcher",
    "InlineParser",
    "NotModified",
    "OpmlFeed",
    "ParseFailure",
    "ParsedFeed",
    "PollOutcome",
    "Polled",
    "ProcessPoolParser",
    "decide",
    "next_poll",
    "parse_feed",
    "parse_opml",
    "poll_batches",
    "poll_feed",
    "poll_many",
    "specialties",
    "write_opml",
]

_WHERE = {
    "AddressPolicy": "guard",
    "Article": "model",
    "ArticleType": "model",
    "CatalogEntry": "catalog",
    "Decision": "decision",
    "Failed": "model",
    "FailureKind": "errors",
    "FeedClient": "poll",
    "FeedParser": "pool",
    "FeedRequest": "model",
    "FetchConfig": "config",
    "Fetcher": "http",
    "InlineParser": "pool",
    "NotModified": "model",
    "OpmlFeed": "opml",
    "ParseFailure": "model",
    "ParsedFeed": "model",
    "PollOutcome": "model",
    "Polled": "model",
    "ProcessPoolParser": "pool",
    "decide": "decision",
    "next_poll": "schedule",
    "parse_feed": "parse",
    "parse_opml": "opml",
    "poll_batches": "poll",
    "poll_feed": "poll",
    "poll_many": "poll",
    "specialties": "catalog",
    "write_opml": "opml",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'feeds' has no attribute {name!r}")
    return getattr(importlib.import_module(f"feeds.{module}"), name)


def __dir__() -> list[str]:
    return sorted(__all__)
