"""``/qa search`` and ``/qa list``: the knowledge base, as only the viewer may see it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.commands import ParsedArgs
from bot.context import Ctx
from bot.domain.reply import Reply, Section
from bot.durations import parse_duration
from bot.errors import UsageError
from bot.services.qa import render
from bot.services.qa.specs import STATUSES
from bot.services.qa.terms import normalize
from bot.services.qa.visibility import Visibility
from bot.storage.repos.qa import Filters, QARepo

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["Query", "Search", "parse_query"]

_FILTER = re.compile(r"(?i)^(tag|status|since|evidence):(\S*)$")
_PROBE_TERMS = 3
_LIMIT = 10
# Broad searches rank the most recent matches only (see QARepo.search): fresh and fast.
_WINDOW = 1000


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    statuses: tuple[str, ...] = ()
    tag: str | None = None
    since: datetime | None = None
    cited: bool = False


def _since(value: str, now: datetime) -> datetime:
    try:
        return now - parse_duration(value)
    except ValueError:
        pass
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"since: wants a date like 2026-03-01 or a span like 30d, not '{value[:30]}'"
        ) from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def parse_query(raw: str, now: datetime) -> Query:
    """Split ``/qa search`` text into words and ``key:value`` filters (each checked)."""
    words: list[str] = []
    statuses: list[str] = []
    tag: str | None = None
    since: datetime | None = None
    cited = False
    for token in raw.split():
        match = _FILTER.match(token)
        if match is None:
            words.append(token)
            continue
        key, value = match.group(1).lower(), match.group(2)
        if not value:
            raise UsageError(f"{key}: needs a value")
        if key == "status":
            for status in value.lower().split(","):
                if status not in STATUSES:
                    raise UsageError(f"status: is one of {', '.join(STATUSES)}")
                statuses.append(status)
        elif key == "tag":
            tag = value.lstrip("#").lower()[:40]
        elif key == "since":
            since = _since(value, now)
        elif value.lower() != "cited":
            raise UsageError("evidence: takes only 'cited'")
        else:
            cited = True
    return Query(" ".join(words), tuple(dict.fromkeys(statuses)), tag, since, cited)


class Search:
    def __init__(self, core: Core, visibility: Visibility) -> None:
        self.core = core
        self.visibility = visibility

    async def _filters(self, ctx: Ctx, query: Query) -> Filters:
        visible = await self.visibility.channels_for(ctx.tenant_id, ctx.member.user_id)
        return Filters(
            statuses=query.statuses,
            tag=query.tag,
            since=query.since,
            cited=query.cited,
            visible=visible,
        )

    async def search(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        query = parse_query(args.text("query"), self.core.clock.now())
        terms = normalize(query.text)
        if query.text and not terms:
            raise UsageError("nothing to search for: those are all common words")
        filters = await self._filters(ctx, query)
        async with self.core.db.session() as s:
            repo = QARepo(s, ctx.tenant_id)
            if not terms:
                rows = await repo.recent(filters, _LIMIT)
            else:
                rows = await repo.search([terms], filters, window=_WINDOW, limit=_LIMIT)
                if not rows and len(terms) > 1:
                    # Nothing has every word: fall back to any of the rarest ones.
                    _, dfs = await repo.doc_freqs(terms)
                    rare = sorted((t for t in set(terms) if dfs.get(t)), key=lambda t: dfs[t])
                    rows = await repo.search(
                        [[t] for t in rare[:_PROBE_TERMS]], filters, window=_WINDOW, limit=_LIMIT
                    )
        label = f"'{render.short(query.text, 60)}'" if query.text else "your filters"
        if not rows:
            return Reply.of(f"No questions match {label}.", private=True)
        items = tuple(render.question_item(q) for q in rows)
        return Reply(
            text=f"{len(rows)} question{'s' if len(rows) != 1 else ''} for {label}",
            sections=(Section(items=items),),
        ).as_private()

    async def list(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        state = args.opt("state")
        group = args.opt("group")
        statuses = (state,) if state else ("open", "answered")
        filters = await self._filters(ctx, Query("", statuses, group))
        async with self.core.db.session() as s:
            rows = await QARepo(s, ctx.tenant_id).recent(filters, 15)
        where = f" in #{group}" if group else ""
        what = state or "waiting"
        if not rows:
            return Reply.of(f"No {what} questions{where}.", private=True)
        return Reply(
            text=f"{what.capitalize()} questions{where}",
            sections=(Section(items=tuple(render.question_item(q) for q in rows)),),
        ).as_private()
