"""The rules: an embargo holds posts until it lifts and releases them once (across restarts),
a no-photos session holds image posts, an off-record session is never gathered, and a post
with a patient identifier is never gathered."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.context import Ctx
from bot.gate import GateResult
from bot.platform import FileRef
from tests.conftest import BotConsole
from tests.events.helpers import SETUP, bodies, export, live_thread, texts


def mirrors(bot: BotConsole, needle: str) -> list[dict[str, Any]]:
    """Every mirror (a bot message in a thread) that quotes ``needle``, across restarts."""
    return [
        a for a in bot.actions if a["kind"] == "message" and a["thread"] and needle in a["text"]
    ]


EMBARGO = (
    '@olga #general: /event session add #ACC26 S14 "Embargoed trial" 2026-03-28T09:00 '
    "2026-03-28T10:00 --embargo-until 2026-03-28T11:00"
)


async def test_an_embargo_holds_until_the_lift_and_releases_once(bot: BotConsole) -> None:
    await bot.play(*SETUP, EMBARGO)
    told = await bot.play("@ann #general: the embargoed result #ACC26")  # 09:00: S14's window
    (notice,) = [a for a in told if "embargo" in a["text"]]
    assert notice["kind"] == "ephemeral" and notice["to"] == "ann"
    assert "until 2026-03-28 11:00 EDT" in notice["text"]
    await bot.play("! advance 1h")
    assert mirrors(bot, "embargoed result") == []
    held = next(s for s in (await export(bot))["sessions"] if s["code"] == "S14")
    assert held["posts"] == []  # held posts stay out of the transcript
    await bot.restart()
    await bot.play("! advance 1h")  # 11:00 in New York: the lift
    assert len(mirrors(bot, "embargoed result")) == 1
    await bot.restart()
    await bot.play("! advance 1d")
    assert len(mirrors(bot, "embargoed result")) == 1
    doc = await export(bot)
    s14 = next(s for s in doc["sessions"] if s["code"] == "S14")
    assert texts(s14["posts"]) == ["the embargoed result #ACC26"]


async def test_after_the_lift_posts_flow_at_once(bot: BotConsole) -> None:
    await bot.play(*SETUP, EMBARGO, "! now 2026-03-28T15:30:00Z")
    await bot.play("@ann #general: late word #ACC26_S14")
    assert len(mirrors(bot, "late word")) == 1


async def test_a_no_photos_session_holds_image_posts(bot: BotConsole) -> None:
    await bot.play(
        *SETUP,
        '@olga #general: /event session add #ACC26 S15 "Unpublished" 2026-03-28T09:00 '
        "2026-03-28T10:00 --no-photos",
    )
    told = await bot.play("@ann #general: the slide #ACC26 [file:slide.png]")
    assert any(a["kind"] == "ephemeral" and "asks for no photos" in a["text"] for a in told)
    await bot.play(
        "@ann #general: words only #ACC26", "@bob #general: the handout #ACC26 [file:notes.pdf]"
    )
    body = "\n".join(live_thread(bot).values())
    assert "words only" in body and "the handout" in body and "the slide" not in body
    stats = await bot.play("@olga #general: /event stats #ACC26")
    assert "1 post held" in stats[0]["text"]


async def test_an_off_record_session_is_never_gathered(bot: BotConsole) -> None:
    await bot.play(
        *SETUP,
        '@olga #general: /event session add #ACC26 S16 "Closed door" 2026-03-28T09:00 '
        "2026-03-28T10:00 --channel #board --off-record",
        "@ann #board: not for the record #ACC26",
        "@ann #general: not either #ACC26_S16",
        "@ann #general: but this is #ACC26",
    )
    assert bodies(bot) == ["but this is #ACC26"]
    (refused,) = await bot.play("@ann #board: /event ask S16 a question?")
    assert "off the record" in refused["text"]
    doc = await export(bot)
    assert [s["code"] for s in doc["sessions"]] == ["S12", "S13"]
    assert texts(doc["no_session"]) == ["but this is #ACC26"]


class MrnGate:
    """A stand-in for the privacy gate: 'MRN' in a text is a finding; 'HOLD' also holds."""

    async def check_message(
        self, ctx: Ctx, text: str, files: Sequence[FileRef], *, edit: bool
    ) -> GateResult:
        kinds = ("MRN",) if "MRN" in text else ()
        redacted = text.replace("MRN 12345678", "[MRN]")
        return GateResult(redacted, tuple(f.name for f in files), kinds, "HOLD" in text)

    async def check_command(self, ctx: Ctx, spec: Any, args: str) -> str:
        return args


async def test_a_post_with_a_patient_identifier_is_never_gathered(bot: BotConsole) -> None:
    assert bot.core is not None
    bot.core.gate = MrnGate()
    await bot.play(
        *SETUP,
        "@ann #general: pt MRN 12345678 in bed 4 #ACC26",  # 4: a finding
        "@bob #general: HOLD pending review #ACC26",  # 5: held by the policy
        "@carl #general: clean post #ACC26",
    )
    assert bodies(bot) == ["clean post #ACC26"]
    await bot.play("@carl edit 6: clean, then MRN 12345678 #ACC26")
    assert live_thread(bot) == {}
    await bot.play("@bob edit 5: reviewed and fine #ACC26")  # the held post, now clean
    assert bodies(bot) == ["reviewed and fine #ACC26"]
    doc = await export(bot)
    assert texts(doc["no_session"]) == ["reviewed and fine #ACC26"]


async def test_the_privacy_gate_keeps_identifiers_out_of_the_event(bot: BotConsole) -> None:
    """The real gate (when the privacy capability installs it) tells the author; the events
    capability gathers nothing of the post."""
    told = await bot.play(*SETUP, "@ann #general: Pt John Smith MRN 4829173 had a stroke #ACC26")
    assert any(a["to"] == "ann" and "MRN" in a["text"] for a in told)
    await bot.play("@bob #general: Great trial #ACC26")
    assert bodies(bot) == ["Great trial #ACC26"]
    assert texts((await export(bot))["no_session"]) == ["Great trial #ACC26"]
