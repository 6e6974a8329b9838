"""Erasure and export cover what a member created here: feed subscriptions, channel filters
and digest schedules. Erasure keeps them for the workspace, without their creator. Feed items
pass the privacy gate before Rounds stores or posts them, like any text it keeps or posts;
what is derived from a title is stored as a hash, whatever the gate finds; stored feed text is
scrubbed again wherever it is shown (rows older than the scrubbing, an older detector)."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from bot.domain.reply import Action, Field, Item, Reply, Section
from bot.gate import PassGate
from bot.services.digests.admin import FeedAdmin
from bot.services.digests.articles import ArticleStore
from bot.services.digests.poller import to_stored
from bot.services.digests.render import scrubbed
from bot.storage.models.feeds import ArticleRow, FeedFilter, FeedSource, FeedSubscription
from bot.storage.models.jobs import Job
from feeds.parse import parse_feed
from tests.conftest import BotConsole
from tests.digests import samples as P
from tests.digests.helpers import SETUP, DetectorGate, one, posts
from tests.digests.servers import FeedSite

#: What a leaky feed puts in titles, and the values that must never be stored or shown.
LEAK = "pt Ruiz MRN 4417-2290 DOB 03/04/1961"
LEAK_REDACTED = "pt [NAME] MRN [MRN] DOB [DATE]"
VALUES = ("Ruiz", "4417-2290", "03/04/1961")
CASE = f"Case report: {LEAK} with refractory angina"
RETRACTION = f"Retraction: {CASE}"


async def _export(bot: BotConsole, user: str) -> dict[str, Any]:
    out = await bot.play(f"@{user} #general: /privacy export-me")
    shared = one(out, kind="dm", to=user)["data"]["files"][0]
    text = await asyncio.to_thread(Path(shared["path"]).read_text, "utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


async def test_erasure_and_export_cover_feeds_filters_and_schedules(
    fbot: BotConsole, site: FeedSite
) -> None:
    url = site.set("/rss1", P.rss1(P.OLD))
    await fbot.play(
        SETUP,
        f"@bob #cardiology: /feed add {url} #cardiology",
        "@bob #cardiology: /feed filter set #cardiology type:rct OR type:guideline",
        "@bob #cardiology: /digest schedule #cardiology weekly mon 07:00 America/New_York",
    )
    data = await _export(fbot, "bob")
    assert data["capabilities"]["feeds"] == {
        "subscriptions": [f"{url} → #cardiology"],
        "filters": ["#cardiology: type:rct OR type:guideline"],
        "digest_schedules": ["#cardiology: 0 7 * * mon (America/New_York)"],
    }
    assert (await _export(fbot, "carol"))["capabilities"]["feeds"] == {
        "subscriptions": [], "filters": [], "digest_schedules": []
    }  # fmt: skip

    out = await fbot.play("@bob #general: /privacy forget-me")
    await fbot.play(f"@bob click {out[-1]['id']} forget-confirm")
    assert fbot.core is not None
    async with fbot.core.db.session() as s:
        subs = list(await s.scalars(select(FeedSubscription)))
        filters = list(await s.scalars(select(FeedFilter)))
        jobs = list(await s.scalars(select(Job).where(Job.kind == "digests.send")))
    # The workspace keeps them; nothing points at bob any more.
    assert [(x.channel, x.created_by) for x in subs] == [("cardiology", None)]
    assert [(x.expression, x.created_by) for x in filters] == [("type:rct OR type:guideline", None)]
    assert [(j.status, "created_by" in j.payload) for j in jobs] == [("pending", False)]
    data = await _export(fbot, "bob")  # a new, empty member
    assert data["capabilities"]["feeds"] == {
        "subscriptions": [],
        "filters": [],
        "digest_schedules": [],
    }


async def test_feed_items_are_redacted_before_they_are_stored_or_posted(
    fbot: BotConsole, site: FeedSite, caplog: pytest.LogCaptureFixture
) -> None:
    # A case report whose feed leaks a patient's record number and birth date into the title.
    leaky = P.Paper(
        "10.5555/case.1",
        "39990001",
        "Case report: pt Ruiz MRN 4417-2290 DOB 03/04/1961 with refractory angina",
        "BMJ Case Rep",
    )
    url = site.set("/rss1", P.rss1(P.OLD))
    await fbot.play(SETUP, f"@bob #cardiology: /feed add {url} #cardiology", "! poll")
    site.set("/rss1", P.rss1([leaky, *P.OLD]))
    caplog.set_level(logging.INFO)
    post = posts(await fbot.play("! poll"), "cardiology")
    digest = posts(await fbot.play("@carol #cardiology: /digest"), "cardiology")
    assert len(post) == 1 and digest[0].startswith("Digest for #cardiology")
    for text in (post[0], digest[0]):
        assert "Case report: pt [NAME] MRN [MRN] DOB [DATE] with refractory angina" in text
        assert "https://doi.org/10.5555/case.1" in text  # links are not text: left alone
    assert fbot.core is not None
    async with fbot.core.db.session() as s:
        stored = list(
            await s.execute(select(ArticleRow.key, ArticleRow.title, ArticleRow.title_key))
        )
    for value in ("Ruiz", "4417-2290", "03/04/1961"):
        assert value not in caplog.text
        assert all(value not in p for p in post + digest)
        assert all(value.lower() not in str(cell).lower() for row in stored for cell in row)
    assert "feed article title redacted before storing: NAME, MRN, DATE" in caplog.text


async def _stored_text(bot: BotConsole) -> list[object]:
    """Every stored value that comes from a feed's text or is derived from it."""
    assert bot.core is not None
    async with bot.core.db.session() as s:
        rows = await s.execute(
            select(
                ArticleRow.key,
                ArticleRow.title,
                ArticleRow.title_key,
                ArticleRow.corrects,
                ArticleRow.journal,
            )
        )
        titles = await s.scalars(select(FeedSource.title))
        return [cell for row in rows for cell in row] + list(titles)


