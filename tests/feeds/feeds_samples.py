"""Sample feeds for the feeds tests: realistic shapes and hostile documents (bytes)."""

# ruff: noqa: E501 - sample documents keep their natural line lengths

from __future__ import annotations

import functools
import gzip
import zlib
from html import escape

NEJM_DOI = "10.1056/NEJMoa2401234"
NEJM_PMID = "38712345"
NEJM_TITLE = "Semaglutide and Cardiovascular Outcomes in Obesity without Diabetes"


def pubmed_rss(fetch_no: int = 1, *, reverse_ids: bool = False) -> bytes:
    """PubMed search RSS 2.0: tracking params that change per fetch, two dc:identifier."""
    track = (
        "utm_source=Other&amp;utm_medium=rss&amp;utm_campaign=pubmed-2&amp;utm_content=1xYz"
        f"&amp;fc=2026032{fetch_no}080000&amp;ff=2026032{fetch_no}080512&amp;v=2.18.0.post9+e462414"
    )
    items = []
    rows = [
        (NEJM_PMID, NEJM_DOI, NEJM_TITLE, "N Engl J Med", "Randomized Controlled Trial"),
        ("38712346", "10.1016/S0140-6736(24)00001-2", "Colchicine after myocardial infarction: "
         "a randomised, double-blind trial", "Lancet", ""),
        ("38712347", "10.1001/jama.2024.0001", "SGLT2 inhibitors in heart failure: a systematic "
         "review and meta-analysis", "JAMA", ""),
        ("38712348", "10.1056/NEJMx240009", "Erratum: Semaglutide and Cardiovascular Outcomes "
         "in Obesity without Diabetes", "N Engl J Med", "Published Erratum"),
    ]
    for n, (pmid, doi, title, journal, ptype) in enumerate(rows):
        ids = [f"<dc:identifier>pmid:{pmid}</dc:identifier>",
               f"<dc:identifier>doi:{doi}</dc:identifier>"]
        if reverse_ids ^ (n % 2 == 1):
            ids.reverse()
        extra = ""
        if ptype == "Published Erratum":
            extra = f"Erratum for: {NEJM_TITLE}. N Engl J Med. 2026;394:1-12. doi: {NEJM_DOI}."
        desc = escape(
            f"<p>{journal}. 2026 Mar 20. doi: {doi}. Online ahead of print.</p>"
            f"<p><b>BACKGROUND:</b> Patients were enrolled in 41 countries. {extra}</p>"
            f"<p>PMID:{pmid} | DOI:{doi}</p>"
        )
        cat = f"<category>{ptype}</category>" if ptype else ""
        items.append(f"""
    <item>
      <title>{escape(title)}</title>
      <link>https://pubmed.ncbi.nlm.nih.gov/{pmid}/?{track}</link>
      <description>{desc}</description>
      <content:encoded><![CDATA[<p>{journal}. doi: {doi}</p><p>Long abstract…</p>]]></content:encoded>
      <guid isPermaLink="false">pubmed:{pmid}</guid>
      <pubDate>Fri, 20 Mar 2026 08:00:00 -0400</pubDate>
      <dc:creator>Lincoff AM</dc:creator>
      <dc:creator>Brown-Frandsen K</dc:creator>
      <dc:creator>Colhoun HM</dc:creator>
      <dc:date>2026-03-20</dc:date>
      <dc:source>{journal}</dc:source>
      {cat}
      {ids[0]}
      {ids[1]}
    </item>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom" version="2.0">
  <channel>
    <title>pubmed: semaglutide cardiovascular</title>
    <link>https://pubmed.ncbi.nlm.nih.gov/rss/search/1xYz/?limit=20&amp;{track}</link>
    <description>NCBI: db=pubmed; Term=semaglutide cardiovascular</description>
    <atom:link href="https://pubmed.ncbi.nlm.nih.gov/rss/search/1xYz/?limit=20" rel="self"/>
    <language>en</language>
    <lastBuildDate>Fri, 20 Mar 2026 12:00:00 +0000</lastBuildDate>{"".join(items)}
  </channel>
</rss>
""".encode()


def nejm_rss1() -> bytes:
    """RSS 1.0 (RDF) as NEJM/Atypon publish it: prism:doi, dc:date, dc:type, ?af=R links."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:prism="http://prismstandard.org/namespaces/basic/2.0/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel rdf:about="https://www.nejm.org/">
    <title>The New England Journal of Medicine: Table of Contents</title>
    <link>https://www.nejm.org/toc/nejm/medical-journal</link>
    <prism:publicationName>N Engl J Med</prism:publicationName>
    <items><rdf:Seq><rdf:li rdf:resource="https://www.nejm.org/doi/full/{NEJM_DOI}?af=R&amp;rss=currentIssue"/></rdf:Seq></items>
  </channel>
  <item rdf:about="https://www.nejm.org/doi/full/{NEJM_DOI}?af=R&amp;rss=currentIssue">
    <title>{NEJM_TITLE}</title>
    <link>https://www.nejm.org/doi/full/{NEJM_DOI}?af=R&amp;rss=currentIssue</link>
    <description>New England Journal of Medicine, Volume 394, Issue 12, Page 1-12, March 2026.</description>
    <dc:title>{NEJM_TITLE}</dc:title>
    <dc:creator>A. Michael Lincoff, Kirstine Brown-Frandsen, Helen M. Colhoun</dc:creator>
    <dc:date>2026-03-19T21:00:00-05:00</dc:date>
    <dc:type>Original Article</dc:type>
    <prism:doi>{NEJM_DOI}</prism:doi>
    <prism:publicationName>N Engl J Med</prism:publicationName>
    <prism:section>Original Article</prism:section>
  </item>
  <item rdf:about="https://www.nejm.org/doi/full/10.1056/NEJMra2400002?af=R">
    <title>Management of Hypertrophic Cardiomyopathy</title>
    <link>https://www.nejm.org/doi/full/10.1056/NEJMra2400002?af=R</link>
    <dc:date>2026-03-19T21:00:00-05:00</dc:date>
    <dc:type>Review Article</dc:type>
    <prism:doi>10.1056/NEJMra2400002</prism:doi>
  </item>
</rdf:RDF>
""".encode()


def atom_doi_only() -> bytes:
    """Atom 1.0 whose entries carry only a doi.org link (no identifier elements)."""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Cardiology digest</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2026-03-21T09:00:00Z</updated>
  <link href="https://digest.example.org/"/>
  <entry>
    <title type="html">{escape(NEJM_TITLE)}</title>
    <link rel="alternate" href="https://doi.org/{NEJM_DOI.upper()}"/>
    <id>tag:digest.example.org,2026:entry-1</id>
    <updated>2026-03-21T09:00:00Z</updated>
    <author><name>Digest Editors</name></author>
    <summary type="html">&lt;p&gt;Weekly &lt;b&gt;pick&lt;/b&gt;.&lt;/p&gt;</summary>
  </entry>
  <entry>
    <title>2026 ESC Guidelines for the management of atrial fibrillation</title>
    <link href="https://academic.oup.com/eurheartj/article/doi/10.1093/eurheartj/ehae176/7738779"/>
    <id>tag:digest.example.org,2026:entry-2</id>
    <published>2026-03-20T00:00:00+01:00</published>
    <updated>2026-03-21T09:00:00Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Guideline <i>summary</i>.</p></div></content>
  </entry>
</feed>
""".encode()


def conference_rss() -> bytes:
    """A plain RSS 2.0 news feed that links the same NEJM paper by dx.doi.org."""
    return f"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>ACC.26 late-breakers</title><link>https://acc.example.org/</link>
<item><title>LBCT: {NEJM_TITLE}</title>
<link>http://dx.doi.org/{NEJM_DOI}?utm_source=acc</link>
<pubDate>Sat, 28 Mar 2026 14:00:00 GMT</pubDate><author>news@acc.example.org (ACC News)</author></item>
<item><title>Session 402: imaging in cardio-oncology</title>
<link>https://acc.example.org/sessions/402?utm_campaign=x&amp;id=402#top</link>
<pubDate>Sat, 28 Mar 2026 16:00:00 GMT</pubDate></item>
</channel></rss>
""".encode()


def medrxiv_rss(version: int = 1) -> bytes:
    """medRxiv subject feed (RSS 1.0): DOI without version, link with vN."""
    rid = "2026.03.15.26301234"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="http://connect.medrxiv.org/"><title>medRxiv Cardiovascular Medicine</title>
<link>http://connect.medrxiv.org/</link></channel>
<item rdf:about="http://medrxiv.org/cgi/content/short/{rid}v{version}?rss=1">
<title>Wearable ECG screening for atrial fibrillation in older adults</title>
<link>http://medrxiv.org/cgi/content/short/{rid}v{version}?rss=1</link>
<description>Background: screening trial.</description>
<dc:creator>Doe, J.; Roe, R.</dc:creator>
<dc:date>2026-03-1{version}</dc:date>
<dc:identifier>doi:10.1101/{rid}</dc:identifier>
<dc:title>Wearable ECG screening for atrial fibrillation in older adults</dc:title>
<dc:publisher>Cold Spring Harbor Laboratory Press</dc:publisher>
</item>
</rdf:RDF>
""".encode()


def many_items(n: int) -> bytes:
    """An RSS 2.0 feed with ``n`` distinct articles."""
    items = "".join(
        f"<item><title>Article {i}</title><link>https://j.example.org/a/{i}?utm_source=rss</link>"
        f"<description>&lt;p&gt;Abstract {i} {'text ' * 60}&lt;/p&gt;</description>"
        f"<pubDate>Fri, 20 Mar 2026 08:00:00 GMT</pubDate>"
        f"<dc:identifier>doi:10.5555/j.{i}</dc:identifier></item>"
        for i in range(n)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><title>Many</title>{items}</channel></rss>"
    ).encode()


def html_page() -> bytes:
    """What a journal returns when the feed moved: its home page."""
    return b"""<!DOCTYPE html>
<html lang="en"><head><title>Journal home</title></head>
<body><h1>Welcome</h1><p>Our feeds moved.</p></body></html>
"""


def bozo_rss() -> bytes:
    """Not well-formed (undefined entity, unclosed tag) but with entries."""
    return b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Sloppy &nbsp; feed</title>
<item><title>First &amp; broken</title><link>https://sloppy.example.org/a/1</link>
<description>text &nbsp; <br> more</description></item>
<item><title>Second</title><link>https://sloppy.example.org/a/2</link></item>
</channel></rss>
"""


# --- hostile ----------------------------------------------------------------------------


def billion_laughs(levels: int = 10) -> bytes:
    """The classic nested entity expansion."""
    decl = ['<!ENTITY lol0 "lol">']
    decl += [f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, levels)]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n' + "\n".join(decl) + "\n]>\n"
        f'<rss version="2.0"><channel><title>&lol{levels - 1};</title>'
        f"<item><title>&lol{levels - 1};</title></item></channel></rss>"
    ).encode()


