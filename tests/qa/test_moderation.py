"""Anonymous asking and its audited reveal, peer review, and the moderators' tools."""

from __future__ import annotations

from bot.storage.repos.audit import AuditRepo
from tests.conftest import BotConsole
from tests.qa.helpers import SETUP, one


async def _audit(bot: BotConsole, action: str) -> list[tuple[str, str, dict[str, object]]]:
    assert bot.core is not None
    async with bot.core.db.session() as s:
        rows = await AuditRepo(s, 1).recent(action=action)
    return [(r.actor, r.target, r.detail) for r in rows]


async def test_anonymous_question_private_accept_and_audited_reveal(sqlite_bot: BotConsole) -> None:
    await sqlite_bot.play(
        SETUP,
        "! verify ana",
        "@ana #cardiology: /profile set specialty cardiology",
    )
    out = await sqlite_bot.play(
        "@ana #cardiology: /ask --anon How do you approach burnout in your team?"
    )
    post = one(out, kind="message", thread=None)["text"]
    assert post.startswith("❓ Q1 · verified cardiologist (anonymous) asks")
    assert "ana" not in " ".join(a["text"] for a in out if a["kind"] in ("message", "dm"))
    assert "only moderators can see who asked" in one(out, kind="ephemeral", to="ana")["text"]
    out = await sqlite_bot.play("@bob #cardiology >10: Protected time, and saying it out loud.")
    control = one(out, kind="dm", to="ana")
    assert control["data"]["actions"] == [{"id": "accept", "label": "Accept"}]
    out = await sqlite_bot.play(f"@ana click {control['id']} accept")
    assert out[0]["text"] == "Accepted answer 1 on Q1."

    out = await sqlite_bot.play("@bob #cardiology: /qa reveal Q1")
    assert "only moderators and admins can do that" in out[0]["text"]
    assert await _audit(sqlite_bot, "qa.reveal") == []
    out = await sqlite_bot.play("! role mona moderator", "@mona #cardiology: /qa reveal Q1")
    assert out[0]["text"].startswith("Q1 was asked by @ana.")
    [(actor, target, detail)] = await _audit(sqlite_bot, "qa.reveal")
    assert target == "Q1" and actor.startswith("m_") and str(detail["asker"]).startswith("m_")


async def test_verified_members_endorse_and_dissent(sqlite_bot: BotConsole) -> None:
    await sqlite_bot.play(
        SETUP,
        "@alice #cardiology: /ask Rate or rhythm control in new AF at 75?",
        "@bob #cardiology >9: Early rhythm control (EAST-AFNET 4, PMID 32865375).",
    )
    out = await sqlite_bot.play("@carol #cardiology: /qa endorse Q1 1")
    assert "Only verified members" in out[0]["text"]
    await sqlite_bot.play(
        "! verify carol",
        "! verify erin",
        "! verify bob",
        "@carol #cardiology: /profile set specialty cardiology",
        "@erin #nephrology: /profile set specialty nephrology",
    )
    assert (await sqlite_bot.play("@bob #cardiology: /qa endorse Q1 1"))[0][
        "text"
    ] == "That is your own answer."
    out = await sqlite_bot.play("@carol #cardiology: /qa endorse Q1 1")
    assert out[0]["text"] == "You endorsed answer 1 on Q1."
    await sqlite_bot.play("@erin #nephrology: /qa dissent Q1 1 Watch the eGFR with dofetilide")
    shown = (await sqlite_bot.play("@alice #cardiology: /qa show Q1"))[0]["text"]
    assert "Endorsed by: 1 (cardiology)" in shown
    assert "Dissent: @erin (nephrology): Watch the eGFR with dofetilide" in shown
    assert "PMID 32865375 <https://pubmed.ncbi.nlm.nih.gov/32865375/>" in shown
    assert "opinion" not in shown


async def test_moderators_flag_and_remove_answers(sqlite_bot: BotConsole) -> None:
    await sqlite_bot.play(
        SETUP,
        "! role mona moderator",
        "@alice #cardiology: /ask Any role for aspirin in primary prevention at 70?",
        "@bob #cardiology >9: Always give aspirin.",
        "@carol #cardiology >9: Rarely; bleeding outweighs benefit (ASPREE).",
    )
    assert (
        "only moderators" in (await sqlite_bot.play("@bob #cardiology: /qa flag Q1 1"))[0]["text"]
    )
    out = await sqlite_bot.play("@mona #cardiology: /qa flag Q1 1 contradicts USPSTF 2022")
    assert out[0]["text"] == "Flagged answer 1 on Q1."
    shown = (await sqlite_bot.play("@alice #cardiology: /qa show Q1"))[0]["text"]
    assert "Answer 1 · @bob · ⚑ flagged" in shown
    assert "Evidence: opinion (no citation)" in shown
    out = await sqlite_bot.play("@mona #cardiology: /qa remove Q1 1")
    assert one(out, kind="delete")["id"] == "10"
    assert one(out, kind="ephemeral")["text"] == "Removed answer 1 from Q1."
    shown = (await sqlite_bot.play("@alice #cardiology: /qa show Q1"))[0]["text"]
    assert "Always give aspirin" not in shown and "Answer 2 · @carol" in shown
    assert (
        "no answer 1" in (await sqlite_bot.play("@alice #cardiology: /qa accept Q1 1"))[0]["text"]
    )
    assert [t for _, t, _ in await _audit(sqlite_bot, "qa.remove")] == ["Q1:1"]
    assert [t for _, t, _ in await _audit(sqlite_bot, "qa.flag")] == ["Q1:1"]