async def test_a_leaky_item_without_doi_and_its_retraction_by_title(
    fbot: BotConsole, site: FeedSite, caplog: pytest.LogCaptureFixture
) -> None:
    # No DOI, no PMID: the identity is the link and the title. The feed's own title (which
    # also stands for its items' journal) leaks too.
    old = ("An older case of chest pain", "/a/0")
    feed_title = "Case files: pt Ruiz MRN 4417-2290"
    url = site.set("/cases", P.links_rss([old], feed_title))
    await fbot.play(SETUP, f"@bob #cardiology: /feed add {url} #cardiology", "! poll")
    caplog.set_level(logging.INFO)
    site.set("/cases", P.links_rss([(CASE, "/a/1"), old], feed_title))
    post = one(await fbot.play("! poll"), kind="message", channel="#cardiology")
    assert f"Case report: {LEAK_REDACTED} with refractory angina" in post["text"]
    assert "Case files: pt [NAME] MRN [MRN]" in post["text"]  # "New in …" and the meta line
    site.set("/cases", P.links_rss([(RETRACTION, "/a/2"), (CASE, "/a/1"), old], feed_title))
    out = await fbot.play("! poll")
    assert posts(out, "cardiology") == []  # a retraction is no new article
    notice = one(out, kind="message", thread=post["id"])  # found by its original's title
    assert notice["text"].startswith(
        f"⚠️ Retraction notice for “Case report: {LEAK_REDACTED} with refractory angina”"
    )
    listing = one(await fbot.play("@carol #cardiology: /feed list"), kind="message")
    assert "Case files: pt [NAME] MRN [MRN]" in listing["text"]
    stored = await _stored_text(fbot)
    for value in VALUES:
        assert value not in caplog.text
        assert all(value not in a["text"] for a in (post, notice, listing))
        assert all(value.lower() not in str(cell).lower() for cell in stored)
    assert "feed title redacted before storing: NAME, MRN" in caplog.text
    assert "feed journal redacted before storing: NAME, MRN" in caplog.text


