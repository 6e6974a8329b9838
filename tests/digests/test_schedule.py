"""Digests: on demand (grouped, with a thread for discussion, "since the last digest"), and
scheduled at 07:00 America/New_York: once a day across the March DST change, and exactly once
when the bot is restarted mid-send (the post dies after ``mark_sent``: nothing is sent twice
and the occurrence is audited as maybe not sent)."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.domain.reply import Reply
from bot.storage.repos.audit import AuditRepo
from tests.conftest import BotConsole
from tests.digests import samples as P
from tests.digests.helpers import SETUP, one, posts, texts
from tests.digests.servers import FeedSite


async def _setup(bot: BotConsole, site: FeedSite) -> None:
    url = site.set("/pubmed", P.pubmed(P.OLD))
    await bot.play(SETUP, f"@bob #cardiology: /feed add {url} #cardiology", "! poll")


def _digests(actions: list[dict[str, Any]]) -> list[str]:
    return [t for t in posts(actions, "cardiology") if t.startswith("Digest for")]


async def test_on_demand_digest_grouped_with_a_thread(fbot: BotConsole, site: FeedSite) -> None:
    await _setup(fbot, site)
    site.set("/pubmed", P.pubmed([P.NEJM, *P.batch("ondemand", 2), *P.OLD]))
    await fbot.play("! poll")
    out = await fbot.play("@carol #cardiology: /digest")
    digest = one(out, kind="message", thread=None)
    text = digest["text"]
    assert text.startswith("Digest for #cardiology: 6 new articles since 2026-02-23")
    # Grouped by journal, the most important types first; each line with its DOI link.
    assert text.index("*N Engl J Med*") < text.index("*Lancet*")
    assert f"• [RCT] {P.NEJM.title} <https://doi.org/{P.NEJM.doi.lower()}>" in text
    thread = one(out, kind="message", thread=digest["id"])
    assert thread["text"] == "💬 Discuss these articles here, in this thread."
    # "Since the last digest": nothing new since this one.
    out = await fbot.play("@carol #cardiology: /digest")
    assert texts(out)[0].startswith("Digest for #cardiology: no new articles since 2026-03-02")
    # A period looks back regardless of the mark; asked elsewhere, it does not move it.
    out = await fbot.play("@carol #research: /digest #cardiology week")
    digest = one(out, kind="message", channel="#research", thread=None)
    assert digest["text"].startswith("Digest for cardiology: 6 new articles since 2026-02-23")
    out = await fbot.play("@carol #cardiology: /digest")
    assert "no new articles" in texts(out)[0]


async def test_scheduled_digest_daily_across_dst(fbot: BotConsole, site: FeedSite) -> None:
    await _setup(fbot, site)
    out = await fbot.play(
        "@bob #cardiology: /digest schedule #cardiology daily 07:00 America/New_York"
    )
    assert texts(out) == [
        "cardiology's digest goes to #cardiology daily at 07:00 America/New_York; "
        "first on 2026-03-03 12:00 UTC."
    ]
    site.set("/pubmed", P.pubmed([P.NEJM, *P.OLD]))
    await fbot.play("! advance 2h", "! poll")
    sent: list[str] = []
    for _day in range(8):  # 2026-03-02T14:00Z → 2026-03-10T14:00Z, DST starts on the 8th
        sent += _digests(await fbot.play("! advance 1d"))
        assert len(sent) == _day + 1  # once a day
    assert sent[0].startswith("Digest for cardiology: 1 new article since 2026-03-02")
    assert P.NEJM.title in sent[0]
    # Each digest covers the time since the previous one: 07:00 in New York, EST then EDT.
    assert "no new articles since 2026-03-07 12:00 UTC" in sent[5]  # sent 03-08 11:00Z
    assert "no new articles since 2026-03-08 11:00 UTC" in sent[6]  # 07:00 EDT
    assert "no new articles since 2026-03-09 11:00 UTC" in sent[7]

    out = await fbot.play("@bob #cardiology: /digest unschedule #cardiology")
    assert texts(out) == ["cardiology's scheduled digest is stopped."]
    assert _digests(await fbot.play("! advance 2d")) == []


async def test_scheduled_digest_exactly_once_across_a_restart_mid_send(
    fbot: BotConsole, site: FeedSite
) -> None:
    await _setup(fbot, site)
    await fbot.play("@bob #cardiology: /digest schedule #cardiology daily 07:00 America/New_York")
    assert fbot.console is not None and fbot.core is not None
    platform = fbot.console.platform
    real_post = platform.post
    marked = asyncio.Event()

    async def dies_while_posting(workspace: str, channel: str, reply: Reply, **kw: Any) -> Any:
        if reply.text.startswith("Digest for"):
            marked.set()
            await asyncio.Event().wait()  # the process dies here, after mark_sent
        return await real_post(workspace, channel, reply, **kw)

    platform.post = dies_while_posting  # type: ignore[method-assign]
    advancing = asyncio.create_task(fbot.play("! advance 1d"))
    await asyncio.wait_for(marked.wait(), 30)
    advancing.cancel()
    await asyncio.gather(advancing, return_exceptions=True)
    await fbot.restart()

    out = await fbot.play("! advance 10m")  # the dead run's lease ends: it is taken over
    assert _digests(out) == []  # maybe lost, never sent twice
    assert fbot.core is not None and fbot.console is not None
    tenant_id = await fbot.core.tenant_id(fbot.console.tenant)
    async with fbot.core.db.session() as s:
        rows = await AuditRepo(s, tenant_id).recent(action="job.maybe_not_sent")
    assert len(rows) == 1 and rows[0].outcome == "maybe_lost"
    assert rows[0].detail["occurrence"] == "2026-03-03T12:00:00+00:00"

    site.set("/pubmed", P.pubmed([P.NEJM, *P.OLD]))
    await fbot.play("! poll")
    sent = _digests(await fbot.play("! advance 1d"))
    assert len(sent) == 1  # the next morning's digest, once
    assert sent[0].startswith("Digest for cardiology: 1 new article since 2026-03-03 12:00")
