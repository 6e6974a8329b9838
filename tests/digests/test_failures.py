"""Failing feeds: ``/feed status`` shows the HTTP status and error, polls back off, a feed is
disabled after ``feeds.max_failures`` with exactly one notice per subscribed channel, and
``/feed enable`` turns it back on; a notice that fails stops neither the other notices nor the
posts of the cycle. Hostile feeds polled together with good ones in one cycle
end within a time budget, each bad one recorded with a clear error, the good ones stored."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.services.digests.admin import FeedAdmin
from bot.services.digests.delivery import Delivery
from tests.conftest import BotConsole
from tests.digests import samples as P
from tests.digests.conftest import T0, feed_bot
from tests.digests.helpers import SETUP, one, posts, texts
from tests.digests.servers import FeedSite
from tests.feeds import feeds_samples as S
from tests.http_servers import silent_server


@pytest.fixture
async def strict_bot(db_url: str, tmp_path: Path) -> AsyncIterator[BotConsole]:
    """Disables a feed after 3 failures."""
    harness = feed_bot(tmp_path / "data", db_url, max_failures=3)
    await harness.start(T0)
    try:
        yield harness
    finally:
        await harness.stop()


def _when(value: object) -> datetime:
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


async def test_failing_feed_backs_off_is_disabled_once_and_enabled_again(
    strict_bot: BotConsole, site: FeedSite
) -> None:
    bot = strict_bot
    assert bot.core is not None
    url = site.set("/flaky", b"", status=500)
    busy = site.set("/busy", b"", status=429, headers={"Retry-After": "7200"})
    await bot.play(SETUP)
    await bot.play(f"@bob #cardiology: /feed add {url} #cardiology")
    await bot.play(f"@alice #research: /feed add {url} #research")
    await bot.play(f"@alice #research: /feed add {busy} #research")

    delays = []
    for failures in (1, 2):
        assert await bot.play("! poll") == []
        row = next(r for r in await FeedAdmin(bot.core).status() if r["url"] == url)
        assert (row["state"], row["failures"], row["last_status"]) == ("failing", failures, 500)
        assert row["last_error"] == "HTTP 500 Internal Server Error"
        delays.append(_when(row["next_poll"]) - T0)
    # Exponential backoff around the 30-minute interval (±10% jitter): 30 min, then 60.
    assert timedelta(minutes=27) <= delays[0] <= timedelta(minutes=33)
    assert timedelta(minutes=54) <= delays[1] <= timedelta(minutes=66)
    row = next(r for r in await FeedAdmin(bot.core).status() if r["url"] == busy)
    assert row["last_error"] == "HTTP 429 Too Many Requests (retry after 7200 s)"
    assert _when(row["next_poll"]) - T0 >= timedelta(hours=2)  # Retry-After is honoured

    status = one(await bot.play("@carol #cardiology: /feed status 1"), kind="message")["text"]
    assert "State: ⚠️ failing" in status and "Failures: 2" in status
    assert "Last HTTP status: 500" in status
    assert "Last error: HTTP 500 Internal Server Error" in status
    assert "Next try: 2026-03-02 1" in status and "Posts to: #cardiology, #research" in status

    out = await bot.play("! poll")  # the third failure disables it
    notices = [a for a in out if "Feed 1 was disabled after repeated failures" in a["text"]]
    assert sorted(a["channel"] for a in notices) == ["#cardiology", "#research"]
    assert texts(out, text="Feed 2 was disabled") and len(out) == 3  # the 429 one, #research
    assert "/feed enable 1" in notices[0]["text"]
    asked = site.answered[("/flaky", 500)]
    assert await bot.play("! poll", "! poll") == []  # no second notice, and not polled
    assert site.answered[("/flaky", 500)] == asked
    status = one(await bot.play("@carol #cardiology: /feed status 1"), kind="message")["text"]
    assert "State: ⛔ disabled" in status and "Next try: —" in status

    out = await bot.play("@carol #cardiology: /feed enable 1")
    assert "only a lead of a group that follows it" in one(out, to="carol")["text"]
    out = await bot.play("@bob #cardiology: /feed enable 1")
    assert texts(out) == ["Feed 1 is on again; it is polled at the next tick."]
    site.set("/flaky", P.rss1(P.OLD))
    assert await bot.play("! poll") == []  # its first success is a baseline
    row = next(r for r in await FeedAdmin(bot.core).status() if r["url"] == url)
    assert (row["state"], row["failures"], row["last_error"], row["items"]) == ("ok", 0, None, 3)
    site.set("/flaky", P.rss1([P.NEJM, *P.OLD]))
    out = await bot.play("! poll")
    assert len(posts(out, "cardiology")) == 1 and len(posts(out, "research")) == 1


async def test_a_failing_disabled_feed_notice_stops_nothing_else(
    sqlite_url: str,
    tmp_path: Path,
    site: FeedSite,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    bot = feed_bot(tmp_path / "data", sqlite_url, max_failures=1)
    await bot.start(T0)
    try:
        good = site.set("/good", P.rss1(P.OLD))
        await bot.play(SETUP, f"@bob #cardiology: /feed add {good} #cardiology", "! poll")
        for path in ("/bad1", "/bad2"):
            bad = site.set(path, b"", status=500)
            await bot.play(f"@bob #cardiology: /feed add {bad} #cardiology")
        site.set("/good", P.rss1([P.NEJM, *P.OLD]))
        real = Delivery.feed_disabled

        async def notice(self: Delivery, feed_id: int, url: str, error: str) -> None:
            if url.endswith("/bad1"):
                raise RuntimeError(f"the database went away while notifying for {url}")
            await real(self, feed_id, url, error)

        monkeypatch.setattr(Delivery, "feed_disabled", notice)
        out = await bot.play("! poll")  # both bad feeds are disabled; bad1's notice fails
        # The good feed's new article, stored with its new validators, is posted all the same.
        assert len(texts(out, channel="#cardiology", text=P.NEJM.title)) == 1
        # bad2's notice still goes out; bad1's is lost, and said so in the log.
        assert len(texts(out, text="Feed 3 was disabled")) == 1 and len(out) == 2
        assert "feed 2: the disabled-feed notice failed: RuntimeError" in caplog.text
        assert "database went away" not in caplog.text  # the error's text is not logged
        monkeypatch.undo()
        assert await bot.play("! poll") == []  # posted once; no notice again
    finally:
        await bot.stop()


async def test_hostile_feeds_together_within_budget(db_url: str, tmp_path: Path) -> None:
    # The guard is ON: only 127.0.0.1 is allowed, so a redirect to 169.254.169.254 is refused.
    bot = feed_bot(
        tmp_path / "data",
        db_url,
        allow_private_networks=False,
        allowed_networks=("127.0.0.1/32",),
        timeout=timedelta(seconds=3),
        connect_timeout=timedelta(seconds=2),
    )
    await bot.start(T0)
    site = FeedSite()
    try:
        from tests.digests.servers import serve

        async with serve(site), silent_server() as silent:
            good = {
                "/pubmed": P.pubmed([P.NEJM, *P.OLD]),
                "/rss1": P.rss1([P.NEJM]),
                "/atom": S.atom_doi_only(),
                "/conference": S.conference_rss(),
                "/medrxiv": P.medrxiv(1),
            }
            for path, body in good.items():
                site.set(path, body)
            site.set("/laughs", S.billion_laughs())
            site.set("/quadratic", S.quadratic_blowup())
            site.set("/html", S.html_page(), content_type="text/html")
            site.set("/403", b"", status=403)
            site.set("/429", b"", status=429, headers={"Retry-After": "120"})
            site.set("/500", b"", status=500)
            expected = {
                "/laughs": "refused: XML entity declarations",
                "/quadratic": "refused: XML entity declarations",
                "/hostile/external": "refused: XML entity declarations",
                "/hostile/big": "response larger than 10 MiB",
                "/hostile/bomb": "response larger than 10 MiB",
                "/hostile/to-private": "refused: the address is private or local",
                "/html": "not a feed: HTML page",
                "/403": "HTTP 403 Forbidden",
                "/429": "HTTP 429 Too Many Requests (retry after 120 s)",
                "/500": "HTTP 500 Internal Server Error",
            }
            urls = [site.base + p for p in [*good, *expected]] + [f"{silent}/never"]
            await bot.play(SETUP, *(f"@bob #cardiology: /feed add {u} #cardiology" for u in urls))
            start = time.perf_counter()
            assert await bot.play("! poll") == []
            elapsed = time.perf_counter() - start
        assert elapsed < 30, elapsed  # generous: the servers share the test's event loop
        assert bot.core is not None
        rows = {r["url"]: r for r in await FeedAdmin(bot.core).status()}
        for path in good:
            row = rows[site.base + path]
            assert (row["state"], row["last_error"], row["last_status"]) == ("ok", None, 200)
            assert row["items"] > 0, path
        for path, error in expected.items():
            row = rows[site.base + path]
            assert (row["state"], row["failures"], row["last_error"]) == ("failing", 1, error)
        never = rows[f"{silent}/never"]
        assert never["state"] == "failing" and never["last_error"].startswith("timed out")
        assert site.answered[("/hostile/secret", 200)] == 0  # no external entity was fetched
        items = await FeedAdmin(bot.core).items(None)
        nejm = [i for i in items if i["doi"] == P.NEJM.doi.lower()]
        assert len(nejm) == 1 and len(nejm[0]["sources"]) == 4
    finally:
        await bot.stop()