def test_what_is_derived_from_a_title_does_not_depend_on_the_detector() -> None:
    body = P.links_rss([(RETRACTION, "/a/2"), (CASE, "/a/1")])
    result = parse_feed(body, "https://cases.example.org/feed", "application/rss+xml")
    retraction, case = result.articles
    assert retraction.type == "retraction" and retraction.corrects
    for art in (retraction, case):
        plain, scrubbed_ = to_stored(art, PassGate()), to_stored(art, DetectorGate())
        # The same article gets the same identity whatever the gate finds (or a later
        # version of its rules), and none of it holds the title in clear.
        assert (plain.key, plain.title_key, plain.corrects) == (
            scrubbed_.key,
            scrubbed_.title_key,
            scrubbed_.corrects,
        )
        derived = f"{plain.key} {plain.title_key} {plain.corrects}".lower()
        assert "ruiz" not in derived and "refractory" not in derived
    assert to_stored(retraction, DetectorGate()).corrects == "title:" + str(
        to_stored(case, DetectorGate()).title_key
    )


async def test_titles_stored_before_the_scrub_are_shown_scrubbed(
    fbot: BotConsole, site: FeedSite
) -> None:
    url = site.set("/rss1", P.rss1(P.OLD))
    await fbot.play(SETUP, f"@bob #cardiology: /feed add {url} #cardiology", "! poll")
    core = fbot.core
    assert core is not None
    doi = P.OLD[0].doi.lower()
    # As rows stored before feeds_0003 hold them (or text an older detector missed).
    async with core.db.session() as s:
        await s.execute(
            update(ArticleRow)
            .where(ArticleRow.doi == doi)
            .values(title=CASE, journal=f"Case files of {LEAK}")
        )
        await s.execute(update(FeedSource).values(title=f"Case files of {LEAK}"))
    admin = FeedAdmin(core)
    store = core.services["articles"]
    assert isinstance(store, ArticleStore)
    ref = await store.find(1, doi=doi)
    assert ref is not None
    shown = {
        "why": one(await fbot.play(f"@carol #cardiology: /feed why {doi}"), to="carol")["text"],
        "list": one(await fbot.play("@carol #cardiology: /feed list"), kind="message")["text"],
        "status": one(await fbot.play("@carol #cardiology: /feed status"), kind="message")["text"],
        "digest": posts(await fbot.play("@carol #cardiology: /digest"), "cardiology")[0],
        "items": json.dumps(await admin.items(None)),
        "status --json": json.dumps(await admin.status()),
        "opml": (await admin.export_opml()).decode(),
        "citation": f"{ref.title} {ref.journal}",
    }
    for where, text in shown.items():
        assert "[MRN]" in text, where
        assert all(value not in text for value in VALUES), where


def test_every_text_field_of_a_feed_reply_is_scrubbed() -> None:
    link = "https://cases.example.org/a/1"
    reply = Reply(
        text=LEAK,
        sections=(
            Section(
                title=LEAK,
                text=LEAK,
                fields=(Field(LEAK, LEAK),),
                items=(Item(LEAK, link, f"{LEAK} · doi:10.5555/case.1"),),
            ),
        ),
        context=LEAK,
        actions=(Action("open", LEAK, value="1"),),
    )
    out = scrubbed(reply, DetectorGate())
    assert all(value not in repr(out) for value in VALUES)
    section = out.sections[0]
    assert {out.text, out.context, section.title, section.text, out.actions[0].label} == {
        LEAK_REDACTED
    }
    assert (section.fields[0].name, section.fields[0].value) == (LEAK_REDACTED, LEAK_REDACTED)
    item = section.items[0]
    assert (item.title, item.url) == (LEAK_REDACTED, link)  # links are not text
    assert item.meta == f"{LEAK_REDACTED} · doi:10.5555/case.1"
