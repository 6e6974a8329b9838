"""Evidence in answers: DOIs, PMIDs and guideline links are recognised and shown as citations
(title, journal and year when the feed store knows the article); an answer without any is
labelled as opinion, following the WHO's advice to check sources before sharing."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from bot.domain.articles import ArticleLookup
from bot.domain.reply import Item

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["OPINION", "citation_items", "extract_citations"]

OPINION = "opinion (no citation)"

# Crossref's recommended pattern; trailing punctuation is trimmed after the match.
_DOI = re.compile(r"\b(10\.\d{4,9}/[-._;()/:A-Za-z0-9]+)")
_PMID = re.compile(
    r"(?i)(?:\bpmid:?\s*|pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/)(\d{1,8})\b"
)
_URL = re.compile(r"(?i)\bhttps?://[^\s<>\"'`|]+")
# Bodies whose site is guidance as a whole, and hosts whose guideline pages say so in the path.
_GUIDELINE_HOSTS = (
    "nice.org.uk",
    "kdigo.org",
    "goldcopd.org",
    "ginasthma.org",
    "uspreventiveservicestaskforce.org",
    "guidelinecentral.com",
    "nccn.org",
    "sign.ac.uk",
    "easl.eu",
)
_GUIDELINE_PATH = re.compile(r"(?i)guideline|guidance|practice-?parameter|consensus")


def _trim(value: str) -> str:
    value = value.rstrip(".,;:")
    # A DOI may contain parentheses, but a closing one without its opener is prose.
    while value.endswith(")") and value.count("(") < value.count(")"):
        value = value[:-1].rstrip(".,;:")
    return value


def _host(url: str) -> str:
    host = url.split("://", 1)[1].split("/", 1)[0].split(":", 1)[0].lower()
    return host[4:] if host.startswith("www.") else host


def _is_guideline(url: str) -> bool:
    host = _host(url)
    if any(host == h or host.endswith("." + h) for h in _GUIDELINE_HOSTS):
        return True
    path = url.split("://", 1)[1][len(host) :]
    return bool(_GUIDELINE_PATH.search(path))


def extract_citations(text: str) -> list[dict[str, str]]:
    """The citations in an answer, in order of appearance, without repeats."""
    found: dict[tuple[str, str], dict[str, str]] = {}
    for match in _DOI.finditer(text):
        doi = _trim(match.group(1)).lower()
        found.setdefault(("doi", doi), {"kind": "doi", "id": doi, "url": f"https://doi.org/{doi}"})
    for match in _PMID.finditer(text):
        pmid = match.group(1)
        found.setdefault(
            ("pmid", pmid),
            {"kind": "pmid", "id": pmid, "url": f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"},
        )
    for match in _URL.finditer(text):
        url = _trim(match.group(0))
        if _DOI.search(url) or _PMID.search(url) or not _is_guideline(url):
            continue
        found.setdefault(("guideline", url), {"kind": "guideline", "id": url, "url": url})
    return list(found.values())


async def citation_items(core: Core, tenant_id: int, citations: list[dict[str, Any]]) -> list[Item]:
    """Citations as list items, described from the feed store when it knows the article."""
    lookup: ArticleLookup | None = core.services.get("articles")
    items: list[Item] = []
    for cite in citations:
        kind, ident, url = cite.get("kind", ""), cite.get("id", ""), cite.get("url")
        article = None
        if lookup is not None and kind in ("doi", "pmid"):
            article = await lookup.find(
                tenant_id,
                doi=ident if kind == "doi" else None,
                pmid=ident if kind == "pmid" else None,
            )
        if article is not None:
            meta = " ".join(p for p in (article.journal or "", str(article.year or "")) if p)
            label = f"doi:{ident}" if kind == "doi" else f"PMID {ident}"
            items.append(
                Item(article.title, article.link or url, " · ".join(p for p in (meta, label) if p))
            )
        elif kind == "doi":
            items.append(Item(f"doi:{ident}", url))
        elif kind == "pmid":
            items.append(Item(f"PMID {ident}", url))
        else:
            items.append(Item(f"Guideline: {_host(ident)}", url))
    return items
