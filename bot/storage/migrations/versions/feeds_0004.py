"""articles: what is derived from a title is kept as a hash, whatever the privacy gate finds
in it: the identity key of an article without DOI or PMID (``link:<link>|<title>`` or
``title:<title>``), the title key, and a correction's ``title:`` reference. Keys of articles
the gate flagged (feeds_0003) are hashes of the same text, so an article stored both ways
(before feeds_0003, and again after it) is merged into the first row.

Plain SQL and hashlib, in batches: the hashes are those of bot/services/digests/poller.py
(``to_stored``), written out here so that this migration never changes with that code.

Revision ID: feeds_0004
Revises: feeds_0003
"""

import hashlib
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "feeds_0004"
down_revision: str | Sequence[str] | None = "feeds_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 500
# A key longer than its column (600) was stored as its first 534 characters, "#" and the
# hash of all of it (poller._fit_key): that hash is the new key.
_FITTED_LENGTH = 599
_FITTED_AT = 534
_HEX = frozenset("0123456789abcdef")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _new_key(key: str) -> str:
    """The hashed form of a ``link:`` or ``title:`` key."""
    tail = key[_FITTED_AT + 1 :]
    if len(key) == _FITTED_LENGTH and key[_FITTED_AT] == "#" and _HEX.issuperset(tail):
        return "sha256:" + tail
    return "sha256:" + _digest(key)


def _merge(conn: sa.Connection, keep: int, drop: int) -> None:
    """Move what refers to article ``drop`` to article ``keep`` (a channel where both were
    posted keeps the first post), then delete ``drop``."""
    params = {"keep": keep, "drop": drop}
    conn.execute(
        sa.text(
            "INSERT INTO article_sources (article_id, feed_id, first_seen) "
            "SELECT :keep, d.feed_id, d.first_seen FROM article_sources d "
            "WHERE d.article_id = :drop AND NOT EXISTS (SELECT 1 FROM article_sources k "
            "WHERE k.article_id = :keep AND k.feed_id = d.feed_id)"
        ),
        params,
    )
    conn.execute(
        sa.text(
            "UPDATE posted_articles SET article_id = :keep "
            "WHERE article_id = :drop AND NOT EXISTS (SELECT 1 FROM posted_articles k "
            "WHERE k.article_id = :keep AND k.tenant_id = posted_articles.tenant_id "
            "AND k.channel = posted_articles.channel)"
        ),
        params,
    )
    conn.execute(sa.text("DELETE FROM article_sources WHERE article_id = :drop"), params)
    conn.execute(sa.text("DELETE FROM posted_articles WHERE article_id = :drop"), params)
    conn.execute(sa.text("DELETE FROM articles WHERE id = :drop"), params)


def _batch(conn: sa.Connection, rows: Sequence[Any]) -> None:
    """Hash the title-derived values of a batch of articles, merging duplicates."""
    new_keys = {
        row.id: _new_key(row.key) for row in rows if row.key.startswith(("link:", "title:"))
    }
    taken: dict[str, int] = {}
    if new_keys:
        found = conn.execute(
            sa.text("SELECT id, key FROM articles WHERE key IN :keys").bindparams(
                sa.bindparam("keys", expanding=True)
            ),
            {"keys": list(new_keys.values())},
        )
        taken = {key: article_id for article_id, key in found.all()}
    updates: list[dict[str, Any]] = []
    for row in rows:
        corrects = row.corrects
        if corrects and corrects.startswith("title:"):
            corrects = "title:" + _digest(corrects.removeprefix("title:"))
        key = new_keys.get(row.id, row.key)
        other = taken.get(key) if row.id in new_keys else None
        if other is not None and other < row.id:
            _merge(conn, keep=other, drop=row.id)
            continue
        if other is not None:
            # The hashed copy was stored after feeds_0003 with its title scrubbed: the first
            # row keeps its posts and takes that title.
            conn.execute(
                sa.text(
                    "UPDATE articles SET title = (SELECT title FROM articles WHERE id = :other) "
                    "WHERE id = :id"
                ),
                {"id": row.id, "other": other},
            )
            _merge(conn, keep=row.id, drop=other)
        updates.append(
            {
                "id": row.id,
                "key": key,
                "title_key": _digest(row.title_key) if row.title_key else None,
                "corrects": corrects,
            }
        )
    if updates:
        conn.execute(
            sa.text(
                "UPDATE articles SET key = :key, title_key = :title_key, corrects = :corrects "
                "WHERE id = :id"
            ),
            updates,
        )


def upgrade() -> None:
    conn = op.get_bind()
    last = 0
    while True:
        rows = conn.execute(
            sa.text(
                "SELECT id, key, title_key, corrects FROM articles "
                "WHERE id > :last ORDER BY id LIMIT :n"
            ),
            {"last": last, "n": _BATCH},
        ).all()
        if not rows:
            return
        _batch(conn, rows)
        last = rows[-1].id


def downgrade() -> None:
    # Nothing to undo in the schema, and a hash cannot be turned back into its title.
    pass