def quadratic_blowup(size: int = 100_000, refs: int = 2_000) -> bytes:
    """One big entity referenced many times (defeats depth-based limits)."""
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "{"x" * size}">]>'
        '<rss version="2.0"><channel><title>q</title><item><description>'
        + "&a;" * refs
        + "</description></item></channel></rss>"
    ).encode()


def external_entity(url: str) -> bytes:
    """An external general entity pointing at ``url``."""
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY ext SYSTEM "{url}">]>'
        '<rss version="2.0"><channel><title>x</title><item><title>&ext;</title>'
        "</item></channel></rss>"
    ).encode()


def parameter_entity(url: str) -> bytes:
    """An external parameter entity (out-of-band DTD fetch)."""
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY % dtd SYSTEM "{url}"> %dtd;]>'
        '<rss version="2.0"><channel><title>x</title></channel></rss>'
    ).encode()


def lowercase_entities() -> bytes:
    """Entity declarations in lower case, for lenient (SGML) parsers."""
    return (
        b'<?xml version="1.0"?><!doctype rss [<!entity a "aaaaaaaaaa"><!entity b "&a;&a;&a;">]>'
        b'<rss version="2.0"><channel><title>&b;</title></channel></rss>'
    )


def utf16_billion_laughs() -> bytes:
    """Billion laughs encoded as UTF-16: a byte search for ``<!ENTITY`` misses it."""
    return billion_laughs().decode().replace('<?xml version="1.0"?>', "").encode("utf-16")


