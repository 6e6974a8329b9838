"""Identity and fields: raw entries -> :class:`~feeds.model.Article` values. Pure functions.

Identity is ``doi:<doi>``, else ``pmid:<pmid>``, else ``link:<canonical link>|<normalised
title>``. DOIs are found in ``prism:doi``, ``dc:identifier`` (PubMed has two per item,
``pmid:…`` and ``doi:…``, in either order), ``guid``/``id``, and links (doi.org, ``/doi/…``
paths, medRxiv/bioRxiv content paths); prefixes (``doi:``, ``info:doi/``, resolver URLs) are
removed and the DOI lower-cased. Preprint versions (``…v2``) are split off so that every
version of one DOI has one key.
"""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from feedparser.datetimes import _parse_date

from .model import Article, ArticleType
from .raw import RawEntry, RawFeed

__all__ = [
    "SUMMARY_LIMIT",
    "canonical_link",
    "classify",
    "clean_text",
    "doi_from_identifier",
    "doi_from_url",
    "dois_in_text",
    "identity_key",
    "normalize_feed",
    "normalize_title",
    "parse_date",
    "pmid_from_identifier",
    "pmid_from_url",
    "split_version",
    "to_article",
]

SUMMARY_LIMIT = 300
_MAX_AUTHORS = 100

# --- DOIs and PMIDs ---------------------------------------------------------------------

_DOI_BARE = re.compile(r"10\.\d{4,9}/\S+")
_DOI_IN_TEXT = re.compile(r"\b10\.\d{4,9}/[^\s\"'<>]+")
_DOI_PREFIX = re.compile(
    r"^\s*(?:doi\s*:\s*|info:doi/|urn:doi:|"
    r"https?://(?:dx\.|www\.)?doi\.org/|doi\.org/)",
    re.IGNORECASE,
)
_DOI_PATH = re.compile(
    r"/doi/(?:(?:abs|full|pdf|epdf|pdfdirect|epub|reader|book|fullpdf)/)?(10\.\d{4,9}/[^?#]+)",
    re.IGNORECASE,
)
_RXIV_CONTENT = re.compile(r"/content/(10\.1101/[^?#]+?)(?:\.full|\.abstract|\.full\.pdf|/)?$")
_RXIV_SHORT = re.compile(r"/content/(?:short|early/\d{4}/\d{2}/\d{2})/([\d.]+?)(v\d+)?(?:[/?#]|$)")
_RXIV_DOI = re.compile(r"^10\.1101/(?:\d{4}\.\d{2}\.\d{2}\.)?\d{6,}")
_VERSION = re.compile(r"^(.*?\d)v(\d{1,3})$")
_LINK_VERSION = re.compile(r"v(\d{1,3})(?:\.full(?:\.pdf|-text)?|\.abstract|\.article-info)?/?$")
_TRAILING = ".,;:)]}>'\""
_DOI_HOSTS = frozenset({"doi.org", "dx.doi.org", "www.doi.org"})
_PREPRINT_HOSTS = ("medrxiv.org", "biorxiv.org", "arxiv.org", "researchsquare.com", "ssrn.com")

_PMID_ID = re.compile(r"^\s*(?:pmid|pubmed|info:pmid/|medline)\s*[:/]?\s*(\d{1,9})\s*$", re.I)
_PMID_TEXT = re.compile(r"\bPMID\s*:?\s*(\d{1,9})\b")
_PUBMED_PATH = re.compile(r"^/(?:pubmed/)?(\d{1,9})/?$")


def _strip_doi(doi: str) -> str:
    return unquote(doi).strip().rstrip(_TRAILING).lower()


def split_version(doi: str) -> tuple[str, int | None]:
    """``("10.1101/2024.01.15.24301234v2")`` -> ``("10.1101/2024.01.15.24301234", 2)``.

    Only medRxiv/bioRxiv-style DOIs carry versions; other DOIs are returned unchanged.
    """
    if doi.startswith("10.1101/"):
        m = _VERSION.match(doi)
        if m:
            return m.group(1), int(m.group(2))
    return doi, None


def doi_from_identifier(text: str) -> str | None:
    """The DOI an identifier string names (``doi:10.1/X``, ``https://doi.org/10.1/X``…)."""
    value = _DOI_PREFIX.sub("", text, count=1).strip()
    if value.lower().startswith(("http://", "https://")):
        return doi_from_url(value)
    if _DOI_BARE.fullmatch(value):
        return _strip_doi(value)
    return None


