"""Q&A storage: questions, answers, tags, endorsements, routes, term statistics, and the one
full-text search behind ``/qa search`` and similar questions, on SQLite FTS5 and PostgreSQL
tsvector alike (the ``qa_fts`` index of migration qa_0001; triggers keep it current).

Terms handed in are already normalised (``[a-z0-9]+``), which is what makes them safe to
place in an FTS5 MATCH or a tsquery expression.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Integer,
    and_,
    bindparam,
    column,
    delete,
    exists,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
    true,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.storage.models import Member
from bot.storage.models.base import UTCDateTime
from bot.storage.models.qa import (
    QAAnswer,
    QAEndorsement,
    QAQuestion,
    QARoute,
    QATag,
    QATermStat,
)
from bot.storage.repos.base import Scoped

__all__ = ["Filters", "QARepo"]

_QUESTIONS_TERM = ""  # the term_stats row that counts questions
_WIDER = 10  # how much a search window widens when narrow filters leave too few
# Advisory lock namespaces (any constants, the same in every process): "QAQ" and "QAA".
_NUMBERING_QUESTIONS = 0x514151
_NUMBERING_ANSWERS = 0x514141
_SQLITE_FTS = table("qa_fts", column("rowid", Integer))
_PG_FTS = table("qa_fts", column("question_id", Integer), column("document"))


@dataclass(frozen=True, slots=True)
class Filters:
    """Narrowing of a search or list. ``visible`` names the private channels the viewer may
    see (None: no limit, for the bot's own work); public questions are always visible."""

    statuses: tuple[str, ...] = ()
    tag: str | None = None
    since: datetime | None = None
    cited: bool = False
    visible: tuple[str, ...] | None = ()
    exclude_id: int | None = None


class QARepo(Scoped):
    def __init__(self, session: AsyncSession, tenant_id: int) -> None:
        super().__init__(session, tenant_id)
        self.postgres = session.get_bind().dialect.name == "postgresql"

    # -- questions ---------------------------------------------------------------------------

    async def create(
        self,
        *,
        asker_id: int | None,
        anonymous: bool,
        asker_label: str,
        source: str,
        channel: str | None,
        private: bool,
        text: str,
        terms: Sequence[str],
        groups: Sequence[str],
        tags: Iterable[str],
        now: datetime,
    ) -> QAQuestion:
        """A new question with the tenant's next number."""
        await self._serialize(_NUMBERING_QUESTIONS, self.tenant_id)
        row = QAQuestion(
            tenant_id=self.tenant_id,
            number=self._next(QAQuestion.number, QAQuestion.tenant_id == self.tenant_id),
            asker_id=asker_id,
            anonymous=anonymous,
            asker_label=asker_label,
            source=source,
            channel=channel,
            private=private,
            text=text,
            terms=" ".join(terms),
            context_terms=" ".join(groups),
            groups=list(groups),
            status="open",
            reuse_count=0,
            routed=False,
            routed_count=0,
            quiet_count=0,
            cited=False,
            created_at=now,
        )
        self.s.add(row)
        await self.s.flush()
        await self.s.refresh(row, ["number"])
        await self._count_terms(terms, +1)
        await self.set_tags(row.id, tags)
        return row

    async def _serialize(self, kind: int, key: int) -> None:
        """Numbering is one at a time: on PostgreSQL a transaction lock per counter (SQLite
        has a single writer anyway), so two processes never take the same number."""
        if self.postgres:
            await self.s.execute(select(func.pg_advisory_xact_lock(kind, key)))

    @staticmethod
    def _next(counter: Any, scope: Any) -> Any:
        """The next value of a counter, computed inside the INSERT itself."""
        return select(func.coalesce(func.max(counter), 0) + 1).where(scope).scalar_subquery()

    async def get(self, number: int) -> QAQuestion | None:
        found: QAQuestion | None = await self.s.scalar(
            select(QAQuestion).where(
                QAQuestion.tenant_id == self.tenant_id, QAQuestion.number == number
            )
        )
        return found

    async def by_id(self, question_id: int) -> QAQuestion | None:
        row = await self.s.get(QAQuestion, question_id)
        return row if row is not None and row.tenant_id == self.tenant_id else None

    async def by_root(self, channel: str | None, root_id: str) -> QAQuestion | None:
        found: QAQuestion | None = await self.s.scalar(
            select(QAQuestion).where(
                QAQuestion.tenant_id == self.tenant_id,
                QAQuestion.root_id == root_id,
                QAQuestion.channel == channel if channel else QAQuestion.channel.is_(None),
            )
        )
        return found

    async def set_terms(self, row: QAQuestion, text: str, terms: Sequence[str]) -> None:
        """A question edited by its asker: new text, terms and statistics."""
        await self._count_terms(row.terms.split(), -1)
        row.text, row.terms = text, " ".join(terms)
        await self._count_terms(terms, +1)
        await self.s.flush()

    async def set_tags(self, question_id: int, tags: Iterable[str]) -> None:
        await self.s.execute(delete(QATag).where(QATag.question_id == question_id))
        for tag in dict.fromkeys(t[:40] for t in tags):
            self.s.add(QATag(tenant_id=self.tenant_id, question_id=question_id, tag=tag))
        await self.s.flush()

    async def tags(self, question_id: int) -> list[str]:
        rows = await self.s.scalars(
            select(QATag.tag).where(QATag.question_id == question_id).order_by(QATag.tag)
        )
        return list(rows)

    async def delete(self, row: QAQuestion) -> None:
        await self._count_terms(row.terms.split(), -1)
        await self.s.delete(row)
        await self.s.flush()

    async def private_channels(self) -> list[str]:
        """Private channels that hold questions: the only ones whose membership matters."""
        rows = await self.s.scalars(
            select(QAQuestion.channel)
            .where(QAQuestion.tenant_id == self.tenant_id, QAQuestion.private.is_(True))
            .distinct()
        )
        return [c for c in rows if c]

    async def of_asker(self, member_id: int, statuses: Sequence[str] = ()) -> list[QAQuestion]:
        stmt = select(QAQuestion).where(
            QAQuestion.tenant_id == self.tenant_id, QAQuestion.asker_id == member_id
        )
        if statuses:
            stmt = stmt.where(QAQuestion.status.in_(statuses))
        return list(await self.s.scalars(stmt.order_by(QAQuestion.number)))

    # -- answers -----------------------------------------------------------------------------

    async def add_answer(
        self,
        question: QAQuestion,
        *,
        message_id: str,
        channel: str | None,
        author_id: int,
        text: str,
        citations: list[dict[str, Any]],
        now: datetime,
    ) -> QAAnswer:
        await self._serialize(_NUMBERING_ANSWERS, question.id)
        row = QAAnswer(
            tenant_id=self.tenant_id,
            question_id=question.id,
            ordinal=self._next(QAAnswer.ordinal, QAAnswer.question_id == question.id),
            message_id=message_id,
            channel=channel,
            author_id=author_id,
            text=text,
            citations=citations,
            accepted=False,
            flagged=False,
            removed=False,
            created_at=now,
        )
        self.s.add(row)
        await self.s.flush()
        await self.s.refresh(row, ["ordinal"])
        return row

    async def answers(self, question_id: int, *, removed: bool = False) -> list[QAAnswer]:
        stmt = select(QAAnswer).where(QAAnswer.question_id == question_id)
        if not removed:
            stmt = stmt.where(QAAnswer.removed.is_(False))
        return list(await self.s.scalars(stmt.order_by(QAAnswer.ordinal)))

    async def answer(self, question_id: int, ordinal: int) -> QAAnswer | None:
        found: QAAnswer | None = await self.s.scalar(
            select(QAAnswer).where(
                QAAnswer.question_id == question_id,
                QAAnswer.ordinal == ordinal,
                QAAnswer.removed.is_(False),
            )
        )
        return found

    async def answer_by_message(self, channel: str | None, message_id: str) -> QAAnswer | None:
        found: QAAnswer | None = await self.s.scalar(
            select(QAAnswer).where(
                QAAnswer.tenant_id == self.tenant_id,
                QAAnswer.message_id == message_id,
                QAAnswer.channel == channel if channel else QAAnswer.channel.is_(None),
            )
        )
        return found

    async def by_author(self, member_id: int) -> list[QAAnswer]:
        rows = await self.s.scalars(
            select(QAAnswer)
            .where(QAAnswer.tenant_id == self.tenant_id, QAAnswer.author_id == member_id)
            .order_by(QAAnswer.id)
        )
        return list(rows)

    # -- endorsements ------------------------------------------------------------------------

    async def endorse(
        self,
        answer_id: int,
        member_id: int,
        kind: str,
        reason: str | None,
        specialty: str | None,
        now: datetime,
    ) -> None:
        """Record an endorsement or dissent; a member's later verdict replaces the earlier."""
        await self.s.execute(
            delete(QAEndorsement).where(
                QAEndorsement.answer_id == answer_id, QAEndorsement.member_id == member_id
            )
        )
        self.s.add(
            QAEndorsement(
                tenant_id=self.tenant_id,
                answer_id=answer_id,
                member_id=member_id,
                kind=kind,
                reason=reason,
                specialty=specialty,
                created_at=now,
            )
        )
        await self.s.flush()

    async def endorsements(self, answer_ids: Sequence[int]) -> list[QAEndorsement]:
        if not answer_ids:
            return []
        rows = await self.s.scalars(
            select(QAEndorsement)
            .where(QAEndorsement.answer_id.in_(answer_ids))
            .order_by(QAEndorsement.id)
        )
        return list(rows)

    # -- routing history ---------------------------------------------------------------------

    async def add_routes(
        self, question_id: int, member_ids: Iterable[int], kind: str, now: datetime
    ) -> None:
        for member_id in member_ids:
            self.s.add(
                QARoute(
                    tenant_id=self.tenant_id,
                    question_id=question_id,
                    member_id=member_id,
                    kind=kind,
                    routed_at=now,
                )
            )
        await self.s.flush()

    async def route_load(
        self, member_ids: Sequence[int], since: datetime
    ) -> tuple[dict[int, datetime], dict[int, int]]:
        """(last time each member was sent a question, questions sent to them since ``since``)
        — the rotation and the daily cap."""
        if not member_ids:
            return {}, {}
        base = and_(QARoute.tenant_id == self.tenant_id, QARoute.member_id.in_(member_ids))
        last = await self.s.execute(
            select(QARoute.member_id, func.max(QARoute.routed_at))
            .where(base)
            .group_by(QARoute.member_id)
        )
        recent = await self.s.execute(
            select(QARoute.member_id, func.count(func.distinct(QARoute.question_id)))
            .where(base, QARoute.routed_at > since, QARoute.kind == "route")
            .group_by(QARoute.member_id)
        )
        return dict(last.tuples().all()), dict(recent.tuples().all())

    async def routed_members(self, question_id: int) -> set[int]:
        rows = await self.s.scalars(
            select(QARoute.member_id).where(QARoute.question_id == question_id)
        )
        return set(rows)

    # -- term statistics ---------------------------------------------------------------------

    async def _count_terms(self, terms: Iterable[str], delta: int) -> None:
        keys = sorted({t[:64] for t in terms} | {_QUESTIONS_TERM})
        if delta > 0:
            insert = pg_insert if self.postgres else sqlite_insert
            stmt = insert(QATermStat).values(
                [{"tenant_id": self.tenant_id, "term": k, "df": delta} for k in keys]
            )
            await self.s.execute(
                stmt.on_conflict_do_update(
                    index_elements=["tenant_id", "term"],
                    set_={"df": QATermStat.df + stmt.excluded.df},
                )
            )
        else:
            where = and_(QATermStat.tenant_id == self.tenant_id, QATermStat.term.in_(keys))
            await self.s.execute(update(QATermStat).where(where).values(df=QATermStat.df + delta))
            await self.s.execute(delete(QATermStat).where(where, QATermStat.df <= 0))

    async def doc_freqs(self, terms: Iterable[str]) -> tuple[int, dict[str, int]]:
        """(number of questions, in how many of them each term occurs)."""
        keys = {t[:64] for t in terms} | {_QUESTIONS_TERM}
        rows = await self.s.execute(
            select(QATermStat.term, QATermStat.df).where(
                QATermStat.tenant_id == self.tenant_id, QATermStat.term.in_(keys)
            )
        )
        found = dict(rows.tuples().all())
        return found.pop(_QUESTIONS_TERM, 0), found

    # -- search ------------------------------------------------------------------------------

    def _filtered(self, stmt: Any, filters: Filters) -> Any:
        """``stmt`` narrowed by ``filters``; run it with :meth:`_params`."""
        return stmt.where(*_conditions(_shape(filters)))

    def _params(self, filters: Filters, **more: Any) -> dict[str, Any]:
        return {
            "f_tenant": self.tenant_id,
            "f_statuses": list(filters.statuses),
            "f_tag": filters.tag,
            "f_since": filters.since,
            "f_visible": list(filters.visible or ()),
            "f_exclude": filters.exclude_id,
            **more,
        }

    async def search(
        self,
        clauses: Sequence[Sequence[str]],
        filters: Filters,
        *,
        question_only: bool = False,
        window: int | None = None,
        limit: int = 10,
    ) -> list[QAQuestion]:
        """Questions matching any of ``clauses`` (a clause matches when all its terms do),
        best first. With ``question_only`` the match and the ranking read the question's own
        terms only. With ``window``, only the most recent ``window`` matches are ranked, which
        bounds the cost of a broad query; when that leaves fewer than ``limit`` after the
        filters, a wider window and then every match are ranked."""
        wanted = [list(c) for c in clauses if c]
        if not wanted:
            return []
        if self.postgres:
            # A plan for these very terms: a prepared statement's generic plan cannot know
            # whether they are rare or common, and guesses badly for one or the other.
            await self.s.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
        params = self._params(
            filters, q_match=self._expression(wanted, question_only), q_window=window, q_limit=limit
        )
        shape = _shape(filters)
        # Narrow filters may leave too few of the recent matches: widen the window tenfold,
        # then rank every match, but only while a full window may have left some out.
        windows = [window, window * _WIDER, None] if window is not None else [None]
        for size in windows:
            params["q_window"] = size
            stmt = _search_statement(self.postgres, question_only, size is not None, shape)
            rows = list(await self.s.scalars(stmt, params))
            if size is None or len(rows) >= limit:
                break
            if await self.s.scalar(_window_count(self.postgres), params) < size:
                break
        return rows

    def _expression(self, clauses: list[list[str]], question_only: bool) -> str:
        """The engine's full-text query: any clause, each with all its terms."""
        if self.postgres:
            weight = ":A" if question_only else ""
            return " | ".join("(" + " & ".join(t + weight for t in c) + ")" for c in clauses)
        expr = " OR ".join("(" + " AND ".join(f'"{t}"' for t in c) + ")" for c in clauses)
        return f"terms : ({expr})" if question_only else expr

    async def recent(self, filters: Filters, limit: int = 10) -> list[QAQuestion]:
        stmt = select(QAQuestion).order_by(QAQuestion.created_at.desc(), QAQuestion.id.desc())
        statement = self._filtered(stmt, filters).limit(limit)
        rows = await self.s.scalars(statement, self._params(filters))
        return list(rows)

    # -- statistics and export ---------------------------------------------------------------

    async def timings(
        self, filters: Filters
    ) -> list[tuple[datetime, datetime | None, str, str | None]]:
        """(asked, first reply, status, closed reason) of every question passing ``filters``."""
        stmt = select(
            QAQuestion.created_at,
            QAQuestion.first_reply_at,
            QAQuestion.status,
            QAQuestion.closed_reason,
        )
        rows = await self.s.execute(self._filtered(stmt, filters), self._params(filters))
        return [(a, f, st, r) for a, f, st, r in rows.tuples().all()]

    async def all(self, filters: Filters) -> list[QAQuestion]:
        stmt = select(QAQuestion).order_by(QAQuestion.number)
        return list(await self.s.scalars(self._filtered(stmt, filters), self._params(filters)))

    async def accepted_answers(self, question_ids: Sequence[int]) -> list[QAAnswer]:
        if not question_ids:
            return []
        rows = await self.s.scalars(
            select(QAAnswer)
            .where(
                QAAnswer.question_id.in_(question_ids),
                QAAnswer.accepted.is_(True),
                QAAnswer.removed.is_(False),
            )
            .order_by(QAAnswer.question_id, QAAnswer.ordinal)
        )
        return list(rows)

    async def top_helpers(self, filters: Filters, limit: int = 5) -> list[tuple[str, int]]:
        """Members with the most accepted answers, among those who chose to be shown."""
        questions = self._filtered(select(QAQuestion.id), filters)
        rows = await self.s.execute(
            select(Member.name, func.count(QAAnswer.id))
            .join(Member, Member.id == QAAnswer.author_id)
            .where(
                QAAnswer.tenant_id == self.tenant_id,
                QAAnswer.accepted.is_(True),
                QAAnswer.removed.is_(False),
                Member.show_in_stats.is_(True),
                QAAnswer.question_id.in_(questions),
            )
            .group_by(Member.name)
            .order_by(func.count(QAAnswer.id).desc(), Member.name)
            .limit(limit),
            self._params(filters),
        )
        return [(name, int(n)) for name, n in rows.tuples().all()]

    async def endorsements_by(self, member_id: int) -> list[QAEndorsement]:
        rows = await self.s.scalars(
            select(QAEndorsement)
            .where(QAEndorsement.tenant_id == self.tenant_id, QAEndorsement.member_id == member_id)
            .order_by(QAEndorsement.id)
        )
        return list(rows)


Shape = tuple[bool, bool, bool, bool, bool, bool]


def _shape(filters: Filters) -> Shape:
    """Which filters are set: the values travel as parameters, so that statements of one shape
    are built once and served from the statement caches."""
    return (
        bool(filters.statuses),
        filters.tag is not None,
        filters.since is not None,
        filters.cited,
        filters.visible is not None,
        filters.exclude_id is not None,
    )


def _conditions(shape: Shape) -> list[Any]:
    statuses, tag, since, cited, visible, exclude = shape
    found: list[Any] = [QAQuestion.tenant_id == bindparam("f_tenant")]
    if statuses:
        found.append(QAQuestion.status.in_(bindparam("f_statuses", expanding=True)))
    if tag:
        found.append(
            exists().where(
                QATag.question_id == QAQuestion.id,
                QATag.tenant_id == bindparam("f_tenant"),
                QATag.tag == bindparam("f_tag"),
            )
        )
    if since:
        found.append(QAQuestion.created_at >= bindparam("f_since", type_=UTCDateTime()))
    if cited:
        found.append(QAQuestion.cited.is_(True))
    if visible:
        channels = QAQuestion.channel.in_(bindparam("f_visible", expanding=True))
        found.append(or_(QAQuestion.private.is_(False), channels))
    if exclude:
        found.append(QAQuestion.id != bindparam("f_exclude"))
    return found


def _pg_query() -> Any:
    return func.to_tsquery(literal_column("'simple'::regconfig"), bindparam("q_match"))


def _sqlite_match() -> Any:
    return literal_column("qa_fts").op("MATCH")(bindparam("q_match"))


@lru_cache(maxsize=128)
def _search_statement(postgres: bool, question_only: bool, windowed: bool, shape: Shape) -> Any:
    """Full-text matches, best first, ranking the most recent ``q_window`` only if
    ``windowed``; parameters ``q_match``, ``q_window``, ``q_limit`` and the filters'."""
    if postgres:
        query = _pg_query()
        hits: Any = select(_PG_FTS.c.question_id.label("id"), _PG_FTS.c.document).where(
            _PG_FTS.c.document.op("@@")(query)
        )
        if windowed:
            hits = hits.order_by(_PG_FTS.c.question_id.desc()).limit(bindparam("q_window"))
        # Matches first, on their own (the GIN index); then each is looked up by key
        # (LATERAL), however the planner rates a scan of the whole question table.
        hits = hits.cte("hits").prefix_with("MATERIALIZED")
        found = select(QAQuestion).where(QAQuestion.id == hits.c.id, *_conditions(shape)).lateral()
        return (
            select(aliased(QAQuestion, found))
            .select_from(hits)
            .join(found, true())
            .order_by(func.ts_rank(hits.c.document, query).desc(), found.c.id.desc())
            .limit(bindparam("q_limit"))
        )
    weights = (1.0, 0.0) if question_only else (2.0, 1.0)
    score = func.bm25(literal_column("qa_fts"), *weights)
    hits = select(_SQLITE_FTS.c.rowid.label("id"), score.label("score")).where(_sqlite_match())
    if windowed:
        hits = hits.order_by(_SQLITE_FTS.c.rowid.desc()).limit(bindparam("q_window"))
    hits = hits.subquery()
    return (
        select(QAQuestion)
        .join(hits, hits.c.id == QAQuestion.id)
        .where(*_conditions(shape))
        .order_by(hits.c.score, QAQuestion.id.desc())
        .limit(bindparam("q_limit"))
    )


@lru_cache(maxsize=2)
def _window_count(postgres: bool) -> Any:
    """How many matches there are, counting to ``q_window`` at most."""
    if postgres:
        hits: Any = select(_PG_FTS.c.question_id).where(_PG_FTS.c.document.op("@@")(_pg_query()))
    else:
        hits = select(_SQLITE_FTS.c.rowid).where(_sqlite_match())
    return select(func.count()).select_from(hits.limit(bindparam("q_window")).subquery())
