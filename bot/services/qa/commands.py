"""Handlers of ``/ask`` and the life-cycle commands and buttons of ``/qa``, and the API other
capabilities use to open a question (``core.services["qa"].open_question``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.commands import ParsedArgs
from bot.context import Ctx
from bot.domain.reply import Reply
from bot.errors import NotFound, RoundsError, UsageError
from bot.services.qa.lifecycle import Lifecycle
from bot.services.qa.listeners import QA_CHANNEL
from bot.services.qa.service import QAService
from bot.storage.repos import MemberRepo
from bot.storage.repos.qa import QARepo

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["QACommands"]


def _pair(value: str) -> tuple[int, int]:
    """A button value ``"12:3"``."""
    first, _, second = value.partition(":")
    if not (first.isdigit() and second.isdigit()):
        raise RoundsError("That button is no longer active.")
    return int(first), int(second)


class QACommands:
    def __init__(self, core: Core, service: QAService, lifecycle: Lifecycle) -> None:
        self.core = core
        self.service = service
        self.lifecycle = lifecycle

    async def ask(self, ctx: Ctx, args: ParsedArgs) -> Reply | None:
        text = args.text("text")
        anonymous = args.flag("anon")
        groups = await self.service.groups_for(
            ctx.tenant_id, args.many("groups"), ctx.channel, text
        )
        channel = ctx.channel or await self.service.home_channel(ctx.tenant_id, groups)
        if channel is None:
            raise UsageError("ask in a channel, or name a group that has a home channel")
        question = await self.service.open(
            ctx.tenant_id,
            ctx.out,
            asker=ctx.member,
            text=text,
            groups=groups,
            channel=channel,
            private=await self.service.is_private(ctx.tenant_id, channel),
            anonymous=anonymous,
            source="ask",
            root=None,
        )
        if anonymous:
            return Reply.of(
                f"Posted as Q{question.number}, anonymously: only moderators can see who "
                f"asked. Accept an answer with /qa accept Q{question.number} N.",
                private=True,
            )
        return None

    async def open_question(
        self,
        tenant_id: int,
        text: str,
        groups: list[str],
        *,
        channel: str | None,
        asker_member_id: int | None,
        anonymous: bool,
        source: str,
    ) -> int:
        """Open and route a tracked question for another capability (e.g. an unanswered
        speaker question of a live event); returns its number. The text must already have
        passed the privacy gate. Without ``channel`` it goes to the first group's home."""
        known = await self.service.groups_for(tenant_id, groups, None, text)
        where = channel or await self.service.home_channel(tenant_id, known)
        if where is None:
            raise ValueError("a question needs a channel or a group with a home channel")
        asker = None
        if asker_member_id is not None:
            async with self.core.db.session() as s:
                asker = await MemberRepo(s, tenant_id).by_id(asker_member_id)
        out = await self.core.outbox_for(tenant_id)
        question = await self.service.open(
            tenant_id,
            out,
            asker=asker,
            text=text,
            groups=known,
            channel=where,
            private=await self.service.is_private(tenant_id, where),
            anonymous=anonymous,
            source=source[:16],
            root=None,
        )
        return question.number

    async def accept(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        return await self.lifecycle.accept(
            ctx.tenant_id, ctx.out, args.number("question"), args.opt_number("answer"), ctx.member
        )

    async def close(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        return await self.lifecycle.close(
            ctx.tenant_id, ctx.out, args.number("question"), ctx.member
        )

    async def reopen(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        return await self.lifecycle.reopen(
            ctx.tenant_id, ctx.out, args.number("question"), ctx.member
        )

    async def channel(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        channel, on = args.text("channel"), args.text("state") == "on"
        await self.core.settings.set(
            ctx.tenant_id, f"channel:{channel}", QA_CHANNEL, "on" if on else None
        )
        await self.core.audit(
            ctx.tenant_id, ctx.member.pseudonym, "qa.channel", f"#{channel}:{'on' if on else 'off'}"
        )
        if on:
            return Reply.of(
                f"#{channel} is a Q&A channel: its top-level questions become tracked questions."
            )
        return Reply.of(f"#{channel} is no longer a Q&A channel.")

    # -- buttons -----------------------------------------------------------------------------

    async def answers_button(self, ctx: Ctx, value: str) -> Reply:
        question_id, other_id = _pair(value)
        return await self.lifecycle.reuse(ctx.tenant_id, ctx.out, question_id, other_id, ctx.member)

    async def ask_anyway_button(self, ctx: Ctx, value: str) -> Reply:
        if not value.isdigit():
            raise RoundsError("That button is no longer active.")
        return await self.lifecycle.ask_anyway(ctx.tenant_id, ctx.out, int(value), ctx.member)

    async def accept_button(self, ctx: Ctx, value: str) -> Reply:
        question_id, ordinal = _pair(value)
        number = await self._number(ctx.tenant_id, question_id)
        return await self.lifecycle.accept(ctx.tenant_id, ctx.out, number, ordinal, ctx.member)

    async def still_open_button(self, ctx: Ctx, value: str) -> Reply:
        if not value.isdigit():
            raise RoundsError("That button is no longer active.")
        number = await self._number(ctx.tenant_id, int(value))
        return Reply.of(
            f"Q{number} stays open. Accept later with /qa accept Q{number} N.", private=True
        )

    async def _number(self, tenant_id: int, question_id: int) -> int:
        async with self.core.db.session() as s:
            question = await QARepo(s, tenant_id).by_id(question_id)
        if question is None:
            raise NotFound("That question is gone.")
        return question.number
