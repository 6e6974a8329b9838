"""The console's platform state: channels and their members (kept in the data folder, like a
real platform keeps them), and the messages of this run by number."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["BotMessage", "Channel", "UserMessage", "World"]


@dataclass
class Channel:
    name: str
    private: bool = False
    members: set[str] = field(default_factory=set)


@dataclass
class UserMessage:
    number: int
    id: str
    user: str
    channel: str | None
    thread: str | None  # internal id of the thread root
    is_command: bool = False
    answer: str | None = None  # first public bot post answering a command
    deleted: bool = False


@dataclass
class BotMessage:
    id: str
    channel: str | None
    thread: str | None
    to: str | None
    actions: dict[str, str] = field(default_factory=dict)  # action id → value


class World:
    """Ids are internal (``<run>.<n>`` and ``<run>.b<n>``) so that runs on the same data
    never collide; what is shown is the bare ``n`` / ``bn`` of this run."""

    def __init__(self, state_file: Path | None) -> None:
        self.run = secrets.token_hex(3)
        self.state_file = state_file
        self.channels: dict[str, Channel] = {}
        self.users: set[str] = set()
        self.messages: dict[int, UserMessage] = {}
        self.bots: dict[str, BotMessage] = {}  # by internal id
        self._by_id: dict[str, UserMessage] = {}  # user messages by internal id
        #: (internal message id, emoji) the bot has reacted with
        self.bot_reactions: set[tuple[str, str]] = set()
        self._next_user = 0
        self._next_bot = 0
        self._load()

    def _load(self) -> None:
        if self.state_file is None or not self.state_file.exists():
            return
        data = json.loads(self.state_file.read_text("utf-8"))
        for raw in data.get("channels", []):
            self.channels[raw["name"]] = Channel(raw["name"], raw["private"], set(raw["members"]))
        self.users.update(data.get("users", []))

    def save(self) -> None:
        """Write channels and users to the data folder (atomically)."""
        if self.state_file is None:
            return
        data = {
            "channels": [
                {"name": c.name, "private": c.private, "members": sorted(c.members)}
                for c in self.channels.values()
            ],
            "users": sorted(self.users),
        }
        self.state_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=1), "utf-8")
        tmp.replace(self.state_file)

    def user(self, name: str) -> None:
        """A user comes into being when first named."""
        if name not in self.users:
            self.users.add(name)
            self.save()

    def channel(self, name: str) -> Channel:
        """A channel, created (public) when first named."""
        found = self.channels.get(name)
        if found is None:
            found = self.channels[name] = Channel(name)
            self.save()
        return found

    def set_private(self, name: str, users: tuple[str, ...]) -> None:
        """Make a channel private, with these members."""
        chan = self.channel(name)
        chan.private = True
        chan.members.update(users)
        self.users.update(users)
        self.save()

    def join(self, name: str, users: tuple[str, ...]) -> None:
        """Add members to a channel."""
        self.channel(name).members.update(users)
        self.users.update(users)
        self.save()

    def new_user_message(
        self, user: str, channel: str | None, thread: str | None, is_command: bool
    ) -> UserMessage:
        """Give a user message the next number of this run."""
        self._next_user += 1
        msg = UserMessage(
            self._next_user, f"{self.run}.{self._next_user}", user, channel, thread, is_command
        )
        self.messages[msg.number] = msg
        self._by_id[msg.id] = msg
        return msg

    def message(self, number: int) -> UserMessage | None:
        """User message ``number`` of this run, unless it was deleted."""
        msg = self.messages.get(number)
        return None if msg is None or msg.deleted else msg

    def message_by_id(self, internal: str) -> UserMessage | None:
        """A user message of this run by internal id (deleted ones too)."""
        return self._by_id.get(internal)

    def new_bot_id(self) -> tuple[str, str]:
        """(internal id, shown id)."""
        self._next_bot += 1
        return f"{self.run}.b{self._next_bot}", f"b{self._next_bot}"

    def shown(self, internal: str | None) -> str | None:
        """The id to print: bare within this run, the internal id for an older run's message."""
        if internal is None:
            return None
        prefix = f"{self.run}."
        return internal[len(prefix) :] if internal.startswith(prefix) else internal

    def internal(self, ref: str) -> str:
        """The internal id of ``3`` or ``b2`` of this run."""
        return f"{self.run}.{ref}"

    def bot(self, ref: str) -> BotMessage | None:
        """Bot message ``bN`` of this run, unless it was deleted."""
        return self.bots.get(self.internal(ref))

    def member_count(self, channel: str) -> int:
        """Members of a channel (everyone, for a channel nobody joined)."""
        chan = self.channels.get(channel)
        if chan is None:
            return 0
        return len(chan.members) if chan.members else len(self.users)
