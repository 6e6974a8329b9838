"""Identifiers typed to dodge filters: digits spelled out or spread apart.

"mrn five five two one nine zero three", "two oh six, five five five, oh one four two",
"4 4 1 7 2 2 9 0". Seven or more digits in a row are an identifier whatever the label;
after an identifier label four are enough.
"""

from __future__ import annotations

import re

from .context import Ctx
from .vocab import words

_W = r"(?:zero|oh|o|one|two|three|four|five|six|seven|eight|nine|niner|double|triple|[0-9]{1,4})"
_RUN = re.compile(rf"(?<![\w-]){_W}(?:[\s,.-]+{_W}){{3,}}(?![\w-])")
_DIGIT_WORDS = words("zero oh one two three four five six seven eight nine niner")
_SPREAD = re.compile(r"[0-9](?<![\w.,/-].)(?:[ .-]{1,3}[0-9]){6,}(?![\w/]|[.,-][0-9])")
_LABEL = re.compile(
    r"(?:\b(?:m\.?\s?r\.?\s?n|mr#|chart|record|hosp|acct|account|member|medicaid|medicare|"
    r"policy|ssn|social|s\s?s\s?n|phone|cell|mobile|number|call|text|fax|serial|s/n|"
    r"id|zip)\b|#)[^.;\n]{0,20}$"
)
_KIND_BY_LABEL = (
    (re.compile(r"\b(?:ssn|social|s\s?s\s?n)\b"), "SSN"),
    (re.compile(r"\bfax"), "FAX"),
    (re.compile(r"\b(?:phone|cell|mobile|call|text|landline|number)\b"), "PHONE"),
    (re.compile(r"\b(?:acct|account)\b"), "ACCOUNT"),
    (re.compile(r"\b(?:member|medicaid|medicare|policy)\b"), "PLAN_ID"),
    (re.compile(r"\b(?:serial|s/n)\b"), "DEVICE_ID"),
    (re.compile(r"\bzip\b"), "ZIP"),
)
# "double five" is two digits: the word "double" adds one, "five" the other.
_COUNT = {"double": 1, "triple": 2}
_SEPARATORS = re.compile(r"[\s,.-]+")


def _digit_count(run: str) -> tuple[int, int]:
    """(digits the run stands for, number of spelled words in it)."""
    digits = spelled = 0
    for tok in _SEPARATORS.split(run.lower()):
        if not tok:
            continue
        if tok.isdigit():
            digits += len(tok)
        else:
            spelled += 1
            digits += _COUNT.get(tok, 1)
    return digits, spelled


def _kind(ctx: Ctx, s: int, digits: int) -> str:
    before = ctx.lower[max(0, s - 40) : s]
    for pat, kind in _KIND_BY_LABEL:
        if pat.search(before):
            return kind
    if digits == 10:
        return "PHONE"
    return "MRN"


def detect(ctx: Ctx) -> None:
    """Spelled-out and spread-apart digit runs."""
    if len(ctx.words & _DIGIT_WORDS) >= 2:
        for m in _RUN.finditer(ctx.lower):
            s, e = m.span()
            digits, words = _digit_count(m.group())
            if words < 3 or ctx.taken(s, e):
                continue
            labelled = _LABEL.search(ctx.lower, max(0, s - 40), s) is not None
            if digits >= 7 or (labelled and digits >= 4):
                ctx.add(_kind(ctx, s, digits), s, e)
    if ctx.digits < 7:
        return
    for m in _SPREAD.finditer(ctx.text):
        s, e = m.span()
        if not ctx.taken(s, e):
            ctx.add(_kind(ctx, s, sum(c.isdigit() for c in m.group())), s, e)
