"""The ``/feed filter`` language: AND/OR/NOT over title, journal, author, type and DOI prefix.

    type:rct OR type:meta-analysis
    title:"heart failure" AND NOT journal:lancet
    title:/sglt2|empagliflozin/ (regular expressions run with a time limit)

Words side by side are joined by AND; parentheses group. Parsing is pure and raises
``ValueError`` with a message for the author.

A filter is parsed for each use (a poll's posts to a channel, one digest). A regular
expression that runs out of time on one article is not run again during that use: a
pathological pattern costs one time limit per use, not one per article and pattern, and
there are at most ``MAX_PATTERNS`` of them. Callers with many articles run
:meth:`Filter.passing` in a thread; the patterns release the GIL while they search."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol, TypeVar

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
MAX_PATTERNS = 5
MAX_DEPTH = 20  # parentheses and NOTs nested


class Filterable(Protocol):
    """What a filter reads of an article (a stored article row fits)."""

    title: str
    journal: str | None
    authors: list[str]
    type: str
    doi: str | None


@dataclass(slots=True)
class _Term:
    field: str
    value: str
    pattern: regex.Pattern[str] | None
    gave_up: bool = False  # the pattern ran out of time during this use of the filter

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
        if self.gave_up:
            return False
        try:
            return any(
                self.pattern.search(t, timeout=REGEX_SECONDS, concurrent=True) for t in texts
            )
        except TimeoutError:
            self.gave_up = True
            log.warning(
                "a feed filter's regular expression timed out; it counts as no match for the "
                "rest of this poll or digest"
            )
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
_A = TypeVar("_A", bound=Filterable)


@dataclass(frozen=True, slots=True)
class Filter:
    """A parsed filter expression; ``matches`` decides one article."""

    expression: str
    root: Node

    def matches(self, art: Filterable) -> bool:
        """Whether the article passes this node."""
        return self.root.matches(art)

    def passing(self, arts: Sequence[_A]) -> list[_A]:
        """The articles that pass, in order."""
        return [a for a in arts if self.root.matches(a)]


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
        self.depth = 0
        self.patterns = 0

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
            with self._nested():
                return _Not(self.parse_not())
        return self.parse_atom()

    @contextmanager
    def _nested(self) -> Iterator[None]:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ValueError(f"the filter nests too deep (at most {MAX_DEPTH} levels)")
        yield
        self.depth -= 1

    def parse_atom(self) -> Node:
        """A term or a parenthesised expression."""
        tok = self.peek()
        if tok is None:
            raise ValueError("the filter ends too early")
        self.take()
        if tok == "(":
            with self._nested():
                node = self.parse_or()
            if self.peek() != ")":
                raise ValueError("a ( is not closed in the filter")
            self.take()
            return node
        if tok == ")":
            raise ValueError("unexpected ) in the filter")
        term = _term(tok)
        if term.pattern is not None:
            self.patterns += 1
            if self.patterns > MAX_PATTERNS:
                raise ValueError(
                    f"too many regular expressions in the filter (at most {MAX_PATTERNS})"
                )
        return term


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
