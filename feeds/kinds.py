"""Publication types from feed labels and title cues.

``article``, ``rct``, ``meta-analysis``, ``guideline``, ``review``, ``erratum``,
``retraction``, ``preprint``. Labels (RSS categories, ``dc:type``, ``prism:section`` /
``contentType`` / ``genre``) win over title cues, except the strong title cues of retraction
notices and errata ("Retraction:", "Erratum", "Correction to"…); medRxiv/bioRxiv items are
preprints.
"""

from __future__ import annotations

import re

from .ids import is_preprint_link, is_rxiv_doi
from .model import ArticleType

__all__ = ["classify"]

_SPACE = re.compile(r"\s+")

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
    if doi is not None and is_rxiv_doi(doi):
        return True
    for link in links:
        if is_preprint_link(link):
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
