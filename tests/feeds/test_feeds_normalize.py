"""Identity and fields: DOIs, PMIDs, canonical links, dates, types, versions, corrections."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from feeds.ids import (
    doi_from_identifier,
    doi_from_url,
    pmid_from_identifier,
    pmid_from_url,
    split_version,
)
from feeds.kinds import classify
from feeds.links import canonical_link
from feeds.normalize import identity_key, to_article
from feeds.raw import RawEntry
from feeds.text import clean_text, normalize_title, parse_date


@pytest.mark.parametrize(
    "text",
    [
        "10.1056/NEJMoa2401234",
        "doi:10.1056/NEJMoa2401234",
        "DOI: 10.1056/nejmoa2401234",
        "info:doi/10.1056/NEJMoa2401234",
        "urn:doi:10.1056/NEJMoa2401234",
        "https://doi.org/10.1056/NEJMoa2401234",
        "http://dx.doi.org/10.1056/NEJMoa2401234",
        "https://dx.doi.org/10.1056%2FNEJMoa2401234",
        "doi.org/10.1056/NEJMoa2401234",
        " doi:10.1056/NEJMoa2401234. ",
    ],
)
def test_doi_prefixes_and_case(text: str) -> None:
    assert doi_from_identifier(text) == "10.1056/nejmoa2401234"


@pytest.mark.parametrize("text", ["pmid:38712345", "issn:0028-4793", "10.1056", "", "doi:"])
def test_not_dois(text: str) -> None:
    assert doi_from_identifier(text) is None


@pytest.mark.parametrize(
    ("url", "doi"),
    [
        ("https://www.nejm.org/doi/full/10.1056/NEJMoa2401234?af=R&rss=currentIssue",
         "10.1056/nejmoa2401234"),
        ("https://www.ahajournals.org/doi/abs/10.1161/CIRCULATIONAHA.123.066123",
         "10.1161/circulationaha.123.066123"),
        ("https://onlinelibrary.wiley.com/doi/10.1002/ejhf.3123?af=R", "10.1002/ejhf.3123"),
        ("https://academic.oup.com/eurheartj/article/doi/10.1093/eurheartj/ehae176/7738779",
         "10.1093/eurheartj/ehae176"),
        ("https://www.medrxiv.org/content/10.1101/2026.03.15.26301234v2.full",
         "10.1101/2026.03.15.26301234v2"),
        ("http://medrxiv.org/cgi/content/short/2026.03.15.26301234v1?rss=1",
         "10.1101/2026.03.15.26301234v1"),
        ("https://example.org/article?doi=10.1000%2Fxyz123", "10.1000/xyz123"),
        ("https://jamanetwork.com/journals/jama/fullarticle/2812345", None),
    ],
)  # fmt: skip
def test_doi_from_links(url: str, doi: str | None) -> None:
    assert doi_from_url(url) == doi


def test_preprint_versions_split() -> None:
    assert split_version("10.1101/2026.03.15.26301234v2") == ("10.1101/2026.03.15.26301234", 2)
    assert split_version("10.1101/2026.03.15.26301234") == ("10.1101/2026.03.15.26301234", None)
    assert split_version("10.1002/ejhf.3v2") == ("10.1002/ejhf.3v2", None)


def test_pmids() -> None:
    for text in ("pmid:38712345", "PMID: 38712345", "info:pmid/38712345", "pubmed:38712345"):
        assert pmid_from_identifier(text) == "38712345"
    assert pmid_from_identifier("doi:10.1/x") is None
    assert pmid_from_url("https://pubmed.ncbi.nlm.nih.gov/38712345/?utm_source=x") == "38712345"
    assert pmid_from_url("https://www.ncbi.nlm.nih.gov/pubmed/38712345") == "38712345"
    assert pmid_from_url("https://example.org/38712345/") is None


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://pubmed.ncbi.nlm.nih.gov/38712345/?utm_source=Other&utm_medium=rss&fc=2026&ff=1&v=2.18",
         "https://pubmed.ncbi.nlm.nih.gov/38712345/"),
        ("HTTPS://WWW.NEJM.ORG:443/doi/full/10.1056/NEJMoa2401234?af=R&rss=currentIssue#sec-1",
         "https://www.nejm.org/doi/full/10.1056/NEJMoa2401234"),
        ("https://www.nejm.org/doi/full/10.1056/X?query=TOC", "https://www.nejm.org/doi/full/10.1056/X"),
        ("https://example.org/a?id=7&utm_campaign=x&dopt=Abstract&access_num=9",
         "https://example.org/a?id=7"),
        ("https://example.org/a?b=2&a=1", "https://example.org/a?b=2&a=1"),
        ("https://www.youtube.com/watch?v=abc&utm_source=x", "https://www.youtube.com/watch?v=abc"),
        ("http://example.org:8080", "http://example.org:8080/"),
    ],
)  # fmt: skip
def test_canonical_link(url: str, canonical: str) -> None:
    assert canonical_link(url) == canonical


def test_dates_become_aware_utc() -> None:
    utc = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
    for text in (
        "Fri, 20 Mar 2026 08:00:00 -0400",
        "Fri, 20 Mar 2026 12:00:00 GMT",
        "2026-03-20T12:00:00Z",
        "2026-03-20T13:00:00+01:00",
        "2026-03-20T12:00:00.000Z",
        "20 Mar 2026 12:00:00 +0000",
    ):
        assert parse_date(text) == utc, text
    assert parse_date("2026-03-20") == datetime(2026, 3, 20, tzinfo=UTC)
    assert parse_date("2026-03") == datetime(2026, 3, 1, tzinfo=UTC)
    for bad in ("", "someday", "99999-99-99", "Tue, 31 Feb 2026 25:61:00 XYZ", None):
        assert parse_date(bad) is None


@pytest.mark.parametrize(
    ("title", "labels", "expected"),
    [
        ("Semaglutide in Obesity", ["Randomized Controlled Trial"], "rct"),
        ("Colchicine after MI: a randomised, double-blind trial", [], "rct"),
        ("A Nonrandomized Cohort of Statin Users", [], "article"),
        ("Non-randomized comparison of stents", [], "article"),
        ("SGLT2 inhibitors: a systematic review and meta-analysis", [], "meta-analysis"),
        ("Meta-analysis of randomized trials of aspirin", [], "meta-analysis"),
        ("2026 ESC Guidelines for atrial fibrillation", [], "guideline"),
        ("Adherence to guidelines in heart failure clinics", [], "article"),
        ("Guideline-directed medical therapy uptake", [], "article"),
        ("Hypertrophic cardiomyopathy", ["Review Article"], "review"),
        ("Myocarditis: a narrative review", [], "review"),
        ("Retraction: Vitamin D and falls", [], "retraction"),
        ("Notice of Retraction and Replacement: X", [], "retraction"),
        ("Erratum", [], "erratum"),
        ("Correction to: Lipoprotein(a) and risk", [], "erratum"),
        ("Error in Figure 2", [], "erratum"),
        ("Errors in Diagnostic Reasoning among Residents", [], "article"),
        ("Whatever", ["Published Erratum"], "erratum"),
        ("Whatever", ["Retraction of Publication"], "retraction"),
        ("Original findings", ["Original Article"], "article"),
    ],
)
def test_classify(title: str, labels: list[str], expected: str) -> None:
    assert classify(title, labels) == expected


def test_preprints_from_doi_host_or_journal() -> None:
    assert classify("A randomized trial", [], doi="10.1101/2026.03.15.26301234") == "preprint"
    assert classify("X", [], links=["https://www.biorxiv.org/content/x"]) == "preprint"
    assert classify("X", [], journal="medRxiv") == "preprint"
    assert classify("X", [], doi="10.1101/gr.277000.122") == "article"  # Genome Research


def test_identity_key_order() -> None:
    assert identity_key("10.1/x", "1", "https://a.org", "T") == "doi:10.1/x"
    assert identity_key(None, "1", "https://a.org", "T") == "pmid:1"
    assert (
        identity_key(None, None, "https://a.org/p?utm_source=z#f", "The  Title!")
        == "link:https://a.org/p|the title"
    )


def test_titles_and_text_are_cleaned() -> None:
    assert clean_text("<i>In vivo</i> &amp; H<sub>2</sub>O") == "In vivo & H2O"
    assert clean_text("&lt;p&gt;escaped&lt;/p&gt;  twice") == "escaped twice"
    assert normalize_title("Café: <b>Résumé</b> — Œdème!") == "cafe resume œdeme"


def test_article_from_raw_entry() -> None:
    entry = RawEntry(
        title="Retraction: <i>Vitamin D</i> and Falls",
        links=[("/articles/42?utm_source=rss", "alternate", "text/html")],
        guid="tag:x,2026:42",
        identifiers=["pmid:111", "doi:10.1000/RETRACT.1"],
        dates={"pubDate": "Fri, 20 Mar 2026 12:00:00 GMT", "updated": "2026-03-21T00:00:00Z"},
        authors=["ed@example.org (Journal Editors)", "A. Smith; B. Jones"],
        summary="<p>This retracts doi:10.1000/ORIG.7 (PMID: 999).</p>",
        journal="Journal of Things",
    )
    a = to_article(entry, base_url="https://j.example.org/feed.xml")
    assert a is not None
    assert a.key == "doi:10.1000/retract.1"
    assert a.link == "https://j.example.org/articles/42"
    assert (a.doi, a.pmid, a.type) == ("10.1000/retract.1", "111", "retraction")
    assert a.title == "Retraction: Vitamin D and Falls"
    assert a.published == datetime(2026, 3, 20, 12, tzinfo=UTC)
    assert a.updated == datetime(2026, 3, 21, tzinfo=UTC)
    assert a.authors == ("Journal Editors", "A. Smith", "B. Jones")
    assert a.corrects == "doi:10.1000/orig.7"
    assert a.summary == "This retracts doi:10.1000/ORIG.7 (PMID: 999)."


def test_correction_names_original_by_pmid_or_title() -> None:
    by_pmid = to_article(RawEntry(title="Erratum", summary="Erratum for PMID: 12345.",
                                  identifiers=["pmid:777"]))
    assert by_pmid is not None and by_pmid.corrects == "pmid:12345"
    by_title = to_article(
        RawEntry(
            title='Correction to: "Lipoprotein(a) and Risk"',
            links=[("https://x.org/c", "", "")],
        )
    )
    assert by_title is not None and by_title.corrects == "title:lipoprotein a and risk"
    plain = to_article(RawEntry(title="A trial", links=[("https://x.org/t", "", "")]))
    assert plain is not None and plain.corrects is None


def test_entries_without_identity_are_dropped() -> None:
    assert to_article(RawEntry(summary="just text")) is None
    untitled = to_article(RawEntry(links=[("https://x.org/u", "alternate", "")]))
    assert untitled is not None and untitled.title == "(untitled)"
