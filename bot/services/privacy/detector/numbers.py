"""Numbers behind labels (MRN, account, plan, device, SSN, ZIP), phones, faxes, bare IDs.

Literature and provider numbers (PMID, NCT, DOI, NPI, CPT, ICD-10) are shielded first, so
that the weaker rules for bare numbers never fire on them.
"""

from __future__ import annotations

import re

from .context import Ctx
from .validators import digits_of, mbi_ok, nanp_ok, npi_ok, ssn_ok
from .vocab import words

# --- shields: identifiers that are public or belong to a physician -------------------
_NONPHI_ID = re.compile(  # runs on the lower-case view
    r"\b(?:nct\s?[0-9]{8}|pmc\s?[0-9]{5,9}|pmid:?\s*#?\s*[0-9]{5,9}"
    r"|pubmed(?:\s*id)?:?\s*#?\s*[0-9]{5,9}"
    r"|(?:doi:?\s*)?10\.[0-9]{4,9}/[^\s\"<>]{1,300}"
    r"|arxiv:?\s*[0-9]{4}\.[0-9]{4,5}"
    r"|isbn(?:-1[03])?:?\s*[0-9][0-9 -]{8,16}[0-9x]"
    r"|issn:?\s*[0-9]{4}-?[0-9]{3}[0-9x]"
    r"|(?:cpt|hcpcs|icd-?1[01](?:-cm)?|icd|ndc|drg|loinc|snomed|rxnorm)(?:\s*codes?)?"
    r"(?:\s*[:#]?\s*[a-z]?[0-9][0-9a-z.-]{1,12}"
    r"(?:\s*(?:,|/|or|and|vs\.?)\s*[a-z]?[0-9][0-9a-z.-]{1,12}){0,6})"
    r"|(?:dea|lot|batch|ticket|ref|grant|irb|protocol|version|ver|tracking|confirmation)"
    r"\s*(?:#|no\.?|number)?\s*:?\s*[a-z]{0,3}[0-9][0-9a-z-]{2,20})"
)
_NONPHI_WORDS = words(
    """nct pmc pmid pubmed doi arxiv isbn issn cpt hcpcs icd ndc drg loinc snomed rxnorm dea lot
    batch ticket ref grant irb protocol version ver tracking confirmation"""
)
_NPI_CONTEXT = re.compile(
    r"\b(?:npi|npis|nppes|provider|prescriber|prescribing|ordering|referring|rendering|"
    r"attending|physician|my|dr|doctor|billing provider|taxonomy|profile|verify|credential\w*)\b"
)