def doi_from_url(url: str) -> str | None:
    """The DOI a link points to: doi.org links, ``/doi/10…`` paths, medRxiv/bioRxiv paths."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    path = unquote(parts.path)
    if host in _DOI_HOSTS:
        doi = path.lstrip("/")
        return _strip_doi(doi) if _DOI_BARE.fullmatch(doi) else None
    m = _DOI_PATH.search(path)
    if m:
        return _strip_doi(m.group(1))
    if host.endswith(("medrxiv.org", "biorxiv.org")):
        m = _RXIV_CONTENT.search(path)
        if m:
            return _strip_doi(m.group(1))
        m = _RXIV_SHORT.search(path)
        if m:
            return _strip_doi("10.1101/" + m.group(1) + (m.group(2) or ""))
    for key, _, value in (p.partition("=") for p in parts.query.split("&")):
        if key.lower() == "doi" and value:
            return doi_from_identifier(unquote(value))
    return None


def dois_in_text(text: str) -> list[str]:
    """Every DOI mentioned in free text (lower case, trailing punctuation removed)."""
    return [_strip_doi(m.group(0)) for m in _DOI_IN_TEXT.finditer(text)]


def pmid_from_identifier(text: str) -> str | None:
    """``pmid:123``, ``info:pmid/123``, ``pubmed:123`` -> ``"123"``."""
    m = _PMID_ID.match(text)
    return m.group(1) if m else None


def pmid_from_url(url: str) -> str | None:
    """The PMID of a PubMed link (``pubmed.ncbi.nlm.nih.gov/123/``, ``…/pubmed/123``)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if host not in ("pubmed.ncbi.nlm.nih.gov", "www.ncbi.nlm.nih.gov", "ncbi.nlm.nih.gov"):
        return None
    m = _PUBMED_PATH.match(parts.path)
    if m and (host.startswith("pubmed") or parts.path.startswith("/pubmed/")):
        return m.group(1)
    return None


# --- links ------------------------------------------------------------------------------

_TRACKING = frozenset(
    {
        "fc", "ff", "v", "dopt", "access_num", "rss", "af", "ai", "ui", "mi", "fbclid",
        "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_hsenc", "_hsmi", "ito", "cmpid",
        "cmp", "ncid", "sc_cid", "rssfeed", "guestaccesskey", "wt.mc_id", "src", "ref",
        "ref_src", "referrer", "cid", "feed", "feedtype", "sid", "campaign", "trk", "spm",
        "igshid", "yclid", "oly_enc_id", "oly_anon_id", "vero_id", "at_medium", "at_campaign",
    }
)  # fmt: skip
_KEEP_V = ("youtube.com", "youtu.be")
_DROP_ALL_QUERY = frozenset({"pubmed.ncbi.nlm.nih.gov"})


def _tracking(name: str, host: str) -> bool:
    key = unquote(name).lower()
    if key.startswith(("utm_", "utm-", "pk_", "mtm_", "hmb_")):
        return True
    if key == "v" and host.endswith(_KEEP_V):
        return False
    if key == "query" and host.endswith("nejm.org"):
        return True
    return key in _TRACKING


def canonical_link(url: str) -> str:
    """``url`` without tracking parameters or fragment, scheme and host lower-cased.

    PubMed's ``?utm_source=…&fc=…&ff=…&v=…`` (different on every fetch), ``utm_*``,
    ``af=R``, ``rss=1``, ``dopt``, ``access_num``… are removed; other parameters keep their
    order and encoding.
    """
    raw = url.strip()
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        return raw
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if not host:
        return raw.split("#", 1)[0]
    netloc = host if ":" not in host else f"[{host}]"
    if port is not None and (scheme, port) not in (("http", 80), ("https", 443)):
        netloc += f":{port}"
    if host in _DROP_ALL_QUERY:
        query = ""
    else:
        kept = [p for p in parts.query.split("&") if p and not _tracking(p.split("=")[0], host)]
        query = "&".join(kept)
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


# --- text -------------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_NON_WORD = re.compile(r"[\W_]+")


def clean_text(text: str, *, inline: bool = True) -> str:
    """Plain text from HTML or plain text: tags removed, entities decoded, spaces collapsed.

    ``inline`` removes tags without a trace (titles: ``H<sub>2</sub>O``); otherwise each tag
    becomes a space (summaries: ``<p>…</p><p>…</p>``).
    """
    repl = "" if inline else " "
    if "<" in text:
        text = _TAG.sub(repl, text)
    if "&" in text:
        text = html.unescape(text)
        if "<" in text:  # escaped markup, e.g. an RSS description of escaped HTML
            text = _TAG.sub(repl, text)
    return " ".join(text.split())


def _snippet(text: str, limit: int = SUMMARY_LIMIT) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(".,;: ")
    return cut + "…"


