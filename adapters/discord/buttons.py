"""Button custom ids: ``r:GUILD:ACTION:VALUE`` (Discord allows 100 characters). The guild
travels along, so that a click in a direct message, where Discord names no guild, reaches the
right tenant."""

from __future__ import annotations

import hashlib

from adapters.discord.link import Link
from bot.domain.reply import Action

__all__ = ["custom_id", "parse_custom_id"]

CUSTOM_ID_MAX = 100


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