# --- labelled identifiers ------------------------------------------------------------
_NUM = r"(?:\s*(?:#|no\.?|nr\.?|num(?:ber)?\.?|id)(?![A-Za-z]))?"
_LABELS = (
    r"(?<![a-z0-9])(?:"
    rf"(?P<MRN>m\.?\s?r\.?\s?n\.?s?|mr\s?#|mr\s?(?:no\.?|number)|med(?:ical)?\.?\s*rec(?:ords?)?\.?{_NUM}"
    rf"|chart{_NUM}|hosp(?:ital)?\.?(?:\s*(?:#|no\.?|num(?:ber)?|id))|patient\s*(?:id|#|no\.?|number)"
    r"|pt\.?\s*(?:id|#)|empi|unit\s*(?:#|no\.?|number)|record\s*(?:#|no\.?|number)"
    r"|health\s*record\s*(?:#|no\.?|number)|(?:emr|ehr|epic|cerner|meditech)\s*(?:id|#|no\.?|number)|nhs\s*(?:no\.?|number|#)|chart\s*#|c\.?s\.?n\.?(?=\s*:?\s*[0-9]))"
    rf"|(?P<ACCOUNT>acc(?:oun)?t\.?s?(?!\s+for\b){_NUM}|acc't|a/c\s*#?|enc(?:ounter)?\.?{_NUM}|f\.?i\.?n\.?"
    rf"|visit\s*(?:#|no\.?|number|id)|claim{_NUM}|billing\s*(?:#|no\.?|number|id)|invoice{_NUM}"
    r"|admission\s*(?:#|no\.?|number|id)|episode\s*(?:#|no\.?|number|id)|case\s*(?:#|no\.?|number)"
    r"|har\s*#|driver'?s?\s*licen[cs]e(?:\s*(?:#|no\.?|number))?|dl\s*#|passport{_NUM}|csn"
    r"|vin|licen[cs]e\s*plate|plate\s*(?:#|no\.?|number)"
    r"|(?:birth|death)\s*certificate(?:\s*(?:#|no\.?|number))?|certificate\s*(?:#|no\.?|number))"
    rf"|(?P<PLAN_ID>member(?:ship)?{_NUM}|subscriber{_NUM}|policy{_NUM}|group\s*(?:#|no\.?|number|id)"
    rf"|insurance{_NUM}|ins\.?\s*(?:id|#)|plan\s*(?:#|no\.?|number|id)|mbi|hicn|medicare{_NUM}"
    rf"|medicaid{_NUM}|medi-?cal{_NUM}|beneficiary{_NUM}|health\s*plan{_NUM}|payer\s*id|cin\s*#)"
    r"|(?P<DEVICE_ID>s/n|sn|serial(?:\s*(?:#|no\.?|num(?:ber)?))?|udi|device\s*(?:id|#|serial)"
    r"|(?:icd|ppm|pacemaker|crt-?[dp]?|lvad|defibrillator|generator|loop recorder|ilr|"
    r"insulin pump|pump|cpap|bipap|cgm|neurostimulator|scs|dbs|vns|hearing aid|cochlear implant)"
    r"(?=\s*[#:]?\s*[a-z]{0,4}-?[0-9]{5})"
    r"|model\s*/\s*serial|imei|generator\s*(?:#|id))"
    r"|(?P<SSN>ssn|s\.s\.n\.|s\s?s\s?n|ss\s*#|ss\s*no\.?|soc(?:ial)?\.?\s*sec(?:urity)?\.?"
    r"(?:\s*(?:#|no\.?|num(?:ber)?|card))?|social)"
    r"|(?P<ZIP>zip(?:\s*code)?|zipcode|postal\s*code|post\s*code)"
    r")(?![a-z])"
)
_FILL = (
    r"(?:\s*(?:[:#=]|\((?!01\))|[-–—]|(?:is|was|of|for|the|this|her|his|pt'?s|patient'?s|no\.?"
    r"|num|number|nos|id|on file|listed as|reads|ending in|ending with|ending|ends in|ends with"
    r"|last 4|last four|identifier"
    r"|beneficiary identifier|card)(?![a-z])))"
)
_VALUE = (
    r"(?P<v>\(01\)[0-9]{14}(?:\([0-9]{2}\)[a-z0-9]{1,20}){0,4}"
    r"|(?:[a-z]{1,5}[-\s]?)?[0-9](?:[a-z0-9]|[-–./](?=[a-z0-9])|\s(?=[0-9]))*)"
)
_LABELLED = re.compile(rf"{_LABELS}{_FILL}{{0,4}}\s*{_VALUE}")  # runs on the lower-case view
# First words of the labels above: the label pattern is tried only where one starts.
_LABEL_WORDS = words(
    """emr ehr epic cerner meditech mrn mrns mr m chart med medical hosp hospital patient pt empi
    unit record health nhs c csn
    acct accts acc account accounts a enc encounter f fin visit claim billing invoice admission
    episode case har driver drivers dl passport member membership subscriber policy group
    insurance ins plan mbi hicn medicare medicaid medi beneficiary payer cin s sn serial udi
    device model imei generator ssn ss soc social icd ppm pacemaker crt lvad defibrillator loop
    ilr insulin pump cpap bipap cgm neurostimulator scs dbs vns hearing cochlear zip zipcode
    postal post vin license licence plate birth death certificate"""
)
_YEAR = re.compile(r"(?:19|20)[0-9]{2}s?")
_LABEL_KINDS = ("MRN", "ACCOUNT", "PLAN_ID", "DEVICE_ID", "SSN", "ZIP")
# An MBI typed without dashes: upper case only, its letter/digit pattern is distinctive.
_MBI_BARE = re.compile(
    r"[1-9](?<![\w-].)[A-Z][A-Z0-9][0-9][A-Z][A-Z0-9][0-9][A-Z]{2}[0-9]{2}(?![\w-])"
)
_MBI = re.compile(
    r"[1-9](?<![\w-].)[A-Za-z][A-Za-z0-9][0-9]-[A-Za-z][A-Za-z0-9][0-9]-[A-Za-z]{2}[0-9]{2}(?![\w-])"
)

