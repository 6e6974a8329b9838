"""Discord's limits: a channel without permission is marked unusable after one refusal (one
notice to an admin), posts are paced per channel and kept in order, a 429 is retried as
Discord says and never looped on, closed DMs get a public nudge without the content."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from adapters.discord.limits import ChannelUnusable, Pacer
from adapters.discord.link import tenant_of
from bot.domain.reply import Reply
from bot.outbox import Outbox
from tests.discord.conftest import DiscordBot, start_bot
from tests.discord.fake_discord import FakeDiscord

MEMBER = "900000000000000020"
VIA = {"Via": "1.1 google"}


@pytest.fixture
async def paced(fake: FakeDiscord, sqlite_url: str, tmp_path: Path) -> AsyncIterator[DiscordBot]:
    bot = await start_bot(fake, sqlite_url, tmp_path / "data", pacer=Pacer(burst=3, window=0.5))
    try:
        yield bot
    finally:
        await bot.stop()
        await bot.core.stop()


def _out(bot: DiscordBot) -> Outbox:
    return bot.core.outbox(tenant_of(bot.fake.GUILD))


async def test_a_refused_channel_is_marked_unusable_and_an_admin_told_once(
    discord_bot: DiscordBot,
) -> None:
    fake, out = discord_bot.fake, _out(discord_bot)
    fake.refuse("POST", rf"/channels/{fake.LOCKED}/.*", 403, 50013)
    for n in range(3):
        with pytest.raises(ChannelUnusable):
            await out.post(fake.LOCKED, Reply.of(f"Weekly digest {n}"))
    with pytest.raises(ChannelUnusable):
        await out.post(fake.LOCKED, Reply.of("In a thread"), thread="1300000000000000999")
    to_channel = [c for c in fake.calls if c.path.startswith(f"/channels/{fake.LOCKED}")]
    assert len(to_channel) == 1
    owner_dm = fake.dm_of[fake.OWNER]
    [notice] = fake.in_channel(owner_dm)
    assert f"<#{fake.LOCKED}>" in notice["content"]
    assert "lacks permission" in notice["content"]

    # An admin fixes the permissions: Discord says the channel changed, Rounds tries again.
    fake.refusals.clear()
    await fake.dispatch("CHANNEL_UPDATE", fake.channels[fake.LOCKED])
    await discord_bot.settle()
    ref = await out.post(fake.LOCKED, Reply.of("Back in business"))
    assert fake.messages[ref.id]["content"] == "Back in business"
    assert len(fake.in_channel(owner_dm)) == 1


async def test_a_channel_out_of_sight_for_threads_is_marked_whole(discord_bot: DiscordBot) -> None:
    fake, out = discord_bot.fake, _out(discord_bot)
    root = await out.post(fake.CARDIOLOGY, Reply.of("Q1 · Apixaban in CKD 4?"))
    fake.refuse("POST", rf"/channels/{fake.CARDIOLOGY}/.*", 403, 50001)  # missing access
    for _ in range(2):
        with pytest.raises(ChannelUnusable):
            await out.post(fake.CARDIOLOGY, Reply.of("routed to 2"), thread=root.id)
    with pytest.raises(ChannelUnusable):
        await out.post(fake.CARDIOLOGY, Reply.of("top level"))
    assert len(fake.find("POST", rf"/channels/{fake.CARDIOLOGY}/.*")) == 2  # root + 1 refused
    assert len(fake.in_channel(fake.dm_of[fake.OWNER])) == 1


async def test_without_thread_permission_answers_reply_to_the_root(discord_bot: DiscordBot) -> None:
    fake, out = discord_bot.fake, _out(discord_bot)
    root = await out.post(fake.CARDIOLOGY, Reply.of("Q1 · Apixaban in CKD 4?"))
    threads = rf"/channels/{fake.CARDIOLOGY}/messages/\d+/threads"
    fake.refuse("POST", threads, 403, 50013)  # may post, may not open threads
    first = await out.post(fake.CARDIOLOGY, Reply.of("routed to 2"), thread=root.id)
    second = await out.post(fake.CARDIOLOGY, Reply.of("⏰ no answer after 4h"), thread=root.id)
    assert len(fake.find("POST", threads)) == 1
    replies = fake.find("POST", rf"/channels/{fake.CARDIOLOGY}/messages")[1:]
    assert [c.body["content"] for c in replies] == ["routed to 2", "⏰ no answer after 4h"]
    assert all(str(c.body["message_reference"]["message_id"]) == root.id for c in replies)
    assert fake.messages[first.id]["content"] == "routed to 2" and second.id in fake.messages
    [notice] = fake.in_channel(fake.dm_of[fake.OWNER])
    assert "cannot open threads" in notice["content"]


async def test_posts_to_one_channel_are_paced_and_kept_in_order(paced: DiscordBot) -> None:
    fake, out = paced.fake, _out(paced)
    await asyncio.gather(*(out.post(fake.GENERAL, Reply.of(f"item {n}")) for n in range(7)))
    posts = fake.find("POST", rf"/channels/{fake.GENERAL}/messages")
    assert [c.body["content"] for c in posts] == [f"item {n}" for n in range(7)]
    # At most three in any half second: the 4th waits for the 1st to age out, and so on.
    assert posts[3].at - posts[0].at >= 0.45
    assert posts[6].at - posts[3].at >= 0.45
    # Another channel is not held up by this one's pace.
    before = asyncio.get_running_loop().time()
    await out.post(fake.CARDIOLOGY, Reply.of("elsewhere"))
    assert asyncio.get_running_loop().time() - before < 0.45


async def test_a_rate_limit_is_honoured_once_and_the_message_delivered_once(
    discord_bot: DiscordBot,
) -> None:
    fake, out = discord_bot.fake, _out(discord_bot)
    path = rf"/channels/{fake.GENERAL}/messages"
    fake.refuse("POST", path, 429, times=1, headers=VIA, retry_after=0.3)
    await out.post(fake.GENERAL, Reply.of("Digest for #cardiology"))
    first, second = fake.find("POST", path)
    assert second.at - first.at >= 0.3
    assert [m["content"] for m in fake.in_channel(fake.GENERAL)] == ["Digest for #cardiology"]


async def test_a_rate_limit_without_via_is_not_retried(discord_bot: DiscordBot) -> None:
    fake, out = discord_bot.fake, _out(discord_bot)
    path = rf"/channels/{fake.GENERAL}/messages"
    fake.refuse("POST", path, 429, retry_after=0.1)  # a Cloudflare ban: no Via header
    with pytest.raises(Exception, match="429"):
        await out.post(fake.GENERAL, Reply.of("x"))
    await asyncio.sleep(0.3)
    assert len(fake.find("POST", path)) == 1


async def test_closed_dms_get_a_public_nudge_without_the_content(discord_bot: DiscordBot) -> None:
    fake, out = discord_bot.fake, _out(discord_bot)
    fake.add_user(MEMBER, "ben")
    fake.closed_dms.add(MEMBER)
    secret = "Your message looks like it holds patient identifiers: MRN"
    assert await out.dm(MEMBER, Reply.of(secret)) is None
    assert await out.private(MEMBER, Reply.of(secret), channel=fake.GENERAL) is None
    [nudge] = fake.in_channel(fake.GENERAL)
    assert nudge["content"].startswith(f"<@{MEMBER}> Rounds has a private notice for you")
    assert "MRN" not in str(nudge)
    assert not [m for m in fake.messages.values() if "MRN" in str(m)]
    # A closed DM is the member's choice, not a missing permission: nothing is marked.
    assert discord_bot.runner.guard.usable(fake.dm_of[MEMBER])
