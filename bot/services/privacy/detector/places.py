"""Street addresses, PO boxes, rural routes, ZIP codes and towns.

Addresses are recognised by shape (number, street name, street type). A ZIP code or a
town counts when it is labelled, attached to an address, a patient's residence, or named
next to a rare condition (where a town alone can point to one family).
"""

from __future__ import annotations

import re

from .context import Ctx
from .vocab import (
    COMMON_WORDS,
    EPONYMS,
    NOT_TOWN,
    PLACE_TAILS,
    RARE_HINTS,
    RARE_PREFIXES,
    RARE_WORDS,
    US_STATES,
    words,
)

_SUFFIX_TITLE = (
    r"(?:Street|St|Avenue|Ave|Av|Road|Rd|Lane|Ln|Drive|Dr|Court|Ct|Boulevard|Blvd|Way|Place|Pl|"
    r"Terrace|Ter|Terr|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Trail|Trl|Loop|Square|Sq|Pike|Row|"
    r"Run|Path|Crescent|Cres|Close|Alley|Walk|Ridge|Hollow|Crossing|Commons|Cove|Heights|Hts|"
    r"Hill|Manor|Mews|Plaza|Plz|Pass|Grove|Gardens|Landing|Meadows?|Vista|Estates|Expressway|"
    r"Expy|Freeway|Fwy|Route|Rte|Turnpike|Tpke|Bend|Point|Knoll|Glen|Green|Park|View)"
)
_SUFFIX_LOWER = (
    r"(?:street|avenue|road|lane|boulevard|court|terrace|circle|parkway|highway|crescent|"
    r"st|ave|rd|ln|blvd|ct|pkwy|hwy)"
)
_UNIT = (
    r"(?:,?\s*(?:Apt|Apartment|Unit|Suite|Ste|Rm|Lot|Bldg|Fl|Floor|#)\.?\s*#?\s*"
    r"[A-Za-z0-9-]{1,6}\b)?"
)
_NAMEW = r"[A-Z][a-zà-ÿ'’.-]*[a-zà-ÿ]"
_DIR = r"(?:(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.?\s+)?"
_CITY_STATE = (
    r"(?:,?\s+(?:in\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2},?\s+(?P<st>[A-Z]{2})"
    r"(?:\s+[0-9]{5}(?:-[0-9]{4})?)?(?![\w]))?"
)
_STREET = re.compile(
    rf"[0-9](?<![\w.,/-].)[0-9]{{0,5}}[A-Za-z]?(?:-[0-9]{{1,4}})?\s+{_DIR}"
    rf"(?:{_NAMEW}|[0-9]{{1,3}}(?:st|nd|rd|th))(?:\s+{_NAMEW}){{0,3}}\s+{_SUFFIX_TITLE}\b\.?"
    rf"{_UNIT}{_CITY_STATE}"
)
_STREET_LOWER = re.compile(
    rf"(?i)[0-9](?<![\w.,/-].)[0-9]{{0,5}}\s+(?:[nsew]\.?\s+)?(?P<w>[a-z][a-z'-]+(?:\s+[a-z][a-z'-]+){{0,2}})"
    rf"\s+{_SUFFIX_LOWER}\b\.?{_UNIT}"
)
_POBOX = re.compile(
    r"(?i)\b(?:p\.?\s?o\.?\s*box|post\s+office\s+box|pob)\s*#?\s*[0-9]{1,6}\b"
    r"|\b(?:(?-i:RR|HC|R\.R\.|RFD)|rural\s+route|star\s+route|highway\s+contract)\s*#?\s*[0-9]{1,4}"
    r"(?:,?\s*box\s*#?\s*[0-9]{1,5})?\b"
)
_RR_WORDS = re.compile(r"(?i)rural|star|highway|box")
_CITY_STATE_ZIP = re.compile(
    r"[A-Z](?<!\w.)[a-z]+(?:\s+[A-Z][a-z]+){0,2},?\s+(?P<st>[A-Z]{2})\s+[0-9]{5}(?:-[0-9]{4})?\b"
)
_ZIP_IN = re.compile(
    r"(?i)\b(?:in|from|near|around|outside|of|zone|area)\s+(?:the\s+)?(?P<z>[0-9]{5})"
    r"(?:-[0-9]{4})?\b"
)
# "the 02139 zip", "76735 zip code": the label after the value.
_ZIP_BEFORE_LABEL = re.compile(r"[0-9](?<![\w-].)[0-9]{4}(?=\s+(?:zip|zipcode|postal)\b)", re.I)
_NEXT_WORD = re.compile(r"\s*([A-Za-z]+)")
# Words that make a 5-digit number after "in"/"of" a count, not a ZIP ("in 12000 patients").
_COUNT_NOUNS = words(
    """patients pts people persons adults children kids cases admissions visits encounters
    beds steps units mg mcg ml dollars usd members lives deaths births procedures scans
    studies participants subjects respondents samples tests doses cells copies users hours
    days minutes years procedures surgeries deliveries calls"""
)
_NOT_STREET_WORD = words(
    "minute minutes min mile miles hour hours km block blocks day days week weeks year years "
    "more other of the and or to a an in on at for with mg ml units"
)

