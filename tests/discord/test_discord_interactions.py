"""App commands, autocomplete and buttons against the fake Discord: the real client receives
INTERACTION_CREATE on its gateway and answers through the REST callbacks."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from adapters.discord.options import SUB_COMMAND, option_sources
from bot.app import Core
from bot.commands import CommandSpec, ParsedArgs, Permission
from bot.context import Ctx
from bot.domain.reply import Action, Reply
from bot.platform import ActionEvent, MessageRef
from tests.discord.conftest import DiscordBot, start_bot
from tests.discord.fake_discord import EPHEMERAL, FakeDiscord

MEMBER = "900000000000000020"


def _reply_of(inter: Any) -> dict[str, Any]:
    return inter.callbacks[0]["data"]  # type: ignore[no-any-return]


async def test_synced_app_commands_match_the_registry(discord_bot: DiscordBot) -> None:
    fake, registry = discord_bot.fake, discord_bot.core.registry
    [sync] = fake.find("PUT", rf"/applications/{fake.APP}/guilds/{fake.GUILD}/commands")
    synced = {c["name"]: c for c in sync.body}
    assert sorted(synced) == registry.names()
    for name in registry.names():
        subs = registry.subcommands(name)
        options = synced[name].get("options", [])
        if [o for o in options if o["type"] == SUB_COMMAND]:
            by_sub = {o["name"]: o for o in options}
            expected = {s.sub or s.bare_alias for s in subs.values()}
            assert set(by_sub) == expected, name
            for spec in subs.values():
                got = {o["name"] for o in by_sub[spec.sub or spec.bare_alias].get("options", [])}
                assert got == {s.option for s in option_sources(spec)}, spec.key
        else:
            [spec] = subs.values()
            assert {o["name"] for o in options} == {s.option for s in option_sources(spec)}


async def test_commands_answer_publicly_or_privately_and_the_core_checks_roles(
    discord_bot: DiscordBot,
) -> None:
    fake = discord_bot.fake
    fake.add_user(MEMBER, "ben")
    # The guild owner became Rounds' first admin at start.
    created = await fake.slash(fake.OWNER, fake.CARDIOLOGY, "group", "create", group="cardiology")
    await fake.wait_for(lambda: created.callbacks)
    assert created.callbacks[0]["type"] == 4
    assert "Created group cardiology" in _reply_of(created)["content"]
    assert "<#900000000000000101>" in _reply_of(created)["content"]
    assert not _reply_of(created).get("flags")

    denied = await fake.slash(MEMBER, fake.GENERAL, "group", "create", group="nephrology")
    await fake.wait_for(lambda: denied.callbacks)
    assert _reply_of(denied)["flags"] == EPHEMERAL
    assert "only the group's lead or an admin" in _reply_of(denied)["content"]

    joined = await fake.slash(MEMBER, fake.GENERAL, "group", "join", group="#cardiology")
    await fake.wait_for(lambda: joined.callbacks)
    assert _reply_of(joined)["flags"] == EPHEMERAL
    assert "You joined cardiology" in _reply_of(joined)["content"]

    listed = await fake.slash(MEMBER, fake.GENERAL, "group", "members", group="cardiology")
    await fake.wait_for(lambda: listed.callbacks)
    embed = _reply_of(listed)["embeds"][0]
    assert "cardiology: 1 member" in embed["description"] and "@ben" in embed["description"]


async def test_profile_pairs_and_help_default_subcommand(discord_bot: DiscordBot) -> None:
    fake = discord_bot.fake
    fake.add_user(MEMBER, "ben")
    setting = await fake.slash(
        MEMBER,
        fake.GENERAL,
        "profile",
        "set",
        name="Ben O'Neil",
        title="Heart failure nurse practitioner",
        tz="America/Chicago",
    )
    await fake.wait_for(lambda: setting.callbacks)
    shown = await fake.slash(MEMBER, fake.GENERAL, "profile", "show")
    await fake.wait_for(lambda: shown.callbacks)
    text = str(_reply_of(shown))
    assert "Ben O'Neil" in text and "Heart failure nurse practitioner" in text

    helped = await fake.slash(MEMBER, fake.GENERAL, "help", "show", command="group")
    await fake.wait_for(lambda: helped.callbacks)
    assert "/group create" in _reply_of(helped)["content"]
    assert _reply_of(helped)["flags"] == EPHEMERAL


async def test_autocomplete_offers_the_guilds_groups(discord_bot: DiscordBot) -> None:
    fake = discord_bot.fake
    for name in ("cardiology", "cardio-oncology", "nephrology"):
        done = await fake.slash(fake.OWNER, fake.GENERAL, "group", "create", group=name)
        await fake.wait_for(lambda d=done: d.callbacks)
    asked = await fake.autocomplete(fake.OWNER, fake.GENERAL, "group", "join", "group", "card")
    await fake.wait_for(lambda: asked.callbacks)
    assert asked.callbacks[0]["type"] == 8
    names = [c["value"] for c in asked.callbacks[0]["data"]["choices"]]
    assert names == ["cardio-oncology", "cardiology"]
    zones = await fake.autocomplete(
        fake.OWNER, fake.GENERAL, "profile", "set", "tz", "America/Chic"
    )
    await fake.wait_for(lambda: zones.callbacks)
    assert [c["value"] for c in zones.callbacks[0]["data"]["choices"]] == ["America/Chicago"]


def _slow_commands(core: Core) -> None:
    async def slow_public(ctx: Ctx, args: ParsedArgs) -> Reply:
        await asyncio.sleep(5)
        return Reply.of("Five seconds of work, done.")

    async def slow_private(ctx: Ctx, args: ParsedArgs) -> Reply:
        await asyncio.sleep(2.5)
        return Reply.of("Only you see this.", private=True)

    core.registry.declare(
        (
            CommandSpec("slow", "public", "Takes five seconds.", permission=Permission.ANYONE),
            CommandSpec("slow", "private", "Takes a while.", permission=Permission.ANYONE),
        )
    )
    core.registry.bind({"slow public": slow_public, "slow private": slow_private})


async def test_slow_work_is_deferred_within_three_seconds_then_followed_up(
    fake: FakeDiscord, sqlite_url: str, tmp_path: Path
) -> None:
    bot = await start_bot(fake, sqlite_url, tmp_path / "data", prepare=_slow_commands)
    try:
        sent = time.monotonic()
        public = await fake.slash(fake.OWNER, fake.GENERAL, "slow", "public")
        private = await fake.slash(fake.OWNER, fake.GENERAL, "slow", "private")
        [deferred] = await fake.wait_for(
            lambda: fake.find("POST", rf"/interactions/{public.id}/.*")
        )
        assert deferred.at - sent < 3.0
        assert deferred.body == {"type": 5, "data": {"flags": EPHEMERAL}}
        # The private answer replaces the private "thinking…" message.
        await fake.wait_for(
            lambda: fake.find("PATCH", rf"/webhooks/{fake.APP}/{private.token}/messages/@original")
        )
        assert fake.messages[private.original or ""]["content"] == "Only you see this."
        # The public answer first resolves the private loading message, then follows up publicly.
        [followup] = await fake.wait_for(
            lambda: fake.find("POST", rf"/webhooks/{fake.APP}/{public.token}"), 10
        )
        assert followup.at - sent >= 5.0
        assert followup.body["content"] == "Five seconds of work, done."
        assert not followup.body.get("flags")
        resolved = fake.find("PATCH", rf"/webhooks/{fake.APP}/{public.token}/messages/@original")
        assert resolved and resolved[0].at <= followup.at
        public_messages = [m for m in fake.in_channel(fake.GENERAL) if not m["flags"] & EPHEMERAL]
        assert [m["content"] for m in public_messages] == ["Five seconds of work, done."]
    finally:
        await bot.stop()
        await bot.core.stop()


def _buttons(core: Core) -> None:
    async def offer(ctx: Ctx, args: ParsedArgs) -> Reply:
        return Reply(
            text="Does this answer your question?",
            context="Suggested from answered questions",
            actions=(
                Action("test-yes", "This answers it", "12", style="primary"),
                Action("test-close", "Close", "12"),
            ),
        ).as_private()

    async def dm_offer(ctx: Ctx, args: ParsedArgs) -> None:
        await ctx.out.dm(
            ctx.member.user_id,
            Reply(text="A nudge", actions=(Action("test-yes", "Accept", "q" * 150),)),
        )

    async def yes(ctx: Ctx, value: str) -> Reply:
        return Reply.of(f"Thanks, closed as reused ({len(value)}).", private=True)

    async def close(ctx: Ctx, value: str) -> None:
        event = ctx.event
        assert isinstance(event, ActionEvent)
        await ctx.out.edit(
            MessageRef(ctx.channel, event.message_id, ctx.thread), Reply.of("Closed.")
        )

    async def public_offer(ctx: Ctx, args: ParsedArgs) -> Reply:
        return Reply(text="Journal club at 7?", actions=(Action("test-both", "Count me in", "1"),))

    async def both(ctx: Ctx, value: str) -> None:
        # A private word first (a new message answers the click), then the post is updated.
        await ctx.out.private(ctx.member.user_id, Reply.of("Noted."), channel=ctx.channel)
        event = ctx.event
        assert isinstance(event, ActionEvent)
        await ctx.out.edit(MessageRef(ctx.channel, event.message_id), Reply.of("1 coming"))

    core.registry.declare(
        (
            CommandSpec("offer", "here", "Buttons.", permission=Permission.ANYONE),
            CommandSpec("offer", "dm", "Buttons by DM.", permission=Permission.ANYONE),
            CommandSpec("offer", "public", "Public buttons.", permission=Permission.ANYONE),
        )
    )
    core.registry.bind({"offer here": offer, "offer dm": dm_offer, "offer public": public_offer})
    core.hooks.action("test-yes", yes)
    core.hooks.action("test-close", close)
    core.hooks.action("test-both", both)


async def test_buttons_become_action_events(
    fake: FakeDiscord, sqlite_url: str, tmp_path: Path
) -> None:
    bot = await start_bot(fake, sqlite_url, tmp_path / "data", prepare=_buttons)
    try:
        offered = await fake.slash(fake.OWNER, fake.GENERAL, "offer", "here")
        await fake.wait_for(lambda: offered.callbacks)
        data = _reply_of(offered)
        assert data["flags"] == EPHEMERAL
        buttons = [b for row in data["components"] for b in row["components"]]
        assert [b["custom_id"] for b in buttons] == [
            f"r:{fake.GUILD}:test-yes:12",
            f"r:{fake.GUILD}:test-close:12",
        ]
        message = offered.original or ""
        yes = await fake.click(fake.OWNER, message, buttons[0]["custom_id"])
        await fake.wait_for(lambda: yes.callbacks)
        assert yes.callbacks[0]["type"] == 4
        assert _reply_of(yes) == {
            "tts": False,
            "content": "Thanks, closed as reused (2).",
            "flags": EPHEMERAL,
            "allowed_mentions": {"parse": ["users"]},
        }
        # A handler that edits the message that was clicked updates it in place.
        closing = await fake.click(fake.OWNER, message, buttons[1]["custom_id"])
        await fake.wait_for(lambda: closing.callbacks)
        assert closing.callbacks[0]["type"] == 7
        assert fake.messages[message]["content"] == "Closed."
        assert fake.messages[message]["components"] == []

        # In a DM there is no guild: the button carries it; a long value is kept aside.
        await fake.slash(fake.OWNER, fake.GENERAL, "offer", "dm")
        dm_channel = await fake.wait_for(lambda: fake.dm_of.get(fake.OWNER))
        [nudge] = await fake.wait_for(lambda: fake.in_channel(dm_channel))
        [button] = nudge["components"][0]["components"]
        assert (
            button["custom_id"].startswith(f"R:{fake.GUILD}:test-yes:")
            and len(button["custom_id"]) <= 100
        )
        accepted = await fake.click(fake.OWNER, nudge["id"], button["custom_id"])
        await fake.wait_for(lambda: accepted.callbacks)
        assert _reply_of(accepted)["content"] == "Thanks, closed as reused (150)."

        # A reply to the click first, then an edit of the clicked (public) message: the edit
        # goes to the channel, since "@original" is now the reply.
        posted = await fake.slash(fake.OWNER, fake.GENERAL, "offer", "public")
        await fake.wait_for(lambda: posted.callbacks)
        public = posted.original or ""
        [join] = fake.messages[public]["components"][0]["components"]
        joined = await fake.click(fake.OWNER, public, join["custom_id"])
        await fake.wait_for(
            lambda: fake.find("PATCH", rf"/channels/{fake.GENERAL}/messages/{public}")
        )
        assert _reply_of(joined) == {
            "tts": False,
            "content": "Noted.",
            "flags": EPHEMERAL,
            "allowed_mentions": {"parse": ["users"]},
        }
        assert fake.messages[public]["content"] == "1 coming"
    finally:
        await bot.stop()
        await bot.core.stop()


async def test_autocomplete_offers_only_the_questions_a_member_may_see(
    discord_bot: DiscordBot,
) -> None:
    fake = discord_bot.fake
    fake.add_user(MEMBER, "ben")
    for channel, text in (
        (fake.CARDIOLOGY, "Should apixaban dose be reduced in CKD stage 4?"),
        (fake.PRIVATE, "Capacity assessment when the family disagrees about apixaban?"),
    ):
        asked = await fake.slash(fake.INSIDER, channel, "ask", text=text)
        await fake.wait_for(lambda a=asked: a.callbacks)
        await discord_bot.settle()

    async def offered(user: str) -> list[str]:
        asked = await fake.autocomplete(user, fake.GENERAL, "qa", "accept", "question", "apix")
        await fake.wait_for(lambda: asked.callbacks)
        return [c["name"] for c in asked.callbacks[0]["data"]["choices"]]

    assert await offered(MEMBER) == ["Q1: Should apixaban dose be reduced in CKD stage 4?"]
    assert await offered(fake.INSIDER) == [
        "Q2: Capacity assessment when the family disagrees about apixaban?",
        "Q1: Should apixaban dose be reduced in CKD stage 4?",
    ]


async def test_autocomplete_offers_running_events(discord_bot: DiscordBot) -> None:
    fake = discord_bot.fake
    started = await fake.slash(fake.OWNER, fake.CARDIOLOGY, "event", "start", tag="ACC26")
    await fake.wait_for(lambda: started.callbacks)
    await discord_bot.settle()
    asked = await fake.autocomplete(fake.OWNER, fake.GENERAL, "event", "stop", "tag", "#ac")
    await fake.wait_for(lambda: asked.callbacks)
    assert [c["value"] for c in asked.callbacks[0]["data"]["choices"]] == ["ACC26"]
    fresh = await fake.autocomplete(fake.OWNER, fake.GENERAL, "event", "start", "tag", "AC")
    await fake.wait_for(lambda: fresh.callbacks)
    assert fresh.callbacks[0]["data"]["choices"] == []
