"""Every ``/feed`` and ``/digest`` command with malformed arguments answers with its usage
line; the filter language (set, show, clear; AND/OR/NOT; regular expressions with a time
limit) decides what a channel gets."""

from __future__ import annotations

import pytest

from tests.conftest import BotConsole
from tests.digests import samples as P
from tests.digests.helpers import SETUP, one, posts, texts
from tests.digests.servers import FeedSite

MALFORMED = [
    ("/feed add notaurl", "/feed add URL [#GROUP]"),
    ("/feed add", "/feed add URL [#GROUP]"),
    ("/feed add ftp://example.org/feed", "/feed add URL [#GROUP]"),
    ("/feed list everything", "/feed list"),
    ("/feed remove abc", "/feed remove ID [#GROUP]"),
    ("/feed status first", "/feed status [ID]"),
    ("/feed why", "/feed why ARTICLE"),
    ("/feed catalog cardiology extra", "/feed catalog [SPECIALTY]"),
    ("/feed filter frobnicate", "/feed filter show|set|clear"),
    ("/feed filter set", "/feed filter show|set|clear"),
    ('/feed filter set title:"unclosed', "/feed filter show|set|clear"),
    ("/feed filter set title:/(unclosed/", "/feed filter show|set|clear"),
    ("/feed filter set type:nonsense", "/feed filter show|set|clear"),
    ("/feed filter set heart failure", "/feed filter show|set|clear"),
    ("/feed filter set type:rct AND", "/feed filter show|set|clear"),
    ("/feed filter set (type:rct", "/feed filter show|set|clear"),
    ("/feed filter set " + " OR ".join(["title:/a+/"] * 6), "/feed filter show|set|clear"),
    ("/feed filter set " + "(" * 100 + "type:rct" + ")" * 100, "/feed filter show|set|clear"),
    ("/feed filter clear type:rct", "/feed filter show|set|clear"),
    ("/feed filter show type:rct", "/feed filter show|set|clear"),
    ("/feed enable", "/feed enable ID"),
    ("/feed enable one", "/feed enable ID"),
    ("/digest #cardiology fortnight", "/digest [#GROUP] [day|week|month]"),
    ("/digest schedule #cardiology hourly 07:00", "/digest schedule #GROUP daily|weekly"),
    ("/digest schedule #cardiology daily 25:00", "/digest schedule #GROUP daily|weekly"),
    ("/digest schedule #cardiology weekly 07:00", "/digest schedule #GROUP daily|weekly"),
    ("/digest schedule #cardiology daily mon 07:00", "/digest schedule #GROUP daily|weekly"),
    ("/digest schedule #cardiology daily 07:00 Mars/Base", "/digest schedule #GROUP daily|weekly"),
    ("/digest unschedule", "/digest unschedule #GROUP"),
]


async def test_malformed_commands_answer_with_their_usage_line(sqlite_bot: BotConsole) -> None:
    await sqlite_bot.play(SETUP)
    for command, usage in MALFORMED:
        out = await sqlite_bot.play(f"@alice #cardiology: {command}")
        answer = one(out, kind="ephemeral", to="alice")["text"]
        assert f"Usage: {usage}" in answer, (command, answer)
        assert "Traceback" not in answer and len(answer) < 400, (command, answer)


async def test_filter_set_show_clear(sqlite_bot: BotConsole) -> None:
    await sqlite_bot.play(SETUP)
    out = await sqlite_bot.play(
        "@bob #cardiology: /feed filter set #cardiology "
        'NOT type:erratum AND (type:rct OR title:"heart failure")'
    )
    assert texts(out) == [
        '#cardiology now gets only: NOT type:erratum AND (type:rct OR title:"heart failure")'
    ]
    # Without a #group, a leading NOT is the expression's, not a group's name.
    out = await sqlite_bot.play("@alice #research: /feed filter set NOT type:review")
    assert texts(out) == ["#research now gets only: NOT type:review"]
    out = await sqlite_bot.play("@bob #cardiology: /feed filter show cardiology")
    assert "#cardiology filter: NOT type:erratum AND" in one(out, to="bob")["text"]
    out = await sqlite_bot.play("@carol #cardiology: /feed filter set type:rct")
    assert "only the group's lead or an admin" in one(out, to="carol")["text"]
    out = await sqlite_bot.play("@bob #cardiology: /feed filter clear #cardiology")
    assert texts(out) == ["#cardiology gets every article again."]
    out = await sqlite_bot.play("@bob #cardiology: /feed filter show #cardiology")
    assert "none (everything)" in one(out, to="bob")["text"]


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("type:rct OR type:guideline", {"rct", "guideline"}),
        ("NOT type:rct AND journal:lancet", {"lancet"}),
        ('title:"heart failure" AND NOT author:smith', {"hf"}),
        ("doi:10.1161 OR title:/colchic(ine|um)/", {"guideline", "lancet"}),
        # A catastrophic pattern gives up after its time limit and counts as no match.
        ("title:/(a|aa)+b/ OR type:rct", {"rct"}),
    ],
)
async def test_filters_decide_what_is_posted(
    sqlite_fbot: BotConsole, site: FeedSite, expression: str, expected: set[str]
) -> None:
    papers = {
        "rct": P.Paper(
            "10.1056/NEJMoa9",
            "40000001",
            "A randomized trial of apixaban",
            "NEJM",
            "Randomized Controlled Trial",
        ),
        "guideline": P.Paper(
            "10.1161/CIR.9", "40000002", "2026 guideline for atrial fibrillation", "Circulation"
        ),
        "lancet": P.Paper(
            "10.1016/S0140.9", "40000003", "Colchicine in coronary disease", "Lancet"
        ),
        "hf": P.Paper("10.1001/jama.9", "40000004", "Heart failure in " + "a" * 40 + "c", "JAMA"),
    }
    url = site.set("/pubmed", P.pubmed(P.OLD))
    await sqlite_fbot.play(
        SETUP,
        f"@bob #cardiology: /feed add {url} #cardiology",
        f"@bob #cardiology: /feed filter set #cardiology {expression}",
        "! poll",
    )
    site.set("/pubmed", P.pubmed([*papers.values(), *P.OLD]))
    out = await sqlite_fbot.play("! poll")
    shown = posts(out, "cardiology")
    got = {name for name, p in papers.items() if any(p.title in t for t in shown)}
    assert got == expected
    for name in set(papers) - expected:
        why = one(
            await sqlite_fbot.play(f"@bob #cardiology: /feed why {papers[name].doi}"),
            kind="ephemeral",
        )
        assert f"#cardiology: not posted: filtered out (filter: {expression})" in why["text"]
