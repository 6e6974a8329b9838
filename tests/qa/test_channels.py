"""Q&A channels: questions become tracked by themselves; held posts never do; edits and
deletions of questions and answers follow."""

from __future__ import annotations

from collections.abc import Sequence

from bot.commands.spec import CommandSpec
from bot.context import Ctx
from bot.gate import GateResult
from bot.platform import FileRef
from tests.conftest import BotConsole
from tests.qa.helpers import SETUP, one


class HoldingGate:
    """Holds any message that says HOLD, as the privacy gate holds one with identifiers."""

    async def check_message(
        self, ctx: Ctx, text: str, files: Sequence[FileRef], *, edit: bool
    ) -> GateResult:
        held = "HOLD" in text
        return GateResult(text, tuple(f.name for f in files), ("NAME",) if held else (), held)

    async def check_command(self, ctx: Ctx, spec: CommandSpec, args: str) -> str:
        return args


async def test_questions_in_a_qa_channel_are_tracked(sqlite_bot: BotConsole) -> None:
    await sqlite_bot.play(SETUP)
    out = await sqlite_bot.play("@bob #cardiology: /qa channel #cardiology on")
    assert "only admins" in out[0]["text"]
    out = await sqlite_bot.play("@alice #cardiology: /qa channel #cardiology on")
    assert "#cardiology is a Q&A channel" in out[0]["text"]
    assert await sqlite_bot.play("@alice #cardiology: Great talk at grand rounds today.") == []
    out = await sqlite_bot.play("@alice #cardiology: What INR range for a mechanical aortic valve?")
    assert sorted(a["to"] for a in out if a["kind"] == "dm") == ["bob", "carol"]
    assert one(out, kind="message", thread="12")["text"].startswith("Q1 · routed to 2 members")
    await sqlite_bot.play("@bob #cardiology >12: 2.0-3.0 without extra risk factors (ACC/AHA).")
    shown = (await sqlite_bot.play("@alice #cardiology: /qa show Q1"))[0]["text"]
    assert "Q1 · answered · asked by @alice" in shown and "2.0-3.0" in shown
    await sqlite_bot.play("@alice #cardiology: /qa channel #cardiology off")
    assert await sqlite_bot.play("@alice #cardiology: Why is the coffee machine broken?") == []


async def test_held_posts_are_never_tracked_until_released(sqlite_bot: BotConsole) -> None:
    assert sqlite_bot.core is not None
    sqlite_bot.core.gate = HoldingGate()
    await sqlite_bot.play(SETUP, "@alice #cardiology: /qa channel #cardiology on")
    assert await sqlite_bot.play("@alice #cardiology: HOLD Should Mr X stop his statin?") == []
    out = await sqlite_bot.play("@bob #general: /qa search statin")
    assert out[0]["text"] == "No questions match 'statin'."
    out = await sqlite_bot.play("@alice edit 10: Should a 90-year-old stop a statin?")
    assert one(out, kind="message", thread="10")["text"].startswith("Q1 · routed")
    # A held reply is no answer; released by an edit, it becomes one.
    await sqlite_bot.play("@bob #cardiology >10: HOLD his son said…")
    shown = (await sqlite_bot.play("@alice #cardiology: /qa show Q1"))[0]["text"]
    assert "No answers yet." in shown
    await sqlite_bot.play("@bob edit 12: Deprescribing is reasonable (STAREE pending).")
    shown = (await sqlite_bot.play("@alice #cardiology: /qa show Q1"))[0]["text"]
    assert "Answer 1 · @bob" in shown and "Deprescribing" in shown


async def test_edits_and_deletions(sqlite_bot: BotConsole) -> None:
    await sqlite_bot.play(
        SETUP,
        "@alice #cardiology: /qa channel #cardiology on",
        "@alice #cardiology: Does colchicine help after an MI?",
        "@bob #cardiology >10: Maybe.",
    )
    await sqlite_bot.play("@bob edit 11: Yes for some, see doi:10.1056/NEJMoa1912388")
    shown = (await sqlite_bot.play("@alice #cardiology: /qa show Q1"))[0]["text"]
    assert "doi:10.1056/nejmoa1912388" in shown and "opinion" not in shown
    found = await sqlite_bot.play("@carol #general: /qa search colchicine evidence:cited")
    assert "Q1 · Does colchicine help" in found[0]["text"]
    await sqlite_bot.play(
        "@alice edit 10: Does colchicine reduce events after myocardial infarction?"
    )
    found = await sqlite_bot.play("@carol #general: /qa search colchicine events")
    assert "Q1 · Does colchicine reduce events" in found[0]["text"]
    await sqlite_bot.play("@bob delete 11")
    shown = (await sqlite_bot.play("@alice #cardiology: /qa show Q1"))[0]["text"]
    assert "No answers yet." in shown
    assert "Q1 · open" in shown
    await sqlite_bot.play("@alice delete 10")
    out = await sqlite_bot.play("@carol #general: /qa show Q1")
    assert "There is no Q1." in out[0]["text"]
    assert await sqlite_bot.play("! advance 2d") == []
