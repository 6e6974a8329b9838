"""Discord as an implementation of the core's Platform port.

Inside an interaction the core's replies answer it (see :mod:`session`); elsewhere they go
through the REST API (see :mod:`delivery`). ``workspace`` is always the guild id.
"""

from __future__ import annotations

import hashlib
import logging
import re

import discord
from discord.http import Route

from adapters.discord import session as sessions
from adapters.discord.channels import is_forum, locate
from adapters.discord.convert import edit_kwargs
from adapters.discord.delivery import Delivery
from adapters.discord.emoji import to_discord
from adapters.discord.forum import Forums
from adapters.discord.limits import Guard
from adapters.discord.link import Link
from adapters.discord.render import CONTENT_MAX, OutMessage, render, title_line
from bot.domain.reply import Action, Reply
from bot.platform import Capabilities, ChannelInfo, MessageRef, UserInfo

__all__ = ["DiscordPlatform", "custom_id", "parse_custom_id"]

log = logging.getLogger(__name__)

CUSTOM_ID_MAX = 100
_MENTION = re.compile(r"<[@#][!&]?(\d+)>")
_DMS_CLOSED_NOTICE = (
    "<@{user}> Rounds has a private notice for you but cannot send you direct messages. "
    "Allow direct messages from server members (Privacy Settings) to receive such notices."
)


def custom_id(link: Link, guild: str, action: Action) -> str:
    """``r:GUILD:ACTION:VALUE``; the guild travels along so that a click in a direct message
    reaches the right tenant. A value too long for Discord's 100 characters is kept in
    memory under a short key (``R:`` prefix)."""
    plain = f"r:{guild}:{action.id}:{action.value}"
    if len(plain) <= CUSTOM_ID_MAX:
        return plain
    key = hashlib.sha256(action.value.encode()).hexdigest()[:20]
    link.long_values.put(key, action.value)
    return f"R:{guild}:{action.id}:{key}"


def parse_custom_id(link: Link, raw: str) -> tuple[str, str, str] | None:
    """(guild, action, value) of a Rounds button, None for another bot's or an expired one."""
    parts = raw.split(":", 3)
    if len(parts) != 4 or parts[0] not in ("r", "R"):
        return None
    prefix, guild, action, value = parts
    if prefix == "R":
        stored = link.long_values.get(value)
        if stored is None:
            return None
        value = stored
    return guild, action, value


def _id_of(query: str) -> int | None:
    query = query.strip()
    match = _MENTION.fullmatch(query)
    if match:
        return int(match.group(1))
    return int(query) if query.isdigit() else None


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
        if session is not None and session.owns(ref.id):
            await session.edit(ref.id, message)
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
            target = locate(self.link, ref)
            partial = self.delivery.messageable(target, workspace).get_partial_message(int(ref.id))
            await partial.delete()
        except discord.NotFound:
            return True  # already gone
        except (discord.Forbidden, LookupError):
            return False
        return True

    async def react(self, workspace: str, ref: MessageRef, emoji: str) -> None:
        target = locate(self.link, ref)
        partial = self.delivery.messageable(target, workspace).get_partial_message(int(ref.id))
        try:
            await partial.add_reaction(to_discord(emoji))
        except discord.HTTPException as exc:
            # A reaction is decoration: lacking Add Reactions must not fail the work around it.
            log.warning("reaction not added in %s: %s", target, exc.status)

    async def unreact(self, workspace: str, ref: MessageRef, emoji: str) -> None:
        me = self.link.client.user
        target = locate(self.link, ref)
        partial = self.delivery.messageable(target, workspace).get_partial_message(int(ref.id))
        try:
            if me is not None:
                await partial.remove_reaction(to_discord(emoji), me)
        except discord.NotFound:
            return  # not there (or the message is gone): nothing to remove
        except discord.HTTPException as exc:
            log.warning("reaction not removed in %s: %s", target, exc.status)

    def _remember(self, member: discord.Member | discord.User) -> UserInfo:
        info = UserInfo(
            id=str(member.id),
            name=member.name,
            display_name=member.display_name,
            is_bot=member.bot,
        )
        self.link.users.put(info.id, info)
        return info

    async def resolve_user(self, workspace: str, query: str) -> UserInfo | None:
        client = self.link.client
        guild = client.get_guild(int(workspace)) if workspace.isdigit() else None
        user_id = _id_of(query)
        if user_id is not None:
            known = self.link.users.get(str(user_id))
            if known is not None:
                return known
            member = guild.get_member(user_id) if guild else None
            try:
                if member is None and guild is not None:
                    member = await guild.fetch_member(user_id)
                return self._remember(member or await client.fetch_user(user_id))
            except discord.HTTPException:
                return None
        name = query.strip().lstrip("@")
        if not name or guild is None:
            return None
        found = guild.get_member_named(name)
        if found is not None:
            return self._remember(found)
        return await self._search(guild, name)

    async def _search(self, guild: discord.Guild, name: str) -> UserInfo | None:
        """Discord's member search by name prefix (no privileged intent needed)."""
        route = Route("GET", "/guilds/{guild_id}/members/search", guild_id=guild.id)
        try:
            rows = await self.link.client.http.request(route, params={"query": name, "limit": 5})
        except discord.HTTPException:
            return None
        for row in rows:
            user = row["user"]
            display = row.get("nick") or user.get("global_name") or user["username"]
            if name.lower() in (str(user["username"]).lower(), str(display).lower()):
                info = UserInfo(
                    id=str(user["id"]),
                    name=user["username"],
                    display_name=display,
                    is_bot=bool(user.get("bot")),
                )
                self.link.users.put(info.id, info)
                return info
        return None

    async def resolve_channel(self, workspace: str, query: str) -> ChannelInfo | None:
        guild = self.link.client.get_guild(int(workspace)) if workspace.isdigit() else None
        if guild is None:
            return None
        channel_id = _id_of(query)
        found: discord.abc.GuildChannel | discord.Thread | None
        if channel_id is not None:
            found = guild.get_channel_or_thread(channel_id)
        else:
            name = query.strip().lstrip("#").lower()
            found = next((c for c in guild.channels if c.name.lower() == name), None)
        if found is None:
            return None
        everyone = guild.default_role
        private = not found.permissions_for(everyone).view_channel
        members = len(getattr(found, "members", ())) if private else guild.member_count or 0
        return ChannelInfo(id=str(found.id), name=found.name, private=private, member_count=members)

    async def is_member(self, workspace: str, channel: str, user: str) -> bool:
        """Whether the member can read the channel (for a private thread: is in it)."""
        guild = self.link.client.get_guild(int(workspace)) if workspace.isdigit() else None
        if guild is None or not channel.isdigit() or not user.isdigit():
            return False
        place = guild.get_channel_or_thread(int(channel))
        try:
            if place is None:
                fetched = await self.link.client.fetch_channel(int(channel))
                if not isinstance(fetched, discord.abc.GuildChannel | discord.Thread):
                    return False
                place = fetched
            if isinstance(place, discord.Thread) and place.is_private():
                await place.fetch_member(int(user))
                return True
            member = guild.get_member(int(user)) or await guild.fetch_member(int(user))
        except discord.HTTPException:
            return False
        return place.permissions_for(member).view_channel

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