_TOWN = r"(?P<t>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})"
_RESIDENCE = re.compile(
    r"\b(?:lives|living|live|resides|residing|resident|moved|relocated|home|house|farm|"
    r"trailer|originally|grew up|hometown|comes|came|commutes|drives in)\s+"
    r"(?:(?:here\s+)?(?:in|to|from|of|at|near|outside(?:\s+of)?|out(?:side)?\s+of|by)\s+)"
    rf"(?:the\s+)?(?:(?:town|village|city|hamlet|township)\s+of\s+)?{_TOWN}"
)
_IN_TOWN = re.compile(r",?\s+(?:in|of)\s+" + _TOWN)
# "lives on Maple Street": a street named as a patient's home even without a number.
_LIVES_ON = re.compile(
    rf"(?:lives|living|live|moved|house|home|resides|staying)\s+(?:on|at|off)\s+(?:the\s+)?"
    rf"(?P<t>{_NAMEW}(?:\s+{_NAMEW}){{0,2}}\s+{_SUFFIX_TITLE})\b"
)
_TOWN_OF = re.compile(r"\b(?:town|village|hamlet|township|borough)\s+of\s+" + _TOWN)
_COUNTY = re.compile(_TOWN + r"\s+(?:County|Township|Parish|Borough)\b")
_RARE_PLACE = re.compile(
    r"\b(?i:in|from|near|around|outside|of|out of)\s+(?i:(?:tiny|little|small|rural|nearby|"
    r"neighbou?ring|remote|upstate|downstate|northern|southern|eastern|western)\s+)?"
    + _TOWN.replace("?P<t>", "?P<r>")
)
# One-word town endings safe enough to use alone (Millbrook, Fairfield); the rest only as a
# second word ("Stillwater Bend", "Cedar Falls").
_SINGLE_TAILS = (
    "ville", "burg", "burgh", "boro", "borough", "brook", "bury", "ford", "field", "dale",
    "haven", "worth", "chester", "mouth", "wood", "ton",
)  # fmt: skip
_NOT_TAILED = words(
    "button cotton skeleton singleton proton photon baton piston newton canton wanton "
    "hollywood redwood plywood driftwood boyhood childhood likelihood neighborhood "
    "wormwood ford oxford"
)
_TAILED = re.compile(
    r"(?P<p>[A-Z](?<!\w.)[a-z]{2,}(?:"
    + "|".join(_SINGLE_TAILS)
    + r")|[A-Z][a-z]+\s+(?:"
    + "|".join(t.capitalize() for t in PLACE_TAILS)
    + r"))\b"
)
# Whole-word conditions are looked up in the message's word set; the rest by substring.
_INSTITUTION_AFTER = re.compile(
    r"\s+(?:hospital|medical|clinic|health|university|college|center|centre|general|memorial|"
    r"regional|community|va|children)"
)


def _town_ok(ctx: Ctx, s: int, e: int) -> bool:
    parts = ctx.text[s:e].replace("-", " ").split()
    if not parts or (len(parts) == 1 and parts[0].lower() in _NOT_TAILED):
        return False
    for w in parts:
        lw = w.lower()
        if lw in NOT_TOWN or lw in COMMON_WORDS or lw in EPONYMS:
            return False
    if _INSTITUTION_AFTER.match(ctx.text, e):
        return False
    return not ctx.taken(s, e)


# Four-letter heads of the prefixes: a set look-up per word before any startswith().
_RARE_HEADS = frozenset(p[:4] for p in RARE_PREFIXES)


def _rare_context(ctx: Ctx) -> bool:
    """True when the message names a rare condition (or a cluster of one)."""
    if ctx.has(RARE_WORDS):
        return True
    return any(w[:4] in _RARE_HEADS and w.startswith(RARE_PREFIXES) for w in ctx.words)


_SUFFIX_WORDS = words(
    """street st avenue ave av road rd lane ln drive dr court ct boulevard blvd way place pl terrace
    ter terr circle cir parkway pkwy highway hwy trail trl loop square sq pike row run path crescent
    cres close alley walk ridge hollow crossing commons cove heights hts hill manor mews plaza plz
    pass grove gardens landing meadow meadows vista estates expressway expy freeway fwy route rte
    turnpike tpke bend point knoll glen green park view"""
)
_PLACE_PREPS = words("in from near around outside of out zone area")
_ZIP_WORDS = words("zip zipcode postal")
_BOX_WORDS = words("box pob rr hc r rural route rfd star highway")
_RESIDENCE_WORDS = words(
    """lives living live resides residing resident moved relocated home house farm trailer
    originally grew hometown comes came commutes drives town village hamlet township borough
    county parish staying"""
)


