"""Dates tied to a patient: birth, admission, surgery, discharge, death and the like.

A date is flagged when a birth/death cue sits right before it, or a patient event cue is
near it and no meeting/event cue is; a date with a year (or a month name) is also flagged
when the message is about a patient. Bare years never are, except a birth year that makes
someone 90 or older.
"""

from __future__ import annotations

import re
from datetime import date

from .context import Ctx
from .validators import date_ok
from .vocab import words

_MON = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_NUMERIC = re.compile(
    r"(?P<a>[0-9](?<![\w/.:,-].)[0-9]?)(?P<sep>[/.-])(?P<b>[0-9]{1,2})"
    r"(?:(?P=sep)(?P<y>[0-9]{4}|[0-9]{2}))?(?![\w/]|[.-][0-9])"
)
_ISO = re.compile(
    r"(?P<y>(?:18|19|20)(?<![\w/.-]..)[0-9]{2})(?P<sep>[/.-])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})"
    r"(?![\w/]|[.-][0-9])"
)
_MDY = re.compile(
    rf"(?i)(?P<mon>{_MON})\.?\s+(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?\b(?![:/])"
    r"(?:,?\s+(?P<y>(?:18|19|20)[0-9]{2}|'[0-9]{2})\b)?"
)
_DMY = re.compile(
    rf"(?i)(?P<d>[0-9](?<![\w/.-].)[0-9]?)(?:st|nd|rd|th)?(?:\s+of)?[\s-]+(?P<mon>{_MON})\b\.?"
    r"(?:,?[\s-]+(?P<y>(?:18|19|20)[0-9]{2}|'?[0-9]{2})\b)?"
)
_MY = re.compile(rf"(?i)(?P<mon>{_MON})\.?,?\s+(?P<y>(?:18|19|20)[0-9]{{2}})\b")
_COMPACT = re.compile(
    r"(?<![\w-])(?P<y>(?:19|20)[0-9]{2})(?P<m>[01][0-9])(?P<d>[0-3][0-9])(?![\w-])"
)
_BIRTH_YEAR = re.compile(
    r"(?i)\b(?:born|b\.|dob|d\.o\.b\.?|date of birth|birth ?year)\s*(?:in|:|=|is)?\s*"
    r"(?P<y>(?:18|19|20)[0-9]{2})\b(?![/.-][0-9])"
)

_STRONG = re.compile(
    r"\b(?:dob|d\.o\.b|date of birth|birth ?date|birthday|bday|born|b\.|dod|date of death|"
    r"died|deceased|passed away|passed|expired|death|doa|dos|date of (?:service|injury|"
    r"admission|surgery|procedure|discharge)|edd|lmp)\b"
)
# Words around a date that make it a patient's (admission, surgery, death...). Looked up
# as whole words by position, so no pattern runs over the window.
_EVENT_OF_PATIENT = words(
    """admit admits admitted admitting adm admission admissions readmit readmitted readmission
    presented presents arrived discharge discharged discharging transferred transfer surgery
    surg operated operation operative op postop procedure underwent implanted implant
    implantation placed died coded arrest arrested intubated extubated delivered delivery
    injured injury injuries fell fall mva mvc accident diagnosed diagnosis dx biopsy
    biopsied bx scoped cabg stented pci tavr transplant transplanted seen visit appt
    appointment hospitalized hospitalised hospitalization hospitalisation bleed stroke mi
    nstemi stemi fracture seizure syncope sx symptoms onset started stopped held restarted
    dose vaccine vaccinated vaccination tested positive covid cath catheterization dialysis
    hd echo tte tee ct cta mri pet egd colonoscopy scope ablation cardioversion dccv
    mitraclip watchman ppm pacemaker chemo radiation transfused transfusion angiogram angio
    ercp thoracentesis paracentesis lp induction labor last came brought"""
)
_EVENT_OF_PATIENT_MARKS = (
    "a/w", "d/c", "dc'd", "s/p", "f/u", "dx'd", "cath'd", "post-op", "c-section", "follow-up",
    "stress test",
)  # fmt: skip
# Meetings, talks and deadlines: a date near one of these is nobody's.
_EVENT_WORDS = words(
    """journal jc tumor tumour board boards morbidity grand conference conf symposium symposia
    meeting meetings webinar lecture talk talks seminar workshop workshops summit congress
    session sessions deadline registration register abstract abstracts submission submissions
    holiday vacation retreat party lunch dinner interview interviews orientation cme rsvp
    signup volunteer volunteers rotation kickoff webcast podcast livestream huddle committee
    faculty graduation ceremony gala award awards election elections simulation townhall
    offsite acc esc aha hrs tct asco ats ddw ash asn scai"""
)
_EVENT_PHRASES = (
    "m&m", "m and m", "happy hour", "join us", "save the date", "sign up", "call schedule",
    "match day", "office hours", "sim lab", "all-hands", "town hall",
)  # fmt: skip


def _phrase_near(
    ctx: Ctx, phrases: tuple[str, ...], s: int, e: int, before: int = 70, after: int = 60
) -> bool:
    window = ctx.lower[max(0, s - before) : e + after]
    return any(p in window for p in phrases)


