"""Inbound: each Slack payload becomes the core's event, every delivery is acknowledged (no
404 that Slack would retry), App Home is published, buttons and shortcuts reach their handler."""

from __future__ import annotations

import json

from adapters.slack.events import (
    action_events,
    command_event,
    member_joined_event,
    message_event,
    reaction_event,
    shortcut_event,
)
from bot.platform import (
    ActionEvent,
    CommandEvent,
    DeleteEvent,
    EditEvent,
    FileRef,
    MessageEvent,
    ReactionEvent,
    Tenant,
)
from tests.slack.conftest import SlackBot
from tests.slack.fake_slack import TEAM
from tests.slack.payloads import (
    block_actions,
    event_callback,
    message,
    message_shortcut,
    slash_command,
)

ALICE, BOB, GENERAL = "U0ALICE0001", "U0BOB00001", "C0GENERAL01"
TENANT = Tenant("slack", TEAM)
PHI = "pt Ruiz MRN 4417-2290 DOB 03/04/1961 needs review"


def test_messages_threads_dms_and_files() -> None:
    body = event_callback(message(ALICE, GENERAL, "hello", ts="10.1"), event_id="Ev1")
    event = message_event(TENANT, body)
    assert isinstance(event, MessageEvent)
    assert (event.event_id, event.user, event.channel, event.message_id, event.text) == (
        "Ev1",
        ALICE,
        GENERAL,
        "10.1",
        "hello",
    )
    assert (event.thread, event.is_dm, event.channel_private, event.files) == (
        None,
        False,
        False,
        (),
    )
    reply = message(ALICE, GENERAL, "an answer", ts="10.2", thread_ts="10.1")
    event = message_event(TENANT, event_callback(reply))
    assert isinstance(event, MessageEvent) and event.thread == "10.1"
    dm = message(ALICE, "D0ALICE0001", "a question", channel_type="im")
    event = message_event(TENANT, event_callback(dm))
    assert isinstance(event, MessageEvent) and event.channel is None and event.is_dm
    private = message(ALICE, "G0PRIVATE01", "x", channel_type="group")
    event = message_event(TENANT, event_callback(private))
    assert isinstance(event, MessageEvent) and event.channel_private
    upload = message(
        ALICE,
        GENERAL,
        "see file",
        subtype="file_share",
        files=[{"name": "scan.png", "mimetype": "image/png"}],
    )
    event = message_event(TENANT, event_callback(upload))
    assert isinstance(event, MessageEvent) and event.files == (FileRef("scan.png", "image/png"),)


def test_bots_and_housekeeping_messages_are_ignored() -> None:
    bot_post = message(ALICE, GENERAL, "x", bot_id="B0OTHER")
    joined = message(ALICE, GENERAL, "joined", subtype="channel_join")
    assert message_event(TENANT, event_callback(bot_post)) is None
    assert message_event(TENANT, event_callback(joined)) is None


def test_edits_and_deletes() -> None:
    changed = {
        "type": "message",
        "subtype": "message_changed",
        "channel": GENERAL,
        "channel_type": "channel",
        "event_ts": "11.0",
        "message": {"user": ALICE, "text": "fixed", "ts": "10.2", "thread_ts": "10.1"},
        "previous_message": {"user": ALICE, "text": "typo", "ts": "10.2"},
    }
    event = message_event(TENANT, event_callback(changed, event_id="Ev2"))
    assert isinstance(event, EditEvent)
    assert (event.message_id, event.text, event.thread) == ("10.2", "fixed", "10.1")
    unfurled = {**changed, "message": {**changed["message"], "text": "typo"}}  # type: ignore[dict-item]
    assert message_event(TENANT, event_callback(unfurled)) is None
    deleted = {
        "type": "message",
        "subtype": "message_deleted",
        "channel": GENERAL,
        "deleted_ts": "10.2",
        "event_ts": "12.0",
        "previous_message": {"user": ALICE, "text": "fixed", "ts": "10.2"},
    }
    event = message_event(TENANT, event_callback(deleted))
    assert isinstance(event, DeleteEvent) and (event.user, event.message_id) == (ALICE, "10.2")


def test_reactions_lose_the_skin_tone() -> None:
    added = {
        "type": "reaction_added",
        "user": ALICE,
        "reaction": "+1::skin-tone-3",
        "item": {"type": "message", "channel": GENERAL, "ts": "10.2"},
        "event_ts": "13.0",
    }
    event = reaction_event(TENANT, event_callback(added, event_id="Ev3"), added=False)
    assert isinstance(event, ReactionEvent)
    assert (event.emoji, event.message_id, event.added) == ("+1", "10.2", False)
    on_a_file = {**added, "item": {"type": "file", "file": "F1"}}
    assert reaction_event(TENANT, event_callback(on_a_file), added=True) is None


def test_members_joining() -> None:
    joined = {"type": "member_joined_channel", "user": BOB, "channel": GENERAL, "event_ts": "1.0"}
    event = member_joined_event(TENANT, event_callback(joined, event_id="Ev4"))
    assert (event.user, event.channel, event.event_id) == (BOB, GENERAL, "Ev4")


