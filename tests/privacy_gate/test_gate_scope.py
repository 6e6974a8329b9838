"""The scope notice: a patient or relative seeking personal advice in a clinician space gets
a polite notice, and the post waits for a moderator."""

from __future__ import annotations

import pytest
from gate_helpers import Recorder, audit_rows, copies

from bot.context import Ctx
from bot.errors import PermissionDenied
from bot.platform import ActionEvent, Tenant
from bot.services.privacy.scope import reads_like_patient
from bot.storage.repos import MemberRepo
from tests.conftest import BotConsole

PATIENT_VOICE = (
    "my mother has chest pain since yesterday, what should we do?",
    "Should I stop my statin before the surgery?",
    "My doctor said I need a stent, is that true?",
    "I was diagnosed with atrial fibrillation last week",
    "my 4-year-old son has a rash and fever",
    "Is it safe for me to take ibuprofen with warfarin?",
    "My husband is on metoprolol and feels dizzy",
    "should I be worried about my lab results?",
    "can I skip my insulin tomorrow",
    "our dad was just diagnosed with lymphoma",
)
CLINICIAN_VOICE = (
    "my patient has chest pain and a normal troponin",
    "should I stop the statin in my 80-year-old patient?",
    "should I stop my patient's apixaban before the scope?",
    "my attending said to hold heparin overnight",
    "Parkinson disease with Graves: anyone seen this combination?",
    "My wife is a nurse practitioner too",
    "my team has journal club at noon",
    "should I start my fellow on nights?",
    "my elderly patient's daughter has questions about hospice",
    "what dose of metoprolol do you start after MI?",
)


@pytest.mark.parametrize("text", PATIENT_VOICE)
def test_patient_voice_is_recognised(text: str) -> None:
    assert reads_like_patient(text)


@pytest.mark.parametrize("text", CLINICIAN_VOICE)
def test_clinician_voice_passes(text: str) -> None:
    assert not reads_like_patient(text)


async def test_a_patient_question_is_held_for_a_moderator_who_may_release_it(
    sqlite_bot: BotConsole,
) -> None:
    bot = sqlite_bot
    assert bot.core is not None
    recorder = Recorder().attach(bot.core)
    out = await bot.play(
        "! role mo moderator", "@pat #general: my mother has chest pain, should she go to ER?"
    )
    notice = next(a for a in out if a["to"] == "pat")
    assert notice["kind"] == "ephemeral" and "can give personal medical advice" in notice["text"]
    assert "not medical advice" in notice["text"]  # the disclaimer rides along
    alert = next(a for a in out if a["to"] == "mo")
    assert alert["data"]["actions"] == [{"id": "scope-release", "label": "Release"}]
    [row] = await copies(bot.core)
    assert row.held and recorder.messages[-1].held
    out = await bot.play(f"@mo click {alert['id']} scope-release")
    assert out[-1]["text"].startswith("Released")
    [row] = await copies(bot.core)
    assert not row.held
    stored, was_held, author = recorder.edits[-1]
    assert was_held and not stored.held and author == "pat"
    assert [r.action for r in await audit_rows(bot.core)] == [
        "role.grant",
        "scope.hold",
        "scope.release",
    ]


async def test_a_member_cannot_release_and_a_dm_is_no_clinician_space(
    sqlite_bot: BotConsole,
) -> None:
    bot = sqlite_bot
    assert bot.core is not None
    await bot.play("@pat #general: should I stop my statin?")
    [row] = await copies(bot.core)
    # The console shows the Release button to moderators only; call its handler as a member.
    tenant = Tenant("console", "console")
    tenant_id = await bot.core.tenant_id(tenant)
    async with bot.core.db.session() as s:
        member = await MemberRepo(s, tenant_id).get("pat")
    assert member is not None
    event = ActionEvent(
        tenant=tenant, event_id="e", user="pat", channel=None, message_id="b1", action="x"
    )
    ctx = Ctx(tenant, tenant_id, member, event, bot.core.outbox(tenant))
    with pytest.raises(PermissionDenied):
        await bot.core.hooks.actions["scope-release"](ctx, f"general|{row.message_id}")
    out = await bot.play("@pat dm: should I stop my statin?")
    assert out == []
    assert [r.held for r in await copies(bot.core)] == [True, False]
