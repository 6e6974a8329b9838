"""The console as an implementation of the core's Platform port."""

from __future__ import annotations

import re
from typing import Any

from adapters.console.render import Sink
from adapters.console.world import BotMessage, World
from bot.domain.reply import Reply, render_text
from bot.platform import Capabilities, ChannelInfo, MessageRef, UserInfo

__all__ = ["ConsolePlatform"]

_NAME = re.compile(r"[a-z0-9_.-]{1,80}")


def _data(reply: Reply) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if reply.actions:
        data["actions"] = [{"id": a.id, "label": a.label} for a in reply.actions]
    if reply.files:
        data["files"] = [{"name": f.name, "path": f.path, "mime": f.mime} for f in reply.files]
    return data


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
    )

    def __init__(self, world: World, sink: Sink) -> None:
        self.world = world
        self.sink = sink
        #: set by the runner while a command line is handled, to link `>N` to its answer
        self.answering: int | None = None

    def _remember(
        self, channel: str | None, thread: str | None, to: str | None, reply: Reply
    ) -> tuple[str, str]:
        internal, shown = self.world.new_bot_id()
        actions = {a.id: a.value for a in reply.actions}
        self.world.bots[internal] = BotMessage(internal, channel, thread, to, actions)
        return internal, shown

    async def post(
        self, workspace: str, channel: str, reply: Reply, *, thread: str | None = None
    ) -> MessageRef:
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
            data=_data(reply),
        )
        return MessageRef(channel, internal, thread)

    async def ephemeral(
        self, workspace: str, channel: str, user: str, reply: Reply, *, thread: str | None = None
    ) -> MessageRef | None:
        internal, shown = self._remember(channel, thread, user, reply)
        self.sink.emit(
            "ephemeral",
            id=shown,
            channel=channel,
            thread=self.world.shown(thread),
            to=user,
            text=render_text(reply),
            data=_data(reply),
        )
        return MessageRef(channel, internal, thread)

    async def dm(self, workspace: str, user: str, reply: Reply) -> MessageRef | None:
        internal, shown = self._remember(None, None, user, reply)
        self.sink.emit("dm", id=shown, to=user, text=render_text(reply), data=_data(reply))
        return MessageRef(None, internal, None)

    async def edit(self, workspace: str, ref: MessageRef, reply: Reply) -> None:
        bot = self.world.bots.get(ref.id)
        if bot is not None:
            bot.actions = {a.id: a.value for a in reply.actions}
        self.sink.emit(
            "edit",
            id=self.world.shown(ref.id),
            channel=ref.channel,
            thread=self.world.shown(ref.thread),
            to=bot.to if bot else None,
            text=render_text(reply),
            data=_data(reply),
        )

    async def delete(self, workspace: str, ref: MessageRef) -> bool:
        self.world.bots.pop(ref.id, None)
        self.sink.emit(
            "delete",
            id=self.world.shown(ref.id),
            channel=ref.channel,
            thread=self.world.shown(ref.thread),
        )
        return True

    async def react(self, workspace: str, ref: MessageRef, emoji: str) -> None:
        self.sink.emit(
            "reaction",
            channel=ref.channel,
            thread=self.world.shown(ref.thread),
            text=emoji,
            data={"target": self.world.shown(ref.id), "removed": False},
        )

    async def resolve_user(self, workspace: str, query: str) -> UserInfo | None:
        name = query.lstrip("@").lower()
        if not _NAME.fullmatch(name):
            return None
        return UserInfo(id=name, name=name)

    async def resolve_channel(self, workspace: str, query: str) -> ChannelInfo | None:
        name = query.lstrip("#")
        chan = self.world.channels.get(name)
        if chan is None:
            return ChannelInfo(id=name, name=name) if _NAME.fullmatch(name.lower()) else None
        return ChannelInfo(
            id=name, name=name, private=chan.private, member_count=self.world.member_count(name)
        )

    async def permalink(self, workspace: str, ref: MessageRef) -> str | None:
        shown = self.world.shown(ref.id)
        return f"console://#{ref.channel}/{shown}" if ref.channel else None

    async def mark_thread(self, workspace: str, ref: MessageRef, state: str) -> None:
        """The console has no thread states: the bot's own messages say it."""
