"""What Q&A holds about one member: erased with them (``/privacy forget-me``), exported for
them (``/privacy export-me``), and their open questions on their home view."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.domain.members import MemberInfo
from bot.domain.reply import Section
from bot.services.qa import render
from bot.services.qa.answers import refresh
from bot.storage.repos.qa import QARepo

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["Personal"]


class Personal:
    def __init__(self, core: Core) -> None:
        self.core = core

    async def erase(self, session: Any, tenant_id: int, member_id: int) -> None:
        """Their questions (with the thread's answers) and their answers go; questions they
        answered are brought up to date. Reviews and routing history go with the member."""
        repo = QARepo(session, tenant_id)
        touched = set()
        for answer in await repo.by_author(member_id):
            touched.add(answer.question_id)
            await session.delete(answer)
        await session.flush()
        asked = await repo.of_asker(member_id)
        for question in asked:
            await repo.delete(question)
        for question_id in touched - {q.id for q in asked}:
            answered = await repo.by_id(question_id)
            if answered is not None:
                await refresh(repo, answered)

    async def export(self, session: Any, tenant_id: int, member_id: int) -> dict[str, Any]:
        repo = QARepo(session, tenant_id)
        questions = await repo.of_asker(member_id)
        answers = await repo.by_author(member_id)
        reviews = await repo.endorsements_by(member_id)
        return {
            "questions": [
                {
                    "number": q.number,
                    "asked_at": q.created_at.isoformat(),
                    "anonymous": q.anonymous,
                    "channel": q.channel,
                    "groups": list(q.groups),
                    "text": q.text,
                    "status": q.status,
                }
                for q in questions
            ],
            "answers": [
                {
                    "question_id": a.question_id,
                    "answer": a.ordinal,
                    "answered_at": a.created_at.isoformat(),
                    "text": a.text,
                    "accepted": a.accepted,
                    "removed": a.removed,
                    "citations": a.citations,
                }
                for a in answers
            ],
            "reviews": [
                {"answer_id": r.answer_id, "kind": r.kind, "reason": r.reason} for r in reviews
            ],
        }

    async def home(self, tenant_id: int, member: MemberInfo) -> Section | None:
        async with self.core.db.session() as s:
            waiting = await QARepo(s, tenant_id).of_asker(member.id, ("open", "answered"))
        if not waiting:
            return None
        return Section(
            "Your open questions", items=tuple(render.question_item(q) for q in waiting[-10:])
        )