# --- phones ----------------------------------------------------------------------------
_EXT = r"(?:\s*(?:x|ext\.?|extension)\s*[0-9]{1,6})?"
_PHONE = re.compile(
    r"(?<![\w/.+-])(?:\+?1[\s.-]?)?(?:\(\s*[2-9][0-9]{2}\s*\)\s*|[2-9][0-9]{2}[\s.-]?)"
    rf"[2-9][0-9]{{2}}[\s.-]?[0-9]{{4}}{_EXT}(?![\w/]|[.-][0-9])"
    rf"|(?<![\w/.+-])[2-9][0-9]{{2}}[.-][0-9]{{4}}{_EXT}(?![\w/]|[.-][0-9])"
    r"|(?<![\w/])\+(?:[0-9][\s.-]?){8,14}[0-9](?![\w/])"
)
# Starts with a digit class, so the engine skips quickly through messages without one.
# "call her at 555 0142": a space-separated local number, only right after a phone cue.
_LOCAL_SPACED = re.compile(
    r"\b(?:call|cell|phone|mobile|number|text|reach|landline|home|tel|ph|#|at)\W{0,3}"
    r"(?P<p>[2-9][0-9]{2} [0-9]{4})(?![\w/]|[.-][0-9])"
)
_PHONE_HINT = re.compile(
    r"[0-9]{3}(?:[\s.)-]{1,3}[0-9]{3})?[\s.-]?[0-9]{4}|[0-9]\s[0-9]{3}\s[0-9]{4}"
)
_UNIT_AFTER = re.compile(
    r"(?i)\s*(?:mg|mcg|µg|ug|ml|l|units?|u|iu|g|kg|mmol|meq|cc|%|mm|cm|km|m|pts?|patients|"
    r"people|copies|cells|steps|calories|kcal|hrs?|hours|days|min|mins|minutes|dollars|usd|"
    r"\$|ms|bpm|rpm)\b"
)
_FAX = re.compile(r"\bfax(?:ed|ing)?\b")

# --- SSN shapes and bare IDs ---------------------------------------------------------
_SSN_DASHED = re.compile(r"[0-9](?<![\w-].)[0-9]{2}-[0-9]{2}-[0-9]{4}(?![\w-])")
_LONG = re.compile(r"[0-9](?<![\w.#/@:$-].)[0-9]{6,11}(?![\w@]|[./-][0-9])")
_NONPHI_BEFORE = re.compile(
    r"(?i)\b(?:pmid|pmcid|pubmed|nct|doi|isbn|issn|npi|dea|lot|batch|ticket|ref|grant|irb|"
    r"protocol|version|tracking|confirmation|order|ndc|cpt|icd|page|vol|n\s*=|population|"
    r"census|salary|budget|cost|costs|price|revenue|funding|award|steps|views|followers|"
    r"downloads|impressions|subscribers|copies)\b[^.;\n]{0,12}$"
)


def _shield_public_ids(ctx: Ctx) -> None:
    for m in _NONPHI_ID.finditer(ctx.lower):
        ctx.shield(m.start(), m.end())


def _labelled(ctx: Ctx) -> None:
    for pos in ctx.at(_LABEL_WORDS):
        m = _LABELLED.match(ctx.lower, pos)
        if m is None:
            continue
        kind = next(k for k in _LABEL_KINDS if m.group(k))
        s, e = m.span("v")
        value = m.group("v").rstrip(" -–./")
        e = s + len(value)
        digits = digits_of(value)
        if kind == "ZIP":
            if len(digits) not in (5, 9) or not value[:5].isdigit():
                continue
        elif kind == "SSN":
            if len(digits) < 4:
                continue
        elif len(digits) < 3 or sum(c.isalnum() for c in value) < 4:
            continue
        elif kind == "DEVICE_ID" and m.group("DEVICE_ID")[:1] not in "su" and len(digits) < 5:
            continue  # "ICD 10", "pump 2": a device word needs a real serial after it
        elif _YEAR.fullmatch(value) and kind != "SSN":
            continue  # "member since 2019", "Medicare 2024 rules": a year, not an id
        if _UNIT_AFTER.match(ctx.text, e) and kind not in ("SSN", "ZIP"):
            continue
        if ctx.shielded(s, e):
            continue
        ctx.add(kind, s, e)


_TOKEN = re.compile(r"[a-z'’]+")
_OWNER_PATIENT = words(
    """pt pts patient patients her his she he him hers husband wife son daughter mom mother mum
    dad father brother sister sibling family neighbor neighbour caregiver hcp poa guardian niece
    nephew grandson granddaughter grandmother grandfather grandma grandpa aunt uncle cousin
    spouse fiance fiancee boyfriend girlfriend partner relative relatives nok kin home landline
    personal emergency employer boss roommate landlord"""
)
_OWNER_OTHER = words(
    """clinic office lab labs laboratory department dept desk scheduling schedule schedulers line
    lines hotline helpline our my me i we us i'm pager page paging switchboard operator pharmacy
    unit ward center centre hospital practice reception triage referral referrals appointments
    intake nurse nurses nursing service services main ext extension answering fellowship program
    coordinator team dr doctor registration billing records helpdesk support vendor rep
    cardiology radiology ask reading fellow fellows attending attendings resident residents
    hospitalist surgeon provider providers physician physicians consult consults oncall rn rns
    ed er icu charge access transfer operator"""
)
_POSSESSORS = words("her his their")


def _cue(word: str) -> tuple[str, bool]:
    """(bare word, possessive?) for a token such as "daughter's"."""
    word = word.replace("’", "'")
    if word.endswith("'s"):
        return word[:-2], True
    return word.rstrip("'"), False


