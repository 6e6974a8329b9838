"""Raw entries -> :class:`~feeds.model.Article` values: identity and fields. Pure functions.

Identity is ``doi:<doi>``, else ``pmid:<pmid>``, else ``link:<canonical link>|<normalised
title>`` (``title:<normalised title>`` when there is no link at all). DOIs are looked for in
``prism:doi`` / ``dc:identifier`` (PubMed has two per item, ``pmid:…`` and ``doi:…``, in
either order), then ``guid``/``id``, then the item's own links; PMIDs likewise. For errata and
retractions, ``corrects`` names the original article when the item does.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urljoin

from .ids import (
    doi_from_identifier,
    doi_from_url,
    dois_in_text,
    link_version,
    pmid_from_identifier,
    pmid_from_url,
    pmids_in_text,
    split_version,
)
from .kinds import classify
from .links import canonical_link
from .model import Article, ArticleType
from .raw import RawEntry, RawFeed
from .text import clean_text, normalize_title, parse_date, snippet, summary

__all__ = ["identity_key", "newest", "normalize_feed", "to_article"]

_MAX_AUTHORS = 100
_MAX_TITLE = 500
_MAX_FIELD = 500

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
        for cand in pmids_in_text(text):
            if cand != pmid:
                return "pmid:" + cand
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
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|\band\b)\s*")
_PUBMED_IDS = re.compile(r"PMID:\s*(\d{1,9})\s*\|\s*DOI:\s*(10\.\d{4,9}/[^\s<\"]+)")


def _authors(raw: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    seen: set[str] = set()
    for item in raw[: 2 * _MAX_AUTHORS]:
        item = item[:_MAX_FIELD]
        text = item.strip() if _PLAIN_NAME.fullmatch(item) else clean_text(item)
        m = _AUTHOR_PAREN.match(text) or _AUTHOR_ANGLE.match(text)
        if m:
            text = m.group(1).strip()
        if ";" in text:
            parts = text.split(";")
        elif text.count(",") >= 2:
            parts = _AUTHOR_SPLIT.split(text)
        else:
            parts = [text]
        for name in parts:
            name = name.strip(" ,;")
            if name and not _EMAIL.match(name) and name not in seen:
                seen.add(name)
                out.append(name)
    return tuple(out[:_MAX_AUTHORS])


def _pubmed_doi(summary: str, pmid: str) -> str | None:
    """PubMed RSS ends each description with ``PMID:<pmid> | DOI:<doi>``; use it when the
    parser kept only one of the two ``dc:identifier`` elements (feedparser keeps the last)."""
    for m in _PUBMED_IDS.finditer(summary):
        if m.group(1) == pmid:
            return doi_from_identifier(m.group(2))
    return None


def _pick_link(entry: RawEntry, base_url: str | None) -> tuple[str | None, list[str]]:
    """The article's main link (absolute) and every own (non-related) link."""
    own: list[str] = []
    main: str | None = None
    for href, rel, typ in entry.links:
        if rel not in ("alternate", "", "bookmark", "self"):
            continue
        absolute = href.startswith(("http://", "https://"))
        url = urljoin(base_url, href) if base_url and not absolute else href
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
    if doi is None and pmid is not None and entry.summary:
        doi = _pubmed_doi(entry.summary, pmid)
    if doi is not None:
        doi, version = split_version(doi)
    if version is None:
        version = next((v for url in own_links if (v := link_version(url)) is not None), None)

    title = snippet(clean_text((entry.title or "")[: 4 * _MAX_TITLE]), _MAX_TITLE)
    text = summary(entry.summary or entry.content or "")
    if not title:
        if not (link or doi or pmid or entry.guid):
            return None
        title = snippet(text, 120) or "(untitled)"
    journal = clean_text(entry.journal[:_MAX_FIELD]) if entry.journal else feed_journal
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
        summary=text,
        corrects=_corrects(kind, title, entry, doi, pmid),
        title_key=normalize_title(title),
    )


def _feed_journal(feed: RawFeed) -> str | None:
    if feed.journal:
        return clean_text(feed.journal)
    title = clean_text((feed.title or "")[:_MAX_FIELD])
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


def newest(articles: tuple[Article, ...], limit: int) -> tuple[Article, ...]:
    """The ``limit`` newest articles, in their feed order.

    Newest by date (published, else updated) where an article has one; articles without
    a date come after every dated one, in feed order (feeds list the newest first).
    """
    if len(articles) <= limit:
        return articles
    ranked = sorted(
        range(len(articles)),
        key=lambda i: (articles[i].published is None, _age(articles[i]), i),
    )
    return tuple(articles[i] for i in sorted(ranked[: max(0, limit)]))


def _age(article: Article) -> float:
    """Sorts the newest first (0 for an article without a date: its rank is by position)."""
    return -article.published.timestamp() if article.published is not None else 0.0
