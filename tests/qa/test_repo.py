"""The Q&A repository on SQLite and PostgreSQL: schema, the full-text index kept by triggers,
filters, tenant isolation and term statistics."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from bot.services.qa.terms import normalize
from bot.storage.db import Database
from bot.storage.models import Base
from bot.storage.repos import TenantRepo
from bot.storage.repos.qa import Filters, QARepo

NOW = datetime(2026, 3, 28, 12, tzinfo=UTC)


def _search_index(name: str, type_: str, parent: object) -> bool:
    """The full-text index is engine-specific by design (FTS5 / tsvector), not a model."""
    return not (type_ == "table" and (name == "qa_fts" or name.startswith("qa_fts_")))


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[Database]:
    database = Database(db_url)
    await database.migrate()
    try:
        yield database
    finally:
        await database.close()


async def _tenant(db: Database, workspace: str) -> int:
    async with db.session() as s:
        return await TenantRepo(s).ensure("console", workspace, NOW)


async def _ask(
    db: Database,
    tenant: int,
    question: str,
    *,
    at: datetime = NOW,
    channel: str = "cardiology",
    private: bool = False,
    tags: tuple[str, ...] = (),
) -> int:
    async with db.session() as s:
        row = await QARepo(s, tenant).create(
            asker_id=None,
            anonymous=False,
            asker_label="@x",
            source="ask",
            channel=channel,
            private=private,
            text=question,
            terms=normalize(question),
            groups=["cardiology"],
            tags=["cardiology", *tags],
            now=at,
        )
        return row.number


async def _find(db: Database, tenant: int, words: str, **filters: Any) -> list[int]:
    async with db.session() as s:
        rows = await QARepo(s, tenant).search([normalize(words)], Filters(**filters))
        return [r.number for r in rows]


async def test_schema_matches_the_models_apart_from_the_search_index(db: Database) -> None:
    async with db.engine.connect() as conn:
        diff = await conn.run_sync(
            lambda c: compare_metadata(
                MigrationContext.configure(
                    c, opts={"compare_type": False, "include_name": _search_index}
                ),
                Base.metadata,
            )
        )
        assert diff == []
        if db.is_postgres:
            found = await conn.scalar(
                text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_qa_fts_document'")
            )
            assert "USING gin (document)" in str(found)
        else:
            found = await conn.scalar(text("SELECT sql FROM sqlite_master WHERE name = 'qa_fts'"))
            assert "USING fts5" in str(found)


async def test_the_index_follows_inserts_edits_answers_and_deletes(db: Database) -> None:
    tenant = await _tenant(db, "w1")
    number = await _ask(db, tenant, "Apixaban dose in AF with CKD?")
    assert await _find(db, tenant, "eliquis afib") == [number]
    async with db.session() as s:
        repo = QARepo(s, tenant)
        row = await repo.get(number)
        assert row is not None
        await repo.set_terms(row, "Warfarin in AF?", normalize("Warfarin in AF?"))
    assert await _find(db, tenant, "apixaban") == []
    assert await _find(db, tenant, "coumadin") == [number]
    async with db.session() as s:
        row = await QARepo(s, tenant).get(number)
        assert row is not None
        row.context_terms = " ".join(normalize("Consider a DOAC instead"))
    assert await _find(db, tenant, "noac") == [number]
    async with db.session() as s:
        found = await QARepo(s, tenant).search([["doac"]], Filters(), question_only=True)
    assert found == []
    async with db.session() as s:
        repo = QARepo(s, tenant)
        row = await repo.get(number)
        assert row is not None
        await repo.delete(row)
    assert await _find(db, tenant, "coumadin") == []


async def test_filters_and_ranking(db: Database) -> None:
    tenant = await _tenant(db, "w1")
    old = await _ask(db, tenant, "Statin in the elderly?", at=NOW - timedelta(days=40))
    tagged = await _ask(db, tenant, "Statin intolerance: what next?", tags=("lipids",))
    private = await _ask(db, tenant, "Statin for a colleague?", channel="leads", private=True)
    best = await _ask(db, tenant, "Statin statin statin: rosuvastatin or atorvastatin statin?")
    async with db.session() as s:
        row = await QARepo(s, tenant).get(tagged)
        assert row is not None
        row.status, row.cited = "accepted", True
    everything = await _find(db, tenant, "statin", visible=None)
    assert everything[0] == best and set(everything) == {old, tagged, private, best}
    assert private not in await _find(db, tenant, "statin")
    assert private in await _find(db, tenant, "statin", visible=("leads",))
    assert await _find(db, tenant, "statin", statuses=("accepted",)) == [tagged]
    assert await _find(db, tenant, "statin", tag="lipids") == [tagged]
    assert await _find(db, tenant, "statin", cited=True) == [tagged]
    assert old not in await _find(db, tenant, "statin", since=NOW - timedelta(days=7))
    assert best not in await _find(db, tenant, "statin", exclude_id=best)


async def test_tenants_never_see_each_other(db: Database) -> None:
    one, two = await _tenant(db, "w1"), await _tenant(db, "w2")
    assert await _ask(db, one, "Dabigatran reversal with idarucizumab?") == 1
    assert await _ask(db, two, "Lipoprotein(a) testing: who and when?") == 1
    assert await _find(db, two, "dabigatran idarucizumab") == []
    async with db.session() as s:
        questions, dfs = await QARepo(s, two).doc_freqs(["dabigatran"])
    assert (questions, dfs) == (1, {})


async def test_term_statistics_count_questions(db: Database) -> None:
    tenant = await _tenant(db, "w1")
    await _ask(db, tenant, "Apixaban in AF?")
    second = await _ask(db, tenant, "Apixaban dose in CKD, and apixaban timing?")
    async with db.session() as s:
        assert await QARepo(s, tenant).doc_freqs(["apixaban", "chronickidneydisease"]) == (
            2,
            {"apixaban": 2, "chronickidneydisease": 1},
        )
        repo = QARepo(s, tenant)
        row = await repo.get(second)
        assert row is not None
        await repo.delete(row)
    async with db.session() as s:
        assert await QARepo(s, tenant).doc_freqs(["apixaban", "chronickidneydisease"]) == (
            1,
            {"apixaban": 1},
        )


async def test_concurrent_askers_get_distinct_numbers(pg_url: str) -> None:
    """PostgreSQL sessions race for the next number; the unique constraint and a retry settle
    it. (SQLite has one writer at a time.)"""
    db = Database(pg_url)
    await db.migrate()
    tenant = await _tenant(db, "w1")
    numbers = await asyncio.gather(
        *(_ask(db, tenant, f"Question {i} on statins?") for i in range(6))
    )
    await db.close()
    assert sorted(numbers) == [1, 2, 3, 4, 5, 6]


async def test_a_narrow_filter_widens_the_window(db: Database) -> None:
    tenant = await _tenant(db, "w1")
    numbers = [await _ask(db, tenant, f"Statin question {i}?") for i in range(6)]
    async with db.session() as s:
        repo = QARepo(s, tenant)
        for number in numbers[:2]:
            row = await repo.get(number)
            assert row is not None
            row.status = "accepted"
    async with db.session() as s:
        repo = QARepo(s, tenant)
        recent = await repo.search([["statin"]], Filters(), window=2, limit=2)
        older = await repo.search([["statin"]], Filters(statuses=("accepted",)), window=2)
    assert sorted(q.number for q in recent) == numbers[-2:]
    assert sorted(q.number for q in older) == numbers[:2]
