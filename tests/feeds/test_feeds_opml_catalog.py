"""OPML import/export and the bundled catalog."""

from __future__ import annotations

import feeds_samples as S
import pytest

from feeds.catalog import catalog, resolve_specialty, specialties
from feeds.opml import OpmlError, OpmlFeed, parse_opml, write_opml

OPML = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>My journals</title></head>
  <body>
    <outline text="Cardiology">
      <outline text="Circulation" type="rss"
               xmlUrl="https://www.ahajournals.org/action/showFeed?type=etoc&amp;feed=rss&amp;jc=circ"/>
      <outline text="Heart failure">
        <outline title="EJHF" text="ignored" xmlUrl="https://onlinelibrary.wiley.com/feed/18790844/most-recent"/>
      </outline>
    </outline>
    <outline text="NEJM" xmlUrl="https://www.nejm.org/action/showFeed?jc=nejm&amp;type=etoc&amp;feed=rss"
             category="/General,/Weekly"/>
    <outline text="duplicate" xmlUrl="https://www.nejm.org/action/showFeed?jc=nejm&amp;type=etoc&amp;feed=rss"/>
    <outline text="local file" xmlUrl="file:///etc/passwd"/>
    <outline text="a folder without feeds"/>
  </body>
</opml>
"""


def test_parse_opml_with_nested_categories() -> None:
    assert parse_opml(OPML) == [
        OpmlFeed(
            "https://www.ahajournals.org/action/showFeed?type=etoc&feed=rss&jc=circ",
            "Circulation",
            "Cardiology",
        ),
        OpmlFeed(
            "https://onlinelibrary.wiley.com/feed/18790844/most-recent",
            "EJHF",
            "Cardiology/Heart failure",
        ),
        OpmlFeed(
            "https://www.nejm.org/action/showFeed?jc=nejm&type=etoc&feed=rss", "NEJM", "General"
        ),
    ]


def test_opml_round_trip() -> None:
    feeds = [
        OpmlFeed("https://a.example.org/rss?x=1&y=2", "A & <B>", "Cardiology"),
        OpmlFeed("https://b.example.org/atom", None, None),
        OpmlFeed("https://c.example.org/rss", "Café", "Cardiology"),
    ]
    data = write_opml(feeds, title="Rounds export")
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    assert sorted(parse_opml(data), key=lambda f: f.url) == sorted(feeds, key=lambda f: f.url)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (S.billion_laughs().replace(b"<rss", b"<opml").replace(b"</rss>", b"</opml>"),
         "refused: XML entity declarations"),
        (S.external_entity("http://127.0.0.1:9/x"), "refused: XML entity declarations"),
        (S.utf16_billion_laughs(), "refused: XML entity declarations"),
        (b"<opml><body><outline", "not valid XML (line 1)"),
        (b"<rss/>", "not an OPML file"),
        (b"<opml/>", "OPML file without a body"),
    ],
)
def test_bad_opml_is_refused_with_a_short_message(data: bytes, error: str) -> None:
    with pytest.raises(OpmlError) as err:
        parse_opml(data)
    assert str(err.value) == error


def test_opml_size_limit() -> None:
    with pytest.raises(OpmlError, match="larger than"):
        parse_opml(b" " * 100, max_bytes=10)


def test_catalog_by_specialty() -> None:
    keys = [k for k, _ in specialties()]
    for wanted in ("general", "cardiology", "oncology", "neurology", "nephrology",
                   "internal-medicine", "emergency-medicine", "pediatrics",
                   "infectious-disease", "endocrinology", "pulmonology", "gastroenterology"):
        assert wanted in keys
        entries = catalog(wanted)
        assert len(entries) >= 5, wanted
        assert all(e.url.startswith(("https://", "http://")) for e in entries)
        assert all(e.specialty == wanted for e in entries)
    cardio = {e.name for e in catalog("cardiology")}
    assert {"Circulation", "European Heart Journal"} <= cardio
    assert any("JACC" in n for n in cardio)
    general = {e.name for e in catalog("general")}
    assert {
        "New England Journal of Medicine", "JAMA", "The Lancet", "Annals of Internal Medicine"
    } <= general
    assert any(e.kind == "conference" for e in catalog("cardiology"))
    assert any(e.kind == "preprint" for e in catalog("oncology"))


def test_catalog_aliases_and_unknown() -> None:
    assert resolve_specialty("Cardio") == "cardiology"
    assert resolve_specialty("#ID") == "infectious-disease"
    assert resolve_specialty("Emergency Medicine") == "emergency-medicine"
    assert resolve_specialty("astrology") is None
    assert catalog("astrology") == []
    everything = catalog(None)
    assert len({e.url for e in everything}) == len(everything) > 60
