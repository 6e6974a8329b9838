"""``/qa stats`` (how well the network answers) and ``/qa export`` (moderators: questions with
their accepted answers and citations, as JSON or CSV; removed and held items never appear)."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import statistics
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.commands import ParsedArgs
from bot.context import Ctx
from bot.domain.reply import Field, FileOut, Reply, Section
from bot.durations import format_duration
from bot.services.qa.visibility import Visibility
from bot.storage.models.qa import QAQuestion
from bot.storage.repos import MemberRepo
from bot.storage.repos.qa import Filters, QARepo

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["Stats"]

_CSV_COLUMNS = (
    "question",
    "asked_at",
    "status",
    "asker",
    "channel",
    "groups",
    "text",
    "first_reply_at",
    "accepted_at",
    "answer",
    "answer_author",
    "answer_text",
    "citations",
)


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "—"


def _iso(value: Any) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value is not None else None


class Stats:
    def __init__(self, core: Core, visibility: Visibility) -> None:
        self.core = core
        self.visibility = visibility

    async def stats(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        group = args.opt("group")
        visible = await self.visibility.channels_for(ctx.tenant_id, ctx.member.user_id)
        filters = Filters(tag=group, visible=visible)
        async with self.core.db.session() as s:
            repo = QARepo(s, ctx.tenant_id)
            rows = await repo.timings(filters)
            helpers = await repo.top_helpers(filters)
        total = len(rows)
        answered = sum(1 for _, first, _, _ in rows if first is not None)
        accepted = sum(1 for _, _, status, _ in rows if status == "accepted")
        reused = sum(1 for _, _, _, reason in rows if reason == "reused")
        waits = [(first - asked).total_seconds() for asked, first, _, _ in rows if first]
        median = format_duration(timedelta(seconds=statistics.median(waits))) if waits else "—"
        fields = (
            Field("Questions", str(total)),
            Field("Answered", _percent(answered, total)),
            Field("Accepted", _percent(accepted, total)),
            Field("Median time to first reply", median),
            Field("Answered by an earlier question", str(reused)),
        )
        sections = [Section(fields=fields)]
        if helpers:
            text = ", ".join(f"@{name} ({n})" for name, n in helpers)
            sections.append(Section("Top helpers (accepted answers)", text))
        where = f" in #{group}" if group else ""
        return Reply(text=f"Q&A{where}", sections=tuple(sections)).as_private()

    async def _records(self, ctx: Ctx) -> list[dict[str, Any]]:
        visible = await self.visibility.channels_for(ctx.tenant_id, ctx.member.user_id)
        async with self.core.db.session() as s:
            repo = QARepo(s, ctx.tenant_id)
            questions = await repo.all(Filters(visible=visible))
            accepted = await repo.accepted_answers([q.id for q in questions])
            members = MemberRepo(s, ctx.tenant_id)
            names: dict[int, str] = {}
            for author in {a.author_id for a in accepted if a.author_id}:
                found = await members.by_id(author)
                names[author] = f"@{found.name}" if found else "a former member"
        by_question: dict[int, list[dict[str, Any]]] = {}
        for answer in accepted:
            by_question.setdefault(answer.question_id, []).append(
                {
                    "answer": answer.ordinal,
                    "author": names.get(answer.author_id or 0, "a former member"),
                    "text": answer.text,
                    "answered_at": _iso(answer.created_at),
                    "accepted_at": _iso(answer.accepted_at),
                    "citations": [c.get("url") or c.get("id") for c in answer.citations],
                }
            )
        return [self._record(q, by_question.get(q.id, [])) for q in questions]

    @staticmethod
    def _record(question: QAQuestion, answers: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "question": question.number,
            "asked_at": _iso(question.created_at),
            "status": question.status,
            "asker": question.asker_label,
            "channel": question.channel,
            "groups": list(question.groups),
            "text": question.text,
            "first_reply_at": _iso(question.first_reply_at),
            "accepted_at": _iso(question.accepted_at),
            "closed_at": _iso(question.closed_at),
            "accepted_answers": answers,
        }

    async def export(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        fmt = args.opt("format") or "json"
        records = await self._records(ctx)
        if fmt == "json":
            body, mime = json.dumps(records, ensure_ascii=False, indent=1), "application/json"
        else:
            body, mime = _csv(records), "text/csv"
        stamp = self.core.clock.now().strftime("%Y%m%dT%H%M%SZ")
        name = f"qa-export-{stamp}.{fmt}"
        path = self.core.config.data_dir / "exports" / f"{ctx.tenant_id}-{name}"
        await asyncio.to_thread(_write, path, body)
        await self.core.audit(
            ctx.tenant_id, ctx.member.pseudonym, "qa.export", fmt, detail={"rows": len(records)}
        )
        return Reply(
            text=f"Q&A export: {len(records)} questions ({fmt.upper()}).",
            files=(FileOut(name, str(path), mime),),
        ).as_private()

    async def helper(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        on = args.text("state") == "on"
        async with self.core.db.session() as s:
            await MemberRepo(s, ctx.tenant_id).update_profile(ctx.member.id, show_in_stats=on)
        if on:
            return Reply.of("Your name may now appear among the top helpers.", private=True)
        return Reply.of("Your name no longer appears among the top helpers.", private=True)


def _csv(records: list[dict[str, Any]]) -> str:
    """One row per accepted answer; a question without one gets a row of its own."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=_CSV_COLUMNS)
    writer.writeheader()
    for record in records:
        base = {
            "question": record["question"],
            "asked_at": record["asked_at"],
            "status": record["status"],
            "asker": record["asker"],
            "channel": record["channel"],
            "groups": " ".join(record["groups"]),
            "text": record["text"],
            "first_reply_at": record["first_reply_at"],
            "accepted_at": record["accepted_at"],
        }
        for answer in record["accepted_answers"] or [None]:
            row = dict(base)
            if answer is not None:
                row.update(
                    answer=answer["answer"],
                    answer_author=answer["author"],
                    answer_text=answer["text"],
                    citations=" ".join(answer["citations"]),
                )
            writer.writerow(row)
    return buffer.getvalue()


def _write(path: Path, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, "utf-8")
