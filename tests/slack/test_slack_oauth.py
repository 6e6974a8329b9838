"""Multi-workspace installs: OAuth through /slack/install and /slack/oauth_redirect, tokens
encrypted at rest in Rounds' database, an uninstall deletes them; one configured token stops
being used when its workspace uninstalls."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import asdict
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from adapters.slack.manifest import BOT_SCOPES
from adapters.slack.tokens import WorkspaceUnavailable
from bot.domain.reply import Reply
from bot.storage.repos.slack import SlackInstallRepo, slack_tenant
from tests.slack.conftest import BOT_TOKEN, CLIENT_SECRET, SlackBot, running_bot
from tests.slack.fake_slack import APP_ID, BOT_USER, TEAM, FakeSlack

KEY = Fernet.generate_key().decode()
ALICE, GENERAL = "U0ALICE0001", "C0GENERAL01"


@pytest.fixture
async def oauth_bot(fake_slack: FakeSlack, db_url: str, tmp_path: Path) -> AsyncIterator[SlackBot]:
    """The adapter as a multi-workspace app, not yet installed anywhere (both engines)."""
    fake_slack.oauth_install = {
        "app_id": APP_ID,
        "authed_user": {"id": "U0INSTALLER"},
        "scope": "chat:write,commands",
        "token_type": "bot",
        "access_token": BOT_TOKEN,
        "bot_user_id": BOT_USER,
        "team": {"id": TEAM, "name": "Rounds Test"},
        "enterprise": None,
        "is_enterprise_install": False,
    }
    async with running_bot(
        fake_slack,
        db_url,
        tmp_path / "data",
        bot_token="",
        client_id="1111.2222",
        client_secret=CLIENT_SECRET,
        token_encryption_key=KEY,
    ) as bot:
        yield bot


async def _install(bot: SlackBot) -> None:
    async with bot.http.get(f"{bot.url}/slack/install") as resp:
        assert resp.status == 200
        page = await resp.text()
        state = resp.cookies["slack-app-oauth-state"].value
    assert "client_id=1111.2222" in page and f"state={state}" in page
    assert "scope=" + ",".join(BOT_SCOPES) in page.replace("&amp;", "&")
    url = f"{bot.url}/slack/oauth_redirect?code=one-time-code&state={state}"
    async with bot.http.get(url, headers={"Cookie": f"slack-app-oauth-state={state}"}) as resp:
        assert resp.status == 200, await resp.text()


async def _stored(bot: SlackBot) -> dict[str, object] | None:
    async with bot.core.db.session() as s:
        tenant_id = await slack_tenant(s, TEAM)
        record = await SlackInstallRepo(s, tenant_id).get() if tenant_id else None
    return asdict(record) if record else None


async def test_install_stores_the_token_encrypted_and_uses_it(oauth_bot: SlackBot) -> None:
    await _install(oauth_bot)
    access = oauth_bot.fake.of("oauth.v2.access")[0].params
    assert access["code"] == "one-time-code"
    stored = await _stored(oauth_bot)
    assert stored is not None
    assert BOT_TOKEN not in json.dumps(stored, default=str)  # ciphertext only
    assert Fernet(KEY.encode()).decrypt(str(stored["bot_token"]).encode()).decode() == BOT_TOKEN
    assert "U0INSTALLER" not in json.dumps(stored, default=str)  # no member data kept

    await oauth_bot.command("/help", "", user=ALICE, channel=GENERAL)
    await oauth_bot.settle()
    [notice] = oauth_bot.fake.ok("chat.postEphemeral")
    assert notice.token == BOT_TOKEN


async def test_the_installer_is_the_first_rounds_admin(oauth_bot: SlackBot) -> None:
    await _install(oauth_bot)
    await oauth_bot.command("/group", "create cardiology", user=ALICE, channel=GENERAL)
    await oauth_bot.settle()
    [refused] = oauth_bot.fake.ok("chat.postEphemeral")
    assert refused.params["text"] == "/group create: only the group's lead or an admin can do that."
    await oauth_bot.command("/group", "create cardiology", user="U0INSTALLER", channel=GENERAL)
    await oauth_bot.settle()
    [created] = oauth_bot.fake.ok("chat.postMessage")
    assert created.params["text"].startswith("Created group cardiology.")


async def test_a_forged_state_is_refused(oauth_bot: SlackBot) -> None:
    url = f"{oauth_bot.url}/slack/oauth_redirect?code=c&state=forged"
    async with oauth_bot.http.get(url, headers={"Cookie": "slack-app-oauth-state=forged"}) as resp:
        assert resp.status == 401
    assert oauth_bot.fake.of("oauth.v2.access") == []
    assert await _stored(oauth_bot) is None


async def test_uninstall_deletes_the_workspace_tokens(oauth_bot: SlackBot) -> None:
    await _install(oauth_bot)
    platform = oauth_bot.adapter.platform
    await platform.post(TEAM, GENERAL, Reply.of("Before"))  # the token is cached now
    assert await oauth_bot.event({"type": "app_uninstalled"}) == 200
    await oauth_bot.settle()
    assert await _stored(oauth_bot) is None
    with pytest.raises(WorkspaceUnavailable):
        await platform.post(TEAM, GENERAL, Reply.of("After"))
    assert [c.params["text"] for c in oauth_bot.fake.ok("chat.postMessage")] == ["Before"]


async def test_a_single_token_is_dropped_when_its_workspace_revokes_it(slack_bot: SlackBot) -> None:
    platform = slack_bot.adapter.platform
    await platform.post(TEAM, GENERAL, Reply.of("Before"))
    event = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": [BOT_USER]}}
    assert await slack_bot.event(event) == 200
    with pytest.raises(WorkspaceUnavailable):
        await platform.post(TEAM, GENERAL, Reply.of("After"))
    assert [c.params["text"] for c in slack_bot.fake.ok("chat.postMessage")] == ["Before"]
