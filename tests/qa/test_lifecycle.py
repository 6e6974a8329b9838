"""Acceptance in all its forms, the nudge, close and reopen, "Ask anyway" and the wait."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import BotConsole
from tests.qa.helpers import SETUP, one, texts

ASK = "@alice #cardiology: /ask Is ticagrelor preferred over clopidogrel after NSTEMI?"


@pytest.fixture
async def asked(sqlite_bot: BotConsole) -> BotConsole:
    """Q1 asked by alice (message 9) with answers by bob (10) and carol (11)."""
    await sqlite_bot.play(SETUP, ASK)
    await sqlite_bot.play(
        "@bob #cardiology >9: Yes, per PLATO, unless bleeding risk is high.",
        "@carol #cardiology >9: Prasugrel is an option when PCI is planned.",
    )
    return sqlite_bot


def _marks(bot: BotConsole, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the thread states the core asks the platform to show."""
    assert bot.console is not None
    states: list[str] = []

    async def mark_thread(workspace: str, ref: Any, state: str) -> None:
        states.append(state)

    monkeypatch.setattr(bot.console.platform, "mark_thread", mark_thread)
    return states


async def test_accept_by_number_several_and_take_back(
    asked: BotConsole, monkeypatch: pytest.MonkeyPatch
) -> None:
    states = _marks(asked, monkeypatch)
    out = await asked.play("@alice #cardiology: /qa accept Q1")
    assert "Q1 has 2 answers: say which" in out[0]["text"]
    out = await asked.play("@alice #cardiology: /qa accept Q1 2")
    assert out[0]["text"] == "Accepted answer 2 on Q1."
    await asked.play("@alice #cardiology: /qa accept Q1 1")
    shown = (await asked.play("@alice #cardiology: /qa show Q1"))[0]["text"]
    assert shown.startswith("Q1 · accepted")
    assert shown.count("✅ accepted") == 2
    # A ✅ on an answer already accepted changes nothing; taking it away un-accepts it.
    await asked.play(
        "@alice #cardiology +10 white_check_mark", "@alice #cardiology -10 white_check_mark"
    )
    shown = (await asked.play("@alice #cardiology: /qa show Q1"))[0]["text"]
    assert shown.count("✅ accepted") == 1
    await asked.play(
        "@alice #cardiology +11 white_check_mark", "@alice #cardiology -11 white_check_mark"
    )
    shown = (await asked.play("@alice #cardiology: /qa show Q1"))[0]["text"]
    assert shown.startswith("Q1 · answered") and "✅" not in shown
    assert states == ["solved", "solved", "open"]


async def test_only_the_asker_or_a_moderator_accepts(asked: BotConsole) -> None:
    out = await asked.play("@bob #cardiology: /qa accept Q1 1")
    assert "Only the asker of Q1 or a moderator can accept." in out[0]["text"]
    out = await asked.play("! role mona moderator", "@mona #cardiology: /qa accept Q1 1")
    assert out[0]["text"] == "Accepted answer 1 on Q1."
    assert asked.core is not None
    async with asked.core.db.session() as s:
        from bot.storage.repos.audit import AuditRepo

        rows = await AuditRepo(s, 1).recent(action="qa.accept_for_asker")
    assert [r.target for r in rows] == ["Q1:1"]


async def test_the_nudge_comes_once_and_its_button_accepts(asked: BotConsole) -> None:
    assert await asked.play("! advance 23h") == []
    nudged = await asked.play("! advance 1h")
    nudge = one(nudged, kind="dm", to="alice")
    assert "Your Q1 has 2 answers. Did one settle it?" in nudge["text"]
    assert [b["id"] for b in nudge["data"]["actions"]] == ["accept", "still-open"]
    out = await asked.play(f"@alice click {nudge['id']} accept")
    assert out[0]["text"] == "Accepted answer 1 on Q1."
    assert await asked.play("! advance 10d") == []


async def test_still_open_keeps_it_open(asked: BotConsole) -> None:
    nudge = one(await asked.play("! advance 24h"), kind="dm", to="alice")
    out = await asked.play(f"@alice click {nudge['id']} still-open")
    assert "Q1 stays open" in out[0]["text"]


async def test_close_cancels_follow_ups_and_reopen_restarts_them(sqlite_bot: BotConsole) -> None:
    await sqlite_bot.play(SETUP, ASK)
    out = await sqlite_bot.play("@bob #cardiology: /qa close Q1")
    assert "Only the asker of Q1 or a moderator" in out[0]["text"]
    out = await sqlite_bot.play("@alice #cardiology: /qa close Q1")
    assert out[0]["text"].startswith("Closed Q1.")
    assert await sqlite_bot.play("! advance 2d") == []
    out = await sqlite_bot.play("@alice #cardiology: /qa reopen Q1")
    assert out[0]["text"] == "Q1 is open again."
    out = await sqlite_bot.play("@alice #cardiology: /qa reopen Q1")
    assert out[0]["text"] == "Q1 is already open."
    reminded = await sqlite_bot.play("! advance 4h")
    assert texts(reminded, kind="message") == ["⏰ Q1 has no answer after 4h. Can anyone help?"]


async def test_a_reply_cancels_the_reminder_and_the_askers_own_reply_does_not(
    sqlite_bot: BotConsole,
) -> None:
    await sqlite_bot.play(SETUP, ASK, "@alice #cardiology >9: (post-PCI, 70 kg)")
    assert len(texts(await sqlite_bot.play("! advance 4h"), kind="message")) == 1
    await sqlite_bot.play("@bob #cardiology >9: Ticagrelor, per PLATO.")
    out = await sqlite_bot.play("! advance 20h")
    assert texts(out, kind="message") == []


DUPLICATE = "@frank #cardiology: /ask Ticagrelor or clopidogrel following an NSTEMI?"


async def test_ask_anyway_routes_now(asked: BotConsole) -> None:
    await asked.play("@alice #cardiology +10 white_check_mark")
    offer = one(await asked.play(DUPLICATE), kind="ephemeral", to="frank")
    out = await asked.play(f"@frank click {offer['id']} ask-anyway")
    assert sorted(a["to"] for a in out if a["kind"] == "dm") == ["bob", "carol"]
    assert one(out, kind="ephemeral")["text"] == "Q2 goes to colleagues now."
    assert "Q2 · routed to 2 members" in one(out, kind="message")["text"]


async def test_without_a_choice_it_routes_after_the_wait(asked: BotConsole) -> None:
    await asked.play("@alice #cardiology +10 white_check_mark")
    await asked.play(DUPLICATE)
    assert await asked.play("! advance 14m") == []
    out = await asked.play("! advance 1m")
    assert sorted(a["to"] for a in out if a["kind"] == "dm") == ["bob", "carol"]


async def test_the_thread_note_lists_related_answered_questions(sqlite_bot: BotConsole) -> None:
    await sqlite_bot.play(
        SETUP,
        "@alice #cardiology: /ask Apixaban dose in CKD?",
        "@bob #cardiology >9: 5 mg bid unless two of age, weight, creatinine criteria.",
    )
    out = await sqlite_bot.play("@carol #cardiology: /ask Apixaban dosing in pregnancy?")
    assert [a for a in out if a["kind"] == "ephemeral"] == [], "related, not the same"
    note = out[-1]["text"]
    assert "*Similar answered questions*\n• Q1 · Apixaban dose in CKD?" in note
