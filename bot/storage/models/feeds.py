"""Feeds and articles, and what each workspace does with them.

Feed sources and articles are public literature shared by every workspace, so that a URL is
fetched once however many workspaces and groups subscribe, and one article is stored once
across feeds. Everything a workspace decides — subscriptions, filters, what was posted
where, digest marks — is tenant-scoped."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models.base import Base, JsonDoc, TenantScoped

__all__ = [
    "ArticleRow",
    "ArticleSource",
    "DigestMark",
    "FeedFilter",
    "FeedSource",
    "FeedSubscription",
    "PostedArticle",
]


class FeedSource(Base):
    """A feed URL, fetched once for everyone, with its validators and poll state."""

    __tablename__ = "feed_sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    title: Mapped[str | None] = mapped_column(String(300))
    link: Mapped[str | None] = mapped_column(String(2000))
    etag: Mapped[str | None] = mapped_column(String(300))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    body_hash: Mapped[str | None] = mapped_column(String(80))
    state: Mapped[str] = mapped_column(String(12), default="ok")
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(String(300))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    next_poll: Mapped[datetime | None] = mapped_column(index=True)
    last_success: Mapped[datetime | None]
    last_polled: Mapped[datetime | None]
    polls: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]


class ArticleRow(Base):
    """One article, stored once across feeds (identity ``key``: ``doi:…``, ``pmid:…``, else
    ``sha256:`` and the hash of its link and normalised title). ``title`` and ``journal`` pass
    the privacy gate when stored (rows older than feeds_0003 did not: every reply that shows
    them scrubs them again); nothing derived from the title is kept in clear (feeds_0004)."""

    __tablename__ = "articles"
    __table_args__ = (Index("ix_articles_first_seen", "first_seen"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(600), unique=True)
    title: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(2000))
    doi: Mapped[str | None] = mapped_column(String(300), index=True)
    pmid: Mapped[str | None] = mapped_column(String(20), index=True)
    published: Mapped[datetime | None]
    journal: Mapped[str | None] = mapped_column(String(300))
    authors: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    type: Mapped[str] = mapped_column(String(20), default="article")
    version: Mapped[int | None] = mapped_column(Integer)
    corrects: Mapped[str | None] = mapped_column(String(600))
    #: the hash of the normalised title, so that a retraction that names its original only
    #: by title (``corrects == "title:<that hash>"``) finds it (feeds_0002, feeds_0004)
    title_key: Mapped[str | None] = mapped_column(String(600), index=True)
    first_seen: Mapped[datetime]
    updated_at: Mapped[datetime | None]


class ArticleSource(Base):
    """Which feeds carried an article, and since when."""

    __tablename__ = "article_sources"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    feed_id: Mapped[int] = mapped_column(
        ForeignKey("feed_sources.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    first_seen: Mapped[datetime]


class FeedSubscription(TenantScoped, Base):
    """A feed followed by a workspace, for a group (its home channel) or a channel.
    Articles first seen before ``baseline_at`` are old: never posted, only digested."""

    __tablename__ = "feed_subscriptions"
    __table_args__ = (UniqueConstraint("tenant_id", "feed_id", "channel"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("feed_sources.id", ondelete="CASCADE"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    baseline_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class FeedFilter(TenantScoped, Base):
    """A filter expression for what is posted and digested in one channel."""

    __tablename__ = "feed_filters"
    __table_args__ = (UniqueConstraint("tenant_id", "channel"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(64))
    expression: Mapped[str] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]


class PostedArticle(TenantScoped, Base):
    """What happened to an article in a channel: posted, or why not (``/feed why``)."""

    __tablename__ = "posted_articles"
    __table_args__ = (UniqueConstraint("tenant_id", "article_id", "channel"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(16))  # posted|filtered|capped|failed
    message_id: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[str | None] = mapped_column(String(300))
    at: Mapped[datetime]


class DigestMark(TenantScoped, Base):
    """When a channel last received a digest ("since your last digest")."""

    __tablename__ = "digest_marks"
    __table_args__ = (UniqueConstraint("tenant_id", "channel"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(64))
    last_digest: Mapped[datetime]
