"""The whole Q&A story of issue 6 in one console script, on SQLite and PostgreSQL: routing
with quiet hours, acceptance by the asker only, a paraphrase offered as a duplicate and
closed as reused, a reminder and an escalation exactly once across a restart, and search."""

from __future__ import annotations

from tests.conftest import BotConsole
from tests.qa.helpers import SETUP, one, texts


async def test_the_whole_story(bot: BotConsole) -> None:
    await bot.play(SETUP)
    # 9: the question; the bot posts it, routes it by DM, and notes it in the thread.
    asked = await bot.play(
        "@alice #cardiology: /ask Should apixaban dose be reduced in AF patients with CKD stage 4?"
    )
    post = one(asked, kind="message", thread=None)
    assert post["text"].startswith("❓ Q1 · @alice asks (#cardiology)")
    assert sorted(a["to"] for a in asked if a["kind"] == "dm") == ["bob", "carol"]
    assert all("console://#cardiology/" in t for t in texts(asked, kind="dm"))
    note = one(asked, kind="message", thread=post["id"])["text"]
    assert "Q1 · routed to 2 members of #cardiology: @bob, @carol" in note
    assert "1 in quiet hours, not notified" in note and "dave" not in note
    assert "not medical advice" in note

    # 10: an answer citing a trial; ✅ by someone else does nothing, the asker's accepts.
    answered = await bot.play(
        "@bob #cardiology >9: Only with 2 of age 80+, weight 60 kg or less, creatinine 1.5+ "
        "(ARISTOTLE, doi:10.1056/NEJMoa1107039)."
    )
    assert one(answered, kind="reaction")["text"] == "books"
    assert await bot.play("@carol #cardiology +10 white_check_mark") == []
    accepted = await bot.play("@alice #cardiology +10 white_check_mark")
    assert one(accepted, kind="ephemeral", to="alice")["text"] == "Accepted answer 1 on Q1."
    assert not [a for a in accepted if a["kind"] == "message"], "acceptance is quiet"

    # 11: a paraphrase is offered Q1 before routing; "This answers it" closes it as reused.
    second = await bot.play(
        "@frank #cardiology: /ask Do I need to lower the Eliquis dosage for afib with "
        "chronic kidney disease?"
    )
    assert not [a for a in second if a["kind"] == "dm"], "not routed before the choice"
    offer = one(second, kind="ephemeral", to="frank")
    assert "Q1 · Should apixaban dose" in offer["text"]
    assert [b["id"] for b in offer["data"]["actions"]] == ["answers", "ask-anyway"]
    closed = await bot.play(f"@frank click {offer['id']} answers")
    assert "Q2 is closed as answered by Q1" in one(closed, kind="ephemeral")["text"]
    assert "Q2 is answered by Q1" in one(closed, kind="message")["text"]

    # 12: an unrelated question nobody answers.
    third = await bot.play(
        "@gina #cardiology: /ask Colchicine after myocardial infarction: who benefits?"
    )
    assert not [a for a in third if a["kind"] == "ephemeral"], "nothing similar to offer"
    reminder = await bot.play("! advance 4h")
    assert texts(reminder, kind="message") == ["⏰ Q3 has no answer after 4h. Can anyone help?"]
    assert sorted(a["to"] for a in reminder if a["kind"] == "dm") == ["bob", "carol", "dave"]

    await bot.restart()
    assert await bot.play("! advance 19h") == []
    escalation = await bot.play("! advance 1h")
    assert texts(escalation, kind="message") == [
        "Q3 is unanswered after 24h: escalated to #nephrology."
    ]
    assert [a["to"] for a in escalation if a["kind"] == "dm"] == ["erin"]
    assert await bot.play("! advance 3d") == []
    assert len(bot.find(kind="message", text="has no answer after")) == 1
    assert len(bot.find(kind="message", text="escalated to")) == 1

    # Search: synonyms meet, filters narrow.
    found = await bot.play("@hana #general: /qa search eliquis afib status:accepted")
    assert "Q1 · Should apixaban" in found[0]["text"] and "Q2" not in found[0]["text"]
    found = await bot.play("@hana #general: /qa search myocardial infarction status:open")
    assert "Q3 · Colchicine" in found[0]["text"] and "Q1" not in found[0]["text"]
    found = await bot.play("@hana #general: /qa search apixaban evidence:cited tag:cardiology")
    assert "Q1" in found[0]["text"] and "Q2" not in found[0]["text"]
    found = await bot.play("@hana #general: /qa search colchicine status:accepted")
    assert found[0]["text"] == "No questions match 'colchicine'."