def _phone_is_patient(ctx: Ctx, s: int, e: int) -> bool:
    """Decide a phone's owner from the nearest cue word before it, else the first after it.

    A patient's or relative's own place still makes the number theirs ("daughter's office
    fax", "her work number"); a clinic's, a department's or the author's does not.
    """
    before = _TOKEN.findall(ctx.lower, max(0, s - 60), s)
    for i in range(len(before) - 1, -1, -1):
        word, possessive = _cue(before[i])
        if word in _OWNER_PATIENT:
            return True
        if word in _OWNER_OTHER:
            for j in (i - 1, i - 2):
                if j >= 0:
                    prev, poss = _cue(before[j])
                    if prev in _POSSESSORS or (poss and prev in _OWNER_PATIENT):
                        return True
            return False
        del possessive
    for tok in _TOKEN.findall(ctx.lower, e, min(len(ctx.lower), e + 40)):
        word, _ = _cue(tok)
        if word in _OWNER_PATIENT:
            return True
        if word in _OWNER_OTHER:
            return False
    return True  # a bare number with no owner named: treat it as a person's


def _phones(ctx: Ctx) -> None:
    text = ctx.text
    hint = _PHONE_HINT.search(text)
    if hint is None:
        return
    # The full pattern starts with a look-behind, which makes re try every position; start
    # it just before the first digit run that could be part of a number instead.
    first = max(0, hint.start() - 8)
    matches = [(m.start(), m.end(), m.group()) for m in _PHONE.finditer(text, first)]
    matches += [(m.start("p"), m.end("p"), m.group("p")) for m in _LOCAL_SPACED.finditer(ctx.lower)]
    for s, e, v in matches:
        if ctx.taken(s, e) or _UNIT_AFTER.match(text, e):
            continue
        d = digits_of(v.split("x")[0].split("ext")[0])
        if len(d) in (10, 11) and not v.startswith("+") and not nanp_ok(d):
            continue
        if len(d) == 10 and npi_ok(d) and _NPI_CONTEXT.search(ctx.lower) is not None:
            ctx.shield(s, e)
            continue
        if not _phone_is_patient(ctx, s, e):
            ctx.shield(s, e)  # a clinic's or department's line
            continue
        kind = "FAX" if ctx.last_before(_FAX, s, 30) or "fax" in ctx.lower[e : e + 12] else "PHONE"
        ctx.add(kind, s, e)


def _bare(ctx: Ctx) -> None:
    text = ctx.text
    for m in _SSN_DASHED.finditer(text):
        if ssn_ok(m.group()) and not ctx.taken(m.start(), m.end()):
            ctx.add("SSN", m.start(), m.end())
    for m in (*_MBI.finditer(text), *_MBI_BARE.finditer(text)):
        if mbi_ok(m.group()) and not ctx.taken(m.start(), m.end()):
            ctx.add("PLAN_ID", m.start(), m.end())
    for m in _LONG.finditer(text):
        s, e = m.span()
        if ctx.taken(s, e) or _UNIT_AFTER.match(text, e):
            continue
        if _NONPHI_BEFORE.search(ctx.lower, max(0, s - 30), s):
            continue
        v = m.group()
        if len(v) == 10 and npi_ok(v) and _NPI_CONTEXT.search(ctx.lower) is not None:
            ctx.shield(s, e)  # a physician's NPI, named as such
            continue
        if len(v) == 8 and v[:2] in ("19", "20") and 1 <= int(v[4:6]) <= 12:
            continue  # YYYYMMDD: left to the date rules
        if v.endswith("0000"):
            continue  # 1000000, 2500000: a count or an amount, not an issued number
        kind = "SSN" if len(v) == 9 and ssn_ok(v) and ctx.near(_SSN_WORD, s, e, 40, 10) else "MRN"
        ctx.add(kind, s, e)


_RUN7 = re.compile(r"[0-9]{7}")
_SSN_WORD = re.compile(r"\b(?:ssn|social|soc sec|ss#)")


def shield(ctx: Ctx) -> None:
    """Shield literature and code identifiers (run before every other number rule)."""
    if ctx.digits and (ctx.has(_NONPHI_WORDS) or "10." in ctx.text):
        _shield_public_ids(ctx)


def detect(ctx: Ctx) -> None:
    """Labelled identifiers, then phones, then bare SSN/MBI shapes and long numbers."""
    if ctx.digits >= 3:
        _labelled(ctx)
    if ctx.digits >= 7:
        _phones(ctx)


def detect_bare(ctx: Ctx) -> None:
    """Unlabelled SSN, MBI and long record-like numbers (run last: the weakest rules)."""
    if ctx.digits >= 7 and (_RUN7.search(ctx.text) or "-" in ctx.text):
        _bare(ctx)
