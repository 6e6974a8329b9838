"""Posting through the REST API (outside interactions): to a channel, into a thread (opened on
its root message the first time), as a forum post, or by direct message; every request to a
channel through the :class:`Guard` (paced, permission-aware)."""

from __future__ import annotations

import logging
from functools import partial
from typing import Literal

import discord

from adapters.discord.channels import is_forum
from adapters.discord.convert import send_kwargs
from adapters.discord.forum import Forums
from adapters.discord.limits import ChannelUnusable, Guard
from adapters.discord.link import Link, Lru
from adapters.discord.render import OutMessage

__all__ = ["Delivery"]

log = logging.getLogger(__name__)

#: Discord: "a thread has already been created for this message".
THREAD_EXISTS = 160004
#: Discord: "cannot send messages to this user" (DMs closed or no shared server).
DMS_CLOSED = 50007
#: A day, the usual auto-archive for threads Rounds opens.
ARCHIVE_AFTER: Literal[1440] = 1440


class Delivery:
    def __init__(self, link: Link, guard: Guard, forums: Forums) -> None:
        self.link = link
        self.guard = guard
        self.forums = forums
        self._threads: Lru[str, bool] = Lru(8_192)

    def messageable(self, channel: int, guild: str | None) -> discord.PartialMessageable:
        guild_id = int(guild) if guild and guild.isdigit() else None
        return self.link.client.get_partial_messageable(channel, guild_id=guild_id)

    async def send_all(
        self,
        guild: str | None,
        channel: int,
        messages: list[OutMessage],
        *,
        mark: bool = True,
        reply_to: int | None = None,
    ) -> int:
        """Send the messages in order to one channel (the first as a reply to ``reply_to``);
        returns the first one's id."""
        target = self.messageable(channel, guild)
        data_dir = self.link.core.config.data_dir
        first = 0
        for message in messages:
            kwargs = send_kwargs(message, data_dir)
            if reply_to is not None and not first:
                kwargs["reference"] = target.get_partial_message(reply_to)
                kwargs["mention_author"] = False
            sent = await self.guard.send(
                guild, str(channel), partial(target.send, **kwargs), mark=mark
            )
            first = first or sent.id
        return first

    async def thread(self, guild: str, channel: str, thread: str, title: str) -> int:
        """The Discord channel of the core's thread ``thread`` in ``channel``: the existing
        thread, or one opened now on the root message."""
        if thread in self._threads or is_forum(self.link, channel):
            return int(thread)
        if isinstance(self.link.client.get_channel(int(thread)), discord.Thread):
            self._threads.put(thread, True)
            return int(thread)
        root = self.messageable(int(channel), guild).get_partial_message(int(thread))
        name = self.link.titles.get(thread) or title
        try:
            await self.guard.send(
                guild,
                channel,
                lambda: root.create_thread(name=name, auto_archive_duration=ARCHIVE_AFTER),
                use="threads",
            )
        except discord.HTTPException as exc:
            if exc.code != THREAD_EXISTS:
                raise
        self._threads.put(thread, True)
        return int(thread)

    async def post(
        self, guild: str, channel: str, thread: str | None, messages: list[OutMessage], title: str
    ) -> str:
        """Post in a channel or thread; a top-level post to a forum opens a forum post."""
        if thread is None and is_forum(self.link, channel):
            return await self.send_forum(guild, channel, messages, title)
        if thread is None:
            first = await self.send_all(guild, int(channel), messages)
        else:
            try:
                target = await self.thread(guild, channel, thread, title)
            except ChannelUnusable:
                if not self.guard.usable(channel):
                    raise
                # Rounds may post here but not open threads: the messages reply to the root
                # message instead of being lost.
                target = 0
            if target:
                first = await self.send_all(guild, target, messages)
            else:
                first = await self.send_all(guild, int(channel), messages, reply_to=int(thread))
        self.link.titles.put(str(first), title)
        return str(first)

    async def send_forum(
        self, guild: str, channel: str, messages: list[OutMessage], title: str
    ) -> str:
        post = await self.guard.send(
            guild, channel, lambda: self.forums.open_post(int(channel), title, messages[0])
        )
        self._threads.put(str(post), True)
        if messages[1:]:
            await self.send_all(guild, post, messages[1:])
        return str(post)

    async def dm(self, guild: str, user: str, messages: list[OutMessage]) -> tuple[str, str] | None:
        """Send a direct message; (channel id, first message id), or None when the member
        cannot be reached (DMs closed, no shared server, unknown user)."""
        if not user.isdigit():
            return None
        self.link.dm_home.put(user, guild)
        try:
            channel = await self.link.client.create_dm(discord.Object(int(user)))
            first = await self.send_all(guild, channel.id, messages, mark=False)
        except discord.Forbidden as exc:
            if exc.code != DMS_CLOSED:
                raise
            log.info("direct messages to a member are closed")
            return None
        except discord.NotFound:
            return None
        return str(channel.id), str(first)
