"""E-mail addresses (plain and spelled out), links and IP addresses."""

from __future__ import annotations

import re

from .context import Ctx
from .validators import ipv4_ok
from .vocab import PUBLIC_HOSTS, RECORD_URL_HOSTS, RECORD_URL_SEGMENTS

_EMAIL = re.compile(
    r"[A-Za-z0-9](?<![\w.+%-].)[A-Za-z0-9._%+-]{0,63}@"
    r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])"
)

# "name at example dot com", "name [at] example [dot] org", "a dot b at example.com".
_DOT = r"(?:\s+dot\s+|\s*[\[(]\s*dot\s*[\])]\s*|\.)"
_AT = r"(?:\s+at\s+|\s*[\[(]\s*(?:at|@)\s*[\])]\s*)"
_TLD = r"(?:com|org|net|edu|gov|io|us|co|uk|ca|info|me|health|mail)"
_SPELLED_EMAIL = re.compile(
    rf"(?i)(?<![\w.])[a-z0-9_%+-]+(?:{_DOT}[a-z0-9_%+-]+){{0,4}}{_AT}"
    rf"[a-z0-9-]+(?:{_DOT}[a-z0-9-]+){{0,3}}{_DOT}{_TLD}\b"
)
_EMAIL_WORDS = frozenset(("email", "e", "mail", "emails", "emailed", "contact", "reach"))
_SPELLED_GATE = re.compile(r"[\[(]\s*(?:at|@|dot)\s*[\])]")
# Starts with a literal ".", so the search skips quickly through messages without a host.
_TLD_HINT = re.compile(
    r"\.(?:com|org|net|edu|gov|io|us|health|care|me|co|app|link|ly|info|uk|ca|de|fr|eu|int)\b"
)

_URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"'`]{2,2000}")
# A bare host with a path ("mychart.example.org/visit/88"), typed without a scheme.
_BARE_URL = re.compile(
    r"(?i)[a-z0-9](?<![@\w./-].)[a-z0-9-]{0,62}\.(?:[a-z0-9-]{1,63}\.){0,5}"
    r"(?:com|org|net|edu|gov|io|us|health|care|me|co|app|link|ly|info|uk|ca|de|fr|eu|int)"
    r"(?:/[^\s<>\"'`]{0,2000})?(?![\w@-])"
)
_TRAIL = ".,;:!?)]}'\"*_~"
_PUBLIC_PATH = re.compile(r"(?i)/doi/|/10\.[0-9]{4,9}/|/pmc/|/pubmed/|/abstract|/fulltext|/article")

_IPV4 = re.compile(
    r"[0-9](?<![\w.].)[0-9]{0,2}\.(?:[0-9]{1,3}\.){2}[0-9]{1,3}(?::[0-9]{1,5})?(?![\w]|\.[0-9])"
)
_IPV6 = re.compile(
    r"(?i)(?<![\w:])(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}"
    r"|(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,5})?)(?![\w:])"
)
_SELF_EMAIL = re.compile(
    r"(?:e-?mail me|reach me|contact me|ping me|message me|write me|my (?:work |office )?"
    r"e-?mail(?: address)?(?: is)?|me at|our (?:office |clinic )?e-?mail(?: is)?)\W{0,6}$"
)
_VERSION = re.compile(
    r"(?:\bv|version|ver\.?|build|release|section|sect?\.?|§|chapter|table|figure|fig\.?|"
    r"class|item|step|rule|paragraph|para\.?|appendix)\s*$"
)
# Unspecified, loopback and netmask addresses belong to no one's device.
_NOT_HOST_IPS = ("0.", "127.", "255.")


def _host(url: str) -> str:
    u = url.lower()
    for p in ("https://", "http://"):
        if u.startswith(p):
            u = u[len(p) :]
            break
    host = re.split(r"[/?#]", u, maxsplit=1)[0]
    host = host.rsplit("@", 1)[-1].split(":", 1)[0]
    return host[4:] if host.startswith("www.") else host


# Medical news and education sites: public pages whatever their path says.
_NEWS = (
    "tctmd", "medpagetoday", "healio", "statnews", "cardiosource", "radcliffe", "pcronline",
    "crtonline", "medscape", "fiercehealthcare", "reuters", "nytimes", "bbc.", "cnn.",
    "hopkinsmedicine", "mayoclinic", "clevelandclinic", "medlineplus", "merckmanuals",
    "statpearls", "ncbi", "nih.gov", "ecgwaves", "amboss", "osmosis", "emcrit", "rebelem",
    "wikem", "aliem", "nejm", "jwatch", "podcast", "spotify", "apple.com",
)  # fmt: skip


def _is_public(url: str) -> bool:
    host = _host(url)
    if any(host == h or host.endswith("." + h) for h in PUBLIC_HOSTS):
        return True
    if host.startswith(("journals.", "journal.", "pubs.", "academic.")) or "journal" in host:
        return True
    if any(n in host for n in _NEWS):
        return True
    return _PUBLIC_PATH.search(url) is not None


