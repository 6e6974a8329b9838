"""Discord channels in the core's terms, both ways.

The core names a thread by its root message; on Discord a thread opened on a message has
that message's id, and a forum post's thread has the id of its first message. So a message
in thread T of channel C is ``channel=C, thread=T`` for the core, and a forum post's first
message is a top-level message of the forum. Outbound, a ``MessageRef`` is located back to
the Discord channel that holds it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import discord

from adapters.discord.link import Link
from bot.platform import MessageRef

__all__ = ["Where", "is_forum", "locate", "where"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Where:
    """A Discord channel as the core sees it."""

    channel: str | None  # the core's channel: the parent of a thread; None for a DM
    thread: str | None  # the thread (its root message id), or None
    private: bool = False
    forum: bool = False  # the core's channel is a forum
    is_dm: bool = False


def _private(channel: object) -> bool:
    """Whether ordinary members cannot see the channel: questions asked there stay in it."""
    if isinstance(channel, discord.Thread):
        if channel.type is discord.ChannelType.private_thread:
            return True
        return _private(channel.parent) if channel.parent is not None else False
    if isinstance(channel, discord.abc.GuildChannel):
        everyone = channel.guild.default_role
        return not channel.permissions_for(everyone).view_channel
    return False


def _where_of(channel: object, link: Link) -> Where | None:
    if isinstance(channel, discord.DMChannel | discord.GroupChannel):
        return Where(None, None, private=True, is_dm=True)
    if isinstance(channel, discord.Thread):
        parent = str(channel.parent_id)
        forum = isinstance(channel.parent, discord.ForumChannel) or link.forum(parent)
        return Where(parent, str(channel.id), _private(channel), forum)
    if isinstance(channel, discord.abc.GuildChannel):
        forum = isinstance(channel, discord.ForumChannel) or link.forum(str(channel.id))
        return Where(str(channel.id), None, _private(channel), forum)
    return None


async def where(link: Link, channel_id: int, channel: object = None) -> Where:
    """Where a Discord channel (or thread) is for the core; asks Discord once if the cache
    does not know it (a thread from before the bot started, for instance)."""
    found = _where_of(channel, link) if channel is not None else None
    if found is None:
        found = _where_of(link.client.get_channel(channel_id), link)
    if found is None:
        found = link.places.get(channel_id)
    if found is None:
        try:
            fetched = await link.client.fetch_channel(channel_id)
        except discord.HTTPException as exc:
            log.warning("channel %s could not be looked up: %s", channel_id, exc.status)
            return Where(str(channel_id), None)
        found = _where_of(fetched, link) or Where(str(channel_id), None)
    link.places.put(channel_id, found)
    return found


def is_forum(link: Link, channel_id: str) -> bool:
    """A forum channel takes posts (threads), never plain messages."""
    if link.forum(channel_id):
        return True
    if not channel_id.isdigit():
        return False
    return isinstance(link.client.get_channel(int(channel_id)), discord.ForumChannel)


def locate(link: Link, ref: MessageRef) -> int:
    """The Discord channel that holds the message ``ref`` names."""
    if ref.thread and ref.thread != ref.id:
        return int(ref.thread)
    if ref.channel is None:
        raise LookupError("a direct message reference without its channel")
    if is_forum(link, ref.channel):
        # The first message of a forum post lives in the post's thread, which has its id.
        return int(ref.id)
    return int(ref.channel)
