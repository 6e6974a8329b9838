"""Stats, the moderators' export, a member's erasure, export and home view, and the API other
capabilities use to open a question."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from bot.storage.repos import MemberRepo
from tests.conftest import BotConsole
from tests.qa.helpers import SETUP, one

STORY = (
    SETUP,
    "@alice #cardiology: /ask Apixaban in dialysis patients: which dose?",
    "! advance 30m",
    "@bob #cardiology >9: 5 mg bid per the label; 2.5 mg bid is common (PMID 29954737).",
    "@alice #cardiology +10 white_check_mark",
    "@carol #cardiology: /ask Beta-blocker after MI with preserved EF: how long?",
    "! advance 2h",
    "@bob #cardiology >11: At least a year; REDUCE-AMI says maybe not at all.",
    "@alice #cardiology: /ask Anyone using Lp(a) to guide statin intensity?",
)


def _read(path: str) -> str:
    return Path(path).read_text("utf-8")


async def test_stats_count_and_time_and_name_opted_in_helpers(sqlite_bot: BotConsole) -> None:
    await sqlite_bot.play(*STORY)
    shown = (await sqlite_bot.play("@zoe #general: /qa stats #cardiology"))[0]["text"]
    assert "Questions: 3" in shown and "Answered: 67%" in shown and "Accepted: 33%" in shown
    assert "Median time to first reply: 1h15m" in shown
    assert "Top helpers" not in shown
    out = await sqlite_bot.play("@bob #general: /qa helper on")
    assert "may now appear" in out[0]["text"]
    shown = (await sqlite_bot.play("@zoe #general: /qa stats"))[0]["text"]
    assert "*Top helpers (accepted answers)*\n@bob (1)" in shown


async def test_export_json_and_csv_hold_accepted_answers_only(sqlite_bot: BotConsole) -> None:
    await sqlite_bot.play(*STORY, "! role mona moderator")
    assert "only moderators" in (await sqlite_bot.play("@bob #general: /qa export"))[0]["text"]
    out = one(await sqlite_bot.play("@mona #general: /qa export"), kind="ephemeral")
    [file] = out["data"]["files"]
    assert file["mime"] == "application/json"
    records = json.loads(_read(file["path"]))
    assert [r["question"] for r in records] == [1, 2, 3]
    assert records[0]["accepted_answers"][0]["citations"] == [
        "https://pubmed.ncbi.nlm.nih.gov/29954737/"
    ]
    assert records[0]["accepted_answers"][0]["author"] == "@bob"
    assert records[1]["accepted_answers"] == [] and records[1]["status"] == "answered"
    out = one(await sqlite_bot.play("@mona #general: /qa export csv"), kind="ephemeral")
    rows = list(csv.DictReader(_read(out["data"]["files"][0]["path"]).splitlines()))
    assert [(r["question"], r["answer"]) for r in rows] == [("1", "1"), ("2", ""), ("3", "")]


async def test_erasure_export_and_home_of_a_member(sqlite_bot: BotConsole) -> None:
    await sqlite_bot.play(*STORY)
    core = sqlite_bot.core
    assert core is not None
    async with core.db.session() as s:
        alice = await MemberRepo(s, 1).find("alice")
        bob = await MemberRepo(s, 1).find("bob")
    assert alice is not None and bob is not None
    assert sqlite_bot.console is not None
    home = await core.home_view(sqlite_bot.console.tenant, "alice", "alice")
    [section] = [x for x in home.sections if x.title == "Your open questions"]
    assert [i.title.split(" · ")[0] for i in section.items] == ["Q3"]
    found = await sqlite_bot.play("@zoe #general: /qa search year")
    assert "Q2 · Beta-blocker" in found[0]["text"], "answers are searched too"
    async with core.db.session() as s:
        exported = await core.hooks.exporters["qa"](s, 1, bob.id)
    assert [a["answer"] for a in exported["answers"]] == [1, 1]
    async with core.db.session() as s:
        for eraser in core.hooks.erasers:
            await eraser(s, 1, bob.id)
    shown = (await sqlite_bot.play("@zoe #general: /qa show Q2"))[0]["text"]
    assert "Q2 · open" in shown and "REDUCE-AMI" not in shown
    out = await sqlite_bot.play("@zoe #general: /qa search year")
    assert out[0]["text"] == "No questions match 'year'."
    async with core.db.session() as s:
        for eraser in core.hooks.erasers:
            await eraser(s, 1, alice.id)
    out = await sqlite_bot.play("@zoe #general: /qa search apixaban")
    assert out[0]["text"] == "No questions match 'apixaban'."
    assert "There is no Q1." in (await sqlite_bot.play("@zoe #general: /qa show Q1"))[0]["text"]


async def test_other_capabilities_open_questions(sqlite_bot: BotConsole) -> None:
    await sqlite_bot.play(SETUP)
    assert sqlite_bot.core is not None and sqlite_bot.console is not None
    qa = sqlite_bot.core.services["qa"]
    number = await qa.open_question(
        1,
        "Speaker question: is the LAAO data strong enough for DOAC-intolerant patients?",
        ["cardiology"],
        channel=None,
        asker_member_id=None,
        anonymous=False,
        source="event",
    )
    actions = await sqlite_bot.play()  # what the bot did outside any script line
    assert number == 1
    post = one(actions, kind="message", thread=None)
    assert post["channel"] == "#cardiology" and "Q1 · a participant asks" in post["text"]
    assert sorted(a["to"] for a in actions if a["kind"] == "dm") == ["bob", "carol"]
