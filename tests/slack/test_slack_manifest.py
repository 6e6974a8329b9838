"""``rounds slack manifest``: valid for Slack's manifest schema (checked structurally here,
after slackapi/manifest-schema v1), one slash command per top-level command of the registry,
the scopes its events need, interactivity and App Home."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

import pytest

from adapters.slack.events import THREAD_ACTIONS
from bot.app import Core
from bot.config import Config
from rounds.cli import main

# Allowed keys and limits of the manifest schema (v1) for the parts Rounds fills in.
TOP = {"_metadata", "display_information", "features", "oauth_config", "settings"}
DISPLAY = {"name": (1, 35), "description": (1, 140), "long_description": (175, 4000)}
FEATURES = {"app_home", "bot_user", "shortcuts", "slash_commands", "unfurl_domains"}
APP_HOME = {"home_tab_enabled", "messages_tab_enabled", "messages_tab_read_only_enabled"}
COMMAND = {"command": (2, 32), "description": (1, 2000), "usage_hint": (1, 1000), "url": (1, 3000)}
SHORTCUT = {"name": (1, 24), "callback_id": (1, 255), "description": (1, 150), "type": (1, 10)}
SETTINGS = {
    "event_subscriptions",
    "interactivity",
    "org_deploy_enabled",
    "socket_mode_enabled",
    "token_rotation_enabled",
    "allowed_ip_address_ranges",
    "incoming_webhooks",
}
URL = re.compile(r"^https?://")
# What each bot event needs (Slack's event reference).
EVENT_SCOPES = {
    "message.channels": "channels:history",
    "message.groups": "groups:history",
    "message.im": "im:history",
    "message.mpim": "mpim:history",
    "reaction_added": "reactions:read",
    "reaction_removed": "reactions:read",
    "member_joined_channel": "channels:read",
    "member_left_channel": "channels:read",
}


def _lengths(obj: dict[str, Any], limits: dict[str, tuple[int, int]]) -> None:
    assert set(obj) <= set(limits) | {"should_escape"}, set(obj) - set(limits)
    for key, value in obj.items():
        if key in limits:
            low, high = limits[key]
            assert isinstance(value, str) and low <= len(value) <= high, (key, value)


def check_manifest(m: dict[str, Any], *, http: bool) -> None:
    assert set(m) <= TOP and "display_information" in m
    assert m["_metadata"]["major_version"] == 1
    display = m["display_information"]
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", display.pop("background_color"))
    _lengths(display, DISPLAY)

    features = m["features"]
    assert set(features) <= FEATURES
    assert set(features["app_home"]) <= APP_HOME and features["app_home"]["home_tab_enabled"]
    assert 1 <= len(features["bot_user"]["display_name"]) <= 80
    commands = features["slash_commands"]
    assert 1 <= len(commands) <= 50
    for command in commands:
        _lengths(command, COMMAND)
        assert command["command"].startswith("/") and command["should_escape"] is True
        assert ("url" in command) == http and (not http or URL.match(command["url"]))
    names = [c["command"] for c in commands]
    assert len(names) == len(set(names))
    for shortcut in features.get("shortcuts", []):
        _lengths(shortcut, SHORTCUT)
        assert shortcut["type"] == "message"
    assert 1 <= len(features.get("shortcuts", [None])) <= 10

    scopes = m["oauth_config"]["scopes"]["bot"]
    assert len(scopes) == len(set(scopes)) and all(len(s) <= 50 for s in scopes)
    settings = m["settings"]
    assert set(settings) <= SETTINGS
    events = settings["event_subscriptions"]["bot_events"]
    assert len(events) == len(set(events)) <= 100
    assert all(EVENT_SCOPES[e] in scopes for e in events if e in EVENT_SCOPES)
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["socket_mode_enabled"] is not http
    for part in (settings["event_subscriptions"], settings["interactivity"]):
        assert ("request_url" in part) == http and (not http or URL.match(part["request_url"]))
    if http:
        assert all(URL.match(u) for u in m["oauth_config"]["redirect_urls"])


def _printed(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    assert main(["slack", "manifest", *argv]) == 0
    manifest: dict[str, Any] = json.loads(capsys.readouterr().out)
    return manifest


def test_the_socket_mode_manifest(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.chdir(tmp_path)  # no rounds.toml, no data folder created
    manifest = _printed(capsys)
    check_manifest(manifest, http=False)
    registry = Core(replace(Config(), database_url="sqlite+aiosqlite:///:memory:")).registry
    commands = manifest["features"]["slash_commands"]
    assert [c["command"] for c in commands] == [f"/{n}" for n in registry.names()]
    assert not (tmp_path / "data").exists()


def test_the_http_manifest_with_a_prefix(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ROUNDS_SLACK_COMMAND_PREFIX", "r-")
    manifest = _printed(capsys, "--url", "https://rounds.example.org/")
    check_manifest(manifest, http=True)
    commands = manifest["features"]["slash_commands"]
    assert all(c["command"].startswith("/r-") for c in commands)
    assert {c["url"] for c in commands} == {"https://rounds.example.org/slack/events"}
    assert manifest["oauth_config"]["redirect_urls"] == [
        "https://rounds.example.org/slack/oauth_redirect"
    ]
    group = next(c for c in commands if c["command"] == "/r-group")
    assert "join" in group["usage_hint"] and "create" in group["usage_hint"]


def test_shortcuts_only_for_thread_actions_some_capability_handles(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.chdir(tmp_path)
    manifest = _printed(capsys)
    core = Core(replace(Config(), database_url="sqlite+aiosqlite:///:memory:"))
    handled = [a.callback_id for a in THREAD_ACTIONS if a.action in core.hooks.actions]
    shortcuts = manifest["features"].get("shortcuts", [])
    assert [s["callback_id"] for s in shortcuts] == handled
    assert "rounds:not-phi" in handled


def test_a_bad_url_is_a_short_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["slack", "manifest", "--url", "rounds.example.org"]) == 2
    assert "--url" in capsys.readouterr().err
