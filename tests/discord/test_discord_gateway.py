"""Connecting: the gateway address from ``/gateway/bot`` on the configured base, the reduced
mode when Message Content is refused (4014), and one clear error when Discord cannot be used
(bad token, unreachable gateway, token revoked mid-run) — never a loop, never the token."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import sys
from pathlib import Path

import pytest

from adapters.discord.limits import TokenRejected
from adapters.discord.link import tenant_of
from adapters.discord.runner import DiscordError, Runner
from bot.app import Core
from bot.commands import CommandSpec, ParsedArgs
from bot.context import Ctx
from bot.domain.reply import Reply
from bot.storage.repos import MessageRepo
from tests.discord.conftest import TOKEN, make_core, start_bot
from tests.discord.fake_discord import MESSAGE_CONTENT, FakeDiscord

MEMBER = "900000000000000020"
REPO = Path(__file__).resolve().parents[2]


async def test_connects_to_the_gateway_that_the_configured_base_names(
    fake: FakeDiscord, sqlite_url: str, tmp_path: Path
) -> None:
    bot = await start_bot(fake, sqlite_url, tmp_path / "data")
    try:
        paths = [c.path for c in fake.calls[:4]]
        assert paths[:3] == ["/users/@me", "/oauth2/applications/@me", "/gateway/bot"]
        [identify] = fake.identifies
        assert identify["token"] == TOKEN
        assert identify["intents"] & MESSAGE_CONTENT
        assert not bot.runner.link.reduced
    finally:
        await bot.stop()
        await bot.core.stop()


async def test_without_message_content_it_starts_reduced_warns_once_and_commands_work(
    fake: FakeDiscord, sqlite_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake.allow_message_content = False
    caplog.set_level(logging.INFO)
    bot = await start_bot(fake, sqlite_url, tmp_path / "data")
    try:
        first, second = fake.identifies
        assert first["intents"] & MESSAGE_CONTENT
        assert not second["intents"] & MESSAGE_CONTENT
        assert first["intents"] & ~MESSAGE_CONTENT == second["intents"]
        warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
        assert [r.getMessage() for r in warnings if "Message Content" in r.getMessage()] == [
            r.getMessage() for r in warnings
        ]
        assert len(warnings) == 1 and "reduced mode" in warnings[0].getMessage()
        assert bot.runner.link.reduced
        assert len(fake.find("PUT", r"/applications/\d+/guilds/\d+/commands")) == 1

        listed = await fake.slash(fake.OWNER, fake.GENERAL, "group", "list")
        await fake.wait_for(lambda: listed.callbacks)
        assert "No groups yet" in listed.callbacks[0]["data"]["content"]

        # Others' messages now arrive without content: nothing is stored in their place.
        fake.add_user(MEMBER, "ben")
        empty = await fake.say(MEMBER, fake.GENERAL, "")
        await bot.settle()
        tenant_id = await bot.core.tenant_id(tenant_of(fake.GUILD))
        async with bot.core.db.session() as s:
            assert await MessageRepo(s, tenant_id).find(empty) is None
    finally:
        await bot.stop()
        await bot.core.stop()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


async def test_an_unreachable_gateway_is_one_clear_error(
    fake: FakeDiscord, sqlite_url: str, tmp_path: Path
) -> None:
    fake.gateway_url = f"ws://127.0.0.1:{_closed_port()}/gateway"
    core = await make_core(fake, sqlite_url, tmp_path / "data")
    try:
        with pytest.raises(DiscordError, match="cannot connect to the Discord gateway at ws://"):
            await asyncio.wait_for(Runner(core).run(), 30)
    finally:
        await core.stop()


async def test_a_rejected_token_is_one_clear_error_without_the_token(
    fake: FakeDiscord, sqlite_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake.refuse("GET", r"/users/@me", 401, 0)
    core = await make_core(fake, sqlite_url, tmp_path / "data")
    try:
        with pytest.raises(DiscordError, match=r"rejected the bot token \(401\)") as caught:
            await asyncio.wait_for(Runner(core).run(), 30)
    finally:
        await core.stop()
    assert len(fake.find("GET", r"/users/@me")) == 1
    assert TOKEN not in str(caught.value)
    assert all(TOKEN not in r.getMessage() for r in caplog.records)


async def test_a_token_revoked_while_running_stops_the_adapter_after_one_request(
    fake: FakeDiscord, sqlite_url: str, tmp_path: Path
) -> None:
    bot = await start_bot(fake, sqlite_url, tmp_path / "data")
    try:
        fake.refuse("POST", r"/channels/\d+/messages", 401, 0)
        out = bot.core.outbox(tenant_of(fake.GUILD))
        with pytest.raises(TokenRejected):
            await out.post(fake.GENERAL, Reply.of("Good morning"))
        with pytest.raises(DiscordError, match="rejected the bot token"):
            await asyncio.wait_for(bot.task, 10)
        assert len(fake.find("POST", r"/channels/\d+/messages")) == 1
    finally:
        await bot.stop()
        await bot.core.stop()


async def test_rounds_run_reports_a_refused_token_in_one_line(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    fake.refuse("GET", r"/users/@me", 401, 0)
    env = {
        **os.environ,
        "ROUNDS_DATA_DIR": str(tmp_path / "data"),
        "ROUNDS_DISCORD_TOKEN": TOKEN,
        "ROUNDS_DISCORD_API_BASE_URL": fake.base_url,
    }
    env.pop("ROUNDS_SLACK_BOT_TOKEN", None)
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "rounds.cli",
        "run",
        cwd=REPO,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 1
    lines = err.decode().strip().splitlines()
    assert lines[-1] == "rounds: Discord rejected the bot token (401): check discord.token"
    assert "Traceback" not in err.decode() and TOKEN not in err.decode() + out.decode()


async def test_without_guild_ids_the_commands_are_synced_globally(
    fake: FakeDiscord, sqlite_url: str, tmp_path: Path
) -> None:
    bot = await start_bot(fake, sqlite_url, tmp_path / "data", guild_ids=())
    try:
        [synced] = fake.find("PUT", rf"/applications/{fake.APP}/commands")
        assert sorted(c["name"] for c in synced.body) == bot.core.registry.names()
        assert not fake.find("PUT", r"/applications/\d+/guilds/\d+/commands")
    finally:
        await bot.stop()
        await bot.core.stop()


def _bare_without_alias(core: Core) -> None:
    async def handler(ctx: Ctx, args: ParsedArgs) -> Reply:
        return Reply.of("ok")

    core.registry.declare(
        (
            CommandSpec("broken", None, "Runs bare elsewhere."),
            CommandSpec("broken", "sub", "And has a subcommand."),
        )
    )
    core.registry.bind({"broken": handler, "broken sub": handler})


async def test_a_registry_discord_cannot_express_stops_at_start_in_one_line(
    fake: FakeDiscord, sqlite_url: str, tmp_path: Path
) -> None:
    core = await make_core(fake, sqlite_url, tmp_path / "data", prepare=_bare_without_alias)
    try:
        with pytest.raises(DiscordError, match="/broken has subcommands and a bare form"):
            await asyncio.wait_for(Runner(core).run(), 30)
    finally:
        await core.stop()
    assert not fake.find("PUT", r"/applications/.*")
