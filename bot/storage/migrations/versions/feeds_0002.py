"""articles.title_key: find the original of a retraction that names it only by title

Revision ID: feeds_0002
Revises: feeds_0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "feeds_0002"
down_revision: str | Sequence[str] | None = "feeds_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("articles", sa.Column("title_key", sa.String(length=600), nullable=True))
    op.create_index(op.f("ix_articles_title_key"), "articles", ["title_key"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_articles_title_key"), table_name="articles")
    op.drop_column("articles", "title_key")
