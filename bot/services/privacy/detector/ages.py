"""Ages of 90 and over ("93yo", "a 91-year-old", "age 100", "ninety-three").

Safe Harbor allows ages up to 89; 90 and over must be aggregated. Cohort statements
("patients aged 90 or older", "the >=90 group") describe no one and stay quiet.
"""

from __future__ import annotations

import re

from .context import Ctx
from .vocab import words

_AGE_NUM = re.compile(
    r"(?i)(?P<n>[0-9](?<![\w.,/≥>+-].)[0-9]{1,2})"  # look-behind after the first digit: faster
    r"(?:[\s-]*(?:yo|y/o|y\.o\.?|yrs?\.?[\s-]*old|years?[\s-]*old|y-o)"
    r"|\s*(?:yrs?\b|years?\b)(?![\s-]*(?:ago|later|earlier|after|before|since|cycles?|"
    r"follow|of follow|of data|of experience|of practice|in practice|span|period|history|"
    r"flood|plan|mortality|survival|risk|outcomes?|horizon|window|supply))"
    r"(?:[mf](?![a-z]))?|\s?(?-i:[MF])(?![\w]))"
)
_AGE_WORD = re.compile(
    r"(?i)(?:age[ds]?|aged|turned|turns|turning|age of|nonagenarian|centenarian)"
    r"\s*(?:of\s*|:\s*|=\s*|is\s*|was\s*|,\s*|\(\s*)?"
    r"(?P<n>[0-9]{2,3})\b(?![.,][0-9])"
)
# "she is 93", "pt's 95": a bare number right after the person and a verb.
_IS_AGE = re.compile(
    r"(?:she|he|pt|patient|who|mom|dad|mother|father|grandma|grandpa)(?:'s|’s|\s+is|\s+was|"
    r"\s+turns|\s+turned|\s+will be|'ll be|’ll be)\s+(?:now\s+|almost\s+|nearly\s+|only\s+)?"
    r"(?P<n>[0-9]{2,3})\b(?!\s*(?:%|mg|mcg|kg|lbs?|cm|mm|days?|weeks?|hours?|min|minutes?|units|"
    r"over|/|mmhg|bpm|ml|percent|points?|beats|breaths|[.,][0-9]))"
)
# "at 97 she still drives", "F, 93", "woman, 94": an age next to the person it describes.
_AT_AGE = re.compile(
    r"(?:at|aged?)\s+(?P<n>9[0-9]|1[01][0-9])\b(?=,?\s+(?:she|he|the pt|pt|the patient|this)\b)"
)
_SEX_AGE = re.compile(
    r"(?<![\w.])(?:(?-i:M|F)|male|female|man|woman|lady|gentleman|gent)\s*[,/]\s*"
    r"(?P<n>9[0-9]|1[01][0-9])\b(?![.,/][0-9]|\s*(?:%|mg|kg|bpm|mmhg))",
    re.I,
)
_ORDINAL_BDAY = re.compile(r"(?i)\b(?P<n>(?:9[0-9]|1[01][0-9]))(?:st|nd|rd|th)\s+birthday")
_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_SPELLED = re.compile(
    rf"(?i)\b(?P<n>ninety(?:[\s-]{_UNITS})?|(?:a|one)\s+hundred(?:\s+and)?(?:[\s-](?:{_UNITS}|ten))?)"
    r"(?P<tail>[\s-]*(?:years?[\s-]*old|years?|yrs?|yo|y/o)\b)?"
)
_SPELLED_CUE = re.compile(
    r"(?:\b(?:age|aged|turned|turns|turning|is|she's|he's|shes|hes|pt|patient|who's|now|"
    r"just)\s*)$"
)
_TEMP = re.compile(r"\b(?:t|temp|tmax|tm|febrile|fever|afebrile|temperature)\b[\s:]*$")
_COHORT_BEFORE = re.compile(
    r"\b(?:patients|pts|participants|subjects|those|people|persons|adults|individuals|"
    r"cohort|groups?|deciles?|quartiles?|tertiles?|strat\w*|subgroups?|trials?|enrolled|"
    r"excluded|included|exclude|include|registry|population|mean|median|average|range|ages|"
    r"between|nonagenarians|centenarians|older adults|rcts?|over|above|older than|at least|"
    r"beyond|than|>|≥|>=|under|below|every|all|anyone|everyone|men|women)\b[^.;]{0,12}$"
)
_COHORT_AFTER = re.compile(
    r"(?i)\s*(?:\+|plus\b|or\s+(?:older|over|above|more|greater)|and\s+(?:older|over|above|up)|"
    r"s\b|'s\b|[-–]\s*[0-9]|to\s+[0-9]|or\s+[0-9]|%|\s*(?:percent|pct)\b)"
)
_AGE_WORDS = words(
    "nonagenarian centenarian "
    "yo y o yrs yr years year old age aged ages turned turns turning birthday"
)
_AT_WORDS = words("at age aged")
_SEX_WORDS = words("m f male female man woman lady gentleman gent")
_AGE_WORD_TRIGGERS = words("age ages aged turned turns turning nonagenarian centenarian")
_IS_WORDS = words("she he pt patient who mom dad mother father grandma grandpa")
_SEX_AFTER = re.compile(r"[0-9]\s?(?:M|F)\b")
_SPELLED_VALUE = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                  "eight": 8, "nine": 9, "ten": 10}  # fmt: skip


