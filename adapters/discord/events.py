"""Gateway events as the core's events: messages, edits and deletes (raw events, so that
messages from before the start count), reactions (raw, also on uncached messages).

Events of one guild are handed to the core one at a time, in the order they arrived, so that
an answer is never handled before the question it replies to. Interactions are not queued
here: they must be answered within 3 seconds (see :mod:`interactions`).
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import discord

from adapters.discord.channels import where
from adapters.discord.emoji import to_short_name
from adapters.discord.link import Link, tenant_of
from bot.commands.parse import split_command
from bot.platform import (
    CommandEvent,
    DeleteEvent,
    EditEvent,
    Event,
    FileRef,
    MessageEvent,
    ReactionEvent,
    Tenant,
)
from bot.storage.repos import MemberRepo, MessageRepo

__all__ = ["Inbound"]

log = logging.getLogger(__name__)

#: Message types that people write (the rest are system notices: joins, pins, threads…).
_WRITTEN = (discord.MessageType.default, discord.MessageType.reply)


class Inbound:
    def __init__(self, link: Link) -> None:
        self.link = link
        self._order: dict[str, asyncio.Lock] = {}

    async def _in_order(self, key: str, work: Callable[[], Awaitable[Event | None]]) -> None:
        """Build and dispatch one event after the guild's previous one is through."""
        lock = self._order.setdefault(key, asyncio.Lock())
        async with lock:
            event = await work()
            if event is not None:
                await self.link.core.dispatch(event)

    def _tenant_for(self, guild_id: int | None, user: str) -> Tenant | None:
        """The guild of an event; for a direct message, the guild that last had business with
        the member, else the only guild Rounds is in."""
        if guild_id is not None:
            self.link.dm_home.put(user, str(guild_id))
            return tenant_of(guild_id)
        home = self.link.dm_home.get(user)
        if home is not None:
            return tenant_of(home)
        guilds = self.link.client.guilds
        if len(guilds) == 1:
            return tenant_of(guilds[0].id)
        return None

    async def message(self, message: discord.Message) -> None:
        if message.author.bot or message.type not in _WRITTEN:
            return
        guild_id = message.guild.id if message.guild else None
        await self._in_order(str(guild_id), lambda: self._message_event(message))

    async def _message_event(self, message: discord.Message) -> Event | None:
        user = str(message.author.id)
        tenant = self._tenant_for(message.guild.id if message.guild else None, user)
        text = message.content
        files = tuple(
            FileRef(a.filename, a.content_type or "application/octet-stream")
            for a in message.attachments
        )
        if tenant is None or (not text.strip() and not files):
            # Without the Message Content intent, others' messages arrive empty: nothing to
            # store or route, and an empty copy must not overwrite anything.
            return None
        self.link.remember(message.author)
        place = await where(self.link, message.channel.id, message.channel)
        thread = place.thread
        message_id = str(message.id)
        if thread == message_id:
            thread = None  # a forum post's first message is the post itself
        command = split_command(text) if not files else None
        if command is not None and command[0] in self.link.core.registry.names():
            # A command sent as plain text (the console's way) works here too.
            return CommandEvent(
                tenant=tenant,
                event_id=message_id,
                user=user,
                channel=place.channel,
                at=message.created_at,
                name=command[0],
                args=command[1],
                thread=thread,
                is_dm=place.is_dm,
            )
        return MessageEvent(
            tenant=tenant,
            event_id=message_id,
            user=user,
            channel=place.channel,
            at=message.created_at,
            message_id=message_id,
            text=text,
            thread=thread,
            files=files,
            is_dm=place.is_dm,
            channel_private=place.private,
        )

    async def edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        message = payload.message
        if message.author.bot or message.edited_at is None or "content" not in payload.data:
            # Link previews and embeds update messages too, without an edit by the author.
            return
        await self._in_order(str(payload.guild_id), lambda: self._edit_event(message))

    async def _edit_event(self, message: discord.Message) -> Event | None:
        user = str(message.author.id)
        tenant = self._tenant_for(message.guild.id if message.guild else None, user)
        if tenant is None or not message.content.strip():
            return None
        place = await where(self.link, message.channel.id, message.channel)
        edited = message.edited_at or datetime.now(UTC)
        thread = None if place.thread == str(message.id) else place.thread
        return EditEvent(
            tenant=tenant,
            event_id=f"{message.id}:edit:{edited.isoformat()}",
            user=user,
            channel=place.channel,
            at=edited,
            message_id=str(message.id),
            text=message.content,
            thread=thread,
        )

    async def delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        await self._in_order(str(payload.guild_id), lambda: self._delete_event(payload))

    async def _delete_event(self, payload: discord.RawMessageDeleteEvent) -> Event | None:
        if payload.guild_id is None:
            return None
        tenant = tenant_of(payload.guild_id)
        message_id = str(payload.message_id)
        author = await self._author(tenant, payload)
        if author is None:
            return None  # not a message Rounds keeps a copy of
        place = await where(self.link, payload.channel_id)
        return DeleteEvent(
            tenant=tenant,
            event_id=f"{message_id}:delete",
            user=author,
            channel=place.channel,
            message_id=message_id,
        )

    async def _author(self, tenant: Tenant, payload: discord.RawMessageDeleteEvent) -> str | None:
        """Who wrote a deleted message: from the cache, else from Rounds' own copy (a delete
        event names no author, and the message is gone from Discord)."""
        cached = payload.cached_message
        if cached is not None:
            return None if cached.author.bot else str(cached.author.id)
        core = self.link.core
        tenant_id = await core.tenant_id(tenant)
        await core.copies.flush()
        async with core.db.session() as s:
            copy = await MessageRepo(s, tenant_id).find(str(payload.message_id))
            if copy is None or copy.author_id is None:
                return None
            member = await MemberRepo(s, tenant_id).by_id(copy.author_id)
        return member.user_id if member is not None else None

    async def reaction(self, payload: discord.RawReactionActionEvent) -> None:
        me = self.link.client.user
        if me is not None and payload.user_id == me.id:
            return
        await self._in_order(str(payload.guild_id), lambda: self._reaction_event(payload))

    async def _reaction_event(self, payload: discord.RawReactionActionEvent) -> Event | None:
        user = str(payload.user_id)
        tenant = self._tenant_for(payload.guild_id, user)
        if tenant is None:
            return None
        place = await where(self.link, payload.channel_id)
        emoji = payload.emoji
        name = to_short_name(emoji.name if emoji.is_custom_emoji() else str(emoji))
        added = payload.event_type == "REACTION_ADD"
        return ReactionEvent(
            tenant=tenant,
            # Reactions carry no id of their own, and the same one may come and go again.
            event_id=f"{payload.message_id}:react:{uuid.uuid4().hex}",
            user=user,
            channel=place.channel,
            message_id=str(payload.message_id),
            emoji=name,
            added=added,
        )
