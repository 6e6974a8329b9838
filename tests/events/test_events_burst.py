"""Bursts: past the threshold the thread gets one summary per window instead of a message per
post; nothing is lost (the transcript has every post), and summaries follow deletes."""

from __future__ import annotations

from tests.conftest import BotConsole
from tests.events.helpers import SETUP, export, live_thread


async def test_500_posts_in_a_minute_lose_nothing_and_fold_into_summaries(
    bot: BotConsole,
) -> None:
    await bot.play(*SETUP, "! now 2026-03-28T13:00:00Z")
    lines = [
        f"@user{i % 40} #{'general' if i % 2 else 'cardiology'}: post number {i} #ACC26"
        for i in range(500)
    ]
    for second in range(50):  # ten posts a second for fifty seconds
        await bot.play(
            f"! now 2026-03-28T13:00:{second:02d}Z", *lines[second * 10 : second * 10 + 10]
        )
    # The threshold: the first ten are mirrored one by one, then one message says why.
    thread = list(live_thread(bot).values())
    assert len(thread) == 11 and thread[-1].startswith("A busy moment: new posts tagged #ACC26")
    assert "summarised at 09:01 EDT" in thread[-1]
    await bot.play("! advance 2m")
    thread = live_thread(bot)
    summaries = [t for t in thread.values() if "new posts from" in t]
    assert len(thread) == 11 and len(summaries) == 1
    head = summaries[0].split("\n", 1)[0]
    assert head in (
        "490 new posts from #general, #cardiology",
        "490 new posts from #cardiology, #general",
    )
    doc = await export(bot)
    posted = {p["text"] for p in doc["no_session"]}
    assert posted == {f"post number {i} #ACC26" for i in range(500)}


async def test_summaries_per_window_recount_on_delete_and_calm_returns(
    small_burst_bot: BotConsole,
) -> None:
    bot = small_burst_bot
    await bot.play(*SETUP)
    await bot.play(*(f"@ann #general: first wave {i} #ACC26" for i in range(5)))  # 4–8
    assert len(live_thread(bot)) == 4  # three mirrors and the summary's message
    await bot.restart()  # the pending summary is a job: it survives a restart
    await bot.play("! advance 1m")
    summary = [a for a in bot.actions if "new posts from" in a["text"]]
    assert len(summary) == 1 and summary[0]["text"].startswith("2 new posts from #general")
    await bot.play("@ann #general: second wave #ACC26", "@ann #general: more #ACC26")
    await bot.play("! advance 1m")
    assert [a["text"][:11] for a in bot.actions if "new posts from" in a["text"]] == [
        "2 new posts",
        "2 new posts",
    ]
    await bot.play("@ann delete 1")  # message 1 of this run: "second wave", in the 2nd summary
    edits = [a for a in bot.actions if a["kind"] == "edit" and "new post from" in a["text"]]
    assert len(edits) == 1 and edits[0]["text"].startswith("1 new post from #general")
    await bot.play("! advance 10m", "@ann #general: calm again #ACC26")
    assert "calm again" in bot.actions[-1]["text"]  # mirrored on its own again
