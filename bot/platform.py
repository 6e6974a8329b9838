"""The port: what the core needs from a chat platform, and the events a platform delivers.

Adapters implement :class:`Platform` by composition and translate their payloads into the
frozen events below. No platform type ever crosses this line: ids are plain strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from bot.domain.reply import Reply

__all__ = [
    "ActionEvent",
    "Capabilities",
    "ChannelInfo",
    "CommandEvent",
    "DeleteEvent",
    "EditEvent",
    "Event",
    "FileRef",
    "MemberJoinedEvent",
    "MessageEvent",
    "MessageRef",
    "Platform",
    "ReactionEvent",
    "Tenant",
    "UserInfo",
]


@dataclass(frozen=True, slots=True)
class Tenant:
    """One workspace (Slack) or guild (Discord) or console data folder."""

    platform: str
    workspace: str


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What a platform can do, so that services choose a fallback instead of failing."""

    threads: bool = True
    ephemeral: bool = True
    reactions: bool = True
    edits: bool = True
    delete_others: bool = False
    buttons: bool = True
    files: bool = True
    max_message_chars: int = 4000
    #: Whether the platform may deliver one event again (Slack retries, gateway replays):
    #: then de-duplication is shared in the database; otherwise in memory is enough.
    redelivers: bool = True


@dataclass(frozen=True, slots=True)
class MessageRef:
    """Where a message lives on the platform."""

    channel: str | None
    id: str
    thread: str | None = None


@dataclass(frozen=True, slots=True)
class UserInfo:
    id: str
    name: str
    display_name: str = ""
    tz: str | None = None
    is_bot: bool = False


@dataclass(frozen=True, slots=True)
class ChannelInfo:
    id: str
    name: str
    private: bool = False
    member_count: int = 0


@dataclass(frozen=True, slots=True)
class FileRef:
    """A file attached to an incoming message: only its name is ever read."""

    name: str
    mime: str = "application/octet-stream"


@dataclass(frozen=True, slots=True, kw_only=True)
class _EventBase:
    tenant: Tenant
    event_id: str
    user: str
    channel: str | None
    at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MessageEvent(_EventBase):
    """A new message; ``thread`` is the root message id when it is a thread reply."""

    message_id: str
    text: str
    thread: str | None = None
    files: tuple[FileRef, ...] = ()
    is_dm: bool = False
    channel_private: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class EditEvent(_EventBase):
    message_id: str
    text: str
    thread: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteEvent(_EventBase):
    message_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ReactionEvent(_EventBase):
    """A reaction added or removed; ``emoji`` is a Slack-style short name without colons."""

    message_id: str
    emoji: str
    added: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class CommandEvent(_EventBase):
    """A command: ``name`` is the top-level command, ``args`` the raw text after it."""

    name: str
    args: str
    thread: str | None = None
    is_dm: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ActionEvent(_EventBase):
    """A button press on a bot message."""

    message_id: str
    action: str
    value: str = ""
    thread: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberJoinedEvent(_EventBase):
    pass


Event = (
    MessageEvent
    | EditEvent
    | DeleteEvent
    | ReactionEvent
    | CommandEvent
    | ActionEvent
    | MemberJoinedEvent
)


@runtime_checkable
class Platform(Protocol):
    """The calls the core makes on a chat platform. Every call names the workspace."""

    name: str
    capabilities: Capabilities

    async def post(
        self, workspace: str, channel: str, reply: Reply, *, thread: str | None = None
    ) -> MessageRef:
        """Post a public message in a channel, or in a thread of it."""
        ...

    async def ephemeral(
        self, workspace: str, channel: str, user: str, reply: Reply, *, thread: str | None = None
    ) -> MessageRef | None:
        """Show a message to one user only; platforms without it fall back to a DM."""
        ...

    async def dm(self, workspace: str, user: str, reply: Reply) -> MessageRef | None:
        """Send a direct message; None when the user cannot be reached."""
        ...

    async def edit(self, workspace: str, ref: MessageRef, reply: Reply) -> None:
        """Replace the content of a bot message."""
        ...

    async def delete(self, workspace: str, ref: MessageRef) -> bool:
        """Delete a message; False when the platform does not allow it."""
        ...

    async def react(self, workspace: str, ref: MessageRef, emoji: str) -> None:
        """Add the bot's reaction to a message."""
        ...

    async def unreact(self, workspace: str, ref: MessageRef, emoji: str) -> None:
        """Remove the bot's own reaction from a message (a no-op when it is not there)."""
        ...

    async def resolve_user(self, workspace: str, query: str) -> UserInfo | None:
        """Find a user by id, mention or name."""
        ...

    async def resolve_channel(self, workspace: str, query: str) -> ChannelInfo | None:
        """Find a channel by id, mention or name."""
        ...

    async def is_member(self, workspace: str, channel: str, user: str) -> bool:
        """Whether ``user`` is a member of ``channel`` (asked for private channels, whose
        content is never shown to anyone outside them)."""
        ...

    async def permalink(self, workspace: str, ref: MessageRef) -> str | None:
        """A link to a message, where the platform has one."""
        ...

    async def mark_thread(self, workspace: str, ref: MessageRef, state: str) -> None:
        """Show a question thread as ``"open"`` or ``"solved"`` where the platform can (Discord
        forum tags); a no-op elsewhere."""
        ...
