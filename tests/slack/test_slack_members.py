"""What Slack knows about a member comes into Rounds on first sight: the time zone of their
Slack profile (for quiet hours) unless they set one, and admin rights for Slack admins."""

from __future__ import annotations

import json

from tests.slack.conftest import SlackBot

ALICE, BOB, GENERAL = "U0ALICE0001", "U0BOB000001", "C0GENERAL01"


def _last_profile(bot: SlackBot) -> str:
    call = bot.fake.ok("chat.postMessage")[-1]
    return json.dumps(call.params["blocks"], ensure_ascii=False)


async def test_the_slack_time_zone_fills_an_empty_profile(slack_bot: SlackBot) -> None:
    slack_bot.fake.add_user(ALICE, "alice", tz="Europe/Paris")
    await slack_bot.command("/profile", "show", user=ALICE, channel=GENERAL)
    await slack_bot.settle()
    assert "Europe/Paris" in _last_profile(slack_bot)


async def test_a_time_zone_set_in_rounds_wins(slack_bot: SlackBot) -> None:
    slack_bot.fake.add_user(BOB, "bob", tz="Europe/Paris")
    await slack_bot.command("/profile", "set tz Asia/Tokyo", user=BOB, channel=GENERAL)
    await slack_bot.settle()
    await slack_bot.command("/profile", "show", user=BOB, channel=GENERAL)
    await slack_bot.settle()
    shown = _last_profile(slack_bot)
    assert "Asia/Tokyo" in shown and "Europe/Paris" not in shown


async def test_slack_admins_are_rounds_admins_and_members_are_not(slack_bot: SlackBot) -> None:
    slack_bot.fake.add_user(ALICE, "alice", admin=True)
    slack_bot.fake.add_user(BOB, "bob")
    await slack_bot.command("/group", "create oncology", user=BOB, channel=GENERAL)
    await slack_bot.settle()
    assert (
        "only the group's lead or an admin"
        in slack_bot.fake.ok("chat.postEphemeral")[-1].params["text"]
    )
    await slack_bot.command("/group", "create oncology", user=ALICE, channel=GENERAL)
    await slack_bot.settle()
    assert (
        slack_bot.fake.ok("chat.postMessage")[-1]
        .params["text"]
        .startswith("Created group oncology.")
    )
