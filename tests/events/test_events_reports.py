"""Stats (figures and the posts-per-hour chart) and the transcript in md, csv and json; what a
member erased with forget-me is gone from both, and from the thread."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.conftest import BotConsole
from tests.events.helpers import SETUP, bodies, export, files_of, read_bytes, read_file, texts

POSTS = (
    "! join #cardiology ann bob carl",
    "! now 2026-03-28T14:05:00Z",  # 10:05 in New York
    "@ann #cardiology: first in S12 #ACC26",
    "@bob #cardiology: second in S12 #ACC26",
    "@ann #cardiology >4: a reply #ACC26",  # in the thread of message 4 (ann.s first)
    "! now 2026-03-28T16:20:00Z",  # 12:20
    "@carl #general: =SUM(A1) imaging #ACC26_S13",
    "! now 2026-03-28T17:30:00Z",  # 13:30, after every session
    "@ann #general: general word #ACC26",
    "@bob #general: /event ask S12 Is there a subgroup analysis?",
)


async def test_stats_give_the_figures_and_a_chart(bot: BotConsole) -> None:
    await bot.play(*SETUP, *POSTS)
    actions = await bot.play("@ann #general: /event stats #ACC26")
    (reply,) = [a for a in actions if a["kind"] == "message"]
    text = reply["text"]
    for line in (
        "Posts: 5",
        "Replies: 1",
        "Participants: 3",
        "Peak hour: 2026-03-28 10:00 (3 posts)",
        "Speaker questions: 1 (0 answered)",
        "• @ann — 3 posts",
        "• S12 · Late-breaking trials — 3 posts",
        "• S13 · Imaging — 1 post",
        "• No session — 1 post",
        "• #cardiology — 3 posts",
        "• #general — 2 posts",
    ):
        assert line in text
    # Reach: #cardiology has ann, bob, carl; #general has everyone who wrote there (olga,
    # ann, bob, carl, from the setup and the posts).
    assert "Reach: 7 " in text
    (chart,) = files_of([reply])
    assert chart["mime"] == "image/png" and chart["name"].endswith(".png")
    assert read_bytes(chart["path"])[:8] == b"\x89PNG\r\n\x1a\n"
    assert bot.core is not None and Path(chart["path"]).is_relative_to(bot.core.config.data_dir)


async def test_export_in_three_formats(bot: BotConsole) -> None:
    await bot.play(*SETUP, *POSTS)
    doc = await export(bot, "json")
    s12, s13 = doc["sessions"]
    assert texts(s12["posts"]) == [
        "first in S12 #ACC26",
        "second in S12 #ACC26",
        "a reply #ACC26",
    ]
    assert [p["reply"] for p in s12["posts"]] == [False, False, True]
    assert s12["posts"][0]["time"] == "2026-03-28T10:05-04:00"
    assert s12["questions"][0]["text"] == "Is there a subgroup analysis?"
    assert texts(s13["posts"]) == ["=SUM(A1) imaging #ACC26_S13"]
    assert texts(doc["no_session"]) == ["general word #ACC26"]

    markdown = await export(bot, "md")
    assert "## #ACC26_S12 · Late-breaking trials" in markdown
    assert "2026-03-28 10:00–11:30, #cardiology" in markdown
    assert "- 2026-03-28 10:05 **@ann** in #cardiology: first in S12 #ACC26" in markdown
    assert "- Q1 (0 votes, open, @bob): Is there a subgroup analysis?" in markdown
    assert markdown.index("## #ACC26_S13") < markdown.index("## No session")

    rows = list(csv.DictReader(io.StringIO(await export(bot, "csv"))))
    assert [r["kind"] for r in rows].count("post") == 5
    imaging = next(r for r in rows if "SUM" in r["text"])
    assert imaging["session"] == "S13" and imaging["text"].startswith("'")  # no formula


async def test_forget_me_takes_a_member_out_of_thread_and_transcript(bot: BotConsole) -> None:
    await bot.play(*SETUP, *POSTS, "@bob #general: /event ask S13 Anonymous one? --anon")
    assert any("second in S12" in b for b in bodies(bot))
    actions = await bot.play("@bob #general: /privacy forget-me")
    confirm = next(a for a in actions if a["data"].get("actions"))
    await bot.play(f"@bob click {confirm['id']} forget-confirm")
    deleted = {a["id"] for a in bot.actions if a["kind"] == "delete"}
    mirror = next(a for a in bot.actions if a["kind"] == "message" and "second in S12" in a["text"])
    assert mirror["id"] in deleted
    assert not any("second in S12" in b for b in bodies(bot))
    doc = await export(bot)
    everything = str(doc)
    assert "second in S12" not in everything and "subgroup analysis" not in everything
    assert "Anonymous one?" not in everything and "'bob'" not in everything
    assert texts(doc["sessions"][0]["posts"]) == ["first in S12 #ACC26", "a reply #ACC26"]


async def test_export_me_includes_what_events_hold(bot: BotConsole) -> None:
    await bot.play(*SETUP, *POSTS)
    actions = await bot.play("@ann #general: /privacy export-me")
    (found,) = files_of(actions)
    content = read_file(found["path"])
    assert "first in S12 #ACC26" in content and "general word #ACC26" in content
