"""A question in full (``/qa show``), peer review of answers (endorse, dissent) and the
moderators' tools (flag, remove, reveal an anonymous asker — audited)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.commands import ParsedArgs
from bot.context import Ctx
from bot.domain.reply import Field, Reply, Section
from bot.errors import Conflict, NotFound, PermissionDenied
from bot.platform import MessageRef
from bot.services.qa import render
from bot.services.qa.answers import refresh
from bot.services.qa.evidence import OPINION, citation_items
from bot.services.qa.service import QAService
from bot.storage.models.qa import QAAnswer, QAEndorsement, QAQuestion
from bot.storage.repos import MemberRepo
from bot.storage.repos.qa import QARepo

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["Moderation"]


class Moderation:
    def __init__(self, core: Core, service: QAService) -> None:
        self.core = core
        self.service = service

    async def _answer(self, ctx: Ctx, args: ParsedArgs) -> tuple[QAQuestion, QAAnswer]:
        number, ordinal = args.number("question"), args.number("answer")
        question = await self.service.question(ctx.tenant_id, number, ctx.member.user_id)
        async with self.core.db.session() as s:
            answer = await QARepo(s, ctx.tenant_id).answer(question.id, ordinal)
        if answer is None:
            raise NotFound(f"Q{number} has no answer {ordinal}.")
        return question, answer

    async def show(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        number = args.number("question")
        question = await self.service.question(ctx.tenant_id, number, ctx.member.user_id)
        async with self.core.db.session() as s:
            repo = QARepo(s, ctx.tenant_id)
            answers = await repo.answers(question.id)
            reviews = await repo.endorsements([a.id for a in answers])
            members = MemberRepo(s, ctx.tenant_id)
            names = {}
            for member_id in {a.author_id for a in answers} | {r.member_id for r in reviews}:
                found = await members.by_id(member_id) if member_id else None
                names[member_id] = f"@{found.name}" if found else "a former member"
        head = f"Q{number} · {render.status_label(question)} · asked by {question.asker_label}"
        sections = [Section(text=question.text)]
        for answer in answers:
            sections.append(await self._answer_section(ctx.tenant_id, answer, reviews, names))
        if not answers:
            sections.append(Section(text="No answers yet."))
        return Reply(text=head, sections=tuple(sections)).as_private()

    async def _answer_section(
        self,
        tenant_id: int,
        answer: QAAnswer,
        reviews: list[QAEndorsement],
        names: dict[int | None, str],
    ) -> Section:
        title = f"Answer {answer.ordinal} · {names.get(answer.author_id, 'a former member')}"
        if answer.accepted:
            title += " · ✅ accepted"
        if answer.flagged:
            title += " · ⚑ flagged"
        mine = [r for r in reviews if r.answer_id == answer.id]
        fields = []
        endorsed = [r for r in mine if r.kind == "endorse"]
        if endorsed:
            who = ", ".join(r.specialty or names.get(r.member_id, "") for r in endorsed)
            fields.append(Field("Endorsed by", f"{len(endorsed)} ({who})"))
        for dissent in (r for r in mine if r.kind == "dissent"):
            who = names.get(dissent.member_id, "a member")
            if dissent.specialty:
                who += f" ({dissent.specialty})"
            fields.append(Field("Dissent", f"{who}: {dissent.reason or ''}"))
        items = await citation_items(self.core, tenant_id, answer.citations)
        if not items:
            fields.append(Field("Evidence", OPINION))
        return Section(title, answer.text, fields=tuple(fields), items=tuple(items))

    async def _review(self, ctx: Ctx, args: ParsedArgs, kind: str) -> Reply:
        if not ctx.member.verified:
            raise PermissionDenied("Only verified members can endorse or dissent.")
        question, answer = await self._answer(ctx, args)
        if answer.author_id == ctx.member.id:
            raise Conflict("That is your own answer.")
        reason = args.opt("reason") if kind == "dissent" else None
        async with self.core.db.session() as s:
            profile = await MemberRepo(s, ctx.tenant_id).profile(ctx.member.id)
            await QARepo(s, ctx.tenant_id).endorse(
                answer.id,
                ctx.member.id,
                kind,
                reason,
                profile.specialty if profile else None,
                self.core.clock.now(),
            )
        verb = "endorsed" if kind == "endorse" else "recorded your dissent on"
        return Reply.of(f"You {verb} answer {answer.ordinal} on Q{question.number}.", private=True)

    async def endorse(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        return await self._review(ctx, args, "endorse")

    async def dissent(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        return await self._review(ctx, args, "dissent")

    async def flag(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        question, answer = await self._answer(ctx, args)
        async with self.core.db.session() as s:
            row = await s.get(QAAnswer, answer.id)
            assert row is not None
            row.flagged, row.flag_reason = True, args.opt("reason")
        target = f"Q{question.number}:{answer.ordinal}"
        await self.core.audit(ctx.tenant_id, ctx.member.pseudonym, "qa.flag", target)
        return Reply.of(f"Flagged answer {answer.ordinal} on Q{question.number}.", private=True)

    async def remove(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        """Out of the record (search, lists, export); deleted on the platform where allowed."""
        question, answer = await self._answer(ctx, args)
        async with self.core.db.session() as s:
            repo = QARepo(s, ctx.tenant_id)
            row, owner = await s.get(QAAnswer, answer.id), await repo.by_id(question.id)
            assert row is not None and owner is not None
            row.removed, row.accepted = True, False
            await refresh(repo, owner)
        target = f"Q{question.number}:{answer.ordinal}"
        await self.core.audit(ctx.tenant_id, ctx.member.pseudonym, "qa.remove", target)
        note = ""
        if ctx.out.platform.capabilities.delete_others:
            ref = MessageRef(answer.channel, answer.message_id, question.root_id)
            if not await ctx.out.delete(ref):
                note = " The platform kept the message: delete it there."
        return Reply.of(
            f"Removed answer {answer.ordinal} from Q{question.number}.{note}", private=True
        )

    async def reveal(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        number = args.number("question")
        question = await self.service.question(ctx.tenant_id, number, ctx.member.user_id)
        if not question.anonymous:
            raise Conflict(f"Q{number} was not asked anonymously.")
        async with self.core.db.session() as s:
            asker = await MemberRepo(s, ctx.tenant_id).by_id(question.asker_id or 0)
        await self.core.audit(
            ctx.tenant_id,
            ctx.member.pseudonym,
            "qa.reveal",
            f"Q{number}",
            detail={"asker": asker.pseudonym if asker else None},
        )
        who = f"@{asker.name}" if asker else "a member who has since been erased"
        return Reply.of(f"Q{number} was asked by {who}. This reveal is audited.", private=True)
