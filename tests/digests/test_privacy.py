"""Erasure and export cover what a member created here: feed subscriptions, channel filters
and digest schedules. Erasure keeps them for the workspace, without their creator."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bot.storage.models.feeds import FeedFilter, FeedSubscription
from bot.storage.models.jobs import Job
from tests.conftest import BotConsole
from tests.digests import samples as P
from tests.digests.helpers import SETUP, one
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
