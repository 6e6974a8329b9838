"""Admins of a guild: the owner becomes Rounds' first admin (as the first console user does),
and the member to tell when something needs an admin's hand."""

from __future__ import annotations

import logging

import discord

from adapters.discord.link import Link, tenant_of
from bot.services.admin.capability import grant_role
from bot.storage.repos import MemberRepo

__all__ = ["admin_to_tell", "ensure_first_admin"]

log = logging.getLogger(__name__)


async def _admins(link: Link, guild_id: str) -> list[str]:
    core = link.core
    tenant_id = await core.tenant_id(tenant_of(guild_id))
    async with core.db.session() as s:
        members = await MemberRepo(s, tenant_id).with_roles()
    return [m.user_id for m in members if m.is_admin]


async def ensure_first_admin(link: Link, guild: discord.Guild) -> None:
    """On a guild with no Rounds admin yet, make its owner one (audited)."""
    if guild.owner_id is None or await _admins(link, str(guild.id)):
        return
    core = link.core
    owner = str(guild.owner_id)
    tenant_id = await core.tenant_id(tenant_of(guild.id))
    name = owner
    try:
        member = guild.get_member(guild.owner_id) or await guild.fetch_member(guild.owner_id)
        name = member.name
    except discord.HTTPException as exc:
        log.info("guild owner of %s not fetched (%s); named by id", guild.id, exc.status)
    async with core.db.session() as s:
        await MemberRepo(s, tenant_id).ensure(owner, name, core.clock.now())
    await grant_role(core, tenant_id, owner, "admin", "discord")
    log.info("guild %s: its owner is Rounds' first admin", guild.id)


async def admin_to_tell(link: Link, guild_id: str) -> str | None:
    """One Rounds admin of the guild (the first by name), else the guild's owner."""
    admins = await _admins(link, guild_id)
    if admins:
        return admins[0]
    guild = link.client.get_guild(int(guild_id))
    return str(guild.owner_id) if guild is not None and guild.owner_id else None
