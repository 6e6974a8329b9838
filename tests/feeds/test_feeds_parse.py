"""Parsing: realistic feed shapes, one identity across feeds, hostile documents, odd corpus."""

from __future__ import annotations

import pickle
import time

import feeds_samples as S
import pytest

from feeds.errors import FailureKind
from feeds.model import Article, ParsedFeed, ParseFailure
from feeds.parse import parse_feed

BOTH = pytest.mark.parametrize("fast", [True, False], ids=["fast", "feedparser"])
NEJM_KEY = "doi:" + S.NEJM_DOI.lower()


def parsed(body: bytes, *, fast: bool = True, url: str = "https://feeds.example.org/rss",
           content_type: str | None = None) -> ParsedFeed:
    result = parse_feed(body, url, content_type, fast=fast)
    assert isinstance(result, ParsedFeed), result
    return result


def by_key(feed: ParsedFeed) -> dict[str, Article]:
    return {a.key: a for a in feed.articles}


@BOTH
@pytest.mark.parametrize("reverse", [False, True], ids=["pmid-first", "doi-first"])
def test_pubmed_rss_two_identifiers_in_either_order(fast: bool, reverse: bool) -> None:
    feed = parsed(S.pubmed_rss(reverse_ids=reverse), fast=fast)
    assert feed.version == "rss20" and feed.warning is None
    keys = [a.key for a in feed.articles]
    assert keys == [
        NEJM_KEY,
        "doi:10.1016/s0140-6736(24)00001-2",
        "doi:10.1001/jama.2024.0001",
        "doi:10.1056/nejmx240009",
    ]
    first = feed.articles[0]
    assert first.pmid == S.NEJM_PMID
    assert first.link == f"https://pubmed.ncbi.nlm.nih.gov/{S.NEJM_PMID}/"
    assert first.type == "rct" and first.journal == "N Engl J Med"
    assert first.authors == ("Lincoff AM", "Brown-Frandsen K", "Colhoun HM")
    assert first.published is not None
    assert first.published.isoformat() == "2026-03-20T12:00:00+00:00"
    assert first.summary.startswith("N Engl J Med. 2026 Mar 20.")
    assert len(first.summary) <= 301
    types = [a.type for a in feed.articles]
    assert types == ["rct", "rct", "meta-analysis", "erratum"]
    erratum = feed.articles[3]
    assert erratum.corrects == NEJM_KEY


def test_pubmed_tracking_params_change_but_keys_and_links_do_not() -> None:
    one, two = parsed(S.pubmed_rss(1)), parsed(S.pubmed_rss(2, reverse_ids=True))
    assert [(a.key, a.link) for a in one.articles] == [(a.key, a.link) for a in two.articles]


@BOTH
def test_rss1_prism_doi_and_dc_date(fast: bool) -> None:
    feed = parsed(S.nejm_rss1(), fast=fast)
    assert feed.version == "rss10"
    a, b = feed.articles
    assert a.key == NEJM_KEY and a.doi == S.NEJM_DOI.lower()
    assert a.link == f"https://www.nejm.org/doi/full/{S.NEJM_DOI}"
    assert a.published is not None and a.published.isoformat() == "2026-03-20T02:00:00+00:00"
    assert a.authors == ("A. Michael Lincoff", "Kirstine Brown-Frandsen", "Helen M. Colhoun")
    assert a.journal == "N Engl J Med" and a.type == "article"
    assert b.type == "review"


@BOTH
def test_atom_with_only_a_doi_link(fast: bool) -> None:
    feed = parsed(S.atom_doi_only(), fast=fast)
    assert feed.version == "atom10" and feed.title == "Cardiology digest"
    a, b = feed.articles
    assert a.key == NEJM_KEY and a.title == S.NEJM_TITLE
    assert a.authors == ("Digest Editors",) and a.summary == "Weekly pick."
    assert b.doi == "10.1093/eurheartj/ehae176" and b.type == "guideline"
    assert b.published is not None and b.published.isoformat() == "2026-03-19T23:00:00+00:00"


@BOTH
def test_one_article_in_four_feeds_has_one_key(fast: bool) -> None:
    bodies = [S.pubmed_rss(), S.nejm_rss1(), S.atom_doi_only(), S.conference_rss()]
    found = [by_key(parsed(b, fast=fast)) for b in bodies]
    assert all(NEJM_KEY in f for f in found)
    assert {f[NEJM_KEY].doi for f in found} == {S.NEJM_DOI.lower()}


