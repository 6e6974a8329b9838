"""``rounds run`` for Discord: log in and stay connected on the shared event loop.

When the application may not use the privileged Message Content intent (the gateway closes
with 4014), Rounds connects again without it, in a reduced mode, and says so once. A bad
token, an unreachable API or gateway, or a token revoked mid-run ends ``serve`` with a
:class:`DiscordError` that ``rounds`` prints as one line.
"""

from __future__ import annotations

import asyncio
import logging

import aiohttp
import discord

from adapters.discord.admins import admin_to_tell
from adapters.discord.client import RoundsClient, intents, point_at
from adapters.discord.errors import DiscordError
from adapters.discord.limits import Guard, Pacer
from adapters.discord.link import Link
from adapters.discord.platform import DiscordPlatform
from bot.app import Core
from bot.config import Config
from bot.domain.reply import Reply

__all__ = ["DiscordError", "Runner", "configured", "serve"]

log = logging.getLogger("adapters.discord")

REDUCED_WARNING = (
    "Discord refused the Message Content intent (gateway close 4014). Rounds runs in reduced "
    "mode: app commands, buttons and reactions work, but ordinary messages (questions in Q&A "
    "channels, event hashtags) are not read. Enable Message Content Intent in the Discord "
    "Developer Portal (Bot → Privileged Gateway Intents) and restart Rounds."
)
_CLOSE_REASONS = {
    4004: "authentication failed: check discord.token",
    4010: "invalid shard",
    4011: "sharding required",
    4012: "invalid API version",
    4013: "invalid intents",
}
_UNUSABLE_NOTICE = {
    "": "Rounds cannot post in <#{channel}>: it lacks permission to see or send messages "
    "there. Give the Rounds role View Channel and Send Messages in that channel. Until then "
    "Rounds skips it.",
    "threads": "Rounds cannot open threads in <#{channel}>, so questions there get no "
    "discussion thread. Give the Rounds role Create Public Threads and Send Messages in "
    "Threads in that channel.",
}


def configured(config: Config) -> bool:
    return config.discord.configured


async def serve(core: Core) -> None:
    """Run the Discord adapter until cancelled (or until Discord refuses it for good)."""
    await Runner(core).run()


def _quiet_library() -> None:
    """discord.py logs request bodies and gateway payloads at DEBUG: message texts, which
    may hold patient identifiers, must not reach the log even when Rounds runs at DEBUG."""
    library = logging.getLogger("discord")
    if library.getEffectiveLevel() < logging.INFO:
        library.setLevel(logging.INFO)
    # Rounds has no voice: discord.py's warnings about missing voice libraries are noise.
    discord.VoiceClient.warn_nacl = False
    discord.VoiceClient.warn_dave = False


class Runner:
    def __init__(
        self, core: Core, *, pacer: Pacer | None = None, guild_ready_timeout: float = 2.0
    ) -> None:
        self.core = core
        #: how long discord.py waits for more guilds before "ready" (its default, 2 s)
        self.guild_ready_timeout = guild_ready_timeout
        self.config = core.config.discord
        self.link = Link(core, self.config)
        self.guard = Guard(self._notify_admin, self._rejected, pacer)
        self.platform = DiscordPlatform(self.link, self.guard)
        self._closing: set[asyncio.Task[None]] = set()
        core.attach(self.platform)

    async def run(self) -> None:
        _quiet_library()
        point_at(self.config.api_base_url)
        message_content = True
        synced = False
        while True:
            client = RoundsClient(
                self.link,
                self.platform,
                intents(message_content),
                sync=not synced,
                guild_ready_timeout=self.guild_ready_timeout,
            )
            self.link.attach(client)
            try:
                await self._login(client)
                synced = True
                await self._connect(client)
            except discord.PrivilegedIntentsRequired:
                if not message_content:
                    raise DiscordError(
                        "the Discord gateway refused Rounds' intents (4014)"
                    ) from None
                message_content = False
                self.link.reduced = True
                log.warning(REDUCED_WARNING)
                continue
            finally:
                await client.close()
            if self.link.fatal:
                raise DiscordError(self.link.fatal)
            return

    async def _login(self, client: RoundsClient) -> None:
        base = self.config.api_base_url
        try:
            await client.login(self.config.token)
        except discord.LoginFailure:
            problem = "Discord rejected the bot token (401): check discord.token"
        except discord.GatewayNotFound:
            problem = f"no gateway address from {base}/gateway/bot"
        except discord.HTTPException as exc:
            problem = f"the Discord API at {base} refused the login ({exc.status})"
        except (aiohttp.ClientError, OSError) as exc:
            problem = f"cannot reach the Discord API at {base} ({type(exc).__name__})"
        else:
            return
        raise DiscordError(problem)

    async def _connect(self, client: RoundsClient) -> None:
        try:
            await client.connect(reconnect=True)
        except AttributeError:
            # discord.py 2.7 fails a first connection that never opened with an AttributeError
            # (it reads the missing socket's sequence number) instead of retrying.
            if client.ws is not None:
                raise
            problem = f"cannot connect to the Discord gateway at {client.gateway}"
        except discord.ConnectionClosed as exc:
            reason = _CLOSE_REASONS.get(exc.code or 0, "closed")
            problem = f"the Discord gateway closed the connection ({exc.code}: {reason})"
        else:
            return
        raise DiscordError(problem)

    def _rejected(self) -> None:
        """A 401 mid-run: the token was reset or revoked. Stop instead of failing every call."""
        if self.link.fatal:
            return
        self.link.fatal = "Discord rejected the bot token (401) while running: check discord.token"
        log.error(self.link.fatal)
        task = asyncio.get_running_loop().create_task(self.link.client.close())
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    async def _notify_admin(self, guild: str, channel: str, use: str) -> None:
        admin = await admin_to_tell(self.link, guild)
        if admin is None:
            log.warning("no admin to tell that channel %s is unusable", channel)
            return
        reply = Reply.of(_UNUSABLE_NOTICE[use].format(channel=channel), private=True)
        sent = await self.platform.delivery.dm(guild, admin, self.platform.render(guild, reply))
        if sent is None:
            log.warning("the admin of guild %s has direct messages closed", guild)
