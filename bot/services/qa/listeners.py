"""Q&A in the message stream: questions in Q&A channels, answers in question threads, edits,
deletions and the asker's ✅. Held posts are never tracked, routed or indexed."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.context import Ctx, StoredMessage
from bot.platform import DeleteEvent, ReactionEvent
from bot.services.qa.answers import Answers
from bot.services.qa.lifecycle import Lifecycle
from bot.services.qa.service import QAService, cancel_key
from bot.services.qa.terms import normalize
from bot.storage.repos.qa import QARepo

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["QA_CHANNEL", "Listeners", "looks_like_question"]

CHECK = "white_check_mark"

#: the ``settings`` key that marks a channel (scope ``channel:<name>``) as a Q&A channel
QA_CHANNEL = "qa.channel"

_ASKING = re.compile(
    r"(?i)^\s*(?:who|what|when|where|why|how|which|whose|is|are|was|were|do|does|did|can|"
    r"could|should|would|will|shall|may|might|must|has|have|had|any|anyone|anybody)\b"
)


def looks_like_question(text: str) -> bool:
    """A top-level message that asks something: a question mark, or an interrogative start."""
    if len(text.split()) < 3:
        return False
    return "?" in text or bool(_ASKING.match(text))


class Listeners:
    def __init__(
        self, core: Core, service: QAService, answers: Answers, lifecycle: Lifecycle
    ) -> None:
        self.core = core
        self.service = service
        self.answers = answers
        self.lifecycle = lifecycle

    async def is_qa_channel(self, tenant_id: int, channel: str) -> bool:
        return await self.core.settings.get(tenant_id, f"channel:{channel}", QA_CHANNEL) == "on"

    async def on_message(self, ctx: Ctx, stored: StoredMessage) -> None:
        channel = stored.ref.channel
        if stored.held or stored.is_dm or channel is None:
            return
        if stored.ref.thread is not None:
            async with self.core.db.session() as s:
                question = await QARepo(s, ctx.tenant_id).by_root(channel, stored.ref.thread)
            # The asker's own replies are follow-ups, not answers.
            if question is not None and question.asker_id != stored.author.id:
                await self.answers.add_answer(
                    ctx.tenant_id, ctx.out, question, stored.author, stored.ref, stored.text
                )
            return
        if not looks_like_question(stored.text):
            return
        if not await self.is_qa_channel(ctx.tenant_id, channel):
            return
        groups = await self.service.groups_for(ctx.tenant_id, [], channel, stored.text)
        await self.service.open(
            ctx.tenant_id,
            ctx.out,
            asker=stored.author,
            text=stored.text,
            groups=groups,
            channel=channel,
            private=stored.private_channel,
            anonymous=False,
            source="channel",
            root=stored.ref,
        )

    async def on_edit(self, ctx: Ctx, stored: StoredMessage, was_held: bool) -> None:
        channel = stored.ref.channel
        if channel is None:
            return
        async with self.core.db.session() as s:
            repo = QARepo(s, ctx.tenant_id)
            answer = await repo.answer_by_message(channel, stored.ref.id)
            question = await repo.by_root(channel, stored.ref.id)
            if question is not None and question.asker_id == stored.author.id:
                if not stored.held:
                    await repo.set_terms(question, stored.text, normalize(stored.text))
                return
        if answer is not None:
            if answer.author_id == stored.author.id:
                await self.answers.edit_answer(ctx.tenant_id, answer.id, stored.text, stored.held)
        elif was_held and not stored.held:
            # Released by an edit that scans clean: it counts from now, as if just posted.
            await self.on_message(ctx, stored)

    async def on_delete(self, ctx: Ctx, event: DeleteEvent) -> None:
        async with self.core.db.session() as s:
            repo = QARepo(s, ctx.tenant_id)
            answer = await repo.answer_by_message(event.channel, event.message_id)
            question = await repo.by_root(event.channel, event.message_id)
            if question is not None and question.asker_id == ctx.member.id:
                await repo.delete(question)
        if question is not None and question.asker_id == ctx.member.id:
            await self.core.scheduler.cancel(ctx.tenant_id, cancel_key(question.id))
        elif answer is not None and answer.author_id == ctx.member.id:
            await self.answers.drop_answer(ctx.tenant_id, answer.id)

    async def on_reaction(self, ctx: Ctx, event: ReactionEvent) -> None:
        if event.emoji != CHECK:
            return
        await self.lifecycle.on_check(
            ctx.tenant_id, ctx.out, ctx.member, event.channel, event.message_id, event.added
        )
