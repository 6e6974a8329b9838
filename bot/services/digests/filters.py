"""The ``/feed filter`` language: AND/OR/NOT over title, journal, author, type and DOI prefix.

    type:rct OR type:meta-analysis
    title:"heart failure" AND NOT journal:lancet
    title:/sglt2|empagliflozin/ (regular expressions run with a time limit)

Words side by side are joined by AND; parentheses group. Parsing is pure and raises
``ValueError`` with a message for the author."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

import regex

__all__ = ["Filter", "Filterable", "parse_filter"]

log = logging.getLogger(__name__)

FIELDS = ("title", "journal", "author", "type", "doi")
TYPES = (
    "article",
    "rct",
    "meta-analysis",
    "guideline",
    "review",
    "erratum",
    "retraction",
    "preprint",
)
#: A pathological pattern gives up after this long and counts as "no match".
REGEX_SECONDS = 0.05
MAX_LENGTH = 500


class Filterable(Protocol):
    """What a filter reads of an article (a stored article row fits)."""

    title: str
    journal: str | None
    authors: list[str]
    type: str
    doi: str | None


@dataclass(frozen=True, slots=True)
class _Term:
    field: str
    value: str
    pattern: regex.Pattern[str] | None

    def matches(self, art: Filterable) -> bool:
        """Whether the article passes this node."""
        if self.field == "type":
            return art.type == self.value
        if self.field == "doi":
            return (art.doi or "").startswith(self.value)
        texts = {
            "title": [art.title],
            "journal": [art.journal or ""],
            "author": list(art.authors),
        }[self.field]
        if self.pattern is None:
            return any(self.value in t.lower() for t in texts)
        try:
            return any(self.pattern.search(t, timeout=REGEX_SECONDS) for t in texts)
        except TimeoutError:
            log.warning("a feed filter's regular expression timed out; counted as no match")
            return False


@dataclass(frozen=True, slots=True)
class _Not:
    inner: Node

    def matches(self, art: Filterable) -> bool:
        """Whether the article passes this node."""
        return not self.inner.matches(art)


@dataclass(frozen=True, slots=True)
class _All:
    parts: tuple[Node, ...]

    def matches(self, art: Filterable) -> bool:
        """Whether the article passes this node."""
        return all(p.matches(art) for p in self.parts)


@dataclass(frozen=True, slots=True)
class _Any:
    parts: tuple[Node, ...]

    def matches(self, art: Filterable) -> bool:
        """Whether the article passes this node."""
        return any(p.matches(art) for p in self.parts)


Node = _Term | _Not | _All | _Any


@dataclass(frozen=True, slots=True)
class Filter:
    """A parsed filter expression; ``matches`` decides one article."""

    expression: str
    root: Node

    def matches(self, art: Filterable) -> bool:
        """Whether the article passes this node."""
        return self.root.matches(art)


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            out.append(ch)
            i += 1
        else:
            start = i
            while i < len(text) and not text[i].isspace() and text[i] not in "()":
                if text[i] in '"/' and (i == start or text[i - 1] == ":"):
                    close = text.find(text[i], i + 1)
                    if close < 0:
                        raise ValueError(f"unterminated {text[i]} in the filter")
                    i = close
                i += 1
            out.append(text[start:i])
    return out


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> str | None:
        """The next token, or None at the end."""
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        """Consume the next token."""
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def parse_or(self) -> Node:
        """OR-separated alternatives (lowest precedence)."""
        parts = [self.parse_and()]
        while (tok := self.peek()) is not None and tok.upper() == "OR":
            self.take()
            parts.append(self.parse_and())
        return parts[0] if len(parts) == 1 else _Any(tuple(parts))

    def parse_and(self) -> Node:
        """Terms joined by AND, explicitly or side by side."""
        parts = [self.parse_not()]
        while (tok := self.peek()) is not None and tok != ")" and tok.upper() != "OR":
            if tok.upper() == "AND":
                self.take()
            parts.append(self.parse_not())
        return parts[0] if len(parts) == 1 else _All(tuple(parts))

    def parse_not(self) -> Node:
        """NOT before a term."""
        tok = self.peek()
        if tok is not None and tok.upper() == "NOT":
            self.take()
            return _Not(self.parse_not())
        return self.parse_atom()

    def parse_atom(self) -> Node:
        """A term or a parenthesised expression."""
        tok = self.peek()
        if tok is None:
            raise ValueError("the filter ends too early")
        self.take()
        if tok == "(":
            node = self.parse_or()
            if self.peek() != ")":
                raise ValueError("a ( is not closed in the filter")
            self.take()
            return node
        if tok == ")":
            raise ValueError("unexpected ) in the filter")
        return _term(tok)


def _term(token: str) -> _Term:
    field, sep, value = token.partition(":")
    field = field.lower()
    if not sep or field not in FIELDS:
        raise ValueError(f"'{token[:40]}' is not FIELD:VALUE (fields: {', '.join(FIELDS)})")
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    if not value:
        raise ValueError(f"{field}: needs a value")
    if len(value) >= 2 and value[0] == value[-1] == "/":
        if field in ("type", "doi"):
            raise ValueError(f"{field}: takes no regular expression")
        try:
            pattern = regex.compile(value[1:-1], regex.IGNORECASE)
        except regex.error as exc:
            raise ValueError(f"bad regular expression: {exc}") from None
        return _Term(field, value, pattern)
    value = value.lower()
    if field == "type" and value not in TYPES:
        raise ValueError(f"type must be one of {', '.join(TYPES)}")
    if field == "doi":
        value = value.removeprefix("doi:").removeprefix("https://doi.org/")
    return _Term(field, value, None)


def parse_filter(expression: str) -> Filter:
    """Parse a filter expression; ``ValueError`` says what is wrong."""
    text = expression.strip()
    if not text:
        raise ValueError("the filter is empty")
    if len(text) > MAX_LENGTH:
        raise ValueError(f"the filter is too long (at most {MAX_LENGTH} characters)")
    parser = _Parser(_tokens(text))
    root = parser.parse_or()
    if parser.peek() is not None:
        raise ValueError(f"unexpected '{parser.peek()}' in the filter")
    return Filter(text, root)