def detect(ctx: Ctx) -> None:
    """Addresses, PO boxes, rural routes, ZIP codes and towns with patient context."""
    text = ctx.text
    if ctx.digits:
        _numbered(ctx)
    if ctx.has(_RESIDENCE_WORDS):
        for m in ctx.matches(_LIVES_ON, _RESIDENCE_WORDS):
            s, e = m.span("t")
            if not ctx.taken(s, e):
                ctx.add("ADDRESS", s, e)
        for pat in (_RESIDENCE, _TOWN_OF, _COUNTY):
            for m in pat.finditer(text):
                s, e = m.span("t")
                if _town_ok(ctx, s, e):
                    ctx.add("LOCATION", s, e)
    _rare_places(ctx)


# Where a meeting, a hotel or an institution is, not where a patient lives.
_VENUE = re.compile(
    r"\b(?:venue|hotel|convention|conference|symposium|meeting|congress|session|booth|poster|"
    r"campus|clinic|office|hospital|headquarters|hq|restaurant|dinner|lunch|reception|"
    r"auditorium|medical center|cme|course|workshop|retreat|parking|garage|entrance)\b"
)


def _venue(ctx: Ctx, s: int, e: int) -> bool:
    """True for an address given as a venue's or an institution's, in a message about no patient."""
    return not ctx.patient and ctx.near(_VENUE, s, e, 50, 40)


def _numbered(ctx: Ctx) -> None:
    text = ctx.text
    if ctx.has(_SUFFIX_WORDS):
        for m in _STREET.finditer(text):
            st = m.group("st")
            e = m.end()
            if st and st not in US_STATES:
                e = m.start("st") - 1
                while e > m.start() and not text[e - 1].isalnum():
                    e -= 1
            if ctx.shielded(m.start(), e) or _venue(ctx, m.start(), e):
                continue
            ctx.add("ADDRESS", m.start(), e)
            town = _IN_TOWN.match(text, e)
            if town and _town_ok(ctx, *town.span("t")):
                ctx.add("LOCATION", *town.span("t"))
        for m in _STREET_LOWER.finditer(text):
            street = m.group("w").lower().split()
            if any(w in _NOT_STREET_WORD for w in street) or ctx.taken(*m.span()):
                continue
            if _venue(ctx, *m.span()):
                continue
            ctx.add("ADDRESS", m.start(), m.end())
    if ctx.has(_BOX_WORDS):
        for m in _POBOX.finditer(text):
            v = m.group()
            if v[:2] in ("RR", "HC", "R.", "RF") and not _RR_WORDS.search(v):
                continue  # "RR 22" is a respiratory rate
            if not ctx.taken(*m.span()):
                ctx.add("ADDRESS", m.start(), m.end())
    if ctx.digits >= 5 and ctx.has(_ZIP_WORDS):
        for m in _ZIP_BEFORE_LABEL.finditer(text):
            if not ctx.taken(*m.span()):
                ctx.add("ZIP", m.start(), m.end())
    if ctx.digits >= 5:
        for m in _CITY_STATE_ZIP.finditer(text):
            if m.group("st") in US_STATES and not ctx.taken(*m.span()):
                ctx.add("ADDRESS", m.start(), m.end())


def _rare_places(ctx: Ctx) -> None:
    """A ZIP or a town next to a rare condition.

    A capitalised town needs the condition named; a ZIP needs only a hint ("only", "cases",
    "family"). Both tests are word-set look-ups, so they run before any place pattern.
    """
    text = ctx.text
    named = _rare_context(ctx)
    if ctx.digits >= 5 and (named or ctx.has(RARE_HINTS)):
        for m in ctx.matches(_ZIP_IN, _PLACE_PREPS, lower=True):
            s, e = m.span("z")
            nxt = _NEXT_WORD.match(text, m.end())
            if nxt and nxt.group(1).lower() in _COUNT_NOUNS:
                continue  # "in 12000 patients" is a count
            if not ctx.taken(s, e):
                ctx.add("ZIP", s, e)
    if named and text != ctx.lower:
        places = [m.span("r") for m in ctx.matches(_RARE_PLACE, _PLACE_PREPS)]
        places += [m.span("p") for m in _TAILED.finditer(text)]
        for s, e in places:
            if _town_ok(ctx, s, e):
                ctx.add("LOCATION", s, e)
