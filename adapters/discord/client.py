"""The discord.py client of Rounds: where it connects, which intents it asks for, the command
sync at login, and the gateway events it hands on.

discord.py 2.7 builds every REST URL as ``Route.BASE + path`` (interaction callbacks and
webhooks included) and a plain ``Client`` connects to the class attribute
``DiscordWebSocket.DEFAULT_GATEWAY`` without asking ``GET /gateway/bot`` (an INVALID_SESSION
also falls back to it). Both are process-wide class attributes: :func:`point_at` sets the
first before login, :meth:`RoundsClient.setup_hook` the second from ``/gateway/bot`` on that
base, so that tests and staging can run the real client against another server.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

import discord
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from adapters.discord.admins import ensure_first_admin
from adapters.discord.commands import command_payloads
from adapters.discord.errors import DiscordError
from adapters.discord.events import Inbound
from adapters.discord.interactions import Interactions
from adapters.discord.link import Link
from adapters.discord.platform import DiscordPlatform
from bot.dispatch import safe_trace

__all__ = ["RoundsClient", "intents", "point_at"]

log = logging.getLogger(__name__)

#: A long rate limit (a ban, a global limit) fails the request instead of sleeping for it.
MAX_RATELIMIT_WAIT = 60.0


def point_at(api_base_url: str) -> None:
    """Send every REST request to ``api_base_url`` (``https://discord.com/api/v10``)."""
    Route.BASE = api_base_url.rstrip("/")


def intents(message_content: bool) -> discord.Intents:
    """Guilds, messages, reactions, DMs; Message Content (privileged) unless reduced. The
    Server Members intent is not asked for: Rounds learns members from their events."""
    wanted = discord.Intents.default()
    wanted.message_content = message_content
    wanted.members = False
    wanted.presences = False
    return wanted


class RoundsClient(discord.Client):
    def __init__(
        self,
        link: Link,
        platform: DiscordPlatform,
        wanted: discord.Intents,
        *,
        sync: bool,
        guild_ready_timeout: float = 2.0,
    ) -> None:
        super().__init__(
            intents=wanted,
            guild_ready_timeout=guild_ready_timeout,
            max_messages=1000,
            max_ratelimit_timeout=MAX_RATELIMIT_WAIT,
            chunk_guilds_at_startup=False,
            allowed_mentions=discord.AllowedMentions(
                everyone=False, roles=False, users=True, replied_user=False
            ),
        )
        self.link = link
        self.platform = platform
        self.guard = platform.guard
        self.sync = sync
        self.inbound = Inbound(link)
        self.interactions = Interactions(link)
        #: the gateway address ``/gateway/bot`` gave, for error messages
        self.gateway: str | None = None

    async def setup_hook(self) -> None:
        """After login, before the gateway: learn the gateway address, sync the commands."""
        _shards, url, _limits = await self.http.get_bot_gateway()
        self.gateway = url
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)
        if self.sync:
            await self._sync_commands()

    async def _sync_commands(self) -> None:
        app_id = self.application_id
        if app_id is None:
            log.error("no application id after login: app commands not synced")
            return
        try:
            payload = command_payloads(self.link.core.registry)
        except ValueError as exc:
            # A registry Discord cannot express (a clash of option names, a bare command
            # without bare_alias) is a wiring error: stop at start, in one line.
            raise DiscordError(f"app commands cannot be built: {exc}") from None
        guilds = self.link.config.guild_ids
        try:
            if guilds:
                for guild in guilds:
                    await self.http.bulk_upsert_guild_commands(app_id, int(guild), payload)
            else:
                await self.http.bulk_upsert_global_commands(app_id, payload)
        except discord.HTTPException as exc:
            # Usually the bot was invited without the applications.commands scope. Messages,
            # reactions and buttons still work, so Rounds keeps running.
            log.error(
                "app commands not synced (%s %s): re-invite Rounds with the "
                "applications.commands scope",
                exc.status,
                exc.code,
            )
            return
        where = f"{len(guilds)} guild(s)" if guilds else "globally (may take up to an hour)"
        log.info("synced %d app commands %s", len(payload), where)

    async def on_ready(self) -> None:
        mode = " in reduced mode (no Message Content)" if self.link.reduced else ""
        log.info("connected to Discord as %s in %d guild(s)%s", self.user, len(self.guilds), mode)
        for guild in self.guilds:
            await ensure_first_admin(self.link, guild)

    async def on_guild_join(self, guild: discord.Guild) -> None:
        await ensure_first_admin(self.link, guild)

    async def on_message(self, message: discord.Message) -> None:
        await self.inbound.message(message)

    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        await self.inbound.edit(payload)

    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        await self.inbound.delete(payload)

    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        await self.inbound.reaction(payload)

    async def on_raw_reaction_remove(self, payload: discord.RawReactionActionEvent) -> None:
        await self.inbound.reaction(payload)

    async def on_thread_create(self, thread: discord.Thread) -> None:
        await self.platform.forums.opened(thread)

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        await self.interactions.handle(interaction)

    async def on_guild_channel_update(
        self, before: discord.abc.GuildChannel, after: discord.abc.GuildChannel
    ) -> None:
        self.guard.forget(channel=str(after.id))

    async def on_guild_role_update(self, before: discord.Role, after: discord.Role) -> None:
        self.guard.forget(guild=str(after.guild.id))

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        """Log where, never what: exception texts may quote a member's message."""
        exc = sys.exc_info()[1]
        where = safe_trace(exc) if exc is not None else "unknown"
        log.error("error in Discord event %s: %s", event_method, where)
