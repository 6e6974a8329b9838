"""Tenants, members and their roles, groups, message copies, bot posts, processed events."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models.base import Base, JsonDoc, TenantScoped

__all__ = [
    "BotPost",
    "Group",
    "GroupMember",
    "Member",
    "MemberRole",
    "MessageCopy",
    "ProcessedEvent",
    "Setting",
    "TenantRow",
]


class TenantRow(Base):
    __tablename__ = "tenants"
    __table_args__ = (UniqueConstraint("platform", "workspace"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]


class Member(TenantScoped, Base):
    """A person on one platform workspace, with their profile. ``pseudonym`` names them in
    the audit log, so that erasing the member never touches the audit."""

    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("tenant_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(80))
    pseudonym: Mapped[str] = mapped_column(String(32), unique=True)
    full_name: Mapped[str | None] = mapped_column(String(120))
    specialty: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str | None] = mapped_column(String(120))
    npi: Mapped[str | None] = mapped_column(String(10))
    tz: Mapped[str | None] = mapped_column(String(64))
    quiet_start: Mapped[str | None] = mapped_column(String(5))
    quiet_end: Mapped[str | None] = mapped_column(String(5))
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    show_in_stats: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]


class MemberRole(Base):
    __tablename__ = "member_roles"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(64), primary_key=True)


class Group(TenantScoped, Base):
    __tablename__ = "groups"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    home_channel: Mapped[str | None] = mapped_column(String(64))
    backup_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("groups.id", ondelete="SET NULL")
    )
    created_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]


class GroupMember(Base):
    __tablename__ = "group_members"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    notify: Mapped[bool] = mapped_column(Boolean, default=False)
    joined_at: Mapped[datetime]


class MessageCopy(TenantScoped, Base):
    """Rounds' own, redacted copy of a message it needs (never read back from the platform)."""

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("tenant_id", "channel", "message_id"),
        Index("ix_messages_tenant_created", "tenant_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(64))
    thread: Mapped[str | None] = mapped_column(String(64))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    files: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    phi_kinds: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    held: Mapped[bool] = mapped_column(Boolean, default=False)
    private_channel: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    edited_at: Mapped[datetime | None]


class BotPost(TenantScoped, Base):
    """A message the bot posted; ``on_behalf_of`` marks mirrors and routed copies of a
    member's words, which erasure must delete."""

    __tablename__ = "bot_posts"
    __table_args__ = (Index("ix_bot_posts_ref", "tenant_id", "kind", "ref"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str | None] = mapped_column(String(64))
    thread: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    ref: Mapped[str | None] = mapped_column(String(64))
    on_behalf_of: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime]


class ProcessedEvent(Base):
    """Platform event ids already handled, shared by every process: retries have one effect."""

    __tablename__ = "processed_events"

    tenant_id: Mapped[int] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    event_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)


class Setting(TenantScoped, Base):
    """Per-tenant or per-channel settings (privacy policy, Q&A channels, disclaimer)."""

    __tablename__ = "settings"
    __table_args__ = (UniqueConstraint("tenant_id", "scope", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(80))  # "workspace" or "channel:<id>"
    key: Mapped[str] = mapped_column(String(64))
    value: Mapped[str] = mapped_column(Text)
