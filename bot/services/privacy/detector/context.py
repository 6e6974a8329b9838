"""The per-message scan state and the context cues that detectors consult.

A detector finds a candidate value with a pattern; whether it identifies a patient often
depends on the words around it (a clinic's line vs a daughter's cell, a DOB vs a journal
club date, a patient vs the speaker). Shared cues and the scan state live here so
that every detector reads context the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .markup import View
from .vocab import words

_WORD = re.compile(r"[a-z]+")
_AGE_SEX = re.compile(r"[0-9]\s?(?:yo|y/o|[mf])\b")

# Words that put a patient (or a relative) in the message: a word set, so the test is cheap.
PATIENT_WORDS = words(
    """pt pts patient patients her his she he him hers husband wife son daughter mom mother mum
    dad father brother sister sibling family neighbor neighbour caregiver hcp poa guardian niece
    nephew grandson granddaughter grandmother grandfather grandma grandpa aunt uncle cousin
    spouse fiance fiancee boyfriend girlfriend relative nok home landline employer admitted
    dob mrn yo"""
)


class Ctx:
    """Everything one scan needs: the view, its lower-case copy, hits and shields.

    Hits are candidate identifiers in view coordinates. Shields are spans known NOT to be
    identifiers (a journal URL, an NPI, a clinic phone line); weak detectors that run later
    leave shielded spans alone.
    """

    __slots__ = (
        "_hit_mask",
        "_patient",
        "_positions",
        "_shield_mask",
        "digits",
        "hits",
        "lower",
        "shields",
        "text",
        "view",
        "words",
    )

    def __init__(self, view: View) -> None:
        self.view = view
        self.text = view.text
        self.lower = view.text.lower()
        # Cheap summaries used as gates, so most rules never run on most messages.
        self.words = frozenset(_WORD.findall(self.lower))
        self.digits = sum(map(self.text.count, "0123456789"))
        self.hits: list[tuple[int, int, str]] = []
        self.shields: list[tuple[int, int]] = []
        # One byte per character: overlap tests stay linear on 10,000-character lines.
        self._hit_mask = bytearray(len(self.text))
        self._shield_mask = bytearray(len(self.text))
        self._patient: bool | None = None
        self._positions: dict[str, list[int]] | None = None

    def at(self, words: frozenset[str]) -> list[int]:
        """Start offsets of every occurrence of any of ``words``, in text order.

        Rules anchored on a trigger word match only there (``pattern.match(text, pos)``)
        instead of scanning the whole message: that is what keeps the scan fast.
        """
        if self.words.isdisjoint(words):
            return []
        if self._positions is None:
            self._positions = {}
        out: list[int] = []
        for w in self.words & words:
            found = self._positions.get(w)
            if found is None:
                found = self._find(w)
                self._positions[w] = found
            out.extend(found)
        if len(out) > 1:
            out.sort()
        return out

    def _find(self, word: str) -> list[int]:
        """Offsets where ``word`` occurs as a whole run of letters in the lower-case text."""
        low = self.lower
        n = len(word)
        out = []
        i = low.find(word)
        while i >= 0:
            before = low[i - 1] if i else " "
            after = low[i + n] if i + n < len(low) else " "
            if not ("a" <= before <= "z") and not ("a" <= after <= "z"):
                out.append(i)
            i = low.find(word, i + 1)
        return out

    def matches(
        self, pattern: re.Pattern[str], words: frozenset[str], lower: bool = False
    ) -> Iterator[re.Match[str]]:
        """Matches of ``pattern`` anchored where one of ``words`` starts."""
        text = self.lower if lower else self.text
        for pos in self.at(words):
            m = pattern.match(text, pos)
            if m is not None:
                yield m

    def near_words(
        self, words: frozenset[str], start: int, end: int, before: int, after: int
    ) -> bool:
        """True when one of ``words`` starts within the window around ``[start, end)``.

        The word-set version of :meth:`near`: no regex runs over the window.
        """
        lo, hi = start - before, end + after
        return any(lo <= p < hi for p in self.at(words))

    def has(self, words: frozenset[str]) -> bool:
        """True when the message holds any of ``words`` (lower-case whole words)."""
        return not self.words.isdisjoint(words)

    def add(self, kind: str, start: int, end: int) -> None:
        """Record an identifier found at ``[start, end)`` of the view."""
        if end > start:
            self.hits.append((start, end, kind))
            self._hit_mask[start:end] = b"\x01" * (end - start)

    def shield(self, start: int, end: int) -> None:
        """Mark ``[start, end)`` as known not to be an identifier."""
        if end > start:
            self.shields.append((start, end))
            self._shield_mask[start:end] = b"\x01" * (end - start)

    def shielded(self, start: int, end: int) -> bool:
        """True when the span overlaps a shield."""
        return end > start and self._shield_mask.find(1, start, end) >= 0

    def taken(self, start: int, end: int) -> bool:
        """True when the span overlaps a shield or an identifier already found."""
        if end <= start:
            return False
        return self._shield_mask.find(1, start, end) >= 0 or self._hit_mask.find(1, start, end) >= 0

    def last_before(self, pattern: re.Pattern[str], pos: int, window: int) -> re.Match[str] | None:
        """The match of ``pattern`` nearest before ``pos``, within ``window`` characters."""
        found = None
        for m in pattern.finditer(self.lower, max(0, pos - window), pos):
            found = m
        return found

    def first_after(self, pattern: re.Pattern[str], pos: int, window: int) -> re.Match[str] | None:
        """The first match of ``pattern`` after ``pos``, within ``window`` characters."""
        return pattern.search(self.lower, pos, min(len(self.lower), pos + window))

    def near(self, pattern: re.Pattern[str], start: int, end: int, before: int, after: int) -> bool:
        """True when ``pattern`` occurs within the window around ``[start, end)``."""
        lo = max(0, start - before)
        hi = min(len(self.lower), end + after)
        return pattern.search(self.lower, lo, hi) is not None

    @property
    def patient(self) -> bool:
        """True when the message talks about a patient or a relative anywhere."""
        if self._patient is None:
            self._patient = self.has(PATIENT_WORDS) or _AGE_SEX.search(self.lower) is not None
        return self._patient
