"""feeds and articles, subscriptions, filters, posting records, digest marks

Revision ID: feeds_0001
Revises: 0001_core
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "feeds_0001"
down_revision: str | Sequence[str] | None = "0001_core"
branch_labels: str | Sequence[str] | None = ("feeds",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=600), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("link", sa.String(length=2000), nullable=True),
        sa.Column("doi", sa.String(length=300), nullable=True),
        sa.Column("pmid", sa.String(length=20), nullable=True),
        sa.Column("published", sa.DateTime(timezone=True), nullable=True),
        sa.Column("journal", sa.String(length=300), nullable=True),
        sa.Column(
            "authors",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("corrects", sa.String(length=600), nullable=True),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
        sa.UniqueConstraint("key", name=op.f("uq_articles_key")),
    )
    op.create_index(op.f("ix_articles_doi"), "articles", ["doi"], unique=False)
    op.create_index("ix_articles_first_seen", "articles", ["first_seen"], unique=False)
    op.create_index(op.f("ix_articles_pmid"), "articles", ["pmid"], unique=False)
    op.create_table(
        "feed_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=True),
        sa.Column("link", sa.String(length=2000), nullable=True),
        sa.Column("etag", sa.String(length=300), nullable=True),
        sa.Column("last_modified", sa.String(length=100), nullable=True),
        sa.Column("body_hash", sa.String(length=80), nullable=True),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("next_poll", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_success", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_polled", sa.DateTime(timezone=True), nullable=True),
        sa.Column("polls", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_sources")),
        sa.UniqueConstraint("url", name=op.f("uq_feed_sources_url")),
    )
    op.create_index(op.f("ix_feed_sources_next_poll"), "feed_sources", ["next_poll"], unique=False)
    op.create_table(
        "article_sources",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("feed_id", sa.Integer(), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_sources_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["feed_id"],
            ["feed_sources.id"],
            name=op.f("fk_article_sources_feed_id_feed_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", "feed_id", name=op.f("pk_article_sources")),
    )
    op.create_index(
        op.f("ix_article_sources_feed_id"), "article_sources", ["feed_id"], unique=False
    )
    op.create_table(
        "digest_marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("last_digest", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_digest_marks_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digest_marks")),
        sa.UniqueConstraint("tenant_id", "channel", name=op.f("uq_digest_marks_tenant_id_channel")),
    )
    op.create_index(op.f("ix_digest_marks_tenant_id"), "digest_marks", ["tenant_id"], unique=False)
    op.create_table(
        "posted_articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("message_id", sa.String(length=64), nullable=True),
        sa.Column("detail", sa.String(length=300), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_posted_articles_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_posted_articles_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_posted_articles")),
        sa.UniqueConstraint(
            "tenant_id",
            "article_id",
            "channel",
            name=op.f("uq_posted_articles_tenant_id_article_id_channel"),
        ),
    )
    op.create_index(
        op.f("ix_posted_articles_tenant_id"), "posted_articles", ["tenant_id"], unique=False
    )
    op.create_table(
        "feed_filters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("expression", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["members.id"],
            name=op.f("fk_feed_filters_created_by_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_feed_filters_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_filters")),
        sa.UniqueConstraint("tenant_id", "channel", name=op.f("uq_feed_filters_tenant_id_channel")),
    )
    op.create_index(op.f("ix_feed_filters_tenant_id"), "feed_filters", ["tenant_id"], unique=False)
    op.create_table(
        "feed_subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("feed_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("baseline_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["members.id"],
            name=op.f("fk_feed_subscriptions_created_by_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["feed_id"],
            ["feed_sources.id"],
            name=op.f("fk_feed_subscriptions_feed_id_feed_sources"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_feed_subscriptions_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_feed_subscriptions_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_subscriptions")),
        sa.UniqueConstraint(
            "tenant_id",
            "feed_id",
            "channel",
            name=op.f("uq_feed_subscriptions_tenant_id_feed_id_channel"),
        ),
    )
    op.create_index(
        op.f("ix_feed_subscriptions_tenant_id"), "feed_subscriptions", ["tenant_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_feed_subscriptions_tenant_id"), table_name="feed_subscriptions")
    op.drop_table("feed_subscriptions")
    op.drop_index(op.f("ix_feed_filters_tenant_id"), table_name="feed_filters")
    op.drop_table("feed_filters")
    op.drop_index(op.f("ix_posted_articles_tenant_id"), table_name="posted_articles")
    op.drop_table("posted_articles")
    op.drop_index(op.f("ix_digest_marks_tenant_id"), table_name="digest_marks")
    op.drop_table("digest_marks")
    op.drop_index(op.f("ix_article_sources_feed_id"), table_name="article_sources")
    op.drop_table("article_sources")
    op.drop_index(op.f("ix_feed_sources_next_poll"), table_name="feed_sources")
    op.drop_table("feed_sources")
    op.drop_index(op.f("ix_articles_pmid"), table_name="articles")
    op.drop_index("ix_articles_first_seen", table_name="articles")
    op.drop_index(op.f("ix_articles_doi"), table_name="articles")
    op.drop_table("articles")
