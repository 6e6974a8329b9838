"""Plays script lines (and typed lines) against the core, one line fully before the next."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, TextIO

from adapters.console.platform import ConsolePlatform
from adapters.console.render import Sink
from adapters.console.script import (
    Advance,
    Click,
    Delete,
    Edit,
    Join,
    Mark,
    Now,
    Poll,
    Post,
    Private,
    React,
    Role,
    ScriptLine,
    Verify,
    parse_line,
)
from adapters.console.world import World
from bot.app import Core
from bot.clock import ManualClock
from bot.commands.parse import split_command
from bot.commands.permissions import valid_role
from bot.platform import (
    ActionEvent,
    CommandEvent,
    DeleteEvent,
    EditEvent,
    Event,
    FileRef,
    MessageEvent,
    ReactionEvent,
    Tenant,
)
from bot.services.admin.capability import grant_role
from bot.storage.repos import MemberRepo

__all__ = ["Console", "ScriptError"]

_IMAGE = (".png", ".jpg", ".jpeg", ".gif", ".webp")


class ScriptError(Exception):
    """A line that cannot be parsed or names something that does not exist."""


def _mime(name: str) -> str:
    low = name.lower()
    if low.endswith(".png"):
        return "image/png"
    if low.endswith((".jpg", ".jpeg")):
        return "image/jpeg"
    if low.endswith(_IMAGE):
        return "image/" + low.rsplit(".", 1)[1]
    if low.endswith(".pdf"):
        return "application/pdf"
    return "application/octet-stream"


@dataclass
class _Counter:
    n: int = 0

    def next(self) -> int:
        """The next number, from 1."""
        self.n += 1
        return self.n


class Console:
    """The console platform bound to a core. ``play`` acts on one line and waits until every
    effect of it is out; the clock is manual (``! now``, ``! advance``)."""

    def __init__(self, core: Core, *, out: TextIO | None = None, as_json: bool = False) -> None:
        assert isinstance(core.clock, ManualClock), "the console drives a manual clock"
        self.core = core
        self.clock: ManualClock = core.clock
        self.world = World(core.config.data_dir / "console.json")
        self.sink = Sink(out, as_json=as_json)
        self.platform = ConsolePlatform(self.world, self.sink, core.config.data_dir)
        core.attach(self.platform)
        self.tenant = Tenant("console", core.config.console.workspace)
        self._events = _Counter()

    async def _tenant_id(self) -> int:
        return await self.core.tenant_id(self.tenant)

    def _event_id(self) -> str:
        return f"{self.world.run}:{self._events.next()}"

    async def catch_up(self) -> None:
        """Run what is due at the current time (work due while the bot was down, at start)
        and wait for every effect of it."""
        await self.core.scheduler.run_due_if_any()
        await self.core.idle()

    async def play(self, line: str) -> None:
        """Act on one script line and wait until every effect of it is out (jobs it made due
        included); raise ScriptError for a bad one."""
        try:
            parsed = parse_line(line)
        except ValueError as exc:
            raise ScriptError(str(exc)) from None
        if parsed is None:
            return
        # Free unless something is due: the scheduler caches its next due time.
        await self.catch_up()
        await self.act(parsed)
        await self.core.idle()
        await self.catch_up()

    async def act(self, item: ScriptLine) -> None:
        """Carry out one parsed line (the core's effects may still be running)."""
        if isinstance(item, Post):
            await self._post(item)
        elif isinstance(item, React):
            await self._react(item)
        elif isinstance(item, Click):
            await self._click(item)
        elif isinstance(item, Edit | Delete):
            await self._edit_or_delete(item)
        elif isinstance(item, Now):
            self.clock.set(item.when)
        elif isinstance(item, Advance):
            await self.core.scheduler.advance_to(self.clock.now() + item.by)
        elif isinstance(item, Role):
            if not valid_role(item.role):
                raise ScriptError(f"unknown role {item.role}")
            self.world.user(item.user)
            await grant_role(self.core, await self._tenant_id(), item.user, item.role, "console")
        elif isinstance(item, Verify):
            await self._verify(item.user)
        elif isinstance(item, Private):
            self.world.set_private(item.channel, item.users)
        elif isinstance(item, Join):
            self.world.join(item.channel, item.users)
        elif isinstance(item, Poll):
            for poll in self.core.hooks.on_poll:
                await poll()
        elif isinstance(item, Mark):
            await self.core.idle()
            self.sink.emit("mark", text=item.name)

    async def _verify(self, user: str) -> None:
        self.world.user(user)
        tenant_id = await self._tenant_id()
        async with self.core.db.session() as s:
            repo = MemberRepo(s, tenant_id)
            member = await repo.ensure(user, user, self.clock.now())
            await repo.update_profile(member.id, verified=True)
        self.core.dispatcher.forget_member(tenant_id, user)
        await self.core.audit(tenant_id, "console", "member.verify", member.pseudonym)

    def _thread_root(self, channel: str | None, ref: str) -> str:
        """The internal id of the thread a reply to ``3`` / ``b2`` lands in."""
        if ref.startswith("b"):
            bot = self.world.bot(ref)
            if bot is None:
                raise ScriptError(f"no bot message {ref}")
            if bot.channel != channel:
                raise ScriptError(f"bot message {ref} is not in #{channel}")
            return bot.thread or bot.id
        msg = self.world.message(int(ref))
        if msg is None:
            raise ScriptError(f"no message {ref}")
        if msg.channel != channel:
            raise ScriptError(f"message {ref} is not in #{channel}")
        if msg.is_command and msg.answer is not None:
            # A command leaves no message of its own: its thread is the bot's public answer.
            return msg.answer
        return msg.thread or msg.id

    async def _post(self, item: Post) -> None:
        self.world.user(item.user)
        channel = item.channel
        private = False
        if channel is not None:
            chan = self.world.channel(channel)
            private = chan.private
            if not chan.private:
                chan.members.add(item.user)
        thread = self._thread_root(channel, item.reply_to) if item.reply_to else None
        command = split_command(item.text) if item.file is None else None
        msg = self.world.new_user_message(item.user, channel, thread, command is not None)
        base: dict[str, Any] = {
            "tenant": self.tenant,
            "event_id": self._event_id(),
            "user": item.user,
            "channel": channel,
            "at": self.clock.now(),
        }
        event: Event
        if command is not None:
            event = CommandEvent(
                **base, name=command[0], args=command[1], thread=thread, is_dm=channel is None
            )
            self.platform.answering = msg.number
            try:
                await self.core.dispatch(event)
            finally:
                self.platform.answering = None
            return
        files = (FileRef(item.file, _mime(item.file)),) if item.file else ()
        event = MessageEvent(
            **base,
            message_id=msg.id,
            text=item.text,
            thread=thread,
            files=files,
            is_dm=channel is None,
            channel_private=private,
        )
        await self.core.dispatch(event)

    def _target(self, channel: str, ref: str) -> tuple[str, str | None]:
        """(internal id, thread) of a reaction target in ``channel``."""
        if ref.startswith("b"):
            bot = self.world.bot(ref)
            if bot is None:
                raise ScriptError(f"no bot message {ref}")
            if bot.channel != channel:
                raise ScriptError(f"bot message {ref} is not in #{channel}")
            return bot.id, bot.thread
        msg = self.world.message(int(ref))
        if msg is None:
            raise ScriptError(f"no message {ref}")
        if msg.is_command:
            raise ScriptError(f"message {ref} is a command: it left no message to react to")
        if msg.channel != channel:
            raise ScriptError(f"message {ref} is not in #{channel}")
        return msg.id, msg.thread

    async def _react(self, item: React) -> None:
        self.world.user(item.user)
        message_id, _thread = self._target(item.channel, item.target)
        await self.core.dispatch(
            ReactionEvent(
                tenant=self.tenant,
                event_id=self._event_id(),
                user=item.user,
                channel=item.channel,
                at=self.clock.now(),
                message_id=message_id,
                emoji=item.emoji.strip(":"),
                added=item.added,
            )
        )

    async def _click(self, item: Click) -> None:
        self.world.user(item.user)
        bot = self.world.bot(item.target)
        if bot is None:
            raise ScriptError(f"no bot message {item.target}")
        if item.action not in bot.actions:
            raise ScriptError(f"bot message {item.target} has no button {item.action}")
        if bot.to is not None and bot.to != item.user:
            raise ScriptError(f"bot message {item.target} is only visible to @{bot.to}")
        await self.core.dispatch(
            ActionEvent(
                tenant=self.tenant,
                event_id=self._event_id(),
                user=item.user,
                channel=bot.channel,
                at=self.clock.now(),
                message_id=bot.id,
                action=item.action,
                value=bot.actions[item.action],
                thread=bot.thread,
            )
        )

    async def _edit_or_delete(self, item: Edit | Delete) -> None:
        msg = self.world.message(item.number)
        if msg is None:
            raise ScriptError(f"no message {item.number}")
        if msg.is_command:
            raise ScriptError(f"message {item.number} is a command: it left no message")
        if msg.user != item.user:
            raise ScriptError(f"message {item.number} is not @{item.user}'s")
        base: dict[str, Any] = {
            "tenant": self.tenant,
            "event_id": self._event_id(),
            "user": item.user,
            "channel": msg.channel,
            "at": self.clock.now(),
            "message_id": msg.id,
        }
        if isinstance(item, Edit):
            await self.core.dispatch(EditEvent(**base, text=item.text, thread=msg.thread))
        else:
            msg.deleted = True  # gone from the platform whatever the core does with it
            await self.core.dispatch(DeleteEvent(**base))

    async def run_script(self, lines: AsyncIterator[str], err: TextIO | None = None) -> int:
        """Play lines until the end; on a bad line report ``line L: reason`` and return 2."""
        number = 0
        await self.catch_up()
        async for line in lines:
            number += 1
            try:
                await self.play(line)
            except ScriptError as exc:
                await self.core.idle()
                sys.stdout.flush()
                (err or sys.stderr).write(f"line {number}: {exc}\n")
                (err or sys.stderr).flush()
                return 2
        await self.core.idle()
        return 0

    async def run_interactive(
        self, lines: AsyncIterator[str], user: str, channel: str, prompt: bool
    ) -> int:
        """Typed lines are messages of ``user`` in ``channel``; script lines work too."""
        self.world.user(user)
        await self._first_user_is_admin(user)
        await self.catch_up()
        if prompt:
            self._prompt(user, channel)
        async for raw in lines:
            line = raw.rstrip("\r\n")
            if line.strip():
                scripted = line.startswith(("@", "!"))
                try:
                    await self.play(line if scripted else f"@{user} #{channel}: {line}")
                except ScriptError as exc:
                    sys.stderr.write(f"{exc}\n")
            if prompt:
                self._prompt(user, channel)
        await self.core.idle()
        return 0

    @staticmethod
    def _prompt(user: str, channel: str) -> None:
        sys.stdout.write(f"{user} #{channel}> ")
        sys.stdout.flush()

    async def _first_user_is_admin(self, user: str) -> None:
        tenant_id = await self._tenant_id()
        async with self.core.db.session() as s:
            fresh = await MemberRepo(s, tenant_id).count() == 0
        if fresh:
            await grant_role(self.core, tenant_id, user, "admin", "console")


async def stdin_lines(stream: TextIO) -> AsyncIterator[str]:
    """Lines of a text stream as they arrive, read off the event loop."""
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, stream.readline)
        if not line:
            return
        yield line
