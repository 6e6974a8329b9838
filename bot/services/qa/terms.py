"""Text → canonical terms: the one normalisation behind search, similar questions and
duplicate suggestions, so that "Eliquis dosing in afib with chronic kidney disease" and
"apixaban dose for AF and CKD" meet on the same terms.

The pipeline is pure and local: lower-case and split on anything not a letter or digit,
British spellings to American, a light stemmer (plurals, -ing, -ed, final e), the bundled
phrases to concept tokens (longest match first), then stop words and single characters go.
Terms are ``[a-z0-9]+`` only, which keeps them safe inside FTS5 and tsquery expressions.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from bot.services.qa.vocabulary import CONCEPTS, GENERIC, SPELLING, STOPWORDS

__all__ = ["is_subject", "normalize", "stem", "tags_in"]

_WORD = re.compile(r"[a-z0-9]+")
_HASHTAG = re.compile(r"(?<![\w#])#([A-Za-z][\w-]{1,39})")
_VOWEL = re.compile(r"[aeiouy]")
_MAX_PHRASE = 6


def stem(word: str) -> str:
    """A deliberately light stemmer: enough to meet plurals, tenses and adverbs, never so much
    that two different drugs collapse into one stem."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is", "os")):
        word = word[:-1]
    if word.endswith("ly") and len(word) > 5:
        word = word[:-2]
    for suffix in ("ing", "ed"):
        base = word[: -len(suffix)]
        if word.endswith(suffix) and len(base) >= 3 and _VOWEL.search(base):
            word = base
            # stopping → stop, planned → plan
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    """Stop words as typed and as stemmed, since they are checked after stemming."""
    return STOPWORDS | frozenset(stem(w) for w in STOPWORDS)


def _tokens(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    folded = folded.replace("'", "")
    return [stem(SPELLING.get(t, t)) for t in _WORD.findall(folded)]


@lru_cache(maxsize=1)
def _phrases() -> dict[tuple[str, ...], tuple[str, ...]]:
    """Normalised phrase → concept tokens, built once from :data:`CONCEPTS`."""
    table: dict[tuple[str, ...], tuple[str, ...]] = {}
    for line in CONCEPTS.strip().splitlines():
        target, _, phrases = line.partition("=")
        tokens = tuple(target.split())
        for phrase in phrases.split("|"):
            key = tuple(_tokens(phrase))
            if key and len(key) <= _MAX_PHRASE:
                table[key] = tokens
    return table


@lru_cache(maxsize=1)
def _subjects() -> frozenset[str]:
    return frozenset(t for tokens in _phrases().values() for t in tokens) - GENERIC


def is_subject(term: str) -> bool:
    """Whether a term is one of the bundled medical concepts a question is about (a drug, a
    condition, a population), as opposed to a plain word or a generic one (dose, switch)."""
    return term in _subjects()


def normalize(text: str) -> list[str]:
    """The canonical terms of a text, in order (repeats kept: they count for ranking)."""
    words = _tokens(_HASHTAG.sub(" ", text))
    table, stop = _phrases(), _stopwords()
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(_MAX_PHRASE, len(words) - i), 0, -1):
            concept = table.get(tuple(words[i : i + size]))
            if concept is not None:
                out.extend(concept)
                i += size
                break
        else:
            word = words[i]
            if len(word) > 1 and word not in stop:
                out.append(word)
            i += 1
    return out


def tags_in(text: str) -> list[str]:
    """Hashtags written in a text, lower case, in order, without repeats."""
    seen: dict[str, None] = {}
    for match in _HASHTAG.finditer(text):
        seen.setdefault(match.group(1).lower(), None)
    return list(seen)
