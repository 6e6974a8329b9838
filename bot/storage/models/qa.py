"""Q&A: tracked questions, their answers, tags, endorsements, routing history and the term
statistics behind similar-question ranking.

The full-text index is engine-specific and lives outside these models (migration qa_0001):
on SQLite the FTS5 table ``qa_fts`` over ``terms`` / ``context_terms`` kept by triggers, on
PostgreSQL the table ``qa_fts`` of weighted ``tsvector`` documents with a GIN index, kept by a
trigger. Both index the normalised terms, never the raw text.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models.base import Base, JsonDoc, TenantScoped

__all__ = ["QAAnswer", "QAEndorsement", "QAQuestion", "QARoute", "QATag", "QATermStat"]


class QAQuestion(TenantScoped, Base):
    """``status``: open (no answer) → answered → accepted, or closed (``closed_reason``
    ``closed`` or ``reused`` when another question's answer settled it). ``routed`` is False
    while the asker decides on duplicate suggestions. ``text`` is the redacted copy."""

    __tablename__ = "qa_questions"
    __table_args__ = (
        UniqueConstraint("tenant_id", "number"),
        Index("ix_qa_questions_root", "tenant_id", "root_id"),
        Index("ix_qa_questions_status", "tenant_id", "status", "created_at"),
        Index("ix_qa_questions_private", "tenant_id", "private", "channel"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(Integer)
    asker_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), index=True
    )
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    asker_label: Mapped[str] = mapped_column(String(120), default="")
    source: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str | None] = mapped_column(String(64))
    private: Mapped[bool] = mapped_column(Boolean, default=False)
    root_id: Mapped[str | None] = mapped_column(String(64))
    info_id: Mapped[str | None] = mapped_column(String(64))
    link: Mapped[str | None] = mapped_column(String(400))
    text: Mapped[str] = mapped_column(Text)
    terms: Mapped[str] = mapped_column(Text, default="")
    context_terms: Mapped[str] = mapped_column(Text, default="")
    groups: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    status: Mapped[str] = mapped_column(String(12), default="open")
    closed_reason: Mapped[str | None] = mapped_column(String(12))
    reused_of: Mapped[int | None] = mapped_column(
        ForeignKey("qa_questions.id", ondelete="SET NULL")
    )
    reuse_count: Mapped[int] = mapped_column(Integer, default=0)
    routed: Mapped[bool] = mapped_column(Boolean, default=False)
    routed_count: Mapped[int] = mapped_column(Integer, default=0)
    quiet_count: Mapped[int] = mapped_column(Integer, default=0)
    cited: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    first_reply_at: Mapped[datetime | None]
    accepted_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]


class QAAnswer(TenantScoped, Base):
    """A thread reply to a tracked question. ``ordinal`` is stable (N in ``/qa accept Q12 N``)
    even when an earlier answer is removed."""

    __tablename__ = "qa_answers"
    __table_args__ = (
        UniqueConstraint("question_id", "ordinal"),
        Index("ix_qa_answers_message", "tenant_id", "message_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("qa_questions.id", ondelete="CASCADE"), index=True
    )
    ordinal: Mapped[int] = mapped_column(Integer)
    message_id: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str | None] = mapped_column(String(64))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    citations: Mapped[list[dict[str, Any]]] = mapped_column(JsonDoc, default=list)
    accepted: Mapped[bool] = mapped_column(Boolean, default=False)
    accepted_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    accepted_at: Mapped[datetime | None]
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    flag_reason: Mapped[str | None] = mapped_column(String(300))
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    edited_at: Mapped[datetime | None]


class QATag(TenantScoped, Base):
    """Specialties a question was asked of, and hashtags in it (``tag:`` in ``/qa search``)."""

    __tablename__ = "qa_tags"
    __table_args__ = (Index("ix_qa_tags_tag", "tenant_id", "tag"),)

    question_id: Mapped[int] = mapped_column(
        ForeignKey("qa_questions.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(40), primary_key=True)


class QAEndorsement(TenantScoped, Base):
    """A verified member's endorsement of an answer, or dissent with a reason."""

    __tablename__ = "qa_endorsements"
    __table_args__ = (UniqueConstraint("answer_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    answer_id: Mapped[int] = mapped_column(
        ForeignKey("qa_answers.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # endorse | dissent
    reason: Mapped[str | None] = mapped_column(String(300))
    specialty: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime]


class QARoute(TenantScoped, Base):
    """A question sent to a member (``kind`` route, remind or escalate): the daily cap and the
    rotation read it."""

    __tablename__ = "qa_routes"
    __table_args__ = (Index("ix_qa_routes_member", "tenant_id", "member_id", "routed_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("qa_questions.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(12))
    routed_at: Mapped[datetime]


class QATermStat(Base):
    """In how many of a tenant's questions a term occurs; the empty term counts questions.
    Similar-question ranking weighs terms by it (rare terms say more)."""

    __tablename__ = "qa_term_stats"

    tenant_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    term: Mapped[str] = mapped_column(String(64), primary_key=True)
    df: Mapped[int] = mapped_column(Integer, default=0)
