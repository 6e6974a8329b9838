"""Members and channels of a guild, for the core: who ``@ana`` or ``<@123>`` is, what
``#general`` is and whether it is private, and who may read a channel. From the cache and the
members Rounds has seen, else asked from Discord (no privileged intent needed)."""

from __future__ import annotations

import re

import discord
from discord.http import Route

from adapters.discord.link import Link
from bot.platform import ChannelInfo, UserInfo

__all__ = ["Directory"]

_MENTION = re.compile(r"<[@#][!&]?(\d+)>")


def _id_of(query: str) -> int | None:
    query = query.strip()
    match = _MENTION.fullmatch(query)
    if match:
        return int(match.group(1))
    return int(query) if query.isdigit() else None


class Directory:
    def __init__(self, link: Link) -> None:
        self.link = link

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
                return self.link.remember(member or await client.fetch_user(user_id))
            except discord.HTTPException:
                return None
        name = query.strip().lstrip("@")
        if not name or guild is None:
            return None
        found = guild.get_member_named(name)
        if found is not None:
            return self.link.remember(found)
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
