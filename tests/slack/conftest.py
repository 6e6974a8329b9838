"""The Slack adapter under test: the real AsyncApp in HTTP mode on an ephemeral port, its Web
API client aimed at a fake Slack on 127.0.0.1, and a core on a fresh database."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from adapters.slack.app import SlackAdapter
from bot.app import Core
from bot.clock import Clock
from bot.config import Config, SlackConfig
from tests.slack.fake_slack import FakeSlack
from tests.slack.payloads import event_callback, form, signed_headers, slash_command

# Token-shaped canaries: none of them may ever show in a log line or an exception. They are
# put together at run time so that the repository itself holds nothing token-shaped.
BOT_TOKEN = "-".join(("xoxb", "1111111111", "2222222222", "CANARYbotTOKENvalue"))
APP_TOKEN = "-".join(("xapp", "1", "A0APPROUNDS", "3333333333", "CANARYappTOKENvalue"))
SIGNING_SECRET = "CANARYsigningSECRET0123456789abcd"
CLIENT_SECRET = "CANARYclientSECRET0123456789abcd"
CANARIES = (BOT_TOKEN, APP_TOKEN, SIGNING_SECRET, CLIENT_SECRET)


def slack_config(fake: FakeSlack, **overrides: Any) -> SlackConfig:
    base = SlackConfig(
        bot_token=BOT_TOKEN,
        signing_secret=SIGNING_SECRET,
        mode="http",
        host="127.0.0.1",
        port=0,
        api_base_url=fake.api_url,
    )
    return replace(base, **overrides)


@dataclass
class SlackBot:
    """A running adapter and the means to talk to it as Slack does."""

    core: Core
    adapter: SlackAdapter
    fake: FakeSlack
    http: aiohttp.ClientSession
    secret: str = SIGNING_SECRET
    statuses: list[int] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.adapter.port}"

    async def post(
        self,
        body: bytes,
        content_type: str,
        *,
        sign: bool = True,
        timestamp: int | None = None,
        retry: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str]:
        sent = {"Content-Type": content_type}
        if sign:
            sent.update(signed_headers(self.secret, body, timestamp=timestamp, retry=retry))
        sent.update(headers or {})
        async with self.http.post(f"{self.url}/slack/events", data=body, headers=sent) as resp:
            self.statuses.append(resp.status)
            return resp.status, await resp.text()

    async def event(
        self, event: dict[str, Any], *, event_id: str | None = None, retry: int | None = None
    ) -> int:
        body = event_callback(event, event_id=event_id)
        status, _ = await self.post(_json(body), "application/json", retry=retry)
        return status

    async def command(
        self, command: str, text: str, *, user: str, channel: str, key: str = "cmd"
    ) -> tuple[int, float]:
        """Post a slash command; (status, seconds until Slack got the ack)."""
        body = slash_command(
            command, text, user=user, channel=channel, response_url=self.fake.response_url(key)
        )
        started = time.monotonic()
        status, _ = await self.post(body, "application/x-www-form-urlencoded")
        return status, time.monotonic() - started

    async def interact(self, payload: dict[str, Any]) -> int:
        status, _ = await self.post(form(payload), "application/x-www-form-urlencoded")
        return status

    async def settle(self) -> None:
        """Wait until every effect of what was sent is out."""
        await self.core.idle()


def _json(body: dict[str, Any]) -> bytes:
    return json.dumps(body).encode()


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    fake = FakeSlack()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()


async def start_bot(
    fake: FakeSlack,
    db_url: str,
    data_dir: Path,
    prepare: Callable[[Core], None] | None = None,
    clock: Clock | None = None,
    **overrides: Any,
) -> tuple[Core, SlackAdapter]:
    """A core and its Slack adapter; ``prepare`` may add test commands to the core first."""
    config = Config(data_dir=data_dir, database_url=db_url, slack=slack_config(fake, **overrides))
    core = Core(config, clock=clock)
    if prepare is not None:
        prepare(core)
    await core.start(ticking=False)
    adapter = SlackAdapter(core, pace=0.01)
    await adapter.start()
    return core, adapter


@asynccontextmanager
async def running_bot(
    fake: FakeSlack,
    db_url: str,
    data_dir: Path,
    prepare: Callable[[Core], None] | None = None,
    clock: Clock | None = None,
    **overrides: Any,
) -> AsyncIterator[SlackBot]:
    core, adapter = await start_bot(fake, db_url, data_dir, prepare, clock, **overrides)
    try:
        async with aiohttp.ClientSession() as http:
            yield SlackBot(core, adapter, fake, http)
    finally:
        await adapter.stop()
        await core.stop()


@pytest.fixture
async def slack_bot(
    fake_slack: FakeSlack, sqlite_url: str, tmp_path: Path
) -> AsyncIterator[SlackBot]:
    """The adapter in HTTP mode with one bot token, on SQLite."""
    async with running_bot(fake_slack, sqlite_url, tmp_path / "data") as bot:
        yield bot
