"""Feeds whose content a test changes between polls, in the shapes of real journal feeds
(the same shapes as ``tests/feeds/feeds_samples.py``: PubMed RSS 2.0, NEJM-style RSS 1.0,
Atom with a DOI link only, a conference RSS 2.0, medRxiv RSS 1.0)."""

# ruff: noqa: E501 - sample documents keep their natural line lengths

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from tests.feeds import feeds_samples as S


@dataclass(frozen=True)
class Paper:
    """One article as the feeds below print it."""

    doi: str
    pmid: str
    title: str
    journal: str = "N Engl J Med"
    ptype: str = ""  # PubMed publication type, e.g. "Randomized Controlled Trial"
    note: str = ""  # extra abstract text (an erratum names its original here)


NEJM = Paper(S.NEJM_DOI, S.NEJM_PMID, S.NEJM_TITLE, ptype="Randomized Controlled Trial")
OLD = [
    Paper(f"10.1056/NEJMoa23000{i:02d}", f"3700000{i}", f"Older trial number {i} of statins")
    for i in range(3)
]


def batch(prefix: str, n: int, journal: str = "Lancet") -> list[Paper]:
    """``n`` distinct papers."""
    return [
        Paper(
            f"10.1016/{prefix}.{i}",
            f"39{zlib.crc32(prefix.encode()) % 1000:03d}{i:03d}",
            f"{prefix} study {i} of heart failure outcomes",
            journal,
        )
        for i in range(n)
    ]


def pubmed(papers: Sequence[Paper], fetch_no: int = 1) -> bytes:
    """PubMed search RSS 2.0: links whose tracking parameters change on every fetch, two
    ``dc:identifier`` per item whose order flips between items and between fetches."""
    track = (
        "utm_source=Other&amp;utm_medium=rss&amp;utm_campaign=pubmed-2&amp;utm_content=1xYz"
        f"&amp;fc=2026032{fetch_no % 10}080000&amp;ff=2026032{fetch_no % 10}0805{fetch_no % 60:02d}&amp;v=2.18.0"
    )
    items = []
    for n, p in enumerate(papers):
        ids = [
            f"<dc:identifier>pmid:{p.pmid}</dc:identifier>",
            f"<dc:identifier>doi:{p.doi}</dc:identifier>",
        ]
        if (fetch_no + n) % 2:
            ids.reverse()
        desc = escape(
            f"<p>{p.journal}. 2026 Mar 20. doi: {p.doi}. Online ahead of print.</p>"
            f"<p><b>BACKGROUND:</b> Patients were enrolled in 41 countries. {p.note}</p>"
            f"<p>PMID:{p.pmid} | DOI:{p.doi}</p>"
        )
        cat = f"<category>{p.ptype}</category>" if p.ptype else ""
        items.append(f"""
    <item>
      <title>{escape(p.title)}</title>
      <link>https://pubmed.ncbi.nlm.nih.gov/{p.pmid}/?{track}</link>
      <description>{desc}</description>
      <guid isPermaLink="false">pubmed:{p.pmid}</guid>
      <pubDate>Fri, 20 Mar 2026 08:00:00 -0400</pubDate>
      <dc:creator>Lincoff AM</dc:creator>
      <dc:creator>Colhoun HM</dc:creator>
      <dc:date>2026-03-20</dc:date>
      <dc:source>{p.journal}</dc:source>
      {cat}
      {ids[0]}
      {ids[1]}
    </item>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0">
  <channel>
    <title>pubmed: semaglutide cardiovascular</title>
    <link>https://pubmed.ncbi.nlm.nih.gov/rss/search/1xYz/?limit=20&amp;{track}</link>
    <description>NCBI: db=pubmed; Term=semaglutide cardiovascular</description>{"".join(items)}
  </channel>
</rss>
""".encode()


def rss1(papers: Sequence[Paper]) -> bytes:
    """RSS 1.0 (RDF) as NEJM publishes it: ``prism:doi``, ``dc:date``, ``?af=R`` links."""
    items = "".join(
        f"""
  <item rdf:about="https://www.nejm.org/doi/full/{p.doi}?af=R&amp;rss=currentIssue">
    <title>{escape(p.title)}</title>
    <link>https://www.nejm.org/doi/full/{p.doi}?af=R&amp;rss=currentIssue</link>
    <description>New England Journal of Medicine, Volume 394, Issue 12, March 2026.</description>
    <dc:creator>A. Michael Lincoff, Kirstine Brown-Frandsen, Helen M. Colhoun</dc:creator>
    <dc:date>2026-03-19T21:00:00-05:00</dc:date>
    <dc:type>Original Article</dc:type>
    <prism:doi>{p.doi}</prism:doi>
    <prism:publicationName>N Engl J Med</prism:publicationName>
  </item>"""
        for p in papers
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:prism="http://prismstandard.org/namespaces/basic/2.0/">
  <channel rdf:about="https://www.nejm.org/">
    <title>The New England Journal of Medicine: Table of Contents</title>
    <link>https://www.nejm.org/toc/nejm/medical-journal</link>
    <prism:publicationName>N Engl J Med</prism:publicationName>
  </channel>{items}
</rdf:RDF>
""".encode()


def atom(papers: Sequence[Paper]) -> bytes:
    """Atom 1.0 whose entries carry only a doi.org link (upper-case DOI, no identifier)."""
    entries = "".join(
        f"""
  <entry>
    <title type="html">{escape(p.title)}</title>
    <link rel="alternate" href="https://doi.org/{p.doi.upper()}"/>
    <id>tag:digest.example.org,2026:{p.pmid}</id>
    <updated>2026-03-21T09:00:00Z</updated>
    <author><name>Digest Editors</name></author>
    <summary type="html">&lt;p&gt;Weekly &lt;b&gt;pick&lt;/b&gt;.&lt;/p&gt;</summary>
  </entry>"""
        for p in papers
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Cardiology digest</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2026-03-21T09:00:00Z</updated>
  <link href="https://digest.example.org/"/>{entries}
</feed>
""".encode()


def conference(papers: Sequence[Paper]) -> bytes:
    """A conference news RSS 2.0 that links papers by dx.doi.org with a campaign tag."""
    items = "".join(
        f"<item><title>LBCT: {escape(p.title)}</title>"
        f"<link>http://dx.doi.org/{p.doi}?utm_source=acc</link>"
        "<pubDate>Sat, 28 Mar 2026 14:00:00 GMT</pubDate></item>"
        for p in papers
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>ACC.26 late-breakers</title>'
        f"<link>https://acc.example.org/</link>{items}</channel></rss>"
    ).encode()


def links_rss(items: Sequence[tuple[str, str]], title: str = "Case files") -> bytes:
    """RSS 2.0 whose items have only a title and a link (no DOI, no PMID), as case-report
    blogs and news feeds publish them; ``(title, path)`` each, links on cases.example.org.
    The feed's title stands for the journal of its items."""
    items_xml = "".join(
        f"<item><title>{escape(t)}</title><link>https://cases.example.org{path}</link></item>"
        for t, path in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{escape(title)}</title>'
        f"<link>https://cases.example.org/</link>{items_xml}</channel></rss>"
    ).encode()


MEDRXIV_ID = "2026.03.15.26301234"
MEDRXIV_DOI = "10.1101/" + MEDRXIV_ID


def medrxiv(version: int) -> bytes:
    """A medRxiv subject feed (RSS 1.0) with one preprint at ``version``."""
    return S.medrxiv_rss(version)