def test_commands_buttons_and_shortcuts() -> None:
    from urllib.parse import parse_qsl

    form = dict(
        parse_qsl(
            slash_command(
                "/r-group", "join #cardiology", user=ALICE, channel=GENERAL, response_url="u"
            ).decode()
        )
    )
    event = command_event(TENANT, form, prefix="r-")
    assert isinstance(event, CommandEvent)
    assert (event.name, event.args, event.channel) == ("group", "join #cardiology", GENERAL)
    assert event.event_id == f"cmd:{form['trigger_id']}"
    in_dm = command_event(TENANT, {**form, "channel_id": "D0ALICE0001"}, prefix="r-")
    assert in_dm is not None and in_dm.channel is None and in_dm.is_dm

    click = block_actions(
        user=BOB,
        channel=GENERAL,
        message_ts="20.1",
        action_id="answers",
        value="12",
        response_url="u",
        thread_ts="10.1",
    )
    [pressed] = action_events(TENANT, click)
    assert isinstance(pressed, ActionEvent)
    assert (pressed.action, pressed.value, pressed.message_id, pressed.thread) == (
        "answers",
        "12",
        "20.1",
        "10.1",
    )

    target = {"type": "message", "user": ALICE, "ts": "10.2", "thread_ts": "10.1", "text": "x"}
    shortcut = message_shortcut(
        callback_id="rounds:not-phi", user=ALICE, channel=GENERAL, message=target, response_url="u"
    )
    event = shortcut_event(TENANT, shortcut)
    assert isinstance(event, ActionEvent)
    assert (event.action, event.value, event.thread) == ("not-phi", f"{GENERAL}|10.2", "10.1")
    accept = shortcut_event(
        TENANT, {**shortcut, "user": {"id": BOB}, "callback_id": "rounds:accept"}
    )
    assert isinstance(accept, ReactionEvent)  # the asker's ✅ on that reply
    assert (accept.user, accept.emoji, accept.message_id, accept.added) == (
        BOB,
        "white_check_mark",
        "10.2",
        True,
    )
    assert shortcut_event(TENANT, {**shortcut, "callback_id": "other"}) is None


async def test_every_delivery_is_acknowledged(slack_bot: SlackBot) -> None:
    for event in (
        {"type": "channel_rename", "channel": {"id": GENERAL, "name": "x"}},
        message(ALICE, GENERAL, "joined", subtype="channel_join"),
        {"type": "member_left_channel", "user": ALICE, "channel": GENERAL},
    ):
        assert await slack_bot.event(event) == 200
    rate_limited = {"type": "app_rate_limited", "team_id": TEAM, "minute_rate_limited": 1}
    status, _ = await slack_bot.post(json.dumps(rate_limited).encode(), "application/json")
    assert status == 200
    view = {
        "type": "view_submission",
        "team": {"id": TEAM},
        "user": {"id": ALICE},
        "view": {"id": "V1", "type": "modal", "callback_id": "x", "state": {"values": {}}},
    }
    assert await slack_bot.interact(view) == 200
    assert 404 not in slack_bot.statuses


async def test_app_home_is_published(slack_bot: SlackBot) -> None:
    event = {"type": "app_home_opened", "user": ALICE, "channel": "D0ALICE0001", "tab": "home"}
    assert await slack_bot.event(event) == 200
    await slack_bot.settle()
    [published] = slack_bot.fake.ok("views.publish")
    assert published.params["user_id"] == ALICE
    view = published.params["view"]
    assert view["type"] == "home"
    assert view["blocks"][0]["type"] == "header"
    assert view["blocks"][0]["text"]["text"].startswith("Rounds — welcome")


async def test_not_phi_by_button_and_by_shortcut(slack_bot: SlackBot) -> None:
    for ts in ("30.1", "30.2"):
        await slack_bot.event(message(ALICE, GENERAL, PHI, ts=ts))
    await slack_bot.settle()
    notices = slack_bot.fake.ok("chat.postEphemeral")
    assert len(notices) == 2
    [button] = [
        e for b in notices[0].params["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    assert button["action_id"] == "not-phi"
    click = block_actions(
        user=ALICE,
        channel=GENERAL,
        message_ts="40.1",
        action_id="not-phi",
        value=button["value"],
        response_url=slack_bot.fake.response_url("click"),
        ephemeral=True,
    )
    assert await slack_bot.interact(click) == 200
    target = {"type": "message", "user": ALICE, "ts": "30.2", "text": PHI}
    shortcut = message_shortcut(
        callback_id="rounds:not-phi",
        user=ALICE,
        channel=GENERAL,
        message=target,
        response_url=slack_bot.fake.response_url("shortcut"),
    )
    assert await slack_bot.interact(shortcut) == 200
    await slack_bot.settle()
    answers = [c.params["text"] for c in slack_bot.fake.ok("chat.postEphemeral")[2:]]
    assert len(answers) == 2
    assert all(a.startswith("Thanks: marked as not patient information") for a in answers)


async def test_membership_is_read_again_after_someone_leaves(slack_bot: SlackBot) -> None:
    slack_bot.fake.add_channel("G0PRIVATE01", "tumor-board", private=True, members=(ALICE, BOB))
    platform = slack_bot.adapter.platform
    assert await platform.is_member(TEAM, "G0PRIVATE01", BOB)
    slack_bot.fake.channels["G0PRIVATE01"]["members"] = [ALICE]
    left = {"type": "member_left_channel", "user": BOB, "channel": "G0PRIVATE01"}
    assert await slack_bot.event(left) == 200
    assert not await platform.is_member(TEAM, "G0PRIVATE01", BOB)
    assert await platform.is_member(TEAM, "G0PRIVATE01", ALICE)
    slack_bot.fake.fail("conversations.members", "channel_not_found")
    assert not await platform.is_member(TEAM, "G0NOTMINE01", ALICE)