def _summary(raw: str, limit: int = SUMMARY_LIMIT) -> str:
    """The snippet of a long HTML text, cleaning only as much of it as the snippet needs."""
    window = 4 * limit
    while len(raw) > window:
        head = raw[:window]
        lt, amp = head.rfind("<"), head.rfind("&")
        if lt > head.rfind(">"):
            head = head[:lt]
        if amp > head.rfind(";"):
            head = head[:amp]
        text = clean_text(head, inline=False)
        if len(text) > limit + 1:
            return _snippet(text, limit)
        window *= 4
    return _snippet(clean_text(raw, inline=False), limit)


def normalize_title(title: str) -> str:
    """A title for comparison: no markup, accents or punctuation, case-folded, single spaces."""
    text = unicodedata.normalize("NFKD", clean_text(title))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _SPACE.sub(" ", _NON_WORD.sub(" ", text.casefold())).strip()


def parse_date(text: str | None) -> datetime | None:
    """An aware UTC datetime from RFC 822, ISO 8601/W3DTF or any format feedparser knows."""
    if not text:
        return None
    t = text.strip()
    if not t:
        return None
    dt: datetime | None = None
    if t[0].isdigit():
        try:
            dt = datetime.fromisoformat(t)
        except ValueError:
            dt = None
    if dt is None and any(c.isalpha() for c in t[:4]):
        try:
            dt = parsedate_to_datetime(t)
        except (TypeError, ValueError, IndexError, OverflowError):
            dt = None
    if dt is None:
        try:
            parsed = _parse_date(t)
        except (ValueError, OverflowError, TypeError, IndexError):
            parsed = None
        if parsed is None:
            return None
        try:
            dt = datetime(
                parsed.tm_year,
                parsed.tm_mon,
                parsed.tm_mday,
                parsed.tm_hour,
                parsed.tm_min,
                parsed.tm_sec,
                tzinfo=UTC,
            )
        except (ValueError, OverflowError):
            return None
    try:
        dt = dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
    return dt if 1900 <= dt.year <= 2200 else None


# --- publication type -------------------------------------------------------------------

_T_RETRACTION = re.compile(
    r"^\s*(?:notice of retraction|retraction(?: note| notice| statement)?|retracted(?: article)?"
    r"|withdrawal|withdrawn)\b",
    re.IGNORECASE,
)
_T_ERRATUM = re.compile(
    r"^\s*(?:errat(?:um|a)|corrigend(?:um|a)|(?:author |publisher )?correction(?: notice)?"
    r"|notice of correction|errors? in (?:the )?(?:figure|table|text|results|methods|abstract"
    r"|author|byline|affiliation|data|supplement|discussion|key points|conflict))\b",
    re.IGNORECASE,
)
_T_META = re.compile(r"\bmeta[\s-]?analys[ie]s\b|\bmeta[\s-]?regression\b", re.IGNORECASE)
_T_RCT = re.compile(
    r"(?<!non-)(?<!non)(?<!quasi-)\brandomi[sz]ed\b|\bcontrolled trial\b", re.IGNORECASE
)
_T_GUIDELINE = re.compile(
    r"\bguidelines?\b|\bconsensus statement\b|\bscientific statement\b|\bpractice parameter\b"
    r"|\bposition statement\b",
    re.IGNORECASE,
)
_T_GUIDELINE_NOT = re.compile(
    r"adheren|concordan|guideline[\s-](?:directed|recommended|based)|compliance", re.IGNORECASE
)
_T_REVIEW = re.compile(
    r"\b(?:systematic|narrative|scoping|umbrella|literature|state-of-the-art) review\b"
    r"|^\s*review\s*:|:\s*a review\b|\ba review of\b",
    re.IGNORECASE,
)

_CATEGORY_TYPES: dict[str, ArticleType] = {
    "randomized controlled trial": "rct",
    "randomised controlled trial": "rct",
    "randomized clinical trial": "rct",
    "randomized trial": "rct",
    "meta-analysis": "meta-analysis",
    "meta analysis": "meta-analysis",
    "systematic review and meta-analysis": "meta-analysis",
    "network meta-analysis": "meta-analysis",
    "practice guideline": "guideline",
    "guideline": "guideline",
    "guidelines": "guideline",
    "clinical practice guideline": "guideline",
    "consensus statement": "guideline",
    "scientific statement": "guideline",
    "consensus development conference": "guideline",
    "review": "review",
    "review article": "review",
    "reviews": "review",
    "systematic review": "review",
    "narrative review": "review",
    "state-of-the-art review": "review",
    "published erratum": "erratum",
    "erratum": "erratum",
    "errata": "erratum",
    "correction": "erratum",
    "corrections": "erratum",
    "corrigendum": "erratum",
    "author correction": "erratum",
    "publisher correction": "erratum",
    "retraction of publication": "retraction",
    "retraction": "retraction",
    "retraction notice": "retraction",
    "retraction note": "retraction",
    "retractions": "retraction",
    "notice of retraction": "retraction",
    "preprint": "preprint",
}
_PRECEDENCE: tuple[ArticleType, ...] = (
    "retraction",
    "erratum",
    "preprint",
    "meta-analysis",
    "rct",
    "guideline",
    "review",
    "article",
)


