"""Speaker questions: votes toggle and count once per member (button or reaction), lists are
ordered by votes, near-duplicates are offered for merging, organizers answer and hide, and an
anonymous asker is shown to nobody (only the audit ties the question to a pseudonym)."""

from __future__ import annotations

from typing import Any

from bot.storage.repos import MemberRepo
from bot.storage.repos.audit import AuditRepo
from tests.conftest import BotConsole
from tests.events.helpers import SETUP, export

ASK = (
    "@ann #general: /event ask S12 What was the apixaban dose in the elderly subgroup?",
    "@bob #general: /event ask S12 Apixaban dose for elderly patients? --anon",
    "@carl #general: /event ask #ACC26_S12 How was the primary endpoint adjudicated?",
)


def card(bot: BotConsole, number: int) -> dict[str, Any]:
    """The question card of Q``number`` as first posted."""
    return next(a for a in bot.actions if a["kind"] == "message" and f"Q{number} for" in a["text"])


def latest(bot: BotConsole, number: int) -> str:
    """The card's text as it stands now (after edits)."""
    first = card(bot, number)
    text = first["text"]
    for action in bot.actions:
        if action["kind"] == "edit" and action["id"] == first["id"]:
            text = action["text"]
    return text


async def listing(bot: BotConsole, user: str = "olga") -> str:
    actions = await bot.play(f"@{user} #general: /event questions S12")
    return str(actions[-1]["text"])


async def test_votes_toggle_count_once_and_order_the_list(bot: BotConsole) -> None:
    await bot.play(*SETUP, *ASK)
    q1, q2, q3 = (card(bot, n)["id"] for n in (1, 2, 3))
    await bot.play(f"@dana click {q3} vote", f"@erin click {q3} vote", f"@dana click {q1} vote")
    toggled = await bot.play(f"@dana click {q1} vote")
    assert "taken back" in toggled[-1]["text"]
    assert "0 votes" in latest(bot, 1) and "2 votes" in latest(bot, 3)
    # A reaction is a vote too, and the same member's button press then takes it back.
    await bot.play(f"@frank #general +{q2} +1")
    assert "1 vote" in latest(bot, 2)
    await bot.play(f"@frank #general +{q2} thumbsup")  # a second vote emoji: still one vote
    assert "1 vote" in latest(bot, 2)
    await bot.play(f"@frank click {q2} vote")
    assert "0 votes" in latest(bot, 2)
    await bot.play(f"@gail #general +{q2} arrow_up", f"@gail #general -{q2} arrow_up")
    assert "0 votes" in latest(bot, 2)
    text = await listing(bot, "ann")
    assert text.index("Q3 (2 votes)") < text.index("Q1 (0 votes)") < text.index("Q2 (0 votes)")


async def test_an_anonymous_asker_is_shown_to_nobody(bot: BotConsole) -> None:
    await bot.play(*SETUP, *ASK)
    q2 = card(bot, 2)
    assert "asked anonymously" in q2["text"] and "bob" not in q2["text"]
    assert "bob" not in await listing(bot, "olga")  # not to organizers either
    doc = await export(bot)
    asked = {q["number"]: q for q in doc["sessions"][0]["questions"]}
    assert asked["Q2"]["asker"] is None and asked["Q2"]["anonymous"] is True
    assert asked["Q1"]["asker"] == "ann"
    assert bot.core is not None
    async with bot.core.db.session() as s:
        tenant = await bot.core.tenant_id(bot.console.tenant)  # type: ignore[union-attr]
        bob = await MemberRepo(s, tenant).find("bob")
        rows = await AuditRepo(s, tenant).recent(50, action="event.ask")
    assert bob is not None
    (row,) = [r for r in rows if r.target == "Q2"]
    assert row.actor == bob.pseudonym and row.detail == {"anonymous": True}


async def test_near_duplicates_are_offered_for_merging(bot: BotConsole) -> None:
    await bot.play(*SETUP, *ASK)
    q2 = card(bot, 2)
    assert "looks like Q1" in q2["text"]
    assert {"id": "event-merge", "label": "Merge into Q1"} in q2["data"]["actions"]
    told = [a for a in bot.actions if a["kind"] == "ephemeral" and a["to"] == "bob"]
    assert "similar question is open: Q1" in told[-1]["text"]
    assert "looks like Q" not in card(bot, 3)["text"]
    await bot.play(f"@dana click {card(bot, 2)['id']} vote", f"@erin click {q2['id']} vote")
    await bot.play(f"@dana click {card(bot, 1)['id']} vote")
    refused = await bot.play(f"@dana click {q2['id']} event-merge")
    assert "only organizers" in refused[-1]["text"].lower()
    await bot.play(f"@olga click {q2['id']} event-merge")
    assert "merged into Q1" in latest(bot, 2)
    assert "2 votes" in latest(bot, 1)  # dana once, erin once
    assert "Q2" not in await listing(bot)


async def test_organizers_answer_and_hide_members_cannot(bot: BotConsole) -> None:
    await bot.play(*SETUP, *ASK)
    q1 = card(bot, 1)["id"]
    refused = await bot.play(f"@dana click {q1} event-answered", "@dana #general: /event hide Q3")
    assert all("only organizers" in a["text"].lower() for a in refused)
    await bot.play(f"@olga click {q1} event-answered", "@olga #general: /event hide Q3")
    assert latest(bot, 1).startswith("✓ Answered")
    assert "hidden by the organizers" in latest(bot, 3)
    # An answered card has no Vote button any more, and reactions on it no longer count.
    assert await bot.play(f"@dana #general +{q1} +1") == []
    text = await listing(bot)
    assert "Q3" not in text and "1 question hidden" in text
    assert "answered" in text.split("Q1", 1)[1].split("\n", 1)[0]


async def test_asking_names_a_session_that_exists(bot: BotConsole) -> None:
    await bot.play(*SETUP)
    missing = await bot.play("@ann #general: /event ask S99 anything?")
    assert "No session S99" in missing[-1]["text"]
    usage = await bot.play("@ann #general: /event ask S12")
    assert "Usage: /event ask" in usage[-1]["text"]
    via_dm = await bot.play("@ann dm: /event ask S13 from a DM?")
    posted = [a for a in via_dm if a["kind"] == "message"]
    assert posted[0]["channel"] == "#general" and posted[0]["thread"] == "b1"
    assert via_dm[-1]["kind"] == "dm" and "in the #ACC26 thread" in via_dm[-1]["text"]
