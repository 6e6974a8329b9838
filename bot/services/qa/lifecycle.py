"""Acceptance and the life cycle of a question: accepted by the asker (✅, a button or the
command) or a moderator for them, several answers allowed, taken back by removing the ✅;
closed, reopened, or closed as answered by an earlier question ("This answers it")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.domain.members import MemberInfo
from bot.domain.reply import Reply, Section
from bot.errors import Conflict, NotFound, PermissionDenied, UsageError
from bot.outbox import Outbox
from bot.platform import MessageRef
from bot.services.qa import render
from bot.services.qa.answers import refresh
from bot.services.qa.service import ROUTE, QAService, cancel_key
from bot.storage.models.qa import QAAnswer, QAQuestion
from bot.storage.repos.qa import QARepo

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["Lifecycle"]


class Lifecycle:
    def __init__(self, core: Core, service: QAService) -> None:
        self.core = core
        self.service = service

    def _may_decide(self, question: QAQuestion, member: MemberInfo) -> bool:
        return member.id == question.asker_id or member.has("moderator")

    async def accept(
        self, tenant_id: int, out: Outbox, number: int, ordinal: int | None, by: MemberInfo
    ) -> Reply:
        """Accept an answer (the asker, or a moderator on their behalf). Quiet: only the one
        who accepted is told, and the thread is marked solved where the platform can."""
        question = await self.service.question(tenant_id, number, by.user_id)
        if not self._may_decide(question, by):
            raise PermissionDenied(f"Only the asker of Q{number} or a moderator can accept.")
        async with self.core.db.session() as s:
            repo = QARepo(s, tenant_id)
            answers = await repo.answers(question.id)
            if not answers:
                raise Conflict(f"Q{number} has no answers yet.")
            if ordinal is None:
                if len(answers) > 1:
                    raise UsageError(
                        f"Q{number} has {len(answers)} answers: say which, "
                        f"e.g. /qa accept Q{number} {answers[-1].ordinal}"
                    )
                answer: QAAnswer | None = answers[0]
            else:
                answer = await repo.answer(question.id, ordinal)
            if answer is None:
                raise NotFound(f"Q{number} has no answer {ordinal}.")
            if answer.accepted:
                return Reply.of(
                    f"Answer {answer.ordinal} on Q{number} is already accepted.", private=True
                )
            await self._mark_accepted(repo, question.id, answer, by)
        await self.core.scheduler.cancel(tenant_id, cancel_key(question.id))
        await self._mark_thread(out, question, "solved")
        if by.id != question.asker_id:
            await self.core.audit(
                tenant_id, by.pseudonym, "qa.accept_for_asker", f"Q{number}:{answer.ordinal}"
            )
        return Reply.of(f"Accepted answer {answer.ordinal} on Q{number}.", private=True)

    async def _mark_accepted(
        self, repo: QARepo, question_id: int, answer: QAAnswer, by: MemberInfo
    ) -> None:
        row = await repo.by_id(question_id)
        assert row is not None
        now = self.core.clock.now()
        answer.accepted, answer.accepted_by, answer.accepted_at = True, by.id, now
        row.accepted_at = row.accepted_at or now
        row.status, row.closed_reason, row.closed_at = "accepted", None, None
        await refresh(repo, row)

    async def on_check(
        self,
        tenant_id: int,
        out: Outbox,
        member: MemberInfo,
        channel: str | None,
        message_id: str,
        added: bool,
    ) -> None:
        """A ✅ on an answer: only the asker's counts; taking it away takes acceptance back."""
        async with self.core.db.session() as s:
            repo = QARepo(s, tenant_id)
            answer = await repo.answer_by_message(channel, message_id)
            question = await repo.by_id(answer.question_id) if answer else None
            if answer is None or question is None or member.id != question.asker_id:
                return
            if added == answer.accepted or answer.removed:
                return
            if added:
                await self._mark_accepted(repo, question.id, answer, member)
            else:
                answer.accepted, answer.accepted_by, answer.accepted_at = False, None, None
                await refresh(repo, question)
            status = question.status
        if added:
            await self.core.scheduler.cancel(tenant_id, cancel_key(question.id))
            await self._mark_thread(out, question, "solved")
            note = f"Accepted answer {answer.ordinal} on Q{question.number}."
        else:
            if status != "accepted":
                await self._mark_thread(out, question, "open")
            note = f"Answer {answer.ordinal} on Q{question.number} is no longer accepted."
        await out.private(member.user_id, Reply.of(note), channel=channel)

    async def _mark_thread(self, out: Outbox, question: QAQuestion, state: str) -> None:
        if question.root_id:
            await out.mark_thread(MessageRef(question.channel, question.root_id), state)

    async def close(self, tenant_id: int, out: Outbox, number: int, by: MemberInfo) -> Reply:
        question = await self.service.question(tenant_id, number, by.user_id)
        if not self._may_decide(question, by):
            raise PermissionDenied(f"Only the asker of Q{number} or a moderator can close it.")
        if question.status == "closed":
            return Reply.of(f"Q{number} is already closed.", private=True)
        async with self.core.db.session() as s:
            row = await QARepo(s, tenant_id).by_id(question.id)
            assert row is not None
            row.status, row.closed_reason = "closed", "closed"
            row.closed_at = self.core.clock.now()
        await self.core.scheduler.cancel(tenant_id, cancel_key(question.id))
        return Reply.of(f"Closed Q{number}. /qa reopen Q{number} opens it again.", private=True)

    async def reopen(self, tenant_id: int, out: Outbox, number: int, by: MemberInfo) -> Reply:
        """Back to open: closure and acceptances undone; unanswered, the clock starts again."""
        question = await self.service.question(tenant_id, number, by.user_id)
        if not self._may_decide(question, by):
            raise PermissionDenied(f"Only the asker of Q{number} or a moderator can reopen it.")
        if question.status not in ("closed", "accepted"):
            raise Conflict(f"Q{number} is already open.")
        async with self.core.db.session() as s:
            repo = QARepo(s, tenant_id)
            row = await repo.by_id(question.id)
            assert row is not None
            for answer in await repo.answers(row.id):
                answer.accepted, answer.accepted_by, answer.accepted_at = False, None, None
            row.status, row.closed_reason, row.closed_at = "open", None, None
            await refresh(repo, row)
            question = row
        if question.status == "open":
            await self.service.schedule_unanswered(tenant_id, question)
        await self._mark_thread(out, question, "open")
        return Reply.of(f"Q{number} is open again.", private=True)

    async def reuse(
        self, tenant_id: int, out: Outbox, question_id: int, other_id: int, by: MemberInfo
    ) -> Reply:
        """ "This answers it": the question closes as answered by an earlier one (counted)."""
        async with self.core.db.session() as s:
            repo = QARepo(s, tenant_id)
            question, other = await repo.by_id(question_id), await repo.by_id(other_id)
            if question is None or other is None:
                raise NotFound("That question is gone.")
            if not self._may_decide(question, by):
                raise PermissionDenied("Only the asker can choose this.")
            if question.status == "closed":
                return Reply.of(f"Q{question.number} is already closed.", private=True)
            question.status, question.closed_reason = "closed", "reused"
            question.reused_of, question.closed_at = other.id, self.core.clock.now()
            other.reuse_count += 1
        await self.core.scheduler.cancel(tenant_id, cancel_key(question.id))
        await self._mark_thread(out, question, "solved")
        if question.channel:
            note = Reply(
                text=f"Q{question.number} is answered by Q{other.number}.",
                sections=(Section(items=(render.question_item(other),)),),
            )
            await out.post(question.channel, note, thread=question.root_id)
        return Reply.of(
            f"Thanks: Q{question.number} is closed as answered by Q{other.number}.", private=True
        )

    async def ask_anyway(
        self, tenant_id: int, out: Outbox, question_id: int, by: MemberInfo
    ) -> Reply:
        async with self.core.db.session() as s:
            question = await QARepo(s, tenant_id).by_id(question_id)
        if question is None:
            raise NotFound("That question is gone.")
        if not self._may_decide(question, by):
            raise PermissionDenied("Only the asker can choose this.")
        if question.routed or question.status == "closed":
            return Reply.of(f"Q{question.number} is already on its way.", private=True)
        await self.core.scheduler.cancel(tenant_id, cancel_key(question.id), ROUTE)
        await self.service.route(tenant_id, out, question.id)
        return Reply.of(f"Q{question.number} goes to colleagues now.", private=True)
