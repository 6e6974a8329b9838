"""Gateway events reach the core as its events: messages (in channels, threads, forum posts,
DMs), edits and deletes (raw, also of messages discord.py never cached), reactions (raw, on
uncached messages too); threads and forum tags on the way out."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from adapters.discord.link import tenant_of
from bot.app import Core
from bot.context import Ctx
from bot.domain.reply import Reply
from bot.platform import MessageEvent, MessageRef, ReactionEvent
from bot.storage.repos import MessageRepo
from tests.discord import discord_payloads as p
from tests.discord.conftest import DiscordBot, start_bot
from tests.discord.fake_discord import FakeDiscord

MEMBER = "900000000000000020"


class Seen:
    def __init__(self) -> None:
        self.reactions: list[ReactionEvent] = []

    def attach(self, core: Core) -> None:
        async def reaction(ctx: Ctx, event: ReactionEvent) -> None:
            self.reactions.append(event)

        core.hooks.on_reaction.append(reaction)


@pytest.fixture
async def watched(
    fake: FakeDiscord, sqlite_url: str, tmp_path: Path
) -> AsyncIterator[tuple[DiscordBot, Seen]]:
    seen = Seen()
    bot = await start_bot(
        fake, sqlite_url, tmp_path / "data", prepare=seen.attach, archive_solved=True
    )
    fake.add_user(MEMBER, "ben")
    try:
        yield bot, seen
    finally:
        await bot.stop()
        await bot.core.stop()


async def _copy(bot: DiscordBot, message_id: str) -> tuple[str | None, str | None, str] | None:
    tenant_id = await bot.core.tenant_id(tenant_of(bot.fake.GUILD))
    await bot.core.copies.flush()
    async with bot.core.db.session() as s:
        row = await MessageRepo(s, tenant_id).find(message_id)
    return None if row is None else (row.channel, row.thread, row.text)


async def test_messages_edits_and_deletes_reach_the_core(watched: tuple[DiscordBot, Seen]) -> None:
    bot, _ = watched
    fake = bot.fake
    said = await fake.say(MEMBER, fake.CARDIOLOGY, "Anyone seen HIT with apixaban?")
    await bot.settle()
    assert await _copy(bot, said) == (fake.CARDIOLOGY, None, "Anyone seen HIT with apixaban?")

    await fake.edit(said, "Anyone seen HIT with rivaroxaban?")
    await bot.settle()
    assert await _copy(bot, said) == (fake.CARDIOLOGY, None, "Anyone seen HIT with rivaroxaban?")

    # A link preview updates the message too, without an edit by its author: ignored.
    await fake.dispatch("MESSAGE_UPDATE", {**fake.messages[said], "edited_timestamp": None})
    await bot.settle()
    assert (await _copy(bot, said) or ("", "", ""))[2] == "Anyone seen HIT with rivaroxaban?"

    await fake.delete(said)
    await bot.settle()
    assert await _copy(bot, said) is None


async def test_a_delete_of_an_uncached_message_finds_its_author_in_rounds_copy(
    watched: tuple[DiscordBot, Seen],
) -> None:
    bot, _ = watched
    fake = bot.fake
    # A message from before a restart: Rounds keeps a copy, discord.py's cache never saw it.
    old = p.snowflake()
    fake.messages[old] = p.message(
        old, fake.GENERAL, fake.users[MEMBER], "posted before a restart", guild_id=fake.GUILD
    )
    await bot.core.dispatch(
        MessageEvent(
            tenant=tenant_of(fake.GUILD),
            event_id=old,
            user=MEMBER,
            channel=fake.GENERAL,
            message_id=old,
            text="posted before a restart",
        )
    )
    assert await _copy(bot, old) is not None
    await fake.delete(old)  # Discord's delete event names no author
    await bot.settle()
    assert await _copy(bot, old) is None


async def test_reactions_on_uncached_messages_reach_the_core(
    watched: tuple[DiscordBot, Seen],
) -> None:
    bot, seen = watched
    fake = bot.fake
    old = p.snowflake()  # a message from before the bot started: never in its cache
    fake.messages[old] = p.message(old, fake.CARDIOLOGY, fake.users[MEMBER], "old answer")
    await fake.react(fake.OWNER, old, "✅")
    await fake.react(fake.OWNER, old, "✅", added=False)
    await fake.react(MEMBER, old, "👍")
    await bot.settle()
    assert [(r.user, r.message_id, r.emoji, r.added) for r in seen.reactions] == [
        (fake.OWNER, old, "white_check_mark", True),
        (fake.OWNER, old, "white_check_mark", False),
        (MEMBER, old, "+1", True),
    ]
    assert all(r.channel == fake.CARDIOLOGY for r in seen.reactions)


async def test_thread_replies_and_forum_posts_are_placed_like_the_core_expects(
    watched: tuple[DiscordBot, Seen],
) -> None:
    bot, _ = watched
    fake = bot.fake
    out = bot.core.outbox(tenant_of(fake.GUILD))
    question = await fake.say(
        MEMBER, fake.CARDIOLOGY, "What INR target for a mechanical mitral valve?"
    )
    await bot.settle()

    # The core answers in the question's thread: opened on the message, once.
    await out.post(fake.CARDIOLOGY, Reply.of("Q1 · routed to 2 members"), thread=question)
    await out.post(fake.CARDIOLOGY, Reply.of("⏰ no answer after 4h"), thread=question)
    [opened] = fake.find("POST", rf"/channels/{fake.CARDIOLOGY}/messages/{question}/threads")
    assert opened.body["name"] == "Q1 · routed to 2 members"
    assert [m["content"] for m in fake.in_channel(question)] == [
        "Q1 · routed to 2 members",
        "⏰ no answer after 4h",
    ]
    answer = await fake.say(fake.OWNER, question, "2.5 to 3.5")
    await bot.settle()
    assert await _copy(bot, answer) == (fake.CARDIOLOGY, question, "2.5 to 3.5")

    # A member's forum post is a question: tagged Open, its first message a top-level one.
    post = await fake.forum_post(MEMBER, fake.FORUM, "Bridging for AF ablation?", "Do you bridge?")
    await bot.settle()
    assert fake.channels[post]["applied_tags"] == [fake.TAG_OPEN]
    assert await _copy(bot, post) == (fake.FORUM, None, "Do you bridge?")
    reply = await fake.say(fake.OWNER, post, "Uninterrupted DOAC, no bridging.")
    await bot.settle()
    assert await _copy(bot, reply) == (fake.FORUM, post, "Uninterrupted DOAC, no bridging.")

    # Accepted: Solved (and archived, as configured); reopened: Open again.
    await out.mark_thread(MessageRef(fake.FORUM, post), "solved")
    assert fake.channels[post]["applied_tags"] == [fake.TAG_SOLVED]
    assert fake.channels[post]["thread_metadata"]["archived"] is True
    await out.mark_thread(MessageRef(fake.FORUM, post), "open")
    assert fake.channels[post]["applied_tags"] == [fake.TAG_OPEN]
    assert fake.channels[post]["thread_metadata"]["archived"] is False
    # Threads in ordinary channels have no state on Discord: nothing is sent.
    before = len(fake.calls)
    await out.mark_thread(MessageRef(fake.CARDIOLOGY, question), "solved")
    assert len(fake.calls) == before


async def test_rounds_opens_forum_posts_tagged_open(watched: tuple[DiscordBot, Seen]) -> None:
    bot, _ = watched
    fake = bot.fake
    out = bot.core.outbox(tenant_of(fake.GUILD))
    ref = await out.post(
        fake.FORUM, Reply(text="❓ Q2 · Apixaban dose in CKD 4?", context="peer discussion")
    )
    [created] = fake.find("POST", rf"/channels/{fake.FORUM}/threads")
    assert created.body["name"] == "❓ Q2 · Apixaban dose in CKD 4?"
    assert created.body["applied_tags"] == [fake.TAG_OPEN]
    assert created.body["message"]["embeds"][0]["footer"]["text"] == "peer discussion"
    assert ref.channel == fake.FORUM and ref.thread is None
    # The post's id is its first message's; the thread of the question is the post itself.
    await out.post(fake.FORUM, Reply.of("routed to 3"), thread=ref.id)
    assert [m["content"] for m in fake.in_channel(ref.id)][-1] == "routed to 3"
    link = await out.platform.permalink(out.workspace, ref)
    assert link == f"https://discord.com/channels/{fake.GUILD}/{ref.id}/{ref.id}"


async def test_direct_messages_belong_to_the_members_guild(
    watched: tuple[DiscordBot, Seen],
) -> None:
    bot, _ = watched
    fake = bot.fake
    out = bot.core.outbox(tenant_of(fake.GUILD))
    sent = await out.dm(MEMBER, Reply.of("Q1 was routed to you"))
    assert sent is not None and sent.channel == fake.dm_of[MEMBER]
    said = await fake.say(MEMBER, fake.dm_of[MEMBER], "I'll take it")
    await bot.settle()
    assert await _copy(bot, said) == (f"dm:{MEMBER}", None, "I'll take it")
    await out.react(MessageRef(fake.CARDIOLOGY, said), "books")
    assert fake.reactions[-1] == (fake.CARDIOLOGY, said, "📚")


async def test_private_channels_and_who_may_read_them(watched: tuple[DiscordBot, Seen]) -> None:
    bot, _ = watched
    fake = bot.fake
    platform = bot.runner.platform
    said = await fake.say(fake.INSIDER, fake.PRIVATE, "Consult on a capacity question")
    await bot.settle()
    tenant_id = await bot.core.tenant_id(tenant_of(fake.GUILD))
    await bot.core.copies.flush()
    async with bot.core.db.session() as s:
        row = await MessageRepo(s, tenant_id).find(said)
    assert row is not None and row.private_channel is True
    assert await platform.is_member(fake.GUILD, fake.PRIVATE, fake.INSIDER) is True
    assert await platform.is_member(fake.GUILD, fake.PRIVATE, MEMBER) is False
    assert await platform.is_member(fake.GUILD, fake.GENERAL, MEMBER) is True
    info = await platform.resolve_channel(fake.GUILD, f"<#{fake.PRIVATE}>")
    assert info is not None and info.private and info.name == "ethics-consults"
    assert (await platform.resolve_channel(fake.GUILD, "#general") or info).private is False


async def test_members_are_resolved_by_id_mention_or_name(watched: tuple[DiscordBot, Seen]) -> None:
    bot, _ = watched
    fake = bot.fake
    platform = bot.runner.platform
    by_id = await platform.resolve_user(fake.GUILD, MEMBER)
    assert by_id is not None and (by_id.id, by_id.name) == (MEMBER, "ben")
    by_mention = await platform.resolve_user(fake.GUILD, f"<@!{fake.INSIDER}>")
    assert by_mention is not None and by_mention.name == "ines"
    by_name = await platform.resolve_user(fake.GUILD, "@olivia")
    assert by_name is not None and by_name.id == fake.OWNER
    assert await platform.resolve_user(fake.GUILD, "@nobody") is None
    assert await platform.resolve_user(fake.GUILD, "900000000000009999") is None


async def test_a_message_with_patient_identifiers_gets_a_private_notice_by_dm(
    watched: tuple[DiscordBot, Seen],
) -> None:
    bot, _ = watched
    fake = bot.fake
    said = await fake.say(
        MEMBER, fake.CARDIOLOGY, "Pt John Smith MRN 4455667, seen 03/14/2026, INR 4.1: reverse?"
    )
    await bot.settle()
    [notice] = fake.in_channel(fake.dm_of[MEMBER])
    description = notice["embeds"][0]["description"]
    assert "patient identifiers" in description and f"<#{fake.CARDIOLOGY}>" in description
    assert "4455667" not in str(notice) and "John Smith" not in str(notice)
    [button] = notice["components"][0]["components"]
    assert button["label"] == "Not patient information"
    assert button["custom_id"].startswith(f"r:{fake.GUILD}:not-phi:")
    stored = await _copy(bot, said)
    assert stored is not None and "4455667" not in stored[2]
    # The button works from the DM, where Discord names no guild.
    clicked = await fake.click(MEMBER, notice["id"], button["custom_id"])
    await fake.wait_for(lambda: clicked.callbacks)
    # The answer is the interaction's own (in a DM, private by nature).
    assert clicked.callbacks[0]["type"] == 4
    assert "marked as not patient information" in clicked.callbacks[0]["data"]["content"]


async def test_deleting_a_members_message_needs_manage_messages(
    watched: tuple[DiscordBot, Seen],
) -> None:
    bot, _ = watched
    fake = bot.fake
    out = bot.core.outbox(tenant_of(fake.GUILD))
    first = await fake.say(MEMBER, fake.GENERAL, "one")
    second = await fake.say(MEMBER, fake.GENERAL, "two")
    await bot.settle()
    fake.refuse("DELETE", rf"/channels/{fake.GENERAL}/messages/{first}", 403, 50013)
    assert await out.delete(MessageRef(fake.GENERAL, first)) is False
    assert await out.delete(MessageRef(fake.GENERAL, second)) is True
    assert first in fake.messages and second not in fake.messages
    # A member's DM to Rounds is filed without its channel: nothing to address, no request.
    before = len(fake.calls)
    assert await out.delete(MessageRef(None, first)) is False
    await out.react(MessageRef(None, first), "eyes")
    assert len(fake.calls) == before
