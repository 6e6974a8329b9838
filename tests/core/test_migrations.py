"""Migrations build exactly the schema the models declare, on both engines, and twice is a no-op."""

from __future__ import annotations

import asyncio

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from bot.storage.db import Database
from bot.storage.models import Base


def _full_text(diff: object) -> bool:
    return "_fts" in repr(diff) or "tsvector" in repr(diff).lower()


async def test_migrated_schema_matches_models(db_url: str) -> None:
    db = Database(db_url)
    try:
        await db.migrate()
        await db.migrate()  # idempotent, as at every start
        async with db.engine.connect() as conn:
            diff = await conn.run_sync(
                lambda c: compare_metadata(
                    MigrationContext.configure(c, opts={"compare_type": False}), Base.metadata
                )
            )
        # Full-text search lives beside the models: SQLite FTS5 tables and PostgreSQL tsvector
        # indexes are created by the migrations only.
        assert [d for d in diff if not _full_text(d)] == []
    finally:
        await db.close()


async def test_concurrent_starts_on_postgres_migrate_once(pg_url: str) -> None:

    dbs = [Database(pg_url) for _ in range(3)]
    try:
        await asyncio.gather(*(d.migrate() for d in dbs))
    finally:
        for d in dbs:
            await d.close()
