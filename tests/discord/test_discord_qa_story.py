"""The Q&A story end to end on Discord, through the real client and the fake Discord: /ask,
the thread opened on the question, routing by DM, an answer in the thread, ✅ by the asker,
a forum question switched from Open to Solved, and a duplicate offered with buttons."""

from __future__ import annotations

from typing import Any

from tests.discord.conftest import DiscordBot
from tests.discord.fake_discord import EPHEMERAL, FakeDiscord, Interaction

ALICE = "900000000000000021"
BOB = "900000000000000022"
CAROL = "900000000000000023"
FRANK = "900000000000000024"


async def _run(
    bot: DiscordBot, user: str, where: str, /, *command: str, **options: Any
) -> Interaction:
    interaction = await bot.fake.slash(user, where, *command, **options)
    await bot.fake.wait_for(lambda: interaction.callbacks)
    await bot.settle()
    return interaction


def _text(message: dict[str, Any]) -> str:
    """What a member reads in a message: its content and its embeds."""
    parts = [message.get("content") or ""]
    for embed in message.get("embeds") or []:
        parts += [embed.get("title", ""), embed.get("description", "")]
        parts += [f"{f['name']} {f['value']}" for f in embed.get("fields", [])]
        parts.append(embed.get("footer", {}).get("text", ""))
    return "\n".join(p for p in parts if p)


def _dms(fake: FakeDiscord, user: str) -> list[str]:
    channel = fake.dm_of.get(user)
    return [_text(m) for m in fake.in_channel(channel)] if channel else []


def _public(fake: FakeDiscord, channel: str) -> list[dict[str, Any]]:
    return [m for m in fake.in_channel(channel) if not m["flags"] & EPHEMERAL]


async def test_the_qa_story_on_discord(discord_bot: DiscordBot) -> None:
    bot, fake = discord_bot, discord_bot.fake
    for user, name in ((ALICE, "alice"), (BOB, "bob"), (CAROL, "carol"), (FRANK, "frank")):
        fake.add_user(user, name)
    # The guild owner is Rounds' first admin: groups, a Q&A forum; bob and carol opt in.
    await _run(bot, fake.OWNER, fake.CARDIOLOGY, "group", "create", group="cardiology")
    await _run(
        bot,
        fake.OWNER,
        fake.GENERAL,
        "group",
        "create",
        group="electrophysiology",
        channel=fake.FORUM,
    )
    await _run(bot, fake.OWNER, fake.GENERAL, "qa", "channel", channel=fake.FORUM, state="on")
    for member in (BOB, CAROL):
        await _run(bot, member, fake.CARDIOLOGY, "group", "notify", group="cardiology", state="on")
    await _run(bot, CAROL, fake.GENERAL, "group", "notify", group="electrophysiology", state="on")

    # /ask: the question is the interaction's public answer, its thread is opened on it, and
    # the opted-in members get it by DM with a link to it.
    asked = await _run(
        bot,
        ALICE,
        fake.CARDIOLOGY,
        "ask",
        text="Should apixaban dose be reduced in AF patients with CKD stage 4?",
    )
    assert asked.callbacks[0]["type"] == 4 and not asked.callbacks[0]["data"].get("flags")
    root = asked.original or ""
    assert _text(fake.messages[root]).startswith("❓ Q1 · @alice asks (#cardiology):")
    [thread] = fake.find("POST", rf"/channels/{fake.CARDIOLOGY}/messages/{root}/threads")
    assert thread.body["name"].startswith("❓ Q1 · @alice asks")
    [note] = fake.in_channel(root)
    assert "Q1 · routed to 2 members of #cardiology: @bob, @carol" in _text(note)
    link = f"https://discord.com/channels/{fake.GUILD}/{fake.CARDIOLOGY}/{root}"
    for member in (BOB, CAROL):
        [dm] = _dms(fake, member)
        assert "Should apixaban dose be reduced" in dm and link in dm
    assert not _dms(fake, ALICE)

    # An answer in the thread; the bot marks the citation; ✅ by carol does nothing, by the
    # asker accepts it, quietly: a DM to alice, nothing public.
    answer = await fake.say(
        BOB,
        root,
        "Only with 2 of age 80+, weight 60 kg or less, creatinine 1.5+ "
        "(ARISTOTLE, doi:10.1056/NEJMoa1107039).",
    )
    await bot.settle()
    assert (root, answer, "📚") in fake.reactions
    public_before = len(_public(fake, fake.CARDIOLOGY)) + len(_public(fake, root))
    await fake.react(CAROL, answer, "✅")
    await bot.settle()
    assert not _dms(fake, CAROL)[1:]
    await fake.react(ALICE, answer, "✅")
    await bot.settle()
    assert _dms(fake, ALICE) == ["Accepted answer 1 on Q1."]
    assert len(_public(fake, fake.CARDIOLOGY)) + len(_public(fake, root)) == public_before

    # A paraphrase: posted, then privately offered Q1 with buttons before any routing.
    dms_before = {m: len(_dms(fake, m)) for m in (BOB, CAROL)}
    again = await _run(
        bot,
        FRANK,
        fake.CARDIOLOGY,
        "ask",
        text="Do I need to lower the Eliquis dosage for afib with chronic kidney disease?",
    )
    offers = [
        m for m in fake.in_channel(fake.CARDIOLOGY) if m.get("interaction_token") == again.token
    ]
    second_root, offer = offers[0]["id"], offers[-1]
    assert _text(fake.messages[second_root]).startswith("❓ Q2 · @frank asks")
    assert offer["flags"] & EPHEMERAL
    assert "Q1 · Should apixaban dose" in _text(offer)
    buttons = [b for row in offer["components"] for b in row["components"]]
    assert [b["label"] for b in buttons] == ["This answers it", "Ask anyway"]
    assert {m: len(_dms(fake, m)) for m in (BOB, CAROL)} == dms_before, "not routed yet"
    closed = await fake.click(FRANK, offer["id"], buttons[0]["custom_id"])
    await fake.wait_for(lambda: closed.callbacks)
    await bot.settle()
    assert closed.callbacks[0]["data"]["flags"] == EPHEMERAL
    assert "Q2 is closed as answered by Q1" in _text(closed.callbacks[0]["data"])
    assert any("Q2 is answered by Q1" in _text(m) for m in fake.in_channel(second_root))

    # In the Q&A forum a member's post is a question: tagged Open, routed, answered in the
    # post, and switched to Solved when the asker's ✅ accepts the answer.
    post = await fake.forum_post(
        ALICE,
        fake.FORUM,
        "Bridging for AF ablation?",
        "Should we bridge with heparin for AF ablation in patients on warfarin?",
    )
    await bot.settle()
    assert fake.channels[post]["applied_tags"] == [fake.TAG_OPEN]
    assert any(
        "routed to 1 member of #electrophysiology" in _text(m) for m in fake.in_channel(post)
    )
    assert any(f"/{post}/{post}" in dm for dm in _dms(fake, CAROL))
    reply = await fake.say(CAROL, post, "No: uninterrupted warfarin is safer (COMPARE trial).")
    await bot.settle()
    await fake.react(ALICE, reply, "✅")
    await bot.settle()
    assert fake.channels[post]["applied_tags"] == [fake.TAG_SOLVED]
    assert _dms(fake, ALICE)[-1] == "Accepted answer 1 on Q3."
