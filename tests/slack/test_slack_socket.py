"""Socket Mode: the real Socket Mode client connects to a local WebSocket server that
``apps.connections.open`` points it at; envelopes are acknowledged and handled."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl

from cryptography.fernet import Fernet

from tests.slack.conftest import APP_TOKEN, running_bot
from tests.slack.fake_slack import FakeSlack
from tests.slack.payloads import block_actions, event_callback, message, slash_command

ALICE, GENERAL = "U0ALICE0001", "C0GENERAL01"
PHI = "pt Ruiz MRN 4417-2290 DOB 03/04/1961 needs review"


async def test_socket_mode_events_commands_and_clicks(
    fake_slack: FakeSlack, sqlite_url: str, tmp_path: Path
) -> None:
    async with running_bot(
        fake_slack,
        sqlite_url,
        tmp_path / "data",
        mode="socket",
        app_token=APP_TOKEN,
        signing_secret="",
    ) as bot:
        assert bot.adapter.port == 0  # no HTTP endpoint in Socket Mode with one token
        [opened] = fake_slack.of("apps.connections.open")
        assert opened.token == APP_TOKEN

        ack = await fake_slack.push(
            "events_api", event_callback(message(ALICE, GENERAL, PHI, ts="50.1")), "env-1"
        )
        assert ack is None  # an event is acknowledged with its envelope id alone
        await bot.settle()
        [notice] = fake_slack.ok("chat.postEphemeral")
        assert notice.params["user"] == ALICE

        command = dict(
            parse_qsl(
                slash_command(
                    "/help",
                    "",
                    user=ALICE,
                    channel=GENERAL,
                    response_url=fake_slack.response_url("s"),
                ).decode()
            )
        )
        await fake_slack.push("slash_commands", command, "env-2")
        await bot.settle()
        assert len(fake_slack.ok("chat.postEphemeral")) == 2

        [button] = [
            e for b in notice.params["blocks"] if b["type"] == "actions" for e in b["elements"]
        ]
        click = block_actions(
            user=ALICE,
            channel=GENERAL,
            message_ts="60.1",
            action_id=button["action_id"],
            value=button["value"],
            response_url=fake_slack.response_url("c"),
            ephemeral=True,
        )
        await fake_slack.push("interactive", click, "env-3")
        await bot.settle()
        answers = [c.params["text"] for c in fake_slack.ok("chat.postEphemeral")]
        assert answers[-1].startswith("Thanks: marked as not patient information")
    assert set(fake_slack.socket_acks) == {"env-1", "env-2", "env-3"}


async def test_socket_mode_with_oauth_serves_only_the_install_pages(
    fake_slack: FakeSlack, sqlite_url: str, tmp_path: Path
) -> None:
    async with running_bot(
        fake_slack,
        sqlite_url,
        tmp_path / "data",
        mode="socket",
        app_token=APP_TOKEN,
        signing_secret="",
        bot_token="",
        client_id="1111.2222",
        client_secret="s",
        token_encryption_key=Fernet.generate_key().decode(),
    ) as bot:
        assert bot.adapter.port != 0
        async with bot.http.get(f"{bot.url}/slack/install") as resp:
            assert resp.status == 200
        async with bot.http.get(f"{bot.url}/healthz") as resp:
            assert resp.status == 200
        status, _ = await bot.post(b"{}", "application/json", sign=False)
        assert status in (404, 405)  # events come over the socket only
        assert len(fake_slack.of("apps.connections.open")) == 1
