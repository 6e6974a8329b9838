"""After ``/event stop``: the post-event section, unanswered speaker questions routed to the
specialty group as Q&A questions, and the organizer's summary, exactly once."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from bot.storage.models import Job
from tests.conftest import BotConsole
from tests.events.helpers import SETUP, export, texts

QUESTIONS = (
    "! role adm admin",
    "@adm #cardiology: /group create cardiology #cardiology",
    "@ann #general: /event ask S12 What was the apixaban dose in the elderly subgroup?",
    "@bob #general: /event ask S12 How was the endpoint adjudicated? --anon",
    "@carl #general: /event ask S13 Which imaging protocol was used?",
    "@olga #general: /event answer Q1",
)


class RecordingQA:
    """A Q&A service that records what it is asked to open."""

    def __init__(self) -> None:
        self.opened: list[dict[str, Any]] = []

    async def open_question(
        self,
        tenant_id: int,
        text: str,
        groups: list[str],
        *,
        channel: str | None,
        asker_member_id: int | None,
        anonymous: bool,
        source: str,
    ) -> int:
        self.opened.append(
            {"text": text, "groups": groups, "channel": channel, "anonymous": anonymous}
            | {"asker": asker_member_id, "source": source}
        )
        return len(self.opened)


def summaries(bot: BotConsole) -> list[dict[str, Any]]:
    return [a for a in bot.actions if a["kind"] == "dm" and "has ended" in a["text"]]


async def _rerun_wrapup(bot: BotConsole) -> None:
    """Put the finished wrap-up job back as if a crashed worker's claim had expired."""
    assert bot.core is not None
    async with bot.core.db.session() as s:
        await s.execute(
            update(Job).where(Job.kind == "events.wrapup").values(status="pending", attempts=0)
        )
    await bot.play("! advance 1m")


async def test_a_post_three_days_later_lands_in_the_post_event_section(bot: BotConsole) -> None:
    await bot.play(*SETUP, "@ann #general: during #ACC26", "@olga #general: /event stop #ACC26")
    mirrored = await bot.play("! advance 3d", "@bob #cardiology: three days on #ACC26_S12")
    assert "post-event: three days on" in mirrored[-1]["text"]
    doc = await export(bot)
    assert texts(doc["post_event"]) == ["three days on #ACC26_S12"]
    assert texts(doc["no_session"]) == ["during #ACC26"]
    assert all(s["posts"] == [] for s in doc["sessions"])
    listing = await bot.play("@ann #general: /event list")
    assert "post-event until 2026-04-11" in listing[-1]["text"]
    # After the post-event days the tag is free again, and nothing more is gathered.
    await bot.play("! advance 12d", "@ann #general: too late #ACC26")
    assert texts((await export(bot))["post_event"]) == ["three days on #ACC26_S12"]
    again = await bot.play("@olga #general: /event start #ACC26")
    assert again[0]["kind"] == "message" and again[0]["text"].startswith("Live: #ACC26")


async def test_unanswered_questions_go_to_qa_and_the_summary_comes_once(bot: BotConsole) -> None:
    qa = RecordingQA()
    assert bot.core is not None
    bot.core.services["qa"] = qa
    await bot.play(*SETUP, *QUESTIONS, "@olga #general: /event stop #ACC26")
    assert [q["text"].split("\n")[0] for q in qa.opened] == [
        "How was the endpoint adjudicated?",
        "Which imaging protocol was used?",
    ]
    first, second = qa.opened
    assert first["groups"] == ["cardiology"] and first["channel"] == "cardiology"  # S12's home
    assert first["anonymous"] is True and first["source"] == "event"
    assert second["groups"] == [] and second["channel"] == "general"  # no group matches S13
    assert len(summaries(bot)) == 1 and summaries(bot)[0]["to"] == "olga"
    assert "2 routed to Q&A (cardiology)" in summaries(bot)[0]["text"]
    await _rerun_wrapup(bot)
    await bot.restart()
    await bot.play("! advance 1d")
    assert len(summaries(bot)) == 1 and len(qa.opened) == 2


async def test_the_qa_capability_opens_them_in_the_group(bot: BotConsole) -> None:
    assert bot.core is not None and "qa" in bot.core.services
    await bot.play(*SETUP, *QUESTIONS, "@olga #general: /event stop #ACC26")
    opened = [
        a
        for a in bot.actions
        if a["kind"] == "message"
        and a["channel"] == "#cardiology"
        and "How was the endpoint adjudicated?" in a["text"]
    ]
    assert len(opened) == 1 and "bob" not in opened[0]["text"]
    assert "2 routed to Q&A (cardiology)" in summaries(bot)[0]["text"]


async def test_stopping_twice_and_asking_after_the_end_are_refused(bot: BotConsole) -> None:
    await bot.play(*SETUP, "@olga #general: /event stop #ACC26")
    again = await bot.play("@olga #general: /event stop #ACC26")
    assert "already ended" in again[-1]["text"]
    late = await bot.play("@ann #general: /event ask S12 still there?")
    assert "has ended" in late[-1]["text"]
