"""Gathering end to end through the console: which posts reach the live thread and the
transcript, under which session, and how edits, deletes and opt-ins change that."""

from __future__ import annotations

from tests.conftest import BotConsole
from tests.events.helpers import SETUP, export, live_thread, texts

# SETUP's three commands are messages 1–3; these are 4–12.
POSTS = (
    "! now 2026-03-28T14:15:00Z",  # 10:15 in New York: S12's window (in #cardiology)
    "! private #secret ann bob",
    "@ann #general: Keynote was great #ACC26",  # 4: no session (S12 is in #cardiology)
    "@bob #cardiology: Trial X met its endpoint #acc26",  # 5: S12 by window and channel
    "@ann #secret: private thoughts #ACC26",  # 6: private, not opted in
    "@bob #general: an untagged post",  # 7
    "@bob #general: wrong meeting #ACC265",  # 8
    "@bob #general: slides at https://example.org/deck#ACC26",  # 9: inside a URL
    "@carl #general: imaging talk next #ACC26_S13",  # 10: S13 by its session tag
    "@dana #general: soon deleted #ACC26",  # 11
    "@ann #cardiology: first version #ACC26",  # 12: S12, then edited
    "@ann edit 12: second version #ACC26",
    "@dana delete 11",
)


async def test_thread_and_transcript_hold_exactly_the_right_posts(bot: BotConsole) -> None:
    await bot.play(*SETUP, *POSTS)
    thread = live_thread(bot)
    assert len(thread) == 4
    body = "\n".join(thread.values())
    for expected in ("Keynote was great", "Trial X met", "imaging talk next", "second version"):
        assert expected in body
    for absent in ("private thoughts", "untagged", "#ACC265", "example.org", "soon deleted"):
        assert absent not in body
    assert "first version" not in body
    mirror = next(t for t in thread.values() if "Trial X" in t)
    assert mirror.startswith("@bob in #cardiology · S12:")
    assert "console://#cardiology/5" in mirror  # the link back to the original

    doc = await export(bot)
    by_code = {s["code"]: s for s in doc["sessions"]}
    assert texts(by_code["S12"]["posts"]) == [
        "Trial X met its endpoint #acc26",
        "second version #ACC26",
    ]
    assert by_code["S12"]["posts"][1]["edited"] is True
    assert texts(by_code["S13"]["posts"]) == ["imaging talk next #ACC26_S13"]
    assert texts(doc["no_session"]) == ["Keynote was great #ACC26"]
    assert doc["post_event"] == []


async def test_a_private_channel_counts_once_a_member_organizer_opts_in(bot: BotConsole) -> None:
    await bot.play(*SETUP, "! private #secret ann olga", "! role zed organizer")
    refused = await bot.play("@zed #secret: /event optin #ACC26")
    assert "member of this channel" in refused[0]["text"]
    public = await bot.play("@olga #general: /event optin #ACC26")
    assert "not private" in public[0]["text"]
    said = await bot.play("@olga #secret: /event optin #ACC26")
    assert said[0]["kind"] == "message" and said[0]["channel"] == "#secret"
    await bot.play("@ann #secret: now shared #ACC26")
    assert any("now shared" in t for t in live_thread(bot).values())


async def test_edits_add_and_remove_the_tag(bot: BotConsole) -> None:
    await bot.play(*SETUP, "@ann #general: no tag yet", "@bob #general: tagged #ACC26")
    await bot.play("@ann edit 4: now tagged #ACC26")
    assert sorted(live_thread(bot).values())[0].startswith("@ann in #general")
    await bot.play("@bob edit 5: tag removed")
    thread = live_thread(bot)
    assert len(thread) == 1 and "now tagged" in next(iter(thread.values()))
    doc = await export(bot)
    assert texts(doc["no_session"]) == ["now tagged #ACC26"]


async def test_a_reply_in_the_live_thread_is_recorded_but_not_mirrored(bot: BotConsole) -> None:
    await bot.play(*SETUP)
    # message 1 (the start command) answered with b1, the live thread's root
    await bot.play("@ann #general >1: replying in the thread #ACC26")
    assert live_thread(bot) == {}
    doc = await export(bot)
    assert texts(doc["no_session"]) == ["replying in the thread #ACC26"]
    assert doc["no_session"][0]["reply"] is True


async def test_gathering_survives_a_restart(bot: BotConsole) -> None:
    await bot.play(*SETUP)
    await bot.restart()
    actions = await bot.play("@ann #general: after the restart #ACC26")
    mirrored = [a for a in actions if a["kind"] == "message" and a["thread"] is not None]
    assert len(mirrored) == 1 and "after the restart" in mirrored[0]["text"]
    assert mirrored[0]["thread"].endswith(".b1")  # the root of the earlier run


async def test_dms_are_never_gathered(bot: BotConsole) -> None:
    await bot.play(*SETUP, "@ann dm: secret note #ACC26")
    assert live_thread(bot) == {}
