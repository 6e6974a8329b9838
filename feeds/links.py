"""Canonical links: the article URL without tracking parameters.

Feeds decorate links with parameters that change on every fetch (PubMed's
``?utm_source=…&fc=…&ff=…&v=…``) or identify the campaign (``utm_*``, ``af=R``, ``rss=1``…).
Removing them makes one article's link the same in every feed and every poll.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit, urlunsplit

__all__ = ["canonical_link"]

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
