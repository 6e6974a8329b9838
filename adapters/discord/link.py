"""What the parts of the adapter share: the core, the live client, and small bounded memories.

The client is replaced when the gateway refuses the Message Content intent (a fresh client
connects in reduced mode), so every part reaches it through :class:`Link`, never keeps it.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Generic, TypeVar

from bot.config import DiscordConfig
from bot.platform import Tenant, UserInfo

if TYPE_CHECKING:
    import discord

    from adapters.discord.channels import Where
    from bot.app import Core

__all__ = ["Link", "Lru", "NotConnected", "tenant_of"]

K = TypeVar("K")
V = TypeVar("V")


def tenant_of(guild_id: int | str) -> Tenant:
    """The core's tenant for a guild: every row of Rounds on Discord belongs to one."""
    return Tenant("discord", str(guild_id))


class NotConnected(RuntimeError):
    """A platform call came while no Discord client is logged in."""


class Lru(Generic[K, V]):
    """A dict that forgets its oldest entries beyond ``size``: memories that help, never
    state that must survive (that lives in the database)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        value = self._data.get(key)
        if value is not None:
            self._data.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> None:
        self._data[key] = value
        self._data.move_to_end(key)
        while len(self._data) > self.size:
            self._data.popitem(last=False)

    def __contains__(self, key: object) -> bool:
        return key in self._data


class Link:
    """The core, the config section, the current client and what the adapter remembers."""

    def __init__(self, core: Core, config: DiscordConfig) -> None:
        self.core = core
        self.config = config
        self._client: discord.Client | None = None
        #: True once the gateway refused the Message Content intent (close code 4014).
        self.reduced = False
        #: user id → the guild whose business their direct messages belong to (last seen)
        self.dm_home: Lru[str, str] = Lru(20_000)
        #: bot message id → its first line, to name a thread opened on it later
        self.titles: Lru[str, str] = Lru(4_096)
        #: short key → a button value too long for Discord's 100-character custom id
        self.long_values: Lru[str, str] = Lru(4_096)
        #: channel id → where it is for the core (threads from before the start, looked up once)
        self.places: Lru[int, Where] = Lru(8_192)
        #: user id → who they are, from the events they caused (spares a member lookup)
        self.users: Lru[str, UserInfo] = Lru(20_000)
        #: set when Discord refuses the token mid-run; the runner stops with this message
        self.fatal: str | None = None

    @property
    def client(self) -> discord.Client:
        if self._client is None or self._client.is_closed():
            raise NotConnected("Discord is not connected")
        return self._client

    def attach(self, client: discord.Client | None) -> None:
        self._client = client

    def remember(self, user: discord.User | discord.Member) -> UserInfo:
        """Note who a member is from an event they caused (spares a lookup later)."""
        info = UserInfo(str(user.id), user.name, user.display_name, is_bot=user.bot)
        self.users.put(info.id, info)
        return info

    def forum(self, channel_id: str) -> bool:
        """Whether a channel id is one of the configured forum channels."""
        return channel_id in self.config.forum_channels
