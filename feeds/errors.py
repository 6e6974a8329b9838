"""Failure kinds of a feed poll and the short human message for each.

Every way a poll can fail maps to one :class:`FailureKind`; :func:`message` turns a kind
into the short sentence shown to users (``rounds feeds status``, channel notices). No
exception text, traceback, resolved address or server-chosen string is ever part of it.
"""

from __future__ import annotations

from enum import StrEnum
from http import HTTPStatus

__all__ = ["FailureKind", "FeedFailure", "http_message", "message"]


class FailureKind(StrEnum):
    """Why a feed could not be polled."""

    INVALID_URL = "invalid-url"
    SCHEME = "scheme"
    PRIVATE_ADDRESS = "private-address"
    DNS = "dns"
    CONNECT = "connect"
    TLS = "tls"
    TIMEOUT = "timeout"
    TOO_MANY_REDIRECTS = "too-many-redirects"
    BAD_REDIRECT = "bad-redirect"
    HTTP = "http"
    TOO_LARGE = "too-large"
    BAD_RESPONSE = "bad-response"
    EMPTY = "empty"
    NOT_A_FEED = "not-a-feed"
    HTML_PAGE = "html-page"
    XML_ENTITIES = "xml-entities"
    PARSE = "parse"
    PARSE_TIMEOUT = "parse-timeout"
    INTERNAL = "internal"


_MESSAGES: dict[FailureKind, str] = {
    FailureKind.INVALID_URL: "not a valid web address",
    FailureKind.SCHEME: "only http and https addresses are allowed",
    FailureKind.PRIVATE_ADDRESS: "refused: the address is private or local",
    FailureKind.DNS: "host name not found",
    FailureKind.CONNECT: "could not connect to the server",
    FailureKind.TLS: "secure connection failed (TLS certificate or handshake)",
    FailureKind.TIMEOUT: "timed out",
    FailureKind.TOO_MANY_REDIRECTS: "too many redirects",
    FailureKind.BAD_REDIRECT: "redirect without a valid target",
    FailureKind.HTTP: "HTTP error",
    FailureKind.TOO_LARGE: "response too large",
    FailureKind.BAD_RESPONSE: "malformed response from the server",
    FailureKind.EMPTY: "empty response",
    FailureKind.NOT_A_FEED: "not a feed",
    FailureKind.HTML_PAGE: "not a feed: HTML page",
    FailureKind.XML_ENTITIES: "refused: XML entity declarations",
    FailureKind.PARSE: "could not parse the feed",
    FailureKind.PARSE_TIMEOUT: "the feed took too long to parse",
    FailureKind.INTERNAL: "unexpected error while polling",
}


def message(kind: FailureKind) -> str:
    """The generic short message for ``kind``."""
    return _MESSAGES[kind]


def http_message(status: int) -> str:
    """``"HTTP 403 Forbidden"``: the status and its standard phrase (never the server's)."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        return f"HTTP {status}"
    return f"HTTP {status} {phrase}"


class FeedFailure(Exception):
    """Raised inside ``feeds`` to abort one poll; turned into a ``Failed`` value at the edge.

    It never leaves the package: the public functions return values.
    """

    def __init__(
        self,
        kind: FailureKind,
        text: str | None = None,
        *,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.kind = kind
        self.text = text if text is not None else message(kind)
        self.status = status
        self.retry_after = retry_after
        super().__init__(self.text)