def plain_doctype(dtd_url: str) -> bytes:
    """RSS 0.91 with the Netscape DOCTYPE pointing at an external DTD (no entities)."""
    return f"""<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "{dtd_url}">
<rss version="0.91"><channel><title>Old school</title><link>https://old.example.org/</link>
<description>d</description><language>en-us</language>
<item><title>Caf\xe9 item</title><link>https://old.example.org/1</link></item>
</channel></rss>
""".encode("latin-1")


@functools.cache
def gzip_bomb(decompressed_mib: int = 256) -> bytes:
    """``decompressed_mib`` MiB of zeros, gzip-compressed (about 1000:1)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\0" * (1 << 20)
    parts = [comp.compress(block) for _ in range(decompressed_mib)]
    parts.append(comp.flush())
    return b"".join(parts)


def gzipped(data: bytes) -> bytes:
    """``data`` gzip-compressed."""
    return gzip.compress(data)


# --- odd feeds corpus -------------------------------------------------------------------


def odd_corpus() -> dict[str, tuple[bytes, str]]:
    """Varied odd documents: name -> (body, content type). Each must parse or fail cleanly."""
    rss = 'application/rss+xml'
    c: dict[str, tuple[bytes, str]] = {
        "rss091": (b'<?xml version="1.0"?><rss version="0.91"><channel><title>t</title>'
                   b"<item><title>a</title><link>http://e.org/a</link></item></channel></rss>", rss),
        "rss092-enclosure": (b'<rss version="0.92"><channel><title>t</title><item><description>'
                             b'd</description><enclosure url="http://e.org/a.mp3" length="1" '
                             b'type="audio/mpeg"/></item></channel></rss>', rss),
        "rss20-namespaced": (b'<rss xmlns="http://backend.userland.com/rss2" version="2.0">'
                             b"<channel><title>t</title><item><title>n</title>"
                             b"<link>http://e.org/n</link></item></channel></rss>", rss),
        "rss090": (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                   b'xmlns="http://my.netscape.com/rdf/simple/0.9/"><channel><title>t</title>'
                   b"</channel><item><title>old</title><link>http://e.org/o</link></item>"
                   b"</rdf:RDF>", rss),
        "atom03": (b'<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>t</title>'
                   b'<entry><title>a03</title><link rel="alternate" href="http://e.org/3"/>'
                   b"<issued>2004-01-01T00:00:00Z</issued></entry></feed>",
                   "application/atom+xml"),
        "atom-multi-links": (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry>'
                             b'<title>m</title><link rel="enclosure" href="http://e.org/x.pdf"/>'
                             b'<link rel="related" href="https://doi.org/10.1000/rel"/>'
                             b'<link href="/relative/path"/><id>urn:x</id></entry></feed>',
                             "application/atom+xml"),
        "empty-channel": (b'<rss version="2.0"><channel></channel></rss>', rss),
        "only-root": (b"<rss/>", rss),
        "untitled-items": (b'<rss version="2.0"><channel><item><link>http://e.org/u</link></item>'
                           b"<item><description>only text</description></item><item/>"
                           b"</channel></rss>", rss),
        "guid-permalink-only": (b'<rss version="2.0"><channel><item><title>g</title>'
                                b'<guid isPermaLink="true">https://e.org/g?utm_source=x</guid>'
                                b"</item></channel></rss>", rss),
        "latin1-declared": ('<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0">'
                            "<channel><title>Caf\xe9</title><item><title>na\xefve</title>"
                            "</item></channel></rss>".encode("latin-1"), "text/xml"),
        "cp1252-undeclared": (b'<rss version="2.0"><channel><item><title>\x93quoted\x94 \x96 dash'
                              b"</title></item></channel></rss>", rss),
        "utf16-bom": ('<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel>'
                      "<item><title>\u00fcnicode</title></item></channel></rss>".encode("utf-16"),
                      rss),
        "utf8-bom": (b"\xef\xbb\xbf" + b'<rss version="2.0"><channel><item><title>bom</title>'
                     b"</item></channel></rss>", rss),
        "wrong-charset-header": ('<rss version="2.0"><channel><item><title>\u00e9t\u00e9</title>'
                                 "</item></channel></rss>".encode(), "text/xml; charset=us-ascii"),
        "truncated": (pubmed_rss()[:1500], rss),
        "mismatched-tags": (b'<rss version="2.0"><channel><item><title>a</link></item>'
                            b"</channel></rss>", rss),
        "binary-garbage": (bytes(range(256)) * 40, "application/octet-stream"),
        "nul-bytes": (b'<rss version="2.0">\0<channel>\0<item><title>n\0</title></item></channel>'
                      b"</rss>", rss),
        "json": (b'{"version": "https://jsonfeed.org/version/1", "items": []}',
                 "application/json"),
        "plain-text": (b"Service temporarily unavailable. Please try later.", "text/plain"),
        "whitespace": (b"  \n\t ", rss),
        "huge-title": (b'<rss version="2.0"><channel><item><title>' + b"A" * 3_000_000
                       + b"</title></item></channel></rss>", rss),
        "deep-nesting": (b'<rss version="2.0"><channel><item><description>' + b"<b>" * 20000
                         + b"x" + b"</b>" * 20000 + b"</description></item></channel></rss>", rss),
        "bad-dates": (b'<rss version="2.0"><channel><item><title>d</title>'
                      b"<pubDate>Someday in 2026</pubDate><dc:date xmlns:dc="
                      b'"http://purl.org/dc/elements/1.1/">99999-99-99</dc:date></item>'
                      b"<item><title>e</title><pubDate>Tue, 31 Feb 2026 25:61:00 XYZ</pubDate>"
                      b"</item></channel></rss>", rss),
        "many-categories": (b'<rss version="2.0"><channel><item><title>c</title>'
                            + b"<category>Review</category>" * 2000
                            + b"</item></channel></rss>", rss),
        "xhtml-page": (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">'
                       b"<head><title>x</title></head><body/></html>", "application/xhtml+xml"),
        "control-chars": (b'<rss version="2.0"><channel><item><title>a\x01b\x02c</title>'
                          b"</item></channel></rss>", rss),
        "cdata-everywhere": (b'<rss version="2.0"><channel><title><![CDATA[C & D]]></title><item>'
                             b"<title><![CDATA[<i>Italic</i> & more]]></title>"
                             b"<link><![CDATA[https://e.org/c?a=1&utm_medium=x]]></link>"
                             b"</item></channel></rss>", rss),
        "xml-stylesheet": (b'<?xml version="1.0"?><?xml-stylesheet type="text/xsl" '
                           b'href="http://127.0.0.1:9/style.xsl"?><rss version="2.0"><channel>'
                           b"<item><title>s</title></item></channel></rss>", rss),
    }
    return c
