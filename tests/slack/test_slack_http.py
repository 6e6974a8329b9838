"""HTTP mode: the health check, signatures checked on the raw body, retries de-duplicated."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from pathlib import Path

import aiohttp
import pytest

from tests.slack.conftest import SIGNING_SECRET, SlackBot, start_bot
from tests.slack.fake_slack import FakeSlack
from tests.slack.payloads import event_callback, message, signed_headers

PHI = "pt Ruiz MRN 4417-2290 DOB 03/04/1961 needs review"


async def test_healthz(slack_bot: SlackBot) -> None:
    async with slack_bot.http.get(f"{slack_bot.url}/healthz") as resp:
        assert resp.status == 200
        assert await resp.json() == {"ok": True}


async def test_help_command_is_answered_privately(slack_bot: SlackBot) -> None:
    status, _ = await slack_bot.command("/help", "", user="U0ALICE0001", channel="C0GENERAL01")
    assert status == 200
    await slack_bot.settle()
    sent = slack_bot.fake.of("chat.postEphemeral")
    assert len(sent) == 1
    assert sent[0].params["user"] == "U0ALICE0001"
    assert sent[0].params["channel"] == "C0GENERAL01"
    assert "/group" in json.dumps(sent[0].params["blocks"])


@pytest.mark.parametrize(
    "tamper", ["bad signature", "altered body", "stale timestamp", "no headers", "junk timestamp"]
)
async def test_unsigned_requests_get_401_and_reach_nothing(
    slack_bot: SlackBot, tamper: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    event = message("U0ALICE0001", "C0GENERAL01", PHI)
    body = json.dumps(event_callback(event, event_id="Ev0REFUSED")).encode()
    headers = signed_headers(SIGNING_SECRET, body)
    if tamper == "bad signature":
        headers["X-Slack-Signature"] = "v0=" + "0" * 64
    elif tamper == "altered body":
        body = body.replace(b"needs review", b"needs REVIEW")
    elif tamper == "stale timestamp":
        headers = signed_headers(SIGNING_SECRET, body, timestamp=int(time.time()) - 301)
    elif tamper == "no headers":
        headers = {}
    else:
        headers["X-Slack-Request-Timestamp"] = "yesterday"
    status, _ = await slack_bot.post(body, "application/json", sign=False, headers=headers)
    await slack_bot.settle()
    assert status == 401
    assert slack_bot.fake.calls == []  # not even bolt's authorization ran
    assert "4417" not in caplog.text and "Ruiz" not in caplog.text
    # The same event, properly signed, is then handled: the refusal recorded nothing.
    assert await slack_bot.event(event, event_id="Ev0REFUSED") == 200
    await slack_bot.settle()
    assert len(slack_bot.fake.of("chat.postEphemeral")) == 1


async def test_a_retried_event_has_one_effect(slack_bot: SlackBot) -> None:
    event = message("U0ALICE0001", "C0GENERAL01", PHI)
    statuses = [
        await slack_bot.event(event, event_id="Ev0RETRIED", retry=retry) for retry in (None, 1, 2)
    ]
    await slack_bot.settle()
    assert statuses == [200, 200, 200]
    notices = slack_bot.fake.of("chat.postEphemeral")
    assert len(notices) == 1
    assert notices[0].params["user"] == "U0ALICE0001"


async def test_retries_spread_over_two_processes_on_postgres_have_one_effect(
    fake_slack: FakeSlack, pg_url: str, tmp_path: Path
) -> None:
    bots = [await start_bot(fake_slack, pg_url, tmp_path / f"data{i}") for i in range(2)]
    event = message("U0ALICE0001", "C0GENERAL01", PHI)
    body = json.dumps(event_callback(event, event_id="Ev0TWOPROCS")).encode()
    try:
        async with aiohttp.ClientSession() as http:

            async def deliver(index: int, retry: int | None) -> int:
                headers = {"Content-Type": "application/json"}
                headers.update(signed_headers(SIGNING_SECRET, body, retry=retry))
                url = f"http://127.0.0.1:{bots[index][1].port}/slack/events"
                async with http.post(url, data=body, headers=headers) as resp:
                    return resp.status

            statuses = await asyncio.gather(deliver(0, None), deliver(1, 1), deliver(0, 2))
        for core, _adapter in bots:
            await core.idle()
    finally:
        for core, adapter in bots:
            await adapter.stop()
            await core.stop()
    assert list(statuses) == [200, 200, 200]
    assert len(fake_slack.of("chat.postEphemeral")) == 1


async def test_the_url_verification_challenge_is_answered(slack_bot: SlackBot) -> None:
    body = json.dumps(
        {
            "token": "legacy",
            "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
            "type": "url_verification",
        }
    ).encode()
    status, text = await slack_bot.post(body, "application/json")
    assert status == 200
    assert "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" in text


async def test_an_edit_is_scanned_again(slack_bot: SlackBot) -> None:
    original = message("U0ALICE0001", "C0GENERAL01", "clean question", ts="70.1")
    assert await slack_bot.event(original) == 200
    edited = {
        "type": "message",
        "subtype": "message_changed",
        "channel": "C0GENERAL01",
        "channel_type": "channel",
        "event_ts": "70.5",
        "message": {"user": "U0ALICE0001", "text": PHI, "ts": "70.1"},
        "previous_message": {"user": "U0ALICE0001", "text": "clean question", "ts": "70.1"},
    }
    assert await slack_bot.event(edited) == 200
    await slack_bot.settle()
    [notice] = slack_bot.fake.ok("chat.postEphemeral")
    assert notice.params["text"].startswith("Your edit in <#C0GENERAL01>")
