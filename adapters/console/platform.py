"""The console as an implementation of the core's Platform port."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from adapters.console.render import Sink
from adapters.console.world import BotMessage, World
from bot.domain.reply import Reply, render_text
from bot.platform import Capabilities, ChannelInfo, MessageRef, UserInfo

__all__ = ["ConsolePlatform"]

_NAME = re.compile(r"[a-z0-9_.-]{1,80}")


class ConsolePlatform:
    name = "console"
    capabilities = Capabilities(
        threads=True,
        ephemeral=True,
        reactions=True,
        edits=True,
        delete_others=True,
        buttons=True,
        files=True,
        max_message_chars=40000,
        redelivers=False,
    )

    def __init__(self, world: World, sink: Sink, data_dir: Path) -> None:
        self.world = world
        self.sink = sink
        self.data_dir = data_dir
        #: set by the runner while a command line is handled, to link `>N` to its answer
        self.answering: int | None = None

    def _data(self, reply: Reply) -> dict[str, Any]:
        """``data`` of a bot message: its buttons, and its uploads as absolute paths. An upload
        must be an existing file under the data folder (as a real upload reads it)."""
        data: dict[str, Any] = {}
        if reply.actions:
            data["actions"] = [{"id": a.id, "label": a.label} for a in reply.actions]
        if reply.files:
            root = self.data_dir.resolve()
            files = []
            for upload in reply.files:
                path = Path(upload.path)
                path = (path if path.is_absolute() else root / path).resolve()
                if not path.is_relative_to(root) or not path.is_file():
                    raise ValueError("an upload is not a file under the data folder")
                files.append({"name": upload.name, "path": str(path), "mime": upload.mime})
            data["files"] = files
        return data

    def _remember(
        self, channel: str | None, thread: str | None, to: str | None, reply: Reply
    ) -> tuple[str, str]:
        internal, shown = self.world.new_bot_id()
        actions = {a.id: a.value for a in reply.actions}
        self.world.bots[internal] = BotMessage(internal, channel, thread, to, actions)
        return internal, shown

    def _where(self, ref: MessageRef) -> tuple[str | None, str | None, str | None]:
        """(channel, thread, to) of a message the bot acts on, from what the console knows
        (callers may hand in a ref without its thread)."""
        bot = self.world.bots.get(ref.id)
        if bot is not None:
            return bot.channel, bot.thread, bot.to
        msg = self.world.message_by_id(ref.id)
        if msg is not None:
            return msg.channel, msg.thread, None
        return ref.channel, ref.thread, None

    async def post(
        self, workspace: str, channel: str, reply: Reply, *, thread: str | None = None
    ) -> MessageRef:
        """Print a channel message (or thread reply) and give it the next bot id."""
        data = self._data(reply)
        internal, shown = self._remember(channel, thread, None, reply)
        if thread is None and self.answering is not None:
            msg = self.world.messages.get(self.answering)
            if msg is not None and msg.answer is None and msg.channel == channel:
                msg.answer = internal
        self.sink.emit(
            "message",
            id=shown,
            channel=channel,
            thread=self.world.shown(thread),
            text=render_text(reply),
            data=data,
        )
        return MessageRef(channel, internal, thread)

    async def ephemeral(
        self, workspace: str, channel: str, user: str, reply: Reply, *, thread: str | None = None
    ) -> MessageRef | None:
        """Print a message only ``user`` sees in the channel."""
        data = self._data(reply)
        internal, shown = self._remember(channel, thread, user, reply)
        self.sink.emit(
            "ephemeral",
            id=shown,
            channel=channel,
            thread=self.world.shown(thread),
            to=user,
            text=render_text(reply),
            data=data,
        )
        return MessageRef(channel, internal, thread)

    async def dm(self, workspace: str, user: str, reply: Reply) -> MessageRef | None:
        """Print a direct message to ``user``."""
        data = self._data(reply)
        internal, shown = self._remember(None, None, user, reply)
        self.sink.emit("dm", id=shown, to=user, text=render_text(reply), data=data)
        return MessageRef(None, internal, None)

    async def edit(self, workspace: str, ref: MessageRef, reply: Reply) -> None:
        """Print the new content of a bot message (its buttons are replaced too)."""
        data = self._data(reply)
        channel, thread, to = self._where(ref)
        bot = self.world.bots.get(ref.id)
        if bot is not None:
            bot.actions = {a.id: a.value for a in reply.actions}
        self.sink.emit(
            "edit",
            id=self.world.shown(ref.id),
            channel=channel,
            thread=self.world.shown(thread),
            to=to,
            text=render_text(reply),
            data=data,
        )

    async def delete(self, workspace: str, ref: MessageRef) -> bool:
        """Delete a bot message or a user's message (the console allows both)."""
        channel, thread, to = self._where(ref)
        self.world.bots.pop(ref.id, None)
        msg = self.world.message_by_id(ref.id)
        if msg is not None:
            msg.deleted = True
        self.sink.emit(
            "delete",
            id=self.world.shown(ref.id),
            channel=channel,
            thread=self.world.shown(thread),
            to=to,
        )
        return True

    async def react(self, workspace: str, ref: MessageRef, emoji: str) -> None:
        """The bot's reaction; printed once, however often it is added."""
        key = (ref.id, emoji)
        if key in self.world.bot_reactions:
            return  # already there: nothing changes, nothing to show
        self.world.bot_reactions.add(key)
        self._reaction(ref, emoji, removed=False)

    async def unreact(self, workspace: str, ref: MessageRef, emoji: str) -> None:
        """Take the bot's reaction back (printed with ``removed: true``)."""
        key = (ref.id, emoji)
        if key not in self.world.bot_reactions:
            return
        self.world.bot_reactions.discard(key)
        self._reaction(ref, emoji, removed=True)

    def _reaction(self, ref: MessageRef, emoji: str, *, removed: bool) -> None:
        channel, thread, _to = self._where(ref)
        self.sink.emit(
            "reaction",
            channel=channel,
            thread=self.world.shown(thread),
            text=emoji,
            data={"target": self.world.shown(ref.id), "removed": removed},
        )

    async def resolve_user(self, workspace: str, query: str) -> UserInfo | None:
        """Any valid user name is a console user."""
        name = query.lstrip("@").lower()
        if not _NAME.fullmatch(name):
            return None
        return UserInfo(id=name, name=name)

    async def resolve_channel(self, workspace: str, query: str) -> ChannelInfo | None:
        """A known channel, or a new public one for a valid name."""
        name = query.lstrip("#")
        chan = self.world.channels.get(name)
        if chan is None:
            return ChannelInfo(id=name, name=name) if _NAME.fullmatch(name.lower()) else None
        return ChannelInfo(
            id=name, name=name, private=chan.private, member_count=self.world.member_count(name)
        )

    async def is_member(self, workspace: str, channel: str, user: str) -> bool:
        """Whether ``user`` is in the channel's member list."""
        chan = self.world.channels.get(channel.lstrip("#"))
        return chan is not None and user in chan.members

    async def permalink(self, workspace: str, ref: MessageRef) -> str | None:
        """A ``console://`` link to a channel message."""
        shown = self.world.shown(ref.id)
        return f"console://#{ref.channel}/{shown}" if ref.channel else None

    async def mark_thread(self, workspace: str, ref: MessageRef, state: str) -> None:
        """The console has no thread states: the bot's own messages say it."""
