"""articles.summary dropped: nothing reads it, and free text from feeds is only kept where it
is shown (titles, which pass the privacy gate before they are stored)

Revision ID: feeds_0003
Revises: feeds_0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "feeds_0003"
down_revision: str | Sequence[str] | None = "feeds_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# recreate="never": on SQLite, a batch that rebuilds ``articles`` drops the old table, and
# with foreign keys on (every connection: bot/storage/db.py) that drop cascades to
# article_sources and posted_articles. ALTER TABLE … DROP/ADD COLUMN (SQLite 3.35+) changes
# the table in place.


def upgrade() -> None:
    with op.batch_alter_table("articles", recreate="never") as batch:
        batch.drop_column("summary")


def downgrade() -> None:
    with op.batch_alter_table("articles", recreate="never") as batch:
        batch.add_column(sa.Column("summary", sa.Text(), nullable=False, server_default=""))
