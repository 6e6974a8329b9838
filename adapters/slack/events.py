"""Slack payloads into the core's frozen events: pure functions, no I/O.

Ids stay Slack's (``U…``, ``C…``, message ``ts``). A direct message with the bot has no channel
for the core (``channel=None, is_dm=True``), as on the console. Event ids are what the core
de-duplicates on, in the database: Slack's ``event_id`` for Events API deliveries (a retry
carries the same one), the ``trigger_id`` of a slash command, click or shortcut (a Socket Mode
redelivery carries the same one).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.dispatch import dm_channel
from bot.platform import (
    ActionEvent,
    CommandEvent,
    DeleteEvent,
    EditEvent,
    FileRef,
    MemberJoinedEvent,
    MessageEvent,
    ReactionEvent,
    Tenant,
)

__all__ = [
    "THREAD_ACTIONS",
    "ThreadAction",
    "action_events",
    "command_event",
    "member_joined_event",
    "message_event",
    "reaction_event",
    "shortcut_event",
]

Payload = Mapping[str, Any]

# Message subtypes that are a person's new message; the others (joins, topic changes, bot
# messages, …) are acknowledged and ignored.
_NEW_MESSAGE_SUBTYPES = {None, "file_share", "thread_broadcast", "me_message"}


@dataclass(frozen=True, slots=True)
class ThreadAction:
    """What a member does on a message of a thread, offered as a Slack message shortcut
    (Slack runs no slash commands in threads), for as long as a capability handles
    ``action``. A shortcut with an ``emoji`` is that reaction by the member on the message
    (accepting an answer is the asker's ✅); one without is a press of the button ``action``
    with the value ``CHANNEL|MESSAGE_ID``, naming the message as the core stores it
    (``dm:USER`` for a DM), as the privacy notices' buttons do."""

    action: str
    name: str  # at most 24 characters (Slack's limit for a shortcut name)
    description: str
    emoji: str | None = None

    @property
    def callback_id(self) -> str:
        return f"rounds:{self.action}"


THREAD_ACTIONS = (
    ThreadAction(
        "accept",
        "Accept answer",
        "Accept this reply as an answer to your question (as your ✅ on it would)",
        emoji="white_check_mark",
    ),
    ThreadAction(
        "not-phi",
        "Not patient information",
        "Mark a privacy notice on this message as a false alarm",
    ),
)


def _at(ts: Any) -> datetime | None:
    try:
        return datetime.fromtimestamp(float(ts), UTC)
    except (TypeError, ValueError):
        return None


def _is_dm(channel_type: Any, channel: Any) -> bool:
    return channel_type == "im" or (channel_type is None and str(channel or "").startswith("D"))


def _thread(message: Payload) -> str | None:
    thread = message.get("thread_ts")
    return str(thread) if thread and thread != message.get("ts") else None


def message_event(tenant: Tenant, body: Payload) -> MessageEvent | EditEvent | DeleteEvent | None:
    """A ``message`` event: a new message, an edit or a delete; None for what the core does
    not need (bots, joins, unfurls that change nothing)."""
    event = body["event"]
    subtype = event.get("subtype")
    dm = _is_dm(event.get("channel_type"), event.get("channel"))
    channel = None if dm else event.get("channel")
    base: dict[str, Any] = {"tenant": tenant, "event_id": str(body["event_id"]), "channel": channel}
    if subtype == "message_changed":
        new, old = event.get("message") or {}, event.get("previous_message") or {}
        if not new.get("user") or new.get("bot_id") or new.get("text") == old.get("text"):
            return None
        return EditEvent(
            **base,
            user=str(new["user"]),
            at=_at(event.get("event_ts")),
            message_id=str(new["ts"]),
            text=str(new.get("text") or ""),
            thread=_thread(new),
        )
    if subtype == "message_deleted":
        old = event.get("previous_message") or {}
        if not old.get("user") or old.get("bot_id"):
            return None
        return DeleteEvent(
            **base,
            user=str(old["user"]),
            at=_at(event.get("event_ts")),
            message_id=str(event.get("deleted_ts") or old.get("ts")),
        )
    if subtype not in _NEW_MESSAGE_SUBTYPES or event.get("bot_id") or not event.get("user"):
        return None
    files = tuple(
        FileRef(str(f.get("name") or f.get("title") or "file"), str(f.get("mimetype") or ""))
        for f in event.get("files") or ()
    )
    return MessageEvent(
        **base,
        user=str(event["user"]),
        at=_at(event.get("ts")),
        message_id=str(event["ts"]),
        text=str(event.get("text") or ""),
        thread=_thread(event),
        files=tuple(f if f.mime else FileRef(f.name) for f in files),
        is_dm=dm,
        channel_private=event.get("channel_type") in ("group", "mpim"),
    )


def reaction_event(tenant: Tenant, body: Payload, added: bool) -> ReactionEvent | None:
    """``reaction_added`` / ``reaction_removed`` on a message; the emoji without skin tone."""
    event = body["event"]
    item = event.get("item") or {}
    if item.get("type") != "message" or not event.get("user"):
        return None
    channel = item.get("channel")
    return ReactionEvent(
        tenant=tenant,
        event_id=str(body["event_id"]),
        user=str(event["user"]),
        channel=None if _is_dm(None, channel) else channel,
        at=_at(event.get("event_ts")),
        message_id=str(item["ts"]),
        emoji=str(event.get("reaction") or "").split("::", 1)[0],
        added=added,
    )


def member_joined_event(tenant: Tenant, body: Payload) -> MemberJoinedEvent:
    event = body["event"]
    return MemberJoinedEvent(
        tenant=tenant,
        event_id=str(body["event_id"]),
        user=str(event["user"]),
        channel=str(event["channel"]),
        at=_at(event.get("event_ts")),
    )


def command_event(tenant: Tenant, body: Payload, prefix: str = "") -> CommandEvent | None:
    """A slash command: ``/ask …`` → ``CommandEvent(name="ask", args="…")``. A configured
    ``command_prefix`` (``/rounds-ask``) is taken off the name."""
    name = str(body.get("command") or "").lstrip("/")
    if prefix and name.startswith(prefix):
        name = name[len(prefix) :]
    if not name or not body.get("user_id"):
        return None
    channel = body.get("channel_id")
    dm = str(channel or "").startswith("D")
    return CommandEvent(
        tenant=tenant,
        event_id=f"cmd:{body.get('trigger_id') or body.get('response_url')}",
        user=str(body["user_id"]),
        channel=None if dm else channel,
        name=name.lower(),
        args=str(body.get("text") or ""),
        is_dm=dm,
    )


def action_events(tenant: Tenant, body: Payload) -> list[ActionEvent]:
    """Each button of a ``block_actions`` payload as a press of that action."""
    container = body.get("container") or {}
    message = body.get("message") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
    dm = _is_dm(None, channel)
    message_id = container.get("message_ts") or container.get("view_id") or ""
    user = (body.get("user") or {}).get("id")
    if not user:
        return []
    events = []
    for index, action in enumerate(body.get("actions") or ()):
        events.append(
            ActionEvent(
                tenant=tenant,
                event_id=f"act:{body.get('trigger_id')}:{index}",
                user=str(user),
                channel=None if dm else channel,
                at=_at(action.get("action_ts")),
                message_id=str(message_id),
                action=str(action.get("action_id") or ""),
                value=str(action.get("value") or ""),
                thread=_thread(message) if message else container.get("thread_ts"),
            )
        )
    return events


def shortcut_event(tenant: Tenant, body: Payload) -> ActionEvent | ReactionEvent | None:
    """A message shortcut of :data:`THREAD_ACTIONS` on the message it was used on."""
    callback = str(body.get("callback_id") or "")
    found = next((a for a in THREAD_ACTIONS if a.callback_id == callback), None)
    message = body.get("message") or {}
    user = (body.get("user") or {}).get("id")
    if found is None or not message.get("ts") or not user:
        return None
    channel = (body.get("channel") or {}).get("id")
    dm = _is_dm(None, channel)
    base: dict[str, Any] = {
        "tenant": tenant,
        "event_id": f"sc:{body.get('trigger_id')}",
        "user": str(user),
        "channel": None if dm else channel,
        "at": _at(body.get("action_ts")),
        "message_id": str(message["ts"]),
    }
    if found.emoji is not None:
        return ReactionEvent(**base, emoji=found.emoji, added=True)
    stored = dm_channel(str(message.get("user") or user)) if dm else str(channel)
    return ActionEvent(
        **base, action=found.action, value=f"{stored}|{message['ts']}", thread=_thread(message)
    )
