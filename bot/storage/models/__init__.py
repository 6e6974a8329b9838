"""Typed models, one module per capability. Importing this package imports every module in it,
so that the metadata (and Alembic's view of the schema) is complete."""

import importlib
import pkgutil

from bot.storage.models.base import Base
from bot.storage.models.core import (
    BotPost,
    Group,
    GroupMember,
    Member,
    MemberRole,
    MessageCopy,
    ProcessedEvent,
    Setting,
    TenantRow,
)
from bot.storage.models.jobs import Job

for _info in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_info.name}")

__all__ = [
    "Base",
    "BotPost",
    "Group",
    "GroupMember",
    "Job",
    "Member",
    "MemberRole",
    "MessageCopy",
    "ProcessedEvent",
    "Setting",
    "TenantRow",
]
