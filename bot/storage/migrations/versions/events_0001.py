"""events: live-event tables (events, sessions, opt-ins, posts, speaker questions, votes)

Revision ID: events_0001
Revises: 0001_core
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "events_0001"
down_revision: str | Sequence[str] | None = "0001_core"
branch_labels: str | Sequence[str] | None = ("events",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=40), nullable=False),
        sa.Column("tag_key", sa.String(length=40), nullable=False),
        sa.Column("tz", sa.String(length=64), nullable=False),
        sa.Column("starts_on", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ends_before", sa.DateTime(timezone=True), nullable=True),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("thread", sa.String(length=64), nullable=True),
        sa.Column("group_name", sa.String(length=40), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stopped_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("stopped_by", sa.Integer(), nullable=True),
        sa.Column("post_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["members.id"],
            name=op.f("fk_events_created_by_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["stopped_by"],
            ["members.id"],
            name=op.f("fk_events_stopped_by_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_events_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_tenant_id"), ["tenant_id"], unique=False)
        batch_op.create_index("ix_events_tenant_tag", ["tenant_id", "tag_key"], unique=False)

    op.create_table(
        "event_optins",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("by_member", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["by_member"],
            ["members.id"],
            name=op.f("fk_event_optins_by_member_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_optins_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_event_optins_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "channel", name=op.f("pk_event_optins")),
    )
    with op.batch_alter_table("event_optins", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_optins_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "event_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("code_key", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=True),
        sa.Column("embargo_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("no_photos", sa.Boolean(), nullable=False),
        sa.Column("off_record", sa.Boolean(), nullable=False),
        sa.Column("group_name", sa.String(length=40), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_sessions_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_event_sessions_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_sessions")),
        sa.UniqueConstraint(
            "event_id", "code_key", name=op.f("uq_event_sessions_event_id_code_key")
        ),
    )
    with op.batch_alter_table("event_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_sessions_event_id"), ["event_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_event_sessions_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "event_posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("section", sa.String(length=8), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("message_id", sa.String(length=64), nullable=False),
        sa.Column("thread", sa.String(length=64), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("has_image", sa.Boolean(), nullable=False),
        sa.Column("private", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("mirror_id", sa.String(length=64), nullable=True),
        sa.Column("link", sa.String(length=400), nullable=True),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["members.id"],
            name=op.f("fk_event_posts_author_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_posts_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["event_sessions.id"],
            name=op.f("fk_event_posts_session_id_event_sessions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_event_posts_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_posts")),
        sa.UniqueConstraint(
            "event_id",
            "channel",
            "message_id",
            name=op.f("uq_event_posts_event_id_channel_message_id"),
        ),
    )
    with op.batch_alter_table("event_posts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_posts_author_id"), ["author_id"], unique=False)
        batch_op.create_index("ix_event_posts_event_at", ["event_id", "posted_at"], unique=False)
        batch_op.create_index("ix_event_posts_event_state", ["event_id", "state"], unique=False)
        batch_op.create_index("ix_event_posts_message", ["tenant_id", "message_id"], unique=False)
        batch_op.create_index("ix_event_posts_mirror", ["tenant_id", "mirror_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_posts_session_id"), ["session_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_posts_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "event_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("asker_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("merged_into", sa.Integer(), nullable=True),
        sa.Column("card_channel", sa.String(length=64), nullable=True),
        sa.Column("card_id", sa.String(length=64), nullable=True),
        sa.Column("card_thread", sa.String(length=64), nullable=True),
        sa.Column("routed", sa.Boolean(), nullable=False),
        sa.Column("qa_ref", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["asker_id"],
            ["members.id"],
            name=op.f("fk_event_questions_asker_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_questions_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["merged_into"],
            ["event_questions.id"],
            name=op.f("fk_event_questions_merged_into_event_questions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["event_sessions.id"],
            name=op.f("fk_event_questions_session_id_event_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_event_questions_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_questions")),
    )
    with op.batch_alter_table("event_questions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_questions_asker_id"), ["asker_id"], unique=False)
        batch_op.create_index("ix_event_questions_card", ["tenant_id", "card_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_questions_event_id"), ["event_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_event_questions_session_id"), ["session_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_event_questions_tenant_id"), ["tenant_id"], unique=False
        )

    op.create_table(
        "event_votes",
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_event_votes_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["event_questions.id"],
            name=op.f("fk_event_votes_question_id_event_questions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_event_votes_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("question_id", "member_id", name=op.f("pk_event_votes")),
    )
    with op.batch_alter_table("event_votes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_votes_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_votes_tenant_id"), ["tenant_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("event_votes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_votes_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_event_votes_member_id"))

    op.drop_table("event_votes")
    with op.batch_alter_table("event_questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_questions_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_event_questions_session_id"))
        batch_op.drop_index(batch_op.f("ix_event_questions_event_id"))
        batch_op.drop_index("ix_event_questions_card")
        batch_op.drop_index(batch_op.f("ix_event_questions_asker_id"))

    op.drop_table("event_questions")
    with op.batch_alter_table("event_posts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_posts_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_event_posts_session_id"))
        batch_op.drop_index("ix_event_posts_mirror")
        batch_op.drop_index("ix_event_posts_message")
        batch_op.drop_index("ix_event_posts_event_state")
        batch_op.drop_index("ix_event_posts_event_at")
        batch_op.drop_index(batch_op.f("ix_event_posts_author_id"))

    op.drop_table("event_posts")
    with op.batch_alter_table("event_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_sessions_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_event_sessions_event_id"))

    op.drop_table("event_sessions")
    with op.batch_alter_table("event_optins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_optins_tenant_id"))

    op.drop_table("event_optins")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_tenant_tag")
        batch_op.drop_index(batch_op.f("ix_events_tenant_id"))

    op.drop_table("events")