_MILLION = re.compile(
    r"\s*(?:cells|copies|dollars|usd|people|users|views|downloads|patients|units|reads|"
    r"params|parameters|tokens|budget|members|lives|visits|claims)\b"
)
_NOT_AGE_AFTER = re.compile(
    r"\s*(?:%|percent|pct|mg|mcg|kg|lbs?|mm|cm|ml|minutes?|min|days?|weeks?|months?|hours?|"
    r"patients|pts|people|cases|times|beats|bpm|ms|seconds?|dollars|units)\b"
)
_COMPARATOR = re.compile(r"(?:[≥>]=?|=>|⩾)\s*$")


def _ok(ctx: Ctx, n: int, s: int, e: int) -> bool:
    if not 90 <= n <= 125 or ctx.taken(s, e):
        return False
    low = ctx.lower
    if _COHORT_AFTER.match(low, e) or _COMPARATOR.search(low, max(0, s - 4), s):
        return False
    return _COHORT_BEFORE.search(low, max(0, s - 40), s) is None


def _spelled_value(phrase: str) -> int:
    w = phrase.lower().replace("-", " ").split()
    n = 90 if w[0] == "ninety" else 100
    return n + (_SPELLED_VALUE.get(w[-1], 0) if len(w) > 1 else 0)


def detect(ctx: Ctx) -> None:
    """Ages of 90 and over, numeric or spelled out, outside cohort statements."""
    text = ctx.text
    low = ctx.lower
    if ctx.digits >= 2:
        numeric = ctx.has(_AGE_WORDS) or _SEX_AFTER.search(text) is not None
        for m in _AGE_NUM.finditer(text) if numeric else ():
            s, e = m.span("n")
            if m.group(0)[-1] in "MF" and (
                _TEMP.search(low, max(0, s - 14), s) or _MILLION.match(low, m.end())
            ):
                continue  # 98F is a temperature here, 100M a hundred million
            if _ok(ctx, int(m.group("n")), s, m.end()):
                ctx.add("AGE", s, e)
        found = [*ctx.matches(_AGE_WORD, _AGE_WORD_TRIGGERS), *ctx.matches(_IS_AGE, _IS_WORDS)]
        if "birthday" in ctx.words:
            found += _ORDINAL_BDAY.finditer(text)
        found += ctx.matches(_AT_AGE, _AT_WORDS, lower=True)
        if ("," in text or "/" in text) and ctx.has(_SEX_WORDS):
            found += _SEX_AGE.finditer(text)
        for m in found:
            s, e = m.span("n")
            if _ok(ctx, int(m.group("n")), s, e):
                ctx.add("AGE", s, e)
    if "ninety" in low or "hundred" in low:
        for m in _SPELLED.finditer(text):
            s, e = m.span("n")
            parts = m.group("n").lower().replace("-", " ").split()
            compound = parts[0] == "ninety" and len(parts) == 2  # "ninety-one" reads as an age
            cued = m.group("tail") or _SPELLED_CUE.search(low, max(0, s - 12), s)
            if not cued and compound and not _NOT_AGE_AFTER.match(low, e):
                cued = True
            if cued and _ok(ctx, _spelled_value(m.group("n")), s, m.end()):
                ctx.add("AGE", s, e)
