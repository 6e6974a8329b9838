"""The follow-ups of a question, as scheduler jobs (so that none is lost over a restart and
none runs twice): route after the asker's silence on suggestions, remind when nobody replied,
escalate later still, nudge the asker when replies came but nothing is accepted. Each is
scheduled under the question's cancel key, which any reply or acceptance cancels."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from bot.domain.members import MemberInfo
from bot.domain.reply import Reply
from bot.durations import format_duration
from bot.outbox import Outbox, fan_out
from bot.scheduler import JobRun
from bot.services.qa import render
from bot.services.qa.service import ESCALATE, NUDGE, REMIND, ROUTE, QAService
from bot.storage.models.qa import QAQuestion
from bot.storage.repos import MemberRepo
from bot.storage.repos.qa import QARepo

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["Reminders"]


class Reminders:
    def __init__(self, core: Core, service: QAService) -> None:
        self.core = core
        self.service = service

    def register(self) -> None:
        self.core.scheduler.register(ROUTE, self.route)
        self.core.scheduler.register(REMIND, self.remind)
        self.core.scheduler.register(ESCALATE, self.escalate)
        self.core.scheduler.register(NUDGE, self.nudge)

    async def _question(self, run: JobRun) -> QAQuestion | None:
        async with self.core.db.session() as s:
            return await QARepo(s, run.tenant_id).by_id(int(run.payload["question"]))

    async def _send(
        self,
        out: Outbox,
        question: QAQuestion,
        members: list[MemberInfo],
        reason: str,
        kind: str,
    ) -> None:
        sent: list[int] = []

        async def send(member: MemberInfo) -> None:
            if await out.dm(member.user_id, render.routed_dm(question, reason)) is not None:
                sent.append(member.id)

        await fan_out(members, send, f"question {kind}")
        async with self.core.db.session() as s:
            await QARepo(s, question.tenant_id).add_routes(
                question.id, sent, kind, self.core.clock.now()
            )

    async def _thread(self, out: Outbox, question: QAQuestion, text: str) -> None:
        if question.channel:
            await out.post(question.channel, Reply.of(text), thread=question.root_id)

    async def route(self, run: JobRun) -> None:
        """The asker did not choose among the suggestions: route as asked."""
        question = await self._question(run)
        if question is None or question.routed or question.status == "closed":
            return
        if not await run.mark_sent():
            return
        await self.service.route(
            run.tenant_id, await self.core.outbox_for(run.tenant_id), question.id
        )

    async def remind(self, run: JobRun) -> None:
        question = await self._question(run)
        if question is None or question.status != "open":
            return
        plan = None
        if question.groups:
            async with self.core.db.session() as s:
                already = await QARepo(s, run.tenant_id).routed_members(question.id)
            plan = await self.service.router.plan(
                run.tenant_id, question, list(question.groups), capped_ok=already
            )
        if not await run.mark_sent():
            return
        out = await self.core.outbox_for(run.tenant_id)
        span = _span(self.core.config.qa.remind_after)
        await self._thread(
            out, question, f"⏰ Q{question.number} has no answer after {span}. Can anyone help?"
        )
        if plan is not None:
            await self._send(
                out, question, plan.recipients, "Reminder, still unanswered:", "remind"
            )

    async def escalate(self, run: JobRun) -> None:
        """To the backup groups' available members, else to the moderators."""
        question = await self._question(run)
        if question is None or question.status != "open":
            return
        backups = await self.service.router.backups(run.tenant_id, list(question.groups))
        members: list[MemberInfo] = []
        if backups:
            plan = await self.service.router.plan(
                run.tenant_id, question, backups, use_cap=False, use_backup=False
            )
            members = plan.recipients
        to = " ".join(f"#{b}" for b in backups)
        if not members:
            members, to = await self._moderators(run.tenant_id, question), "the moderators"
        if not await run.mark_sent():
            return
        out = await self.core.outbox_for(run.tenant_id)
        span = _span(self.core.config.qa.escalate_after)
        if members:
            note = f"Q{question.number} is unanswered after {span}: escalated to {to}."
        else:
            note = (
                f"Q{question.number} is unanswered after {span}, and there is no backup group "
                "or moderator to escalate it to."
            )
        await self._thread(out, question, note)
        await self._send(out, question, members, "Escalated, unanswered:", "escalate")

    async def _moderators(self, tenant_id: int, question: QAQuestion) -> list[MemberInfo]:
        async with self.core.db.session() as s:
            holders = await MemberRepo(s, tenant_id).with_roles()
        found = []
        for member in holders:
            if not member.has("moderator") or member.id == question.asker_id:
                continue
            if await self.service.visibility.can_see(tenant_id, member.user_id, question):
                found.append(member)
        return found

    async def nudge(self, run: JobRun) -> None:
        """Replies came but nothing is accepted: ask the asker, privately, once."""
        question = await self._question(run)
        if question is None or question.status != "answered" or question.asker_id is None:
            return
        async with self.core.db.session() as s:
            repo = QARepo(s, run.tenant_id)
            answers = await repo.answers(question.id)
            reviews = await repo.endorsements([a.id for a in answers])
            asker = await MemberRepo(s, run.tenant_id).by_id(question.asker_id)
        if not answers or asker is None:
            return

        def standing(answer_id: int) -> int:
            return sum(
                1 if r.kind == "endorse" else -1 for r in reviews if r.answer_id == answer_id
            )

        best = max(answers, key=lambda a: (standing(a.id), -a.ordinal))
        if not await run.mark_sent():
            return
        out = await self.core.outbox_for(run.tenant_id)
        await out.dm(asker.user_id, render.nudge_reply(question, answers, best))


def _span(delta: timedelta) -> str:
    """ "24h" up to two days (as people say it), then "3d"."""
    seconds = int(delta.total_seconds())
    if seconds < 2 * 86400 and seconds % 3600 == 0:
        return f"{seconds // 3600}h"
    return format_duration(delta)
