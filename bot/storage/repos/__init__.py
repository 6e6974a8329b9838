"""Repositories: each takes a session and a tenant id and scopes every query by it."""

from bot.storage.repos.core import (
    BotPostRepo,
    EventLog,
    GroupRepo,
    MemberRepo,
    MessageRepo,
    SettingRepo,
    TenantRepo,
)

__all__ = [
    "BotPostRepo",
    "EventLog",
    "GroupRepo",
    "MemberRepo",
    "MessageRepo",
    "SettingRepo",
    "TenantRepo",
]