def _is_preprint(doi: str | None, links: list[str], journal: str | None) -> bool:
    if doi is not None and _RXIV_DOI.match(doi):
        return True
    for link in links:
        host = (urlsplit(link).hostname or "").lower()
        if host.endswith(_PREPRINT_HOSTS):
            return True
    return journal is not None and journal.lower().strip() in ("medrxiv", "biorxiv")


def classify(
    title: str,
    labels: list[str],
    *,
    doi: str | None = None,
    links: list[str] | None = None,
    journal: str | None = None,
) -> ArticleType:
    """The publication type from feed labels (categories, ``dc:type``, ``prism:*``) and title.

    Labels win over title cues, except the strong title cues of retraction notices and
    errata; medRxiv/bioRxiv items are preprints.
    """
    found: set[ArticleType] = set()
    for label in labels:
        t = _CATEGORY_TYPES.get(_SPACE.sub(" ", label.strip().lower()))
        if t is not None:
            found.add(t)
    if _T_RETRACTION.search(title):
        found.add("retraction")
    elif _T_ERRATUM.search(title):
        found.add("erratum")
    if _is_preprint(doi, links or [], journal):
        found.add("preprint")
    if not found - {"preprint"}:
        if _T_META.search(title):
            found.add("meta-analysis")
        elif _T_RCT.search(title):
            found.add("rct")
        elif _T_GUIDELINE.search(title) and not _T_GUIDELINE_NOT.search(title):
            found.add("guideline")
        elif _T_REVIEW.search(title):
            found.add("review")
    for t in _PRECEDENCE:
        if t in found:
            return t
    return "article"


_CORRECTED_TITLE = re.compile(
    r"^\s*(?:notice of retraction(?: and replacement)?|retraction(?: note| notice)?"
    r"|retracted(?: article)?|errat(?:um|a)|corrigend(?:um|a)|(?:author |publisher )?correction"
    r"|notice of correction)\s*(?:of|to|for|on)?\s*[:\-–—]?\s*(?:to\s*:?\s*)?"
    r"[\"“‘']?(.+?)[\"”’']?\s*$",
    re.IGNORECASE,
)


def _corrects(
    article_type: ArticleType, title: str, entry: RawEntry, doi: str | None, pmid: str | None
) -> str | None:
    """For errata and retractions: the original article's ``doi:``/``pmid:``/``title:``."""
    if article_type not in ("erratum", "retraction"):
        return None
    texts = [*entry.relations, entry.summary or "", entry.content or ""]
    texts += [href for href, rel, _ in entry.links if rel in ("related", "via")]
    for text in texts:
        for cand in dois_in_text(unquote(text)):
            cand = split_version(cand)[0]
            if cand != doi:
                return "doi:" + cand
    for text in texts:
        for m in _PMID_TEXT.finditer(text):
            if m.group(1) != pmid:
                return "pmid:" + m.group(1)
    tm = _CORRECTED_TITLE.match(title)
    if tm:
        original = normalize_title(tm.group(1))
        if original and len(original) > 3:
            return "title:" + original
    return None


# --- entries ----------------------------------------------------------------------------

_PUBLISHED_KEYS = (
    "published", "pubDate", "issued", "prism:publicationDate", "dc:date", "created",
    "prism:coverDate",
)  # fmt: skip
_UPDATED_KEYS = ("updated", "modified")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
_AUTHOR_PAREN = re.compile(r"^\s*[^@\s]+@[^@\s]+\s*\((.+)\)\s*$")
_AUTHOR_ANGLE = re.compile(r"^\s*(.+?)\s*<[^<>@\s]+@[^<>\s]+>\s*$")
_PLAIN_NAME = re.compile(r"[^<>&@;,\s][^<>&@;]*")
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|,| and )\s*")


