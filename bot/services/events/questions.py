"""Speaker questions: ask, vote (button or reaction; one vote per member, toggling), list by
votes, and the organizers' answered / hide / merge. An anonymous asker is never shown; only
the audit row of the ask ties the question to a pseudonym."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from bot.commands import ParsedArgs, Permission
from bot.commands.permissions import allowed, denial_reason
from bot.context import Ctx
from bot.domain.reply import Item, Reply, Section
from bot.errors import Conflict, NotFound, PermissionDenied, RoundsError
from bot.platform import MessageRef, ReactionEvent
from bot.services.events.lookup import find_session
from bot.services.events.render import card_reply, plural
from bot.services.events.similarity import most_similar
from bot.storage.repos import BotPostRepo
from bot.storage.repos.events import EventRepo, QuestionInfo, QuestionRepo

if TYPE_CHECKING:
    from bot.app import Core

__all__ = ["VOTE_EMOJI", "Questions"]

#: reactions on a question card that count as a vote
VOTE_EMOJI = frozenset({"+1", "thumbsup", "arrow_up", "arrow_up_small", "raised_hand"})


def _similar_to(q: QuestionInfo, others: list[QuestionInfo]) -> int | None:
    """An earlier open question this one looks like (newer ones merge into older ones)."""
    earlier = [(o.id, o.text) for o in others if o.id < q.id and o.status == "open"]
    found = most_similar(q.text, earlier)
    return found[0] if found else None


def _question_id(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise RoundsError("That button is no longer active.") from None


class Questions:
    def __init__(self, core: Core) -> None:
        self.core = core

    def _now(self) -> datetime:
        return self.core.clock.now()

    async def _get(self, tenant_id: int, question_id: int) -> QuestionInfo:
        async with self.core.db.session() as s:
            found = await QuestionRepo(s, tenant_id).get(question_id)
        if found is None:
            raise NotFound(f"No speaker question Q{question_id}.")
        return found

    async def _card(
        self, tenant_id: int, question_id: int
    ) -> tuple[QuestionInfo, int | None, Reply]:
        """The question, the earlier one it looks like (if any), and its card."""
        async with self.core.db.session() as s:
            q = await QuestionRepo(s, tenant_id).get(question_id)
            assert q is not None
            events = EventRepo(s, tenant_id)
            event, session = await events.get(q.event_id), await events.session(q.session_id)
            others = await QuestionRepo(s, tenant_id).for_session(q.session_id)
        assert event is not None and session is not None
        similar = _similar_to(q, others)
        return q, similar, card_reply(q, event, session, similar_to=similar)

    async def _refresh(self, tenant_id: int, question_id: int) -> None:
        """Show the card's new state (votes, answered, hidden) where it was posted."""
        q, _, reply = await self._card(tenant_id, question_id)
        if q.card_id is None:
            return
        out = await self.core.outbox_for(tenant_id)
        await out.edit(MessageRef(q.card_channel, q.card_id, q.card_thread), reply)

    async def ask(self, ctx: Ctx, args: ParsedArgs) -> Reply | None:
        text, anonymous = args.text("text"), args.flag("anon")
        if text.startswith("--anon "):  # the flag written before the text
            text, anonymous = text[len("--anon ") :].strip(), True
        event, session = await find_session(
            self.core.db, ctx.tenant_id, args.text("session"), self._now(), ctx.channel
        )
        if not event.live:
            raise Conflict(f"#{event.tag} has ended: ask colleagues with /ask instead.")
        if session.off_record:
            # Nothing of an off-record session is kept, and questions would outlive it in Q&A.
            raise Conflict(f"#{event.tag}_{session.code} is off the record: no questions here.")
        async with self.core.db.session() as s:
            question_id = await QuestionRepo(s, ctx.tenant_id).add(
                event_id=event.id,
                session_id=session.id,
                asker_id=ctx.member.id,
                text=text,
                anonymous=anonymous,
                now=self._now(),
            )
        q, similar, card = await self._card(ctx.tenant_id, question_id)
        # The card goes where the question was asked; from a DM, into the live thread.
        channel, thread = (
            (ctx.channel, ctx.thread) if ctx.channel else (event.channel, event.thread)
        )
        sent = await ctx.out.post(channel, card, thread=thread)
        async with self.core.db.session() as s:
            await QuestionRepo(s, ctx.tenant_id).set_card(question_id, channel, sent.id, thread)
            await BotPostRepo(s, ctx.tenant_id).add(
                message_id=sent.id,
                channel=channel,
                thread=thread,
                kind="event.question",
                ref=str(question_id),
                on_behalf_of=ctx.member.id,
                now=self._now(),
            )
        await self.core.audit(
            ctx.tenant_id,
            ctx.member.pseudonym,
            "event.ask",
            f"Q{question_id}",
            detail={"anonymous": anonymous},
        )
        if similar is not None:
            return Reply.of(
                f"A similar question is open: Q{similar}. You can vote for it with its "
                "Vote button; an organizer may merge the two.",
                private=True,
            )
        if ctx.channel is None:
            return Reply.of(f"Your question Q{q.id} is in the #{event.tag} thread.", private=True)
        return None

    async def list(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        event, session = await find_session(
            self.core.db, ctx.tenant_id, args.text("session"), self._now(), ctx.channel
        )
        async with self.core.db.session() as s:
            questions = await QuestionRepo(s, ctx.tenant_id).for_session(session.id)
        shown = [q for q in questions if q.status in ("open", "answered")]
        organizer = allowed(Permission.ORGANIZER, ctx.member.roles)
        items = []
        for q in shown:
            meta = ["answered" if q.status == "answered" else "open"]
            meta.append("anonymous" if q.anonymous else f"@{q.asker_name}")
            similar = _similar_to(q, questions) if organizer and q.status == "open" else None
            if similar is not None:
                meta.append(f"looks like Q{similar}: /event merge Q{q.id} Q{similar}")
            items.append(
                Item(f"Q{q.id} ({plural(q.votes, 'vote')}) {q.text}", meta=" · ".join(meta))
            )
        hidden = sum(1 for q in questions if q.status == "hidden")
        context = f"{plural(hidden, 'question')} hidden" if organizer and hidden else ""
        head = f"Questions for #{event.tag}_{session.code} ({session.title}): {len(shown)}"
        return Reply(
            text=head if shown else f"{head}. Ask one with /event ask {session.code} TEXT.",
            sections=(Section(items=tuple(items)),) if items else (),
            context=context,
        ).as_private()

    async def _vote(self, ctx: Ctx, question_id: int, on: bool | None) -> bool:
        """Vote (``on``), unvote, or toggle (``on`` None); returns whether the member votes."""
        if not allowed(Permission.MEMBER, ctx.member.roles):
            raise PermissionDenied(f"Voting: {denial_reason(Permission.MEMBER)}.")
        q = await self._get(ctx.tenant_id, question_id)
        if q.status != "open":
            raise Conflict(f"Q{q.id} is closed for votes.")
        async with self.core.db.session() as s:
            repo = QuestionRepo(s, ctx.tenant_id)
            if on is None:
                voting = await repo.toggle_vote(q.id, ctx.member.id, self._now())
            else:
                await repo.set_vote(q.id, ctx.member.id, on, self._now())
                voting = on
        await self._refresh(ctx.tenant_id, q.id)
        return voting

    async def vote_button(self, ctx: Ctx, value: str) -> Reply:
        question_id = _question_id(value)
        voting = await self._vote(ctx, question_id, None)
        text = (
            f"Your vote for Q{question_id} counts."
            if voting
            else (f"Your vote for Q{question_id} is taken back.")
        )
        return Reply.of(text, private=True)

    async def on_reaction(self, ctx: Ctx, event: ReactionEvent) -> None:
        if event.emoji not in VOTE_EMOJI:
            return
        async with self.core.db.session() as s:
            q = await QuestionRepo(s, ctx.tenant_id).by_card(event.message_id)
        if q is not None and q.status == "open":
            await self._vote(ctx, q.id, event.added)

    def _organizer(self, ctx: Ctx) -> None:
        if not allowed(Permission.ORGANIZER, ctx.member.roles):
            raise PermissionDenied(f"{denial_reason(Permission.ORGANIZER).capitalize()}.")

    async def _set_status(self, ctx: Ctx, question_id: int, status: str) -> Reply:
        self._organizer(ctx)
        q = await self._get(ctx.tenant_id, question_id)
        async with self.core.db.session() as s:
            await QuestionRepo(s, ctx.tenant_id).set_status(q.id, status)
        await self._refresh(ctx.tenant_id, q.id)
        await self.core.audit(
            ctx.tenant_id, ctx.member.pseudonym, f"event.question.{status}", f"Q{q.id}"
        )
        return Reply.of(f"Q{q.id} is {status}.", private=True)

    async def answer(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        return await self._set_status(ctx, args.number("question"), "answered")

    async def hide(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        return await self._set_status(ctx, args.number("question"), "hidden")

    async def answered_button(self, ctx: Ctx, value: str) -> Reply:
        return await self._set_status(ctx, _question_id(value), "answered")

    async def hide_button(self, ctx: Ctx, value: str) -> Reply:
        return await self._set_status(ctx, _question_id(value), "hidden")

    async def _merge(self, ctx: Ctx, source_id: int, target_id: int) -> Reply:
        self._organizer(ctx)
        if source_id == target_id:
            raise Conflict("A question cannot be merged into itself.")
        source = await self._get(ctx.tenant_id, source_id)
        target = await self._get(ctx.tenant_id, target_id)
        if source.event_id != target.event_id:
            raise Conflict(f"Q{source.id} and Q{target.id} belong to different events.")
        if source.status in ("merged", "hidden") or target.status in ("merged", "hidden"):
            raise Conflict("Only open or answered questions can be merged.")
        async with self.core.db.session() as s:
            repo = QuestionRepo(s, ctx.tenant_id)
            await repo.move_votes(source.id, target.id, self._now())
            await repo.set_status(source.id, "merged", merged_into=target.id)
        await self._refresh(ctx.tenant_id, source.id)
        await self._refresh(ctx.tenant_id, target.id)
        await self.core.audit(
            ctx.tenant_id,
            ctx.member.pseudonym,
            "event.question.merge",
            f"Q{source.id}>Q{target.id}",
        )
        return Reply.of(f"Q{source.id} is merged into Q{target.id}.", private=True)

    async def merge(self, ctx: Ctx, args: ParsedArgs) -> Reply:
        return await self._merge(ctx, args.number("question"), args.number("into"))

    async def merge_button(self, ctx: Ctx, value: str) -> Reply:
        source, _, target = value.partition(":")
        return await self._merge(ctx, _question_id(source), _question_id(target))
