"""The life of a question: opened (by /ask, a Q&A channel or another capability), offered
duplicates, routed, answered in its thread, accepted (several answers may be), closed or
reopened. This module opens and routes; answers (:mod:`bot.services.qa.answers`), acceptance
(:mod:`bot.services.qa.lifecycle`) and follow-up jobs (:mod:`bot.services.qa.reminders`)
take it from there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.domain.members import MemberInfo
from bot.domain.reply import Item
from bot.errors import NotFound
from bot.outbox import Outbox, fan_out
from bot.platform import MessageRef
from bot.services.qa import render
from bot.services.qa.routing import Plan, Router
from bot.services.qa.similar import DUPLICATE, RELATED, answered_only, find_similar
from bot.services.qa.terms import normalize, tags_in
from bot.services.qa.visibility import Visibility
from bot.storage.models.qa import QAQuestion
from bot.storage.repos import BotPostRepo, GroupRepo, MemberRepo
from bot.storage.repos.qa import Filters, QARepo

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["QAService", "cancel_key"]

REMIND, ESCALATE, NUDGE, ROUTE = "qa.remind", "qa.escalate", "qa.nudge", "qa.route"


def cancel_key(question_id: int) -> str:
    """Everything pending for a question is scheduled under this key."""
    return f"question {question_id}"


class QAService:
    def __init__(self, core: Core) -> None:
        self.core = core
        self.visibility = Visibility(core)
        self.router = Router(core, self.visibility)

    # -- helpers -----------------------------------------------------------------------------

    async def disclaimer(self, tenant_id: int) -> str:
        """The scope notice: the privacy capability's (per workspace) when it is installed."""
        privacy = self.core.services.get("privacy")
        own = getattr(privacy, "disclaimer", None)
        if callable(own):
            text = await own(tenant_id)
            if isinstance(text, str):
                return text
        return self.core.config.privacy.disclaimer

    async def question(self, tenant_id: int, number: int, viewer: str | None) -> QAQuestion:
        """Q``number``, if it exists and ``viewer`` (a user id; None for the bot) may see it."""
        async with self.core.db.session() as s:
            found = await QARepo(s, tenant_id).get(number)
        if found is None or (
            viewer is not None and not await self.visibility.can_see(tenant_id, viewer, found)
        ):
            raise NotFound(f"There is no Q{number}.")
        return found

    async def is_private(self, tenant_id: int, channel: str) -> bool:
        tenant = await self.core.tenant(tenant_id)
        info = await self.core.platforms[tenant.platform].resolve_channel(tenant.workspace, channel)
        return bool(info and info.private)

    async def groups_for(
        self, tenant_id: int, named: list[str], channel: str | None, text: str
    ) -> list[str]:
        """The groups a question is for: those named (which must exist), else hashtags in it
        that name groups, else groups whose home is the channel or named like it."""
        async with self.core.db.session() as s:
            groups = await GroupRepo(s, tenant_id).all()
        known = {g.name for g in groups}
        missing = [n for n in named if n not in known]
        if missing:
            raise NotFound(f"No group named {missing[0]}. See /group list.")
        if named:
            return list(dict.fromkeys(named))
        tagged = [t for t in tags_in(text) if t in known]
        if tagged:
            return tagged
        return [g.name for g in groups if channel and channel in (g.home_channel, g.name)]

    async def home_channel(self, tenant_id: int, groups: list[str]) -> str | None:
        async with self.core.db.session() as s:
            repo = GroupRepo(s, tenant_id)
            for name in groups:
                group = await repo.get(name)
                if group is not None and group.home_channel:
                    return group.home_channel
        return None

    async def _label(self, tenant_id: int, asker: MemberInfo | None, anonymous: bool) -> str:
        if asker is None:
            return "a participant"
        if not anonymous:
            return f"@{asker.name}"
        async with self.core.db.session() as s:
            profile = await MemberRepo(s, tenant_id).profile(asker.id)
        return render.anonymous_label(
            profile.specialty if profile else None, bool(profile and profile.verified)
        )

    async def _remember_post(
        self, tenant_id: int, ref: MessageRef | None, kind: str, question: QAQuestion
    ) -> None:
        """A bot post that carries the asker's words: erasure deletes it with them."""
        if ref is None:
            return
        async with self.core.db.session() as s:
            await BotPostRepo(s, tenant_id).add(
                message_id=ref.id,
                channel=ref.channel,
                thread=ref.thread,
                kind=kind,
                ref=str(question.id),
                on_behalf_of=question.asker_id,
                now=self.core.clock.now(),
            )

    # -- opening and routing -----------------------------------------------------------------

    async def open(
        self,
        tenant_id: int,
        out: Outbox,
        *,
        asker: MemberInfo | None,
        text: str,
        groups: list[str],
        channel: str,
        private: bool,
        anonymous: bool,
        source: str,
        root: MessageRef | None,
    ) -> QAQuestion:
        """Track a question. Without ``root`` it is posted in ``channel`` first; its asker
        then sees answered look-alikes before it is routed, or it is routed at once."""
        now = self.core.clock.now()
        label = await self._label(tenant_id, asker, anonymous)
        async with self.core.db.session() as s:
            question = await QARepo(s, tenant_id).create(
                asker_id=asker.id if asker else None,
                anonymous=anonymous,
                asker_label=label,
                source=source,
                channel=channel,
                private=private,
                text=text,
                terms=normalize(text),
                groups=groups,
                tags=[*groups, *tags_in(text)],
                now=now,
            )
        if root is None:
            root = await out.post(channel, render.question_post(question))
            await self._remember_post(tenant_id, root, "qa.question", question)
        link = await out.platform.permalink(out.workspace, root)
        async with self.core.db.session() as s:
            row = await QARepo(s, tenant_id).by_id(question.id)
            assert row is not None
            row.root_id, row.link = root.id, link
            await s.flush()
            question = row
        await self.schedule_unanswered(tenant_id, question)
        if asker is not None and await self._offer_duplicates(tenant_id, out, question, asker):
            return question
        await self.route(tenant_id, out, question.id)
        return question

    async def schedule_unanswered(self, tenant_id: int, question: QAQuestion) -> None:
        """One reminder and one escalation, counted from now, unless a reply comes first."""
        now, qa = self.core.clock.now(), self.core.config.qa
        for kind, after in ((REMIND, qa.remind_after), (ESCALATE, qa.escalate_after)):
            await self.core.scheduler.schedule(
                tenant_id,
                kind,
                now + after,
                {"question": question.id},
                cancel_key=cancel_key(question.id),
                owner_id=question.asker_id,
            )

    async def duplicates(
        self, tenant_id: int, terms: list[str], viewer: str, exclude_id: int | None
    ) -> list[tuple[QAQuestion, float]]:
        """Questions with accepted answers that look the same, among those ``viewer`` sees."""
        visible = await self.visibility.channels_for(tenant_id, viewer)
        filters = answered_only(Filters(visible=visible, exclude_id=exclude_id), accepted=True)
        async with self.core.db.session() as s:
            return await find_similar(QARepo(s, tenant_id), terms, filters, threshold=DUPLICATE)

    async def _offer_duplicates(
        self, tenant_id: int, out: Outbox, question: QAQuestion, asker: MemberInfo
    ) -> bool:
        found = await self.duplicates(tenant_id, question.terms.split(), asker.user_id, question.id)
        if not found:
            return False
        for reply in render.suggestion_replies(question, found):
            await out.private(asker.user_id, reply, channel=question.channel)
        await self.core.scheduler.schedule(
            tenant_id,
            ROUTE,
            self.core.clock.now() + self.core.config.qa.suggest_wait,
            {"question": question.id},
            cancel_key=cancel_key(question.id),
            owner_id=question.asker_id,
        )
        return True

    async def related_items(self, tenant_id: int, question: QAQuestion) -> list[Item]:
        """Answered questions like this one that everyone reading its channel may see."""
        filters = answered_only(
            Filters(visible=Visibility.in_channel(question.channel), exclude_id=question.id),
            accepted=False,
        )
        async with self.core.db.session() as s:
            found = await find_similar(
                QARepo(s, tenant_id), question.terms.split(), filters, threshold=RELATED
            )
        return [render.question_item(q) for q, _ in found]

    async def route(self, tenant_id: int, out: Outbox, question_id: int) -> None:
        """Send the question to who is available, then say so in its thread (once)."""
        async with self.core.db.session() as s:
            question = await QARepo(s, tenant_id).by_id(question_id)
        if question is None or question.routed or question.status == "closed":
            return
        asked: QAQuestion = question
        plan: Plan | None = None
        delivered: list[MemberInfo] = []
        if question.groups:
            plan = await self.router.plan(tenant_id, question, list(question.groups))

            async def send(member: MemberInfo) -> None:
                ref = await out.dm(member.user_id, render.routed_dm(asked))
                if ref is not None:
                    delivered.append(member)
                    await self._remember_post(tenant_id, ref, "qa.route", asked)

            await fan_out(plan.recipients, send, "routing a question")
            plan.recipients = delivered
        async with self.core.db.session() as s:
            repo = QARepo(s, tenant_id)
            row = await repo.by_id(question_id)
            if row is None:
                return
            await repo.add_routes(row.id, [m.id for m in delivered], "route", self.core.clock.now())
            row.routed, row.routed_count = True, len(delivered)
            row.quiet_count = plan.quiet if plan else 0
            question = row
        related = await self.related_items(tenant_id, question)
        info = render.info_reply(question, plan, related, await self.disclaimer(tenant_id))
        assert question.channel is not None
        ref = await out.post(question.channel, info, thread=question.root_id)
        async with self.core.db.session() as s:
            row = await QARepo(s, tenant_id).by_id(question_id)
            if row is not None:
                row.info_id = ref.id
