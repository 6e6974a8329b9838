"""A live event on Slack: a tagged post in another channel is gathered into the event's
thread with a link to the original, and a speaker question carries its vote buttons."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.clock import ManualClock
from tests.slack.conftest import running_bot
from tests.slack.fake_slack import FakeSlack
from tests.slack.payloads import block_actions, message

OLGA, BOB = "U0OLGA00001", "U0BOB000001"
GENERAL, CARDIO = "C0GENERAL01", "C0CARDIO001"


async def test_an_event_thread_gathers_posts_and_speaker_questions_get_buttons(
    fake_slack: FakeSlack, sqlite_url: str, tmp_path: Path
) -> None:
    fake = fake_slack
    fake.add_user(OLGA, "olga", admin=True)
    fake.add_user(BOB, "bob")
    clock = ManualClock(datetime(2026, 3, 28, 14, 15, tzinfo=UTC))
    async with running_bot(fake, sqlite_url, tmp_path / "data", clock=clock) as bot:
        for text in (
            "start #ACC26 --from 2026-03-28 --to 2026-03-30 --tz America/New_York",
            'session add #ACC26 S12 "Late-breaking trials" 2026-03-28T10:00 2026-03-28T11:30',
        ):
            await bot.command("/event", text, user=OLGA, channel=GENERAL)
            await bot.settle()
        live = fake.ok("chat.postMessage")[0]
        root = live.result["ts"]
        assert live.params["text"].startswith("Live: #ACC26.")

        await bot.event(message(BOB, CARDIO, "Trial X met its endpoint #ACC26", ts="80.1"))
        await bot.settle()
        [mirror] = [c for c in fake.ok("chat.postMessage") if c.params.get("thread_ts") == root]
        assert mirror.params["channel"] == GENERAL
        assert "Trial X met its endpoint" in mirror.params["text"]
        permalink = fake.ok("chat.getPermalink")[-1]
        assert (permalink.params["channel"], permalink.params["message_ts"]) == (CARDIO, "80.1")
        assert permalink.result["permalink"] in mirror.params["text"]

        await bot.command(
            "/event", "ask ACC26_S12 Does trial X change practice?", user=BOB, channel=GENERAL
        )
        await bot.settle()
        question = fake.ok("chat.postMessage")[-1]
        [actions] = [b for b in question.params["blocks"] if b["type"] == "actions"]
        ids = [e["action_id"] for e in actions["elements"]]
        assert ids[0] == "vote" and "event-hide" in ids
        vote = actions["elements"][0]
        click = block_actions(
            user=OLGA,
            channel=GENERAL,
            message_ts=question.result["ts"],
            action_id="vote",
            value=vote["value"],
            response_url=fake.response_url("vote"),
        )
        assert await bot.interact(click) == 200
        await bot.settle()
        edited = fake.ok("chat.update")
        assert edited and edited[-1].params["ts"] == question.result["ts"]
        assert "1 vote" in edited[-1].params["text"]
