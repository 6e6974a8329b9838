"""The Q&A story of issue 6, end to end on Slack: ask with a slash command, routed by DM with
a permalink, a reply in the thread, ✅ by the asker accepts (and by anyone else does not), a
paraphrase is offered the first question with buttons and "This answers it" closes it.
Slack users, channels and the Web API are the fake's; every request is signed."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.clock import ManualClock
from tests.slack.conftest import SlackBot, running_bot
from tests.slack.fake_slack import Call, FakeSlack
from tests.slack.payloads import block_actions, message, message_shortcut

USERS = {
    "alice": "U0ALICE0001",
    "bob": "U0BOB000001",
    "carol": "U0CAROL0001",
    "dave": "U0DAVE00001",
    "erin": "U0ERIN00001",
    "frank": "U0FRANK0001",
}
CARDIO, NEPHRO = "C0CARDIO001", "C0NEPHRO001"


def _since(fake: FakeSlack, mark: int, method: str) -> list[Call]:
    return [c for c in fake.calls[mark:] if c.method == method and c.answer == "ok"]


async def _run(bot: SlackBot, who: str, channel: str, line: str) -> None:
    command, _, text = line.partition(" ")
    status, took = await bot.command(command, text, user=USERS[who], channel=channel, key=who)
    assert status == 200 and took < 3.0
    await bot.settle()


async def test_the_qa_story_on_slack(
    fake_slack: FakeSlack, sqlite_url: str, tmp_path: Path
) -> None:
    fake = fake_slack
    for name, user in USERS.items():
        fake.add_user(user, name, admin=name == "alice")
    fake.add_channel(CARDIO, "cardiology", members=tuple(USERS.values()))
    fake.add_channel(NEPHRO, "nephrology", members=(USERS["erin"],))
    clock = ManualClock(datetime(2026, 3, 28, 14, 0, tzinfo=UTC))
    async with running_bot(fake, sqlite_url, tmp_path / "data", clock=clock) as bot:
        # Setup, all with slash commands; alice is a Slack admin, hence a Rounds admin.
        await _run(bot, "alice", CARDIO, "/group create cardiology")
        await _run(bot, "alice", NEPHRO, "/group create nephrology")
        await _run(bot, "alice", CARDIO, "/group backup cardiology nephrology")
        for who in ("bob", "carol"):
            await _run(bot, who, CARDIO, "/group notify cardiology on")
        await _run(bot, "dave", CARDIO, "/profile set tz America/New_York quiet 08:00-12:00")
        await _run(bot, "dave", CARDIO, "/group notify cardiology on")
        await _run(bot, "erin", NEPHRO, "/group notify nephrology on")
        errors = [c for c in fake.calls if c.answer != "ok"]
        assert errors == []

        # Ask: posted in the channel, routed by DM with a link, noted in the thread.
        mark = len(fake.calls)
        await _run(
            bot,
            "alice",
            CARDIO,
            "/ask Should apixaban dose be reduced in AF patients with CKD stage 4?",
        )
        question, dm_bob, dm_carol, note = _since(fake, mark, "chat.postMessage")
        assert question.params["channel"] == CARDIO and "thread_ts" not in question.params
        assert question.params["text"].startswith("❓ Q1 · @alice asks (#cardiology)")
        root = question.result["ts"]
        link = _since(fake, mark, "chat.getPermalink")[0].result["permalink"]
        assert [d.params["channel"] for d in (dm_bob, dm_carol)] == ["D0BOB000001", "D0CAROL0001"]
        assert all(link in _blocks(d) for d in (dm_bob, dm_carol))
        assert note.params["thread_ts"] == root
        assert "routed to 2 members of #cardiology: @bob, @carol" in note.params["text"]
        assert "1 in quiet hours, not notified" in note.params["text"]
        assert "not medical advice" in _blocks(note)

        # A reply in the thread is an answer; ✅ by carol does nothing, alice's accepts.
        answer_ts = "1711000000.000100"
        mark = len(fake.calls)
        reply = message(
            USERS["bob"],
            CARDIO,
            "Only with 2 of age 80+, weight 60 kg or less, creatinine 1.5+ "
            "(ARISTOTLE, doi:10.1056/NEJMoa1107039).",
            ts=answer_ts,
            thread_ts=root,
        )
        assert await bot.event(reply) == 200
        await bot.settle()
        [books] = _since(fake, mark, "reactions.add")
        assert (books.params["name"], books.params["timestamp"]) == ("books", answer_ts)
        mark = len(fake.calls)
        for who in ("carol", "alice"):
            check = {
                "type": "reaction_added",
                "user": USERS[who],
                "reaction": "white_check_mark",
                "item": {"type": "message", "channel": CARDIO, "ts": answer_ts},
                "item_user": USERS["bob"],
                "event_ts": "1711000001.000100",
            }
            assert await bot.event(check) == 200
            await bot.settle()
        [accepted] = _since(fake, mark, "chat.postEphemeral")
        assert accepted.params["user"] == USERS["alice"]
        assert accepted.params["text"] == "Accepted answer 1 on Q1."
        assert _since(fake, mark, "chat.postMessage") == []  # acceptance is quiet

        # Slack runs no slash command in a thread: "Accept answer" is a message shortcut.
        second_ts = "1711000002.000100"
        second = message(USERS["carol"], CARDIO, "Agree with bob.", ts=second_ts, thread_ts=root)
        assert await bot.event(second) == 200
        await bot.settle()
        mark = len(fake.calls)
        shortcut = message_shortcut(
            callback_id="rounds:accept",
            user=USERS["alice"],
            channel=CARDIO,
            message={**second, "type": "message"},
            response_url=fake.response_url("alice-shortcut"),
        )
        assert await bot.interact(shortcut) == 200
        await bot.settle()
        [accepted] = _since(fake, mark, "chat.postEphemeral")
        assert accepted.params["text"] == "Accepted answer 2 on Q1."

        # A paraphrase: frank privately sees Q1 with buttons; "This answers it" closes Q2.
        mark = len(fake.calls)
        await _run(
            bot,
            "frank",
            CARDIO,
            "/ask Do I need to lower the Eliquis dosage for afib with chronic kidney disease?",
        )
        assert _since(fake, mark, "conversations.open") == []  # not routed before the choice
        [offer] = _since(fake, mark, "chat.postEphemeral")
        assert offer.params["user"] == USERS["frank"]
        assert "Q1 · Should apixaban dose" in offer.params["text"]
        buttons = _buttons(offer)
        assert [b["action_id"] for b in buttons] == ["answers", "ask-anyway"]
        mark = len(fake.calls)
        click = block_actions(
            user=USERS["frank"],
            channel=CARDIO,
            message_ts=offer.result["message_ts"],
            action_id="answers",
            value=buttons[0]["value"],
            response_url=fake.response_url("frank-click"),
            ephemeral=True,
        )
        assert await bot.interact(click) == 200
        await bot.settle()
        told = [c.params["text"] for c in _since(fake, mark, "chat.postEphemeral")]
        told += [body["text"] for _key, body in fake.responses]
        assert any("Q2 is closed as answered by Q1" in t for t in told)
        public = [c.params["text"] for c in _since(fake, mark, "chat.postMessage")]
        assert any("Q2 is answered by Q1" in t for t in public)

    assert all(c.token for c in fake.calls)  # every call carried the bot token


def _blocks(call: Call) -> str:
    return json.dumps(call.params.get("blocks"), ensure_ascii=False)


def _buttons(call: Call) -> list[dict[str, Any]]:
    return [e for b in call.params["blocks"] if b["type"] == "actions" for e in b["elements"]]
