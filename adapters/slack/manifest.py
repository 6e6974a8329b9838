"""The Slack app manifest, generated from the running code so that it cannot drift.

One slash command per top-level command of the registry (with its usage hint), the bot
events the listeners handle, the scopes those events and the Web API calls of the platform
need, interactivity for buttons, the App Home tab, and a message shortcut for each thread
action some capability handles. ``url`` given: HTTP mode with request URLs under it; else
Socket Mode, which needs no public URL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from adapters.slack.events import THREAD_ACTIONS
from adapters.slack.listeners import SUBSCRIBED_EVENTS
from adapters.slack.server import EVENTS_PATH

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["BOT_SCOPES", "build_manifest", "usage_hint"]

#: each scope with the reason Rounds needs it
SCOPE_REASONS = {
    "channels:history": "message.channels events: messages in public channels",
    "groups:history": "message.groups events: messages in private channels it is in",
    "im:history": "message.im events: direct messages to the bot",
    "mpim:history": "message.mpim events: group DMs the bot is in",
    "channels:read": "member_joined/left_channel; conversations.info/list/members (public)",
    "groups:read": "member_joined/left_channel; conversations.info/list/members (private)",
    "channels:join": "conversations.join: answer a command in a public channel it is not in",
    "chat:write": "chat.postMessage/postEphemeral/update/delete",
    "commands": "slash commands and message shortcuts",
    "files:write": "files_upload_v2: exports and other files",
    "im:write": "conversations.open: direct messages to members",
    "reactions:read": "reaction_added/reaction_removed events (✅ accepts an answer)",
    "reactions:write": "reactions.add",
    "users:read": "users.info: names and time zones for quiet hours",
}
BOT_SCOPES = tuple(sorted(SCOPE_REASONS))

NAME = "Rounds"
DESCRIPTION = "Questions, answers, journal digests and conference threads for physicians."
LONG_DESCRIPTION = (
    "Rounds helps physician networks work in Slack: ask a clinical or professional question "
    "and have it routed to the right specialty group, accept the best answer with a check "
    "mark, find earlier answers again, follow journal feeds and digests, and run live "
    "conference threads around a hashtag. Rounds checks messages for patient identifiers "
    "before storing anything and tells the author privately. Slack is not a system for "
    "patient information: do not post any."
)
_HINT_MAX = 1000
_DESCRIPTION_MAX = 2000


def usage_hint(core: Core, name: str) -> str:
    """What Slack shows after ``/name`` while typing: the bare form's arguments and the
    subcommands."""
    subs = core.registry.subcommands(name)
    parts: list[str] = []
    bare = subs.pop(None, None)
    if bare is not None:
        parts.append(bare.usage().removeprefix(f"/{name}").strip())
    if subs:
        parts.append(" | ".join(sorted(str(s) for s in subs)))
    return " | ".join(p for p in parts if p)[:_HINT_MAX]


def _description(core: Core, name: str) -> str:
    """The command's summary, as ``/help`` shows it."""
    return core.registry.summary_of(name)[:_DESCRIPTION_MAX]


def build_manifest(core: Core, *, url: str | None = None, prefix: str = "") -> dict[str, Any]:
    """The manifest as a JSON-able dict."""
    events_url = f"{url.rstrip('/')}{EVENTS_PATH}" if url else None
    commands = []
    for name in core.registry.names():
        command: dict[str, Any] = {
            "command": f"/{prefix}{name}",
            "description": _description(core, name),
            "should_escape": True,  # mentions arrive as ids: <@U…|name>, <#C…|name>
        }
        hint = usage_hint(core, name)
        if hint:
            command["usage_hint"] = hint
        if events_url:
            command["url"] = events_url
        commands.append(command)
    shortcuts = [
        {
            "name": action.name,
            "type": "message",
            "callback_id": action.callback_id,
            "description": action.description,
        }
        for action in THREAD_ACTIONS
        if action.action in core.hooks.actions
    ]
    features: dict[str, Any] = {
        "app_home": {
            "home_tab_enabled": True,
            "messages_tab_enabled": True,
            "messages_tab_read_only_enabled": False,
        },
        "bot_user": {"display_name": NAME, "always_online": True},
        "slash_commands": commands,
    }
    if shortcuts:
        features["shortcuts"] = shortcuts
    events: dict[str, Any] = {"bot_events": list(SUBSCRIBED_EVENTS)}
    interactivity: dict[str, Any] = {"is_enabled": True}
    oauth: dict[str, Any] = {"scopes": {"bot": list(BOT_SCOPES)}}
    if url:
        events["request_url"] = events_url
        interactivity["request_url"] = events_url
        oauth["redirect_urls"] = [f"{url.rstrip('/')}/slack/oauth_redirect"]
    return {
        "_metadata": {"major_version": 1, "minor_version": 1},
        "display_information": {
            "name": NAME,
            "description": DESCRIPTION,
            "background_color": "#1d4e5f",
            "long_description": LONG_DESCRIPTION,
        },
        "features": features,
        "oauth_config": oauth,
        "settings": {
            "event_subscriptions": events,
            "interactivity": interactivity,
            "org_deploy_enabled": False,
            "socket_mode_enabled": url is None,
            "token_rotation_enabled": False,
        },
    }
