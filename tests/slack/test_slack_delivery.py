"""Outbound: acks within three seconds, 429s honoured, pacing per channel, private replies
that always arrive, long replies split within Slack's limits."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from pathlib import Path

from adapters.slack.interaction import Interaction, answering
from adapters.slack.pacing import Pacer
from bot.app import Core
from bot.commands import CommandSpec, ParsedArgs, Permission
from bot.domain.reply import FileOut, Item, Reply, Section
from bot.platform import MessageRef
from tests.slack.conftest import SlackBot, running_bot
from tests.slack.fake_slack import FakeSlack

ALICE, GENERAL = "U0ALICE0001", "C0GENERAL01"


def _slow_command(core: Core) -> None:
    async def slow(ctx: object, args: ParsedArgs) -> Reply:
        await asyncio.sleep(5)
        return Reply.of("Done: five seconds of work.")

    core.registry.declare(
        [CommandSpec("slowpoke", None, "Takes five seconds.", permission=Permission.ANYONE)]
    )
    core.registry.bind({"slowpoke": slow})


async def test_a_five_second_command_is_acked_at_once_and_answered_later(
    fake_slack: FakeSlack, sqlite_url: str, tmp_path: Path
) -> None:
    async with running_bot(fake_slack, sqlite_url, tmp_path / "data", _slow_command) as bot:
        status, took = await bot.command("/slowpoke", "", user=ALICE, channel=GENERAL)
        assert status == 200
        assert took < 3.0
        assert fake_slack.of("chat.postMessage") == []  # the answer is not in yet
        started = time.monotonic()
        await bot.settle()
        assert time.monotonic() - started > 3.0
    posts = fake_slack.ok("chat.postMessage")
    assert [p.params["text"] for p in posts] == ["Done: five seconds of work."]
    assert posts[0].params["channel"] == GENERAL


async def test_429_retry_after_is_honoured_and_the_message_delivered_once(
    slack_bot: SlackBot,
) -> None:
    slack_bot.fake.rate_limit("chat.postMessage", retry_after=2)
    await slack_bot.command("/group", "list", user=ALICE, channel=GENERAL)
    await slack_bot.settle()
    calls = slack_bot.fake.of("chat.postMessage")
    assert [c.answer for c in calls] == ["ratelimited", "ok"]
    assert calls[1].at - calls[0].at >= 2.0
    assert len(slack_bot.fake.ok("chat.postMessage")) == 1


async def test_posts_to_one_channel_are_paced_and_keep_their_order() -> None:
    pacer = Pacer(interval=0.2)
    sent: list[tuple[str, float]] = []

    async def post(channel: str, n: int) -> None:
        async with pacer.turn(channel):
            sent.append((f"{channel}{n}", time.monotonic()))

    started = time.monotonic()
    await asyncio.gather(*(post("a", n) for n in range(4)), post("b", 0))
    in_a = [(name, at) for name, at in sent if name.startswith("a")]
    assert [name for name, _ in in_a] == ["a0", "a1", "a2", "a3"]
    gaps = [b[1] - a[1] for a, b in itertools.pairwise(in_a)]
    assert all(gap >= 0.19 for gap in gaps)
    at_b = next(at for name, at in sent if name == "b0")
    assert at_b - started < 0.1  # another channel does not wait


async def test_a_private_reply_where_the_bot_is_not_a_member_uses_the_response_url(
    slack_bot: SlackBot,
) -> None:
    slack_bot.fake.fail("chat.postEphemeral", "channel_not_found")
    await slack_bot.command("/help", "", user=ALICE, channel="C0ELSEWHERE", key="help1")
    await slack_bot.settle()
    assert [key for key, _ in slack_bot.fake.responses] == ["help1"]
    _key, body = slack_bot.fake.responses[0]
    assert body["response_type"] == "ephemeral"
    assert "/group" in json.dumps(body["blocks"])


async def test_a_private_reply_with_no_other_way_becomes_a_dm(slack_bot: SlackBot) -> None:
    slack_bot.fake.fail("chat.postEphemeral", "not_in_channel")
    platform = slack_bot.adapter.platform
    ref = await platform.ephemeral(slack_bot.fake.team, GENERAL, ALICE, Reply.of("Only you."))
    assert ref is not None
    assert slack_bot.fake.of("conversations.open")[0].params["users"] == ALICE
    dm = slack_bot.fake.ok("chat.postMessage")
    assert [(c.params["channel"], c.params["text"]) for c in dm] == [("D0ALICE0001", "Only you.")]


async def test_a_public_post_joins_a_public_channel_it_is_not_in(slack_bot: SlackBot) -> None:
    slack_bot.fake.fail("chat.postMessage", "not_in_channel")
    ref = await slack_bot.adapter.platform.post(slack_bot.fake.team, GENERAL, Reply.of("Hi"))
    assert slack_bot.fake.of("conversations.join")[0].params["channel"] == GENERAL
    assert [c.answer for c in slack_bot.fake.of("chat.postMessage")] == ["not_in_channel", "ok"]
    assert ref.id


async def test_a_long_digest_is_split_into_messages_within_slack_limits(
    slack_bot: SlackBot,
) -> None:
    items = tuple(
        Item(f"Article {n}: " + "word " * 30, f"https://doi.org/10.1000/{n}", "NEJM · RCT")
        for n in range(900)
    )
    reply = Reply(text="Weekly digest", sections=(Section("Cardiology", items=items),))
    ref = await slack_bot.adapter.platform.post(slack_bot.fake.team, GENERAL, reply, thread="1.2")
    posts = slack_bot.fake.ok("chat.postMessage")
    assert len(posts) > 1
    assert ref.id == "1700000000.000001"  # the first message of the reply
    seen = []
    for post in posts:
        blocks = post.params["blocks"]
        assert len(blocks) <= 50
        assert post.params["thread_ts"] == "1.2"
        texts = [b["text"]["text"] for b in blocks if "text" in b]
        assert all(len(t) <= 3000 for t in texts)
        assert sum(len(t) for t in texts) + len(post.params["text"]) <= 40000
        seen.extend(line for t in texts for line in t.split("\n") if line.startswith("•"))
    assert len(seen) == 900  # nothing lost between the messages
    assert seen[0].startswith("• <https://doi.org/10.1000/0|Article 0:")


async def test_files_are_uploaded_with_files_upload_v2(slack_bot: SlackBot) -> None:
    data_dir = slack_bot.core.config.data_dir
    (data_dir / "exports").mkdir(parents=True, exist_ok=True)
    (data_dir / "exports" / "qa.csv").write_text("number,title\n1,Apixaban in CKD\n")
    reply = Reply(text="Your export", files=(FileOut("qa.csv", "exports/qa.csv", "text/csv"),))
    platform = slack_bot.adapter.platform
    await platform.post(slack_bot.fake.team, GENERAL, reply, thread="1.2")
    [asked] = slack_bot.fake.ok("files.getUploadURLExternal")
    assert asked.params["filename"] == "qa.csv"
    assert slack_bot.fake.uploads == [b"number,title\n1,Apixaban in CKD\n"]
    [done] = slack_bot.fake.ok("files.completeUploadExternal")
    assert (done.params["channel_id"], done.params["thread_ts"]) == (GENERAL, "1.2")
    # A private reply cannot carry a file: it goes to the member's DM.
    await platform.ephemeral(slack_bot.fake.team, GENERAL, ALICE, reply.as_private())
    assert (
        slack_bot.fake.ok("files.completeUploadExternal")[1].params["channel_id"] == "D0ALICE0001"
    )


async def test_users_and_channels_are_looked_up_once(slack_bot: SlackBot) -> None:
    fake, platform, team = slack_bot.fake, slack_bot.adapter.platform, slack_bot.fake.team
    fake.add_user(ALICE, "alice", tz="Europe/Paris")
    fake.add_channel("G0TUMOR0001", "tumor-board", private=True, members=(ALICE,))
    for query in (ALICE, f"<@{ALICE}|alice>"):
        user = await platform.resolve_user(team, query)
        assert user is not None and (user.name, user.tz) == ("alice", "Europe/Paris")
    assert len(fake.of("users.info")) == 1
    by_name = await platform.resolve_user(team, "@alice")
    assert by_name is not None and by_name.id == ALICE
    channel = await platform.resolve_channel(team, "<#G0TUMOR0001|tumor-board>")
    assert channel is not None and (channel.private, channel.member_count) == (True, 1)
    named = await platform.resolve_channel(team, "#tumor-board")
    assert named is not None and named.id == "G0TUMOR0001"
    assert await platform.resolve_user(team, "@nobody") is None
    link = await platform.permalink(team, MessageRef(GENERAL, "1700000000.000001"))
    assert link == "https://rounds-test.slack.com/archives/C0GENERAL01/p1700000000000001"


async def test_edits_deletes_and_reactions(slack_bot: SlackBot) -> None:
    fake, platform, team = slack_bot.fake, slack_bot.adapter.platform, slack_bot.fake.team
    ref = await platform.post(team, GENERAL, Reply.of("Q1 is open"))
    await platform.edit(team, ref, Reply.of("Q1 is answered"))
    [update] = fake.ok("chat.update")
    assert (update.params["ts"], update.params["text"]) == (ref.id, "Q1 is answered")
    await platform.react(team, ref, "books")
    await platform.unreact(team, ref, "books")
    assert fake.ok("reactions.add")[0].params["name"] == "books"
    assert fake.ok("reactions.remove")[0].params["timestamp"] == ref.id
    assert await platform.delete(team, ref)
    fake.fail("chat.delete", "cant_delete_message")
    assert not await platform.delete(team, MessageRef(GENERAL, "1.1"))


async def test_the_clicked_ephemeral_message_is_replaced_through_its_response_url(
    slack_bot: SlackBot,
) -> None:
    fake, platform, team = slack_bot.fake, slack_bot.adapter.platform, slack_bot.fake.team
    ephemeral = MessageRef(GENERAL, "1700000000.000042")
    fake.fail("chat.update", "message_not_found")
    clicked = Interaction(team, GENERAL, ALICE, fake.response_url("click"), message_id=ephemeral.id)
    with answering(clicked):
        await platform.edit(team, ephemeral, Reply.of("Closed as answered by Q1."))
    [(key, body)] = fake.responses
    assert key == "click" and body["replace_original"] is True
    assert body["text"] == "Closed as answered by Q1."
    # Outside that click, nothing else may use its response_url.
    fake.fail("chat.update", "message_not_found")
    await platform.edit(team, ephemeral, Reply.of("again"))
    assert len(fake.responses) == 1