@BOTH
def test_medrxiv_versions_share_the_key(fast: bool) -> None:
    v1 = parsed(S.medrxiv_rss(1), fast=fast).articles[0]
    v2 = parsed(S.medrxiv_rss(2), fast=fast).articles[0]
    assert v1.key == v2.key == "doi:10.1101/2026.03.15.26301234"
    assert (v1.version, v2.version) == (1, 2)
    assert v1.type == v2.type == "preprint"
    assert v1.authors == ("Doe, J.", "Roe, R.")
    assert v2.link == "http://medrxiv.org/cgi/content/short/2026.03.15.26301234v2"


def test_conference_items_without_doi_get_link_keys() -> None:
    keys = list(by_key(parsed(S.conference_rss())))
    assert keys[1] == (
        "link:https://acc.example.org/sessions/402?id=402|session 402 imaging in cardio oncology"
    )


def test_html_page_is_not_a_feed() -> None:
    result = parse_feed(S.html_page(), "https://j.example.org/", "text/html")
    assert result == ParseFailure(FailureKind.HTML_PAGE, "not a feed: HTML page")


def test_bozo_feed_still_yields_entries() -> None:
    feed = parsed(S.bozo_rss())
    assert [a.title for a in feed.articles] == ["First & broken", "Second"]
    assert feed.warning is not None and feed.warning.startswith("not well-formed XML")


@pytest.mark.parametrize(
    "body",
    [
        S.billion_laughs(),
        S.quadratic_blowup(),
        S.external_entity("http://127.0.0.1:9/secret"),
        S.external_entity("file:///etc/passwd"),
        S.parameter_entity("http://127.0.0.1:9/evil.dtd"),
        S.lowercase_entities(),
        S.utf16_billion_laughs(),
        S.billion_laughs().decode().encode("utf-32"),
        S.billion_laughs().replace(b'<?xml version="1.0"?>', b"").decode().encode("utf-16-le"),
    ],
    ids=["laughs", "quadratic", "external", "file", "parameter", "lowercase", "utf16", "utf32",
         "utf16-no-bom"],
)
@BOTH
def test_entity_declarations_are_refused_quickly(body: bytes, fast: bool) -> None:
    start = time.perf_counter()
    result = parse_feed(body, "https://x.example.org/", None, fast=fast)
    assert time.perf_counter() - start < 2  # feedparser alone needs minutes and gigabytes
    assert result == ParseFailure(FailureKind.XML_ENTITIES, "refused: XML entity declarations")


@BOTH
def test_plain_doctype_is_fine(fast: bool) -> None:
    feed = parsed(S.plain_doctype("http://127.0.0.1:9/rss-0.91.dtd"), fast=fast)
    assert [a.title for a in feed.articles] == ["Café item"]


def test_results_are_small_and_picklable() -> None:
    feed = parsed(S.pubmed_rss())
    data = pickle.dumps(feed)
    assert pickle.loads(data) == feed
    assert len(data) < 8000


@pytest.mark.parametrize("name", sorted(S.odd_corpus()))
@BOTH
def test_odd_corpus_parses_or_fails_cleanly(name: str, fast: bool) -> None:
    body, content_type = S.odd_corpus()[name]
    result = parse_feed(body, "https://feeds.example.org/dir/rss", content_type, fast=fast)
    assert isinstance(result, ParsedFeed | ParseFailure)
    if isinstance(result, ParseFailure):
        assert result.error and "\n" not in result.error and len(result.error) < 80
    else:
        for a in result.articles:
            assert a.key and a.title and len(a.title) <= 501
            assert a.published is None or a.published.tzinfo is not None


def test_odd_corpus_expectations() -> None:
    corpus = S.odd_corpus()

    def run(name: str) -> ParsedFeed | ParseFailure:
        body, ct = corpus[name]
        return parse_feed(body, "https://feeds.example.org/dir/rss", ct)

    assert isinstance(run("json"), ParseFailure) and run("json").kind is FailureKind.NOT_A_FEED
    assert run("whitespace") == ParseFailure(FailureKind.EMPTY, "empty response")
    assert isinstance(run("xhtml-page"), ParseFailure)
    for name, title in [("latin1-declared", "naïve"), ("cp1252-undeclared", "“quoted” – dash"),
                        ("utf16-bom", "ünicode"), ("wrong-charset-header", "été"),
                        ("control-chars", "abc"), ("rss20-namespaced", "n"), ("atom03", "a03")]:
        feed = run(name)
        assert isinstance(feed, ParsedFeed) and feed.articles[0].title == title, name
    multi = run("atom-multi-links")
    assert isinstance(multi, ParsedFeed)
    assert multi.articles[0].link == "https://feeds.example.org/relative/path"
    cats = run("many-categories")
    assert isinstance(cats, ParsedFeed) and cats.articles[0].type == "review"