def _authors(raw: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    seen: set[str] = set()
    for item in raw:
        text = item.strip() if _PLAIN_NAME.fullmatch(item) else clean_text(item)
        m = _AUTHOR_PAREN.match(text) or _AUTHOR_ANGLE.match(text)
        if m:
            text = m.group(1).strip()
        parts = (
            _AUTHOR_SPLIT.split(text) if ";" in text or text.count(",") >= 2 else [text]
        )
        for name in parts:
            name = name.strip(" ,;")
            if name and not _EMAIL.match(name) and name not in seen:
                seen.add(name)
                out.append(name)
    return tuple(out[:_MAX_AUTHORS])


def _pick_link(entry: RawEntry, base_url: str | None) -> tuple[str | None, list[str]]:
    """The article's main link (absolute) and every own (non-related) link."""
    own: list[str] = []
    main: str | None = None
    for href, rel, typ in entry.links:
        if rel not in ("alternate", "", "bookmark", "self"):
            continue
        url = urljoin(base_url, href) if base_url else href
        own.append(url)
        if main is None and rel in ("alternate", "") and (not typ or "html" in typ):
            main = url
    if main is None and own:
        main = own[0]
    if main is None and entry.guid and entry.guid_is_link:
        main = entry.guid
        own.append(main)
    return main, own


def identity_key(doi: str | None, pmid: str | None, link: str | None, title: str) -> str:
    """``doi:…`` else ``pmid:…`` else ``link:<canonical link>|<normalised title>``."""
    if doi:
        return "doi:" + doi
    if pmid:
        return "pmid:" + pmid
    norm = normalize_title(title)
    if link:
        return f"link:{canonical_link(link)}|{norm}"
    return "title:" + norm


def to_article(
    entry: RawEntry, *, base_url: str | None = None, feed_journal: str | None = None
) -> Article | None:
    """Normalise one raw entry; ``None`` when it has neither a title, a link nor an id."""
    link, own_links = _pick_link(entry, base_url)
    doi: str | None = None
    pmid: str | None = None
    version: int | None = None
    for ident in entry.identifiers:
        if doi is None:
            doi = doi_from_identifier(ident)
        if pmid is None:
            pmid = pmid_from_identifier(ident)
    if entry.guid:
        if doi is None:
            doi = doi_from_identifier(entry.guid)
        if pmid is None:
            pmid = pmid_from_identifier(entry.guid) or pmid_from_url(entry.guid)
    for url in own_links:
        if doi is None:
            doi = doi_from_url(url)
        if pmid is None:
            pmid = pmid_from_url(url)
    if doi is not None:
        doi, version = split_version(doi)
    if version is None:
        for url in own_links:
            host = (urlsplit(url).hostname or "").lower()
            if host.endswith(_PREPRINT_HOSTS):
                m = _LINK_VERSION.search(urlsplit(url).path)
                if m:
                    version = int(m.group(1))
                    break

    title = clean_text(entry.title or "")
    summary = _summary(entry.summary or entry.content or "")
    if not title:
        if not (link or doi or pmid or entry.guid):
            return None
        title = _snippet(summary, 120) or "(untitled)"
    journal = clean_text(entry.journal) if entry.journal else feed_journal
    kind = classify(
        title, [*entry.types, *entry.categories], doi=doi, links=own_links, journal=journal
    )
    published = next(
        (d for k in _PUBLISHED_KEYS if (d := parse_date(entry.dates.get(k))) is not None), None
    )
    updated = next(
        (d for k in _UPDATED_KEYS if (d := parse_date(entry.dates.get(k))) is not None), None
    )
    link_out = canonical_link(link) if link else None
    if link_out is None and entry.guid and not entry.guid_is_link and doi:
        link_out = "https://doi.org/" + doi
    return Article(
        key=identity_key(doi, pmid, link_out or (entry.guid or None), title),
        title=title,
        link=link_out,
        doi=doi,
        pmid=pmid,
        published=published or updated,
        updated=updated,
        authors=_authors(entry.authors),
        journal=journal or None,
        type=kind,
        version=version,
        summary=summary,
        corrects=_corrects(kind, title, entry, doi, pmid),
    )


def _feed_journal(feed: RawFeed) -> str | None:
    if feed.journal:
        return clean_text(feed.journal)
    title = clean_text(feed.title or "")
    if not title or title.lower().startswith("pubmed"):
        return None
    return title


def normalize_feed(feed: RawFeed, base_url: str | None = None) -> tuple[Article, ...]:
    """All articles of a feed, one per identity key (the first occurrence wins)."""
    journal = _feed_journal(feed)
    seen: set[str] = set()
    out: list[Article] = []
    for entry in feed.entries:
        article = to_article(entry, base_url=base_url, feed_journal=journal)
        if article is not None and article.key not in seen:
            seen.add(article.key)
            out.append(article)
    return tuple(out)
