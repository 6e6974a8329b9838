"""Routing: daily cap and rotation, the backup group, private channels, no group named."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from tests.conftest import BotConsole
from tests.qa.helpers import SETUP, one


@asynccontextmanager
async def _bot(tmp_path: Path, url: str, **qa: int) -> AsyncIterator[BotConsole]:
    harness = BotConsole(tmp_path / "data", url, overrides={"qa": qa})
    await harness.start()
    try:
        yield harness
    finally:
        await harness.stop()


def _routed(actions: list[dict[str, object]]) -> list[object]:
    return sorted(str(a["to"]) for a in actions if a["kind"] == "dm")


async def test_rotation_asks_whoever_was_asked_longest_ago(sqlite_url: str, tmp_path: Path) -> None:
    async with _bot(tmp_path, sqlite_url, route_count=1) as bot:
        await bot.play(SETUP)
        asked = [
            _routed(await bot.play(f"@alice #cardiology: /ask {text}"))
            for text in (
                "Warfarin INR target with a mechanical mitral valve?",
                "Amiodarone and digoxin interaction: halve the dose?",
                "Is TAVR reasonable at 70 with low surgical risk?",
            )
        ]
    # dave is in his quiet hours all along.
    assert asked == [["bob"], ["carol"], ["bob"]]


async def test_the_daily_cap_then_the_backup_group(sqlite_url: str, tmp_path: Path) -> None:
    async with _bot(tmp_path, sqlite_url, daily_cap=1) as bot:
        await bot.play(SETUP)
        first = await bot.play(
            "@alice #cardiology: /ask Warfarin INR target with a mechanical valve?"
        )
        assert _routed(first) == ["bob", "carol"]
        second = await bot.play("@alice #cardiology: /ask Statin after a hemorrhagic stroke?")
        assert _routed(second) == ["erin"]
        note = one(second, kind="message", thread=second[0]["id"])["text"]
        assert "routed to 1 member of #nephrology: @erin (backup group)" in note
        assert "1 in quiet hours, not notified; 2 at their daily limit" in note
        await bot.play("! advance 1d")
        third = await bot.play("@alice #cardiology: /ask Is TAVR reasonable at 70, low risk?")
        assert _routed(third) == ["bob", "carol"]


async def test_nobody_available_is_said_and_escalation_reaches_moderators(
    sqlite_bot: BotConsole,
) -> None:
    await sqlite_bot.play(
        "! now 2026-03-28T14:00:00Z",
        "! role alice admin",
        "! role mona moderator",
        "@alice #endocrinology: /group create endocrinology",
    )
    out = await sqlite_bot.play(
        "@alice #endocrinology: /ask Thyroid storm: PTU or methimazole first?"
    )
    assert (
        "Q1 · nobody in #endocrinology is available right now"
        in one(out, kind="message", thread="b2")["text"]
    )
    out = await sqlite_bot.play("! advance 1d")
    assert "escalated to the moderators" in " ".join(a["text"] for a in out)
    # The asker, an admin, is not asked about their own question.
    assert [a["to"] for a in out if a["kind"] == "dm"] == ["mona"]


async def test_no_group_no_routing_and_nobody_to_escalate_to(sqlite_bot: BotConsole) -> None:
    out = await sqlite_bot.play("@alice #random: /ask How do you all handle pager fatigue?")
    assert "Q1 · not routed: name a specialty" in out[-1]["text"]
    assert [a for a in out if a["kind"] == "dm"] == []
    out = await sqlite_bot.play("! advance 24h")
    assert out[-1]["text"] == (
        "Q1 is unanswered after 24h, and there is no backup group or moderator to escalate it to."
    )


async def test_a_private_channel_question_stays_inside_it(sqlite_bot: BotConsole) -> None:
    await sqlite_bot.play(SETUP, "! private #cardio-leads alice bob")
    out = await sqlite_bot.play(
        "@alice #cardio-leads: /ask #cardiology Pacemaker interrogation before MRI: who does it?"
    )
    assert _routed(out) == ["bob"]
    await sqlite_bot.play("@bob #cardio-leads >9: The device nurse, always before and after.")
    await sqlite_bot.play("@alice #cardio-leads +10 white_check_mark")
    carol = await sqlite_bot.play("@carol #general: /qa search pacemaker mri")
    assert carol[0]["text"] == "No questions match 'pacemaker mri'."
    assert "There is no Q1." in (await sqlite_bot.play("@carol #general: /qa show Q1"))[0]["text"]
    bob = await sqlite_bot.play("@bob #general: /qa search pacemaker mri")
    assert "Q1 · Pacemaker interrogation" in bob[0]["text"]
    # A look-alike asked in public is neither offered nor shown the private one.
    out = await sqlite_bot.play(
        "@carol #cardiology: /ask Who interrogates a pacemaker before an MRI?"
    )
    assert [a for a in out if a["kind"] == "ephemeral"] == []
    assert "Similar answered questions" not in out[-1]["text"]
