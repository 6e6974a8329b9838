"""Slack request bodies in their real formats, and their signatures."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from typing import Any
from urllib.parse import urlencode

from tests.slack.fake_slack import APP_ID, TEAM

__all__ = [
    "block_actions",
    "event_callback",
    "form",
    "message",
    "message_shortcut",
    "signed_headers",
    "slash_command",
]

_ids = itertools.count(1)


def signed_headers(
    secret: str, body: bytes, *, timestamp: int | None = None, retry: int | None = None
) -> dict[str, str]:
    """The headers Slack sends: ``v0=`` HMAC-SHA256 of ``v0:timestamp:body``."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    base = b"v0:" + ts.encode() + b":" + body
    signature = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    headers = {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}
    if retry is not None:
        headers["X-Slack-Retry-Num"] = str(retry)
        headers["X-Slack-Retry-Reason"] = "http_timeout"
    return headers


def event_callback(
    event: dict[str, Any], *, event_id: str | None = None, team: str = TEAM
) -> dict[str, Any]:
    return {
        "token": "legacy-verification",
        "team_id": team,
        "api_app_id": APP_ID,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev{next(_ids):08d}",
        "event_time": int(time.time()),
        "authorizations": [{"team_id": team, "user_id": "U0BOTROUNDS", "is_bot": True}],
    }


def message(
    user: str,
    channel: str,
    text: str,
    *,
    ts: str | None = None,
    thread_ts: str | None = None,
    channel_type: str = "channel",
    **extra: Any,
) -> dict[str, Any]:
    ts = ts or f"1711111111.{next(_ids):06d}"
    event = {
        "type": "message",
        "user": user,
        "text": text,
        "ts": ts,
        "channel": channel,
        "channel_type": channel_type,
        "event_ts": ts,
        **extra,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def slash_command(
    command: str, text: str, *, user: str, channel: str, response_url: str, team: str = TEAM
) -> bytes:
    """A slash command as Slack posts it: form-encoded."""
    return urlencode(
        {
            "token": "legacy-verification",
            "team_id": team,
            "team_domain": "rounds-test",
            "channel_id": channel,
            "channel_name": "general",
            "user_id": user,
            "user_name": user.lower(),
            "command": command,
            "text": text,
            "api_app_id": APP_ID,
            "response_url": response_url,
            "trigger_id": f"{next(_ids)}.1.abcdef",
        }
    ).encode()


def block_actions(
    *,
    user: str,
    channel: str,
    message_ts: str,
    action_id: str,
    value: str,
    response_url: str,
    thread_ts: str | None = None,
    ephemeral: bool = False,
    team: str = TEAM,
) -> dict[str, Any]:
    message: dict[str, Any] = {"type": "message", "ts": message_ts, "text": "…"}
    if thread_ts:
        message["thread_ts"] = thread_ts
    return {
        "type": "block_actions",
        "team": {"id": team, "domain": "rounds-test"},
        "user": {"id": user, "username": user.lower(), "team_id": team},
        "api_app_id": APP_ID,
        "token": "legacy-verification",
        "container": {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": channel,
            "is_ephemeral": ephemeral,
        },
        "trigger_id": f"{next(_ids)}.2.abcdef",
        "channel": {"id": channel, "name": "general"},
        "message": None if ephemeral else message,
        "response_url": response_url,
        "actions": [
            {
                "action_id": action_id,
                "block_id": "b1",
                "value": value,
                "type": "button",
                "action_ts": str(time.time()),
            }
        ],
    }


def message_shortcut(
    *,
    callback_id: str,
    user: str,
    channel: str,
    message: dict[str, Any],
    response_url: str,
    team: str = TEAM,
) -> dict[str, Any]:
    return {
        "type": "message_action",
        "token": "legacy-verification",
        "action_ts": str(time.time()),
        "team": {"id": team, "domain": "rounds-test"},
        "user": {"id": user, "name": user.lower()},
        "channel": {"id": channel, "name": "general"},
        "callback_id": callback_id,
        "trigger_id": f"{next(_ids)}.3.abcdef",
        "message_ts": message["ts"],
        "message": message,
        "response_url": response_url,
    }


def form(payload: dict[str, Any]) -> bytes:
    """Interactivity payloads are posted as ``payload=<json>``."""
    return urlencode({"payload": json.dumps(payload)}).encode()
