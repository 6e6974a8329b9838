"""The workspace disclaimer: set and reset by admins, offered to other capabilities."""

from __future__ import annotations

from gate_helpers import audit_rows

from bot.platform import Tenant
from tests.conftest import BotConsole


async def test_the_disclaimer_is_per_workspace_and_offered_to_other_capabilities(
    sqlite_bot: BotConsole,
) -> None:
    bot = sqlite_bot
    assert bot.core is not None
    privacy = bot.core.services["privacy"]
    tenant_id = await bot.core.tenant_id(Tenant("console", "console"))
    assert await privacy.disclaimer(tenant_id) == bot.core.config.privacy.disclaimer
    out = await bot.play(
        "! role alice admin",
        "@alice #general: /privacy disclaimer Colleagues only; keep case details anonymous.",
    )
    assert out[-1]["text"] == "Disclaimer set: Colleagues only; keep case details anonymous."
    assert await privacy.disclaimer(tenant_id) == "Colleagues only; keep case details anonymous."
    out = await bot.play("@bob #general: /privacy status")
    assert "Disclaimer: Colleagues only; keep case details anonymous." in out[-1]["text"]
    await bot.play("@alice #general: /privacy disclaimer reset")
    assert await privacy.disclaimer(tenant_id) == bot.core.config.privacy.disclaimer
    assert [r.detail for r in await audit_rows(bot.core, "privacy.disclaimer")] == [
        {"reset": False},
        {"reset": True},
    ]
    assert await privacy.policy(tenant_id, "general") == "warn"