_SEGMENT = re.compile(r"[/?&=#;]+")


def _is_record(url: str) -> bool:
    """True when the link points into a record, a shared file, images or a visit."""
    host = _host(url)
    if any(m in host for m in RECORD_URL_HOSTS):
        return True
    rest = url.lower().split(host, 1)[-1] if host else url.lower()
    return any(seg in RECORD_URL_SEGMENTS for seg in _SEGMENT.split(rest))


def _classify(ctx: Ctx, s: int, e: int) -> None:
    url = ctx.text[s:e]
    if _is_public(url) or not _is_record(url):
        # Literature and unknown public pages: keep their digits away from other detectors.
        ctx.shield(s, e)
    else:
        ctx.add("URL", s, e)


# Scanning a whole message with these patterns makes re try every letter as a start (and
# backtrack over the word); instead each one is tried only where its anchor says a value
# can begin: left of an "@", at "http"/"www.", left of a ".com".
_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")
_HOST = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.-")


def _around_at(text: str) -> list[int]:
    """Where the local part of each address before an "@" starts."""
    out = []
    at = text.find("@")
    while at >= 0:
        i = at
        while i > 0 and at - i < 64 and text[i - 1] in _LOCAL:
            i -= 1
        while i < at and not text[i].isalnum():
            i += 1  # a local part starts with a letter or digit
        out.append(i)
        at = text.find("@", at + 1)
    return out


def _starts(low: str, prefixes: tuple[str, ...]) -> list[int]:
    out = []
    for p in prefixes:
        i = low.find(p)
        while i >= 0:
            out.append(i)
            i = low.find(p, i + 1)
    return sorted(set(out))


def _host_starts(low: str) -> list[int]:
    """Where a bare host ending in a known top-level domain starts."""
    out = []
    floor = 0  # never walk back over a host already found: keeps this linear
    for m in _TLD_HINT.finditer(low):
        i = m.start()
        stop = max(floor, i - 253)  # a host name is at most 253 characters
        while i > stop and low[i - 1] in _HOST:
            i -= 1
        out.append(i)
        floor = m.end()
    return out


def _anchored(pattern: re.Pattern[str], text: str, starts: list[int]) -> list[re.Match[str]]:
    """Non-overlapping matches of ``pattern`` beginning at the given offsets."""
    out: list[re.Match[str]] = []
    end = -1
    for pos in sorted(set(starts)):
        if pos < end:
            continue
        m = pattern.match(text, pos)
        if m is not None:
            out.append(m)
            end = m.end()
    return out


def detect(ctx: Ctx) -> None:
    """E-mails, spelled-out e-mails, record-like URLs (public ones shielded) and IPs."""
    text = ctx.text
    low = ctx.lower
    if "@" in text:
        for m in _anchored(_EMAIL, text, _around_at(text)):
            if _SELF_EMAIL.search(low, max(0, m.start() - 24), m.start()):
                ctx.shield(m.start(), m.end())  # the author's own address
            else:
                ctx.add("EMAIL", m.start(), m.end())
    if "dot" in ctx.words or _SPELLED_GATE.search(low) or not ctx.words.isdisjoint(_EMAIL_WORDS):
        for m in _SPELLED_EMAIL.finditer(text):
            v = m.group().lower()
            # "slides at acc.org" is not an address: a plain " at " with a real dot counts
            # only where the message talks about e-mail.
            spelled = " dot " in v or "[" in v or "(" in v
            if not spelled and (ctx.words.isdisjoint(_EMAIL_WORDS) or _is_public(v)):
                continue
            if not ctx.taken(m.start(), m.end()):
                ctx.add("EMAIL", m.start(), m.end())
    if "://" in text or "www." in low:
        for m in _anchored(_URL, text, _starts(low, ("http://", "https://", "www."))):
            s, e = m.span()
            while e > s and text[e - 1] in _TRAIL:
                e -= 1
            _classify(ctx, s, e)
    if "." in text and _TLD_HINT.search(low):
        for m in _anchored(_BARE_URL, text, _host_starts(low)):
            s, e = m.span()
            while e > s and text[e - 1] in _TRAIL:
                e -= 1
            if ctx.taken(s, e):
                continue
            _classify(ctx, s, e)
    if ctx.digits >= 4 and text.count(".") >= 3:
        for m in _IPV4.finditer(text):
            s, e = m.span()
            v = m.group()
            if not ipv4_ok(v) or ctx.shielded(s, e) or v.startswith(_NOT_HOST_IPS):
                continue
            if _VERSION.search(low, max(0, s - 14), s):
                continue  # "version 10.4.2.1", "section 8.2.4.45"
            ctx.add("IP", s, e)
    if "::" in text or text.count(":") >= 7:
        for m in _IPV6.finditer(text):
            v = m.group()
            if sum(c.isdigit() for c in v) >= 1 and len(v) >= 6 and not ctx.shielded(*m.span()):
                ctx.add("IP", m.start(), m.end())
