"""Erasure and export cover what a member created here: feed subscriptions, channel filters
and digest schedules. Erasure keeps them for the workspace, without their creator. Feed items
pass the privacy gate before Rounds stores or posts them, like any text it keeps or posts."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.storage.models.feeds import ArticleRow, FeedFilter, FeedSubscription
from bot.storage.models.jobs import Job
from tests.conftest import BotConsole
from tests.digests import samples as P
from tests.digests.helpers import SETUP, one, posts
from tests.digests.servers import FeedSite


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
