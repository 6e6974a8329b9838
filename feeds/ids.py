"""Article identifiers: DOIs and PMIDs, found in identifier strings, links and text.

DOIs come bare and lower case (``10.1056/nejmoa2300000``): prefixes such as ``doi:``,
``info:doi/``, ``https://doi.org/`` and ``http://dx.doi.org/`` are removed, URL escapes
decoded. medRxiv/bioRxiv versions (``…v2``) are split off by :func:`split_version`.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

__all__ = [
    "PREPRINT_HOSTS",
    "doi_from_identifier",
    "doi_from_url",
    "dois_in_text",
    "is_preprint_link",
    "is_rxiv_doi",
    "link_version",
    "pmid_from_identifier",
    "pmid_from_url",
    "pmids_in_text",
    "split_version",
]

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
PREPRINT_HOSTS = ("medrxiv.org", "biorxiv.org", "arxiv.org", "researchsquare.com", "ssrn.com")

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
    if "%" in value:
        value = unquote(value)
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
        doi = m.group(1)
        if "/article/doi/" in path.lower():  # Silverchair: /article/doi/<doi>/<id>/<slug>
            segments = doi.split("/")
            keep = 2 + next(
                (i for i, seg in enumerate(segments[2:]) if seg.isdigit()), len(segments)
            )
            doi = "/".join(segments[:keep])
        return _strip_doi(doi)
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


def pmids_in_text(text: str) -> list[str]:
    """Every ``PMID: 123`` mentioned in free text."""
    return [m.group(1) for m in _PMID_TEXT.finditer(text)]


def is_rxiv_doi(doi: str) -> bool:
    """True for a medRxiv/bioRxiv DOI (``10.1101/2024.01.15.24301234``)."""
    return _RXIV_DOI.match(doi) is not None


def is_preprint_link(url: str) -> bool:
    """True for a link to a preprint server (medRxiv, bioRxiv, arXiv, Research Square, SSRN)."""
    lowered = url.lower()
    if not any(host in lowered for host in PREPRINT_HOSTS):
        return False
    return (urlsplit(url).hostname or "").lower().endswith(PREPRINT_HOSTS)


def link_version(url: str) -> int | None:
    """The preprint version a medRxiv/bioRxiv/arXiv link names (``…v2.full`` -> 2)."""
    if not is_preprint_link(url):
        return None
    m = _LINK_VERSION.search(urlsplit(url).path)
    return int(m.group(1)) if m else None
