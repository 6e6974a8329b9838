"""Answers: replies in a question's thread by anyone but the asker, with the citations in
them; edits, held edits and deletions follow them; what the answers imply (status, evidence,
the search context) is recomputed from them every time."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from bot.domain.members import MemberInfo
from bot.domain.reply import Action, Reply
from bot.outbox import Outbox
from bot.platform import MessageRef
from bot.services.qa import render
from bot.services.qa.evidence import extract_citations
from bot.services.qa.service import ESCALATE, NUDGE, REMIND, cancel_key
from bot.services.qa.terms import normalize, tags_in
from bot.storage.models.qa import QAAnswer, QAQuestion
from bot.storage.repos import MemberRepo
from bot.storage.repos.qa import QARepo

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["Answers", "refresh"]

_CITED = "books"


async def refresh(repo: QARepo, question: QAQuestion) -> list[QAAnswer]:
    """Recompute what follows from the answers: status, evidence, the search context."""
    answers = await repo.answers(question.id)
    question.cited = any(a.citations for a in answers)
    question.context_terms = " ".join(
        itertools.chain(
            question.groups,
            tags_in(question.text),
            *(normalize(a.text) for a in answers),
        )
    )
    if question.status != "closed":
        if any(a.accepted for a in answers):
            question.status = "accepted"
        else:
            question.status = "answered" if answers else "open"
    await repo.s.flush()
    return answers


class Answers:
    def __init__(self, core: Core) -> None:
        self.core = core

    async def add_answer(
        self,
        tenant_id: int,
        out: Outbox,
        question: QAQuestion,
        author: MemberInfo,
        ref: MessageRef,
        text: str,
    ) -> None:
        """A reply in a question's thread by someone other than the asker."""
        now = self.core.clock.now()
        citations = extract_citations(text)
        async with self.core.db.session() as s:
            repo = QARepo(s, tenant_id)
            row = await repo.by_id(question.id)
            if row is None:
                return
            answer = await repo.add_answer(
                row,
                message_id=ref.id,
                channel=ref.channel,
                author_id=author.id,
                text=text,
                citations=citations,
                now=now,
            )
            first = row.first_reply_at is None
            if first:
                row.first_reply_at = now
            await refresh(repo, row)
            question = row
        await self.core.scheduler.cancel(tenant_id, cancel_key(question.id), REMIND, ESCALATE)
        if first and question.status == "answered":
            await self.core.scheduler.schedule(
                tenant_id,
                NUDGE,
                now + self.core.config.qa.nudge_after,
                {"question": question.id},
                cancel_key=cancel_key(question.id),
                owner_id=question.asker_id,
            )
        if citations:
            await out.react(ref, _CITED)
        if question.anonymous and question.asker_id is not None:
            await self._tell_anonymous_asker(tenant_id, out, question, answer)

    async def _tell_anonymous_asker(
        self, tenant_id: int, out: Outbox, question: QAQuestion, answer: QAAnswer
    ) -> None:
        """An anonymous asker accepts privately: a ✅ would show who they are."""
        async with self.core.db.session() as s:
            asker = await MemberRepo(s, tenant_id).by_id(question.asker_id or 0)
        if asker is None:
            return
        reply = Reply(
            text=f"Answer {answer.ordinal} to your anonymous Q{question.number}:\n"
            f"{render.short(answer.text, 300)}",
            actions=(Action(render.ACCEPT, "Accept", f"{question.id}:{answer.ordinal}"),),
        ).as_private()
        await out.dm(asker.user_id, reply)

    async def edit_answer(self, tenant_id: int, answer_id: int, text: str, held: bool) -> None:
        """The author edited an answer: a held edit withdraws it (never shown, never indexed)."""
        async with self.core.db.session() as s:
            repo = QARepo(s, tenant_id)
            answer = await s.get(QAAnswer, answer_id)
            question = await repo.by_id(answer.question_id) if answer else None
            if answer is None or question is None:
                return
            if held:
                await s.delete(answer)
                await s.flush()
            else:
                answer.text, answer.citations = text, extract_citations(text)
                answer.edited_at = self.core.clock.now()
            await refresh(repo, question)

    async def drop_answer(self, tenant_id: int, answer_id: int) -> None:
        """The author deleted the reply: the answer goes with it."""
        await self.edit_answer(tenant_id, answer_id, "", held=True)
