"""Discord API objects in the shapes Discord sends (API v10), for the fake server and tests."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

ALL_PERMISSIONS = str((1 << 50) - 1)
EVERYONE_PERMISSIONS = str(
    (1 << 10) | (1 << 11) | (1 << 16) | (1 << 6) | (1 << 35) | (1 << 38) | (1 << 31)
)  # view, send, read history, add reactions, create threads, send in threads, use commands

_ids = itertools.count(1_300_000_000_000_000_000)


def snowflake() -> str:
    return str(next(_ids))


def stamp(when: datetime | None = None) -> str:
    return (when or datetime.now(UTC)).isoformat()


def user(user_id: str, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {
        "id": user_id,
        "username": name,
        "discriminator": "0",
        "global_name": name.title(),
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
    }


def member(who: dict[str, Any], *, permissions: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "user": who,
        "nick": None,
        "roles": [],
        "joined_at": stamp(),
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
    }
    if permissions is not None:
        out["permissions"] = permissions
    return out


def role_everyone(guild_id: str) -> dict[str, Any]:
    return {
        "id": guild_id,
        "name": "@everyone",
        "permissions": EVERYONE_PERMISSIONS,
        "position": 0,
        "color": 0,
        "hoist": False,
        "managed": False,
        "mentionable": False,
        "flags": 0,
    }


def text_channel(channel_id: str, guild_id: str, name: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": channel_id,
        "type": 0,
        "guild_id": guild_id,
        "name": name,
        "position": 0,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "flags": 0,
        **extra,
    }


def forum_channel(
    channel_id: str, guild_id: str, name: str, tags: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        **text_channel(channel_id, guild_id, name),
        "type": 15,
        "available_tags": tags,
        "default_reaction_emoji": None,
        "default_sort_order": None,
        "default_forum_layout": 0,
        "default_thread_rate_limit_per_user": 0,
    }


def tag(tag_id: str, name: str, emoji: str | None = None) -> dict[str, Any]:
    return {"id": tag_id, "name": name, "moderated": False, "emoji_id": None, "emoji_name": emoji}


def thread(
    thread_id: str,
    guild_id: str,
    parent_id: str,
    name: str,
    owner_id: str,
    *,
    applied_tags: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "id": thread_id,
        "type": 11,
        "guild_id": guild_id,
        "parent_id": parent_id,
        "owner_id": owner_id,
        "name": name,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "message_count": 0,
        "member_count": 1,
        "flags": 0,
        "applied_tags": applied_tags or [],
        "total_message_sent": 0,
        "thread_metadata": {
            "archived": False,
            "auto_archive_duration": 1440,
            "archive_timestamp": stamp(),
            "locked": False,
            "create_timestamp": stamp(),
        },
    }


def dm_channel(channel_id: str, recipient: dict[str, Any]) -> dict[str, Any]:
    return {"id": channel_id, "type": 1, "recipients": [recipient], "last_message_id": None}


def message(
    message_id: str,
    channel_id: str,
    author: dict[str, Any],
    content: str = "",
    *,
    guild_id: str | None = None,
    embeds: list[dict[str, Any]] | None = None,
    components: list[dict[str, Any]] | None = None,
    flags: int = 0,
    attachments: list[dict[str, Any]] | None = None,
    edited: str | None = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": message_id,
        "channel_id": channel_id,
        "author": author,
        "content": content,
        "timestamp": stamp(),
        "edited_timestamp": edited,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": attachments or [],
        "embeds": embeds or [],
        "components": components or [],
        "pinned": False,
        "type": 0,
        "flags": flags,
    }
    if guild_id is not None:
        out["guild_id"] = guild_id
        if not author.get("bot"):
            out["member"] = {k: v for k, v in member(author).items() if k != "user"}
    return out


def guild(
    guild_id: str,
    name: str,
    owner_id: str,
    channels: list[dict[str, Any]],
    members: list[dict[str, Any]],
) -> dict[str, Any]:
    return {
        "id": guild_id,
        "name": name,
        "owner_id": owner_id,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "banner": None,
        "description": None,
        "features": [],
        "roles": [role_everyone(guild_id)],
        "emojis": [],
        "stickers": [],
        "channels": channels,
        "threads": [],
        "members": members,
        "member_count": len(members),
        "presences": [],
        "voice_states": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "large": False,
        "unavailable": False,
        "joined_at": stamp(),
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": "en-US",
        "system_channel_flags": 0,
        "afk_timeout": 300,
        "afk_channel_id": None,
        "system_channel_id": None,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "application_id": None,
        "vanity_url_code": None,
        "max_video_channel_users": 25,
    }