_PREP = re.compile(r"\b(?:on|since|from|until|till|by|of|dated)\s*$")
_NOT_DATE_AFTER = re.compile(
    r"(?i)\s*(?:tabs?|tablets?|pills?|doses?|of\b|ns\b|strength|cups?|criteria|vessels?|mg|"
    r"ml|units?|pts?|patients|cases|score|points?|pos|neg|positive|negative|sets?|bottles?|"
    r"blood|cultures?|bcx|bottles|days?|d\b|wks?|weeks?|months?|mo\b|times?|x\b|murmur|sem|hsm|sbp|dbp|mmhg|hrs?|"
    r"hours?|min|h\b|q|rr|ratio|split|dilution|pain|chest pain|headache|%|or\s+[0-9]|"
    r"to\s+[0-9]|-[0-9])"
)
# "pain 7/10", "strength 4/5", "EF 30/35": a score or ratio, not a date.
_NOT_DATE_BEFORE = re.compile(
    r"\b(?:pain|score|scale|strength|grade|murmur|ef|bp|gcs|apgar|power|motor|reflexes|"
    r"ratio|i:e|sats?|rate|q)\s*:?\s*(?:of\s*|at\s*|is\s*|was\s*)?$"
)


def _year_full(y: str | None) -> int | None:
    if not y:
        return None
    y = y.lstrip("'")
    n = int(y)
    if len(y) == 2:
        return 1900 + n if n > (date.today().year % 100) else 2000 + n
    return n


def _decide(ctx: Ctx, s: int, e: int, has_year: bool, named_month: bool) -> bool:
    low = ctx.lower
    if ctx.shielded(s, e):
        return False
    if _STRONG.search(low, max(0, s - 30), s):
        return True
    if ctx.near_words(_EVENT_WORDS, s, e, 70, 60) or _phrase_near(ctx, _EVENT_PHRASES, s, e):
        return False
    if not has_year and (
        _NOT_DATE_AFTER.match(low, e) or _NOT_DATE_BEFORE.search(low, max(0, s - 12), s)
    ):
        return False
    if ctx.near_words(_EVENT_OF_PATIENT, s, e, 50, 25) or _phrase_near(
        ctx, _EVENT_OF_PATIENT_MARKS, s, e, 50, 25
    ):
        return True
    if (has_year or named_month) and ctx.patient:
        return True
    return _PREP.search(low, max(0, s - 8), s) is not None and ctx.patient


_MONTH_WORDS = words(
    """jan january feb february mar march apr april may jun june jul july aug august sep sept
    september oct october nov november dec december"""
)
_BIRTH_WORDS = words("born b dob d date birth birthyear")


def detect(ctx: Ctx) -> None:
    """Dates of birth, admission, surgery, discharge or death (and a 90+ birth year)."""
    text = ctx.text
    if not ctx.digits:
        return
    if ctx.digits >= 2 and ("/" in text or "-" in text or "." in text):
        _numeric(ctx)
    if ctx.has(_MONTH_WORDS):
        _named(ctx)
    low = ctx.lower
    if ctx.digits >= 8:
        for m in _COMPACT.finditer(text):
            ok = date_ok(int(m.group("m")), int(m.group("d"))) and not ctx.taken(*m.span())
            if ok and _STRONG.search(low, max(0, m.start() - 30), m.start()):
                ctx.add("DATE", m.start(), m.end())
    if ctx.digits >= 4 and ctx.has(_BIRTH_WORDS):
        for m in _BIRTH_YEAR.finditer(text):
            y = int(m.group("y"))
            if date.today().year - y >= 90 and not ctx.taken(*m.span("y")):
                ctx.add("DATE", *m.span("y"))


def _numeric(ctx: Ctx) -> None:
    text = ctx.text
    for m in _NUMERIC.finditer(text):
        a, b = int(m.group("a")), int(m.group("b"))
        y = m.group("y")
        if m.group("sep") != "/" and not y:
            continue  # 5.6 and 5-6 are values and ranges, not dates
        if not (date_ok(a, b) or date_ok(b, a)):
            continue
        if _decide(ctx, m.start(), m.end(), bool(y), False):
            ctx.add("DATE", m.start(), m.end())
    for m in _ISO.finditer(text):
        if date_ok(int(m.group("m")), int(m.group("d"))) and _decide(ctx, *m.span(), True, False):
            ctx.add("DATE", m.start(), m.end())


def _named(ctx: Ctx) -> None:
    text = ctx.text
    low = ctx.lower
    for m in [*ctx.matches(_MDY, _MONTH_WORDS), *_DMY.finditer(text)]:
        mon = _MONTHS[m.group("mon")[:3].lower()]
        if not date_ok(mon, int(m.group("d"))) or ctx.taken(*m.span()):
            continue
        if m.group("mon").lower() == "may" and m.group("mon") == "may" and not m.group("y"):
            continue  # "may 2" is more often the verb than the month
        if _decide(ctx, m.start(), m.end(), bool(m.group("y")), True):
            ctx.add("DATE", m.start(), m.end())
    for m in ctx.matches(_MY, _MONTH_WORDS):
        if not ctx.taken(*m.span()) and _STRONG.search(low, max(0, m.start() - 30), m.start()):
            ctx.add("DATE", m.start(), m.end())
