"""Near-duplicate speaker questions by token overlap: cheap, local, and good enough to suggest
a merge to an organizer (who decides)."""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["THRESHOLD", "most_similar", "similarity", "tokens"]

#: Jaccard similarity from which two questions are offered for merging
THRESHOLD = 0.5

_WORD = re.compile(r"[a-z0-9]+")
# Words that carry no topic; read with the same tokenizer as the questions.
_STOP = frozenset(
    _WORD.findall(
        """a an and are as at be but by can could do does did for from has have how if in into
        is it its of on or should so than that the their then there these this to was were
        what when where which who why will with would you your about any speaker question"""
    )
)


def tokens(text: str) -> frozenset[str]:
    """Content words, lower case, a plural 's' dropped so that 'doses' meets 'dose'."""
    out = set()
    for word in _WORD.findall(text.lower()):
        if word in _STOP:
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        out.add(word)
    return frozenset(out)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard overlap of two token sets; 0 when either is empty."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def most_similar(text: str, others: Iterable[tuple[int, str]]) -> tuple[int, float] | None:
    """The id of the most similar of ``others`` at or above :data:`THRESHOLD`, if any."""
    mine = tokens(text)
    best: tuple[int, float] | None = None
    for other_id, other_text in others:
        score = similarity(mine, tokens(other_text))
        if score >= THRESHOLD and (best is None or score > best[1]):
            best = (other_id, score)
    return best
