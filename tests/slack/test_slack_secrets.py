"""Token-shaped canaries given as configuration never appear in a log line or an exception,
whatever the adapter goes through: commands, events, refused requests, rate limits, Slack
errors, an OAuth install and an uninstall."""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from slack_sdk.errors import SlackApiError

from bot.domain.reply import Reply
from tests.slack.conftest import BOT_TOKEN, CANARIES, CLIENT_SECRET, running_bot
from tests.slack.fake_slack import APP_ID, BOT_USER, TEAM, FakeSlack
from tests.slack.payloads import block_actions, message

ALICE, GENERAL = "U0ALICE0001", "C0GENERAL01"
KEY = Fernet.generate_key().decode()


class _Everything(logging.Handler):
    """Every record of every logger, formatted with its traceback."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def every_log_line() -> Iterator[_Everything]:
    root = logging.getLogger()
    handler, level = _Everything(), root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def _leaks(text: str) -> list[str]:
    return [c for c in (*CANARIES, KEY) if c in text]


async def test_no_canary_in_any_log_line_or_exception(
    fake_slack: FakeSlack, sqlite_url: str, tmp_path: Path, every_log_line: _Everything
) -> None:
    errors: list[BaseException] = []
    async with running_bot(fake_slack, sqlite_url, tmp_path / "single") as bot:
        await bot.command("/help", "", user=ALICE, channel=GENERAL)
        await bot.event(message(ALICE, GENERAL, "pt Ruiz MRN 4417-2290"))
        await bot.post(b'{"type": "event_callback"}', "application/json", sign=False)
        await bot.interact(
            block_actions(
                user=ALICE,
                channel=GENERAL,
                message_ts="1.1",
                action_id="no-such-button",
                value="x",
                response_url=fake_slack.response_url("b"),
            )
        )
        fake_slack.rate_limit("chat.postMessage", retry_after=1)
        fake_slack.fail("chat.postEphemeral", "invalid_auth", times=5)
        await bot.command("/group", "list", user=ALICE, channel=GENERAL)
        await bot.command("/help", "", user=ALICE, channel=GENERAL)
        await bot.settle()
        try:
            fake_slack.fail("chat.postMessage", "invalid_auth")
            await bot.adapter.platform.post(TEAM, GENERAL, Reply.of("x"))
        except SlackApiError as exc:
            errors.append(exc)

    fake_slack.oauth_install = {
        "app_id": APP_ID,
        "authed_user": {"id": "U0INSTALLER"},
        "access_token": BOT_TOKEN,
        "bot_user_id": BOT_USER,
        "team": {"id": TEAM, "name": "Rounds Test"},
        "is_enterprise_install": False,
    }
    async with running_bot(
        fake_slack,
        sqlite_url,
        tmp_path / "oauth",
        bot_token="",
        client_id="1111.2222",
        client_secret=CLIENT_SECRET,
        token_encryption_key=KEY,
    ) as bot:
        async with bot.http.get(f"{bot.url}/slack/install") as resp:
            state = resp.cookies["slack-app-oauth-state"].value
        async with bot.http.get(
            f"{bot.url}/slack/oauth_redirect?code=c&state={state}",
            headers={"Cookie": f"slack-app-oauth-state={state}"},
        ) as resp:
            assert resp.status == 200
        await bot.command("/help", "", user=ALICE, channel=GENERAL)
        await bot.event({"type": "app_uninstalled"})
        await bot.settle()
        try:
            await bot.adapter.platform.post(TEAM, GENERAL, Reply.of("gone"))
        except Exception as exc:
            errors.append(exc)
        errors.append(ValueError(repr(bot.core.config)))

    assert fake_slack.ok("chat.postEphemeral")  # the run did reach Slack with the tokens
    assert any(c.token == BOT_TOKEN for c in fake_slack.calls)
    assert len(errors) == 3
    shown = [str(e) + repr(e) + "".join(traceback.format_exception(e)) for e in errors]
    assert _leaks("\n".join(every_log_line.lines)) == []
    assert _leaks("\n".join(shown)) == []
    assert "4417-2290" not in json.dumps(every_log_line.lines)
