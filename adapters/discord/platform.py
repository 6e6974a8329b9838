"""Discord as an implementation of the core's Platform port.

Inside an interaction the core's replies answer it (see :mod:`session`); elsewhere they go
through the REST API (see :mod:`delivery`). ``workspace`` is always the guild id.
"""

from __future__ import annotations

import logging

import discord

from adapters.discord import session as sessions
from adapters.discord.buttons import custom_id
from adapters.discord.channels import is_forum, locate
from adapters.discord.convert import edit_kwargs
from adapters.discord.delivery import Delivery
from adapters.discord.directory import Directory
from adapters.discord.emoji import to_discord
from adapters.discord.forum import Forums
from adapters.discord.limits import Guard
from adapters.discord.link import Link
from adapters.discord.render import CONTENT_MAX, OutMessage, render, title_line
from bot.domain.reply import Reply
from bot.platform import Capabilities, ChannelInfo, MessageRef, UserInfo

__all__ = ["DiscordPlatform"]

log = logging.getLogger(__name__)

_DMS_CLOSED_NOTICE = (
    "<@{user}> Rounds has a private notice for you but cannot send you direct messages. "
    "Allow direct messages from server members (Privacy Settings) to receive such notices."
)


class DiscordPlatform:
    name = "discord"
    capabilities = Capabilities(
        threads=True,
        ephemeral=True,  # inside interactions; elsewhere a DM (see ephemeral)
        reactions=True,
        edits=True,
        delete_others=True,  # with Manage Messages; delete() says False without it
        buttons=True,
        files=True,
        max_message_chars=CONTENT_MAX,
    )

    def __init__(self, link: Link, guard: Guard) -> None:
        self.link = link
        self.guard = guard
        self.forums = Forums(link)
        self.delivery = Delivery(link, guard, self.forums)
        self.directory = Directory(link)

    def render(self, workspace: str, reply: Reply) -> list[OutMessage]:
        return render(reply, lambda action: custom_id(self.link, workspace, action))

    async def post(
        self, workspace: str, channel: str, reply: Reply, *, thread: str | None = None
    ) -> MessageRef:
        messages = self.render(workspace, reply)
        session = sessions.current()
        if session is not None and session.takes_post(channel, thread):
            first = await session.send(messages, ephemeral=False)
            self.link.titles.put(first, title_line(reply))
            return session.ref(first)
        first = await self.delivery.post(workspace, channel, thread, messages, title_line(reply))
        return MessageRef(channel, first, thread)

    async def ephemeral(
        self, workspace: str, channel: str, user: str, reply: Reply, *, thread: str | None = None
    ) -> MessageRef | None:
        session = sessions.current()
        if session is not None and session.takes_private(channel, user):
            first = await session.send(self.render(workspace, reply), ephemeral=True)
            return session.ref(first)
        # Discord has ephemeral messages only as answers to interactions: a direct message
        # instead, and when DMs are closed a public nudge that carries none of the content.
        ref = await self.dm(workspace, user, reply)
        if ref is None:
            notice = Reply.of(_DMS_CLOSED_NOTICE.format(user=user))
            await self.post(workspace, channel, notice, thread=thread)
        return ref

    async def dm(self, workspace: str, user: str, reply: Reply) -> MessageRef | None:
        session = sessions.current()
        if session is not None and session.channel is None and session.takes_private(None, user):
            first = await session.send(self.render(workspace, reply), ephemeral=False)
            return MessageRef(None, first, None)
        sent = await self.delivery.dm(workspace, user, self.render(workspace, reply))
        if sent is None:
            return None
        channel, first = sent
        return MessageRef(channel, first, None)

    async def edit(self, workspace: str, ref: MessageRef, reply: Reply) -> None:
        message = self.render(workspace, reply)[0]
        session = sessions.current()
        if session is not None and session.owns(ref.id) and await session.edit(ref.id, message):
            return
        target = locate(self.link, ref)
        partial = self.delivery.messageable(target, workspace).get_partial_message(int(ref.id))
        await self.guard.send(workspace, str(target), lambda: partial.edit(**edit_kwargs(message)))

    async def delete(self, workspace: str, ref: MessageRef) -> bool:
        session = sessions.current()
        try:
            if session is not None and ref.id in session.ephemeral_ids:
                await session.delete(ref.id)
                return True
            partial = self._partial(workspace, ref)
            if partial is None:
                return False
            await partial.delete()
        except discord.NotFound:
            return True  # already gone
        except discord.Forbidden:
            return False  # someone else's message, without Manage Messages
        return True

    def _partial(self, workspace: str, ref: MessageRef) -> discord.PartialMessage | None:
        """The message ``ref`` names, or None for a direct message known without its channel
        (a member's DM to Rounds, which the core files without one)."""
        try:
            target = locate(self.link, ref)
        except LookupError:
            return None
        return self.delivery.messageable(target, workspace).get_partial_message(int(ref.id))

    async def react(self, workspace: str, ref: MessageRef, emoji: str) -> None:
        partial = self._partial(workspace, ref)
        if partial is None:
            return
        try:
            await partial.add_reaction(to_discord(emoji))
        except discord.HTTPException as exc:
            # A reaction is decoration: lacking Add Reactions must not fail the work around it.
            log.warning("reaction not added in %s: %s", partial.channel.id, exc.status)

    async def unreact(self, workspace: str, ref: MessageRef, emoji: str) -> None:
        me = self.link.client.user
        partial = self._partial(workspace, ref)
        if partial is None or me is None:
            return
        try:
            await partial.remove_reaction(to_discord(emoji), me)
        except discord.NotFound:
            return  # not there (or the message is gone): nothing to remove
        except discord.HTTPException as exc:
            log.warning("reaction not removed in %s: %s", partial.channel.id, exc.status)

    async def resolve_user(self, workspace: str, query: str) -> UserInfo | None:
        return await self.directory.resolve_user(workspace, query)

    async def resolve_channel(self, workspace: str, query: str) -> ChannelInfo | None:
        return await self.directory.resolve_channel(workspace, query)

    async def is_member(self, workspace: str, channel: str, user: str) -> bool:
        return await self.directory.is_member(workspace, channel, user)

    async def permalink(self, workspace: str, ref: MessageRef) -> str | None:
        try:
            target = locate(self.link, ref)
        except LookupError:
            return None
        return f"https://discord.com/channels/{workspace}/{target}/{ref.id}"

    async def mark_thread(self, workspace: str, ref: MessageRef, state: str) -> None:
        """Forum posts show Open or Solved as tags; other threads have no state on Discord."""
        if ref.channel is None or not is_forum(self.link, ref.channel):
            return
        try:
            await self.forums.mark(int(ref.channel), int(ref.thread or ref.id), state)
        except discord.HTTPException as exc:
            # Tags need Manage Threads; without it the post just keeps its tags.
            log.warning("forum post %s not marked %s: %s", ref.thread or ref.id, state, exc.status)
