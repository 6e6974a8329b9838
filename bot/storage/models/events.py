"""Live events: the event and its sessions, opted-in private channels, gathered posts,
speaker questions and their votes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models.base import Base, TenantScoped

__all__ = [
    "EventOptinRow",
    "EventPostRow",
    "EventQuestionRow",
    "EventRow",
    "EventSessionRow",
    "EventVoteRow",
]


class EventRow(TenantScoped, Base):
    """An event around a hashtag. Live while ``stopped_at`` is null; after that, tagged posts
    until ``post_until`` land in the post-event section; later the tag is free again."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_tenant_tag", "tenant_id", "tag_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tag: Mapped[str] = mapped_column(String(40))
    tag_key: Mapped[str] = mapped_column(String(40))
    tz: Mapped[str] = mapped_column(String(64))
    starts_on: Mapped[datetime | None]
    ends_before: Mapped[datetime | None]
    channel: Mapped[str] = mapped_column(String(64))
    thread: Mapped[str | None] = mapped_column(String(64))
    group_name: Mapped[str | None] = mapped_column(String(40))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    stopped_at: Mapped[datetime | None]
    stopped_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    post_until: Mapped[datetime | None]


class EventSessionRow(TenantScoped, Base):
    __tablename__ = "event_sessions"
    __table_args__ = (UniqueConstraint("event_id", "code_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(16))
    code_key: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(120))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    channel: Mapped[str | None] = mapped_column(String(64))
    embargo_until: Mapped[datetime | None]
    no_photos: Mapped[bool] = mapped_column(Boolean, default=False)
    off_record: Mapped[bool] = mapped_column(Boolean, default=False)
    group_name: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime]


class EventOptinRow(TenantScoped, Base):
    """A private channel whose tagged posts an organizer among its members let in."""

    __tablename__ = "event_optins"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    channel: Mapped[str] = mapped_column(String(64), primary_key=True)
    by_member: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    at: Mapped[datetime]


class EventPostRow(TenantScoped, Base):
    """A gathered post: Rounds' redacted copy, where it was filed, and its mirror.

    ``state``: pending (to be mirrored) → mirrored; queued (in a burst) → summarized;
    embargoed → pending at the lift; no_photos (held for good); in_thread (written in the
    live thread itself, nothing to mirror)."""

    __tablename__ = "event_posts"
    __table_args__ = (
        UniqueConstraint("event_id", "channel", "message_id"),
        Index("ix_event_posts_event_at", "event_id", "posted_at"),
        Index("ix_event_posts_event_state", "event_id", "state"),
        Index("ix_event_posts_message", "tenant_id", "message_id"),
        Index("ix_event_posts_mirror", "tenant_id", "mirror_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_sessions.id", ondelete="SET NULL"), index=True
    )
    section: Mapped[str] = mapped_column(String(8))
    channel: Mapped[str] = mapped_column(String(64))
    message_id: Mapped[str] = mapped_column(String(64))
    thread: Mapped[str | None] = mapped_column(String(64))
    author_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    has_image: Mapped[bool] = mapped_column(Boolean, default=False)
    private: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(12))
    mirror_id: Mapped[str | None] = mapped_column(String(64))
    link: Mapped[str | None] = mapped_column(String(400))
    posted_at: Mapped[datetime]
    edited_at: Mapped[datetime | None]


class EventQuestionRow(TenantScoped, Base):
    """A question for a session's speakers. ``asker_id`` is kept for erasure and routing, and
    never shown for an anonymous question."""

    __tablename__ = "event_questions"
    __table_args__ = (Index("ix_event_questions_card", "tenant_id", "card_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("event_sessions.id", ondelete="CASCADE"), index=True
    )
    asker_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(10), default="open")
    merged_into: Mapped[int | None] = mapped_column(
        ForeignKey("event_questions.id", ondelete="SET NULL")
    )
    card_channel: Mapped[str | None] = mapped_column(String(64))
    card_id: Mapped[str | None] = mapped_column(String(64))
    card_thread: Mapped[str | None] = mapped_column(String(64))
    routed: Mapped[bool] = mapped_column(Boolean, default=False)
    qa_ref: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]


class EventVoteRow(TenantScoped, Base):
    """One member's vote on a question: the primary key makes it one per member."""

    __tablename__ = "event_votes"

    question_id: Mapped[int] = mapped_column(
        ForeignKey("event_questions.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    at: Mapped[datetime]
